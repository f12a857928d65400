"""Start loading the browser's chart renderer while the first page is computed.

Streamlit fetches its Plotly renderer (a 4.7 MB script) only when the first chart arrives,
and a cold browser then spends over a second downloading and compiling it after the page's
figures are ready. Importing the same module at the top of the first run lets that work
overlap with the server's; it is Streamlit's own file, found in the installed package, so
nothing is fetched from elsewhere and no user text is involved. (Preloading the table
renderer too was measured and gained nothing: 3.31 s against 3.25 s to the first chart.)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

_LOADED = "_renderers_preloaded"
RENDERERS = ("PlotlyChart",)  # the opening page's heatmaps


@cache
def renderer_paths() -> tuple[str, ...]:
    """The renderers' paths under the server's root ("static/js/PlotlyChart.<hash>.js");
    a renderer this Streamlit lays out otherwise (not exactly one file) is left out."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    paths = []
    for name in RENDERERS:
        found = sorted(folder.glob(f"{name}.*.js"))
        if len(found) == 1:
            paths.append(f"static/js/{found[0].name}")
    return tuple(paths)


def preload_renderers() -> None:
    """Once per browser session: import the renderers in the page (a no-op when cached)."""
    paths = renderer_paths()
    if not paths or st.session_state.get(_LOADED):
        return
    st.session_state[_LOADED] = True
    # a fixed script with paths from the installed package: each module is resolved
    # against the page's own address, as Streamlit's lazy import of the same file is
    imports = "".join(f'import(new URL("{p}", document.baseURI).href).catch(() => {{}});'
                      for p in paths)
    st.html(f"<script>{imports}</script>", unsafe_allow_javascript=True)

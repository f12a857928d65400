"""Archive: open a corpus result (or run a small archive here), find its stories, open one
in the other pages, and see the outlet-level findings."""

from __future__ import annotations

import streamlit as st

from analysis.errors import AnalysisError
from components.common.text import escape_markdown
from components.widgets import archive_widgets as archive

st.title("Archive")
st.caption("From many articles to stories: Coverage Lens groups an archive into stories, "
           "compares each one, and sums up what every outlet copies, rewords or alone "
           "reports. Large archives run from the command line "
           "(`python -m analysis corpus PATH --out DIR`); their result folders are listed "
           "here when they lie under the archive folder this server is set to.")

archive.render_open_form()
archive.render_run_form()
archive.render_notice()

result = archive.current_result()
if result is None:
    st.info("Open a result folder or run an archive to see its stories.",
            icon=":material/inventory_2:")
else:
    try:
        archive.render_summary(result)
        archive.render_stories(result)
        archive.render_outlets(result)
    except AnalysisError as error:
        st.error(escape_markdown(str(error)))
    except Exception:  # noqa: BLE001 - a damaged result is said in words, never a trace
        st.error("This result folder holds something that cannot be shown: it may be "
                 "damaged. Run the archive again to write it anew.")

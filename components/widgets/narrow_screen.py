"""On a narrow screen the sidebar closes once a page is chosen in it.

Below Streamlit's middle breakpoint (768 px) the sidebar is an overlay over the page. After
a click on one of its page links, Streamlit 1.67 closes it only when the browser's user
agent names a phone (`navigator.userAgent` parsed as device type "mobile"); in a narrow
window of any other browser (a tablet, a desktop window, a phone browser asking for the
desktop site) it stays over the page that was chosen. No supported option changes that:
`st.navigation(position="top")` falls back to the sidebar on a narrow screen, and
`st.set_page_config(initial_sidebar_state=...)` is read when the page loads or resizes, where
the person's last open/close choice (kept by the browser) comes first.

So a fixed script (no user text, no address: nothing in it comes from the story) listens
for clicks on the sidebar's page links. When the sidebar covers the page (its right edge
lies past the page's left edge, which is never so on a wide screen, where the page starts
after it) and is still open once Streamlit has handled the click, it presses the sidebar's
own close button, as a person would. Wide screens, and clicks that open a link elsewhere
(ctrl/shift/cmd/middle click), are left alone.
"""

from __future__ import annotations

import streamlit as st

_INSTALLED = "_sidebar_closer_installed"
CLOSE_SIDEBAR_AFTER_NAVIGATION = """<script>
(function () {
  if (window.coverageLensSidebarCloser) { return; }  // one listener per browser tab
  window.coverageLensSidebarCloser = true;
  const sidebarOf = () => document.querySelector('[data-testid="stSidebar"]');
  document.addEventListener('click', function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey
        || event.altKey || !(event.target instanceof Element)
        || !event.target.closest('[data-testid="stSidebarNavLink"]')) { return; }
    const sidebar = sidebarOf();
    const main = document.querySelector('[data-testid="stMain"]');
    if (!sidebar || !main || sidebar.getBoundingClientRect().right
        <= main.getBoundingClientRect().left + 1) { return; }  // beside the page: leave it
    setTimeout(function () {  // after Streamlit's own handler (it may have closed it)
      const open = sidebarOf();
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (open && open.getAttribute('data-collapsed') === 'false' && close) { close.click(); }
    }, 0);
  }, true);
})();
</script>"""


def close_sidebar_after_navigation() -> None:
    """Once per browser session: add the listener (the page keeps it across reruns)."""
    if st.session_state.get(_INSTALLED):
        return
    st.session_state[_INSTALLED] = True
    st.html(CLOSE_SIDEBAR_AFTER_NAVIGATION, unsafe_allow_javascript=True)

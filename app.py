"""Coverage Lens dashboard: `streamlit run app.py` opens on the sample story."""

import streamlit as st

from components.session import init_state


def main() -> None:
    st.set_page_config(page_title="Coverage Lens", page_icon=":material/compare:", layout="wide")
    init_state()
    pages = [st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:",
                     default=True)]
    st.navigation(pages).run()


main()

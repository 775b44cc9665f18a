"""Streamlit entry point: a router over the pages in ``pages/`` (run: ``streamlit run app.py``).

To add a page, write ``pages/<name>.py`` following the conventions in ``dashboard/__init__.py`` and add
one ``st.Page`` line to ``PAGES`` below, in the section where it belongs.
"""

import streamlit as st

PAGES = {
    "Explore": [
        st.Page("pages/explorer.py", title="Explorer", icon=":material/tune:", default=True),
    ],
}

st.set_page_config(page_title="Class imbalance in anomaly detection", page_icon="⚖️", layout="wide")
st.navigation(PAGES).run()

"""Streamlit entry point: a router over the pages in ``pages/`` (run: ``streamlit run app.py``).

To add a page, write ``pages/<name>.py`` following the conventions in ``dashboard/__init__.py`` and add
one ``st.Page`` line to ``PAGES`` below, in the section where it belongs.
"""

import streamlit as st

PAGES = {
    "Explore": [
        st.Page("pages/explorer.py", title="Explorer", icon=":material/tune:", default=True),
        st.Page("pages/sketch.py", title="Fig. 1 & 2: 2-D sketch", icon=":material/scatter_plot:"),
    ],
    "Paper figures": [
        st.Page("pages/fig3_8.py", title="Fig. 3 & 8: metrics vs ρtrain", url_path="fig3"),
        st.Page("pages/fig4.py", title="Fig. 4: peak shift in α and T", url_path="fig4"),
        st.Page("pages/fig5.py", title="Fig. 5: noise crossover T*", url_path="fig5"),
        st.Page("pages/fig6.py", title="Fig. 6: informative samples", url_path="fig6"),
        st.Page("pages/fig7.py", title="Fig. 7: bias fixed at b0", url_path="fig7"),
        st.Page("pages/fig9_10.py", title="Fig. 9 & 10: optimal ρtrain", url_path="fig9"),
        st.Page("pages/fig11_12.py", title="Fig. 11 & 12: metrics vs R and ρtest", url_path="fig11"),
    ],
    "Experiments": [
        st.Page("pages/simulations.py", title="Simulations vs theory", url_path="sims"),
        st.Page("pages/cifar.py", title="AD CIFAR-10", url_path="cifar10"),
    ],
    "Beyond the paper": [
        st.Page("pages/maps.py", title="Maps", icon=":material/grid_on:", url_path="phase-maps"),
        st.Page("pages/advisor.py", title="Advisor", icon=":material/assistant:", url_path="advice"),
        st.Page("pages/tour.py", title="Guided tour", icon=":material/school:", url_path="guided-tour"),
    ],
}

st.set_page_config(page_title="Class imbalance in anomaly detection", page_icon="⚖️", layout="wide")
st.navigation(PAGES).run()

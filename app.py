"""Streamlit entry point: a router over the pages in ``views/`` (run: ``streamlit run app.py``).

To add a page, write ``views/<name>.py`` following the conventions in ``dashboard/__init__.py`` and add
one ``st.Page`` line to ``PAGES`` below, in the section where it belongs.

The pages deliberately do not live in ``pages/``: Streamlit treats a ``pages/`` folder next to the entry
script as a legacy multipage app until ``st.navigation`` has run once, so on a freshly started server the
first visit to a deep link (a shared URL) showed "Page not found" or ran the page without this router.
"""

import streamlit as st

from dashboard import appearance, health, jobs, warmup

PAGES = {
    "Explore": [
        st.Page("views/explorer.py", title="Explorer", icon=":material/tune:", default=True),
        st.Page("views/tour.py", title="Guided tour", icon=":material/school:"),
        st.Page("views/sketch.py", title="Fig. 1 & 2: 2-D sketch", icon=":material/scatter_plot:"),
    ],
    "Paper figures": [
        st.Page("views/fig3_8.py", title="Fig. 3 & 8: metrics vs ρtrain"),
        st.Page("views/fig4.py", title="Fig. 4: peak shift in α and T"),
        st.Page("views/fig5.py", title="Fig. 5: noise crossover T*"),
        st.Page("views/fig6.py", title="Fig. 6: informative samples"),
        st.Page("views/fig7.py", title="Fig. 7: bias fixed at b0"),
        st.Page("views/fig9_10.py", title="Fig. 9 & 10: optimal ρtrain"),
        st.Page("views/fig11_12.py", title="Fig. 11 & 12: metrics vs R and ρtest"),
        st.Page("views/claims.py", title="Paper claims, checked", icon=":material/fact_check:"),
    ],
    "Experiments": [
        st.Page("views/simulations.py", title="Simulations vs theory"),
        st.Page("views/cifar.py", title="AD CIFAR-10"),
    ],
    "Beyond the paper": [
        st.Page("views/maps.py", title="Maps", icon=":material/grid_on:"),
        st.Page("views/advisor.py", title="Advisor", icon=":material/assistant:"),
        st.Page("views/yourdata.py", title="Your data", icon=":material/upload_file:"),
    ],
}

st.set_page_config(page_title="Class imbalance in anomaly detection", page_icon="⚖️", layout="wide")
appearance.apply()  # busy banner, phone layout, presentation mode (present=1 in every page's URL)
warmup.start()  # once per server process: every page's default view into the disk cache
try:
    page = st.navigation(PAGES)
    jobs.visit(page.url_path)  # a change of page cancels the runs started on the previous one
    page.run()
finally:
    health.note()  # a discreet note when the solver's cache is degraded

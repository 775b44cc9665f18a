"""App-wide look, set by the router before each page: a busy banner, the phone layout, presentation mode.

* Busy: any rerun longer than ~0.3 s shows a "Computing…" banner and a moving bar at the top (pure CSS
  on the app's script state, so it costs the server nothing and covers every computation).
* Phone (<= 640 px): metric tiles two per row, compact; a hint that the controls are in the sidebar.
* Presentation mode (``present=1`` in the URL of every page): large text, thick lines, the sidebar
  collapsed, for teaching with a projector.
* The charts' camera button saves PNG or SVG (client-side, Plotly's toImage: nothing to install).
"""

from __future__ import annotations

import streamlit as st

from .state import HISTORY_JS, set_url_global

PRESENT = "_present"
IMAGE_FORMAT = "_image_format"

CSS = """
<style>
.busy-banner {position: fixed; top: 0.55rem; left: 50%; transform: translateX(-50%); z-index: 1000002;
  background: #0072B2; color: #fff; padding: 0.25rem 0.9rem; border-radius: 1rem; font-size: 0.9rem;
  visibility: hidden; pointer-events: none; box-shadow: 0 1px 4px rgba(0,0,0,.25);}
.busy-bar {position: fixed; top: 0; left: 0; height: 4px; width: 30%; z-index: 1000002;
  background: #0072B2; visibility: hidden; pointer-events: none;}
[data-test-script-state="running"] .busy-banner {animation: busy-in 0s linear 0.3s forwards;}
[data-test-script-state="running"] .busy-bar {animation: busy-in 0s linear 0.3s forwards,
  busy-move 1.2s ease-in-out 0.3s infinite;}
@keyframes busy-in {to {visibility: visible;}}
@keyframes busy-move {0% {left: -30%;} 100% {left: 100%;}}
.phone-hint {display: none;}
@media (max-width: 640px) {
  .phone-hint {display: block; background: #F2F4F7; border-left: 4px solid #0072B2; padding: 0.4rem 0.7rem;
    font-size: 0.9rem; margin-bottom: 0.3rem;}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap !important; gap: 0.4rem !important;}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] {flex: 1 1 calc(50% - 0.4rem) !important;
    min-width: calc(50% - 0.4rem) !important; width: calc(50% - 0.4rem) !important;}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"]:not(:has([data-testid="stMetric"])) {display: none !important;}
  [data-testid="stMetric"] {padding: 0.1rem 0 !important;}
  [data-testid="stMetricValue"] {font-size: 1.25rem !important;}
  [data-testid="stMetricLabel"] p {font-size: 0.8rem !important;}
}
</style>
<div class="busy-bar"></div><div class="busy-banner" role="status">Computing…</div>
<div class="phone-hint">☰ The controls are in the sidebar: tap <b>›</b> at the top left to open it.</div>
"""
PRESENT_CSS = """
<style>
html {font-size: 20px;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1.15rem;}
[data-testid="stMetricValue"] {font-size: 2.2rem !important;}
h1 {font-size: 2.4rem !important;}
</style>
"""


def presenting() -> bool:
    """Whether presentation mode is on (large fonts, thick lines)."""
    return bool(st.session_state.get(PRESENT))


def image_format() -> str:
    """File format of the charts' camera button ("png" or "svg")."""
    return st.session_state.get(IMAGE_FORMAT, "png")


def _sync_present() -> None:
    set_url_global("present", "1" if st.session_state[PRESENT] else None)


def apply() -> None:
    """Read ``present`` from the URL (first run), draw the sidebar's view options, inject the CSS."""
    if PRESENT not in st.session_state:
        st.session_state[PRESENT] = st.query_params.get("present") == "1"
        _sync_present()
    st.set_page_config(initial_sidebar_state="collapsed" if presenting() else "auto")
    with st.sidebar.expander("View and export", icon=":material/slideshow:"):
        st.toggle(
            "Presentation mode (projector)", key=PRESENT, on_change=_sync_present,
            help="Large text, thick lines, sidebar collapsed; kept in the URL (present=1).",
        )  # fmt: skip
        st.radio(
            "Chart camera button saves", ("png", "svg"), key=IMAGE_FORMAT, horizontal=True,
            format_func=str.upper, help="The camera icon above each chart downloads it in this format.",
        )  # fmt: skip
    st.html(CSS + HISTORY_JS + (PRESENT_CSS if presenting() else ""), unsafe_allow_javascript=True)

"""The property test's check can fail: ``shown_text`` + ``bad_words`` find nan, None and inf wherever a
reader would see them (tile, table, caption, button, chart title, legend, annotation), and not in words."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import bad_words, shown_text

SCRIPT = """
import math
import pandas as pd
import streamlit as st

kind = st.session_state.get("kind", "")
st.metric("overlap R", "nan" if kind == "tile" else "0.413")
st.dataframe(pd.DataFrame({"rho_b_star": [0.31, None if kind == "table" else 0.5]}))
st.caption(f"b = {-math.inf if kind == 'caption' else '−∞ (calls everything normal)'}")
st.button("ρ(b*) = None" if kind == "button" else "ρ(b*) = 0.319")
fig = {"data": [{"type": "scatter", "x": [0, 1], "y": [0, float("nan")],
                 "name": "nan" if kind == "legend" else "R"}],
       "layout": {"title": {"text": "R* = inf" if kind == "title" else "R*"},
                  "annotations": [{"text": "ρ(R*) = None" if kind == "annotation" else "ρ(R*)"}]}}
st.plotly_chart(fig)
st.markdown("none (no interior peak on this range); informative phase; b = −infinity")
"""


def _shown(kind: str) -> list[str]:
    at = AppTest.from_string(SCRIPT)
    at.session_state["kind"] = kind
    return bad_words(shown_text(at.run()))


def test_words_and_numbers_in_charts_pass():
    assert _shown("") == []


@pytest.mark.parametrize("kind", ["tile", "table", "caption", "button", "legend", "title", "annotation"])
def test_nan_none_inf_are_found_where_a_reader_sees_them(kind):
    assert _shown(kind)

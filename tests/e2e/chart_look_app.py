"""Streamlit script of tests/e2e/test_chart_look_browser.py: each test figure twice, one below the other.

First as Streamlit draws a figure with a named template by default (the template sent as one, its
``theme="streamlit"`` merged in by the browser), then as ``dashboard.plots.show`` draws it (the look
written into the figure, theme=None). ``present=1`` in the URL: presentation mode, as in the app.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import plotly.io as pio  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import appearance, maps_charts, plots  # noqa: E402


def figures() -> dict[str, dict]:
    """Charts with what the app's charts use: lines, markers, bands, reference lines and labels, a title,
    a log axis, an inset on second axes, a heatmap with its colour bar and a contour."""
    xs = [0.05 * k for k in range(1, 20)]
    sweep = plots.figure("rho_train", "R", title="(a) overlap", margin=plots.PUSHED_MARGIN)
    for i in range(3):
        plots.curve(sweep, xs, [x * (1 - x) * (1 + 0.2 * i) for x in xs], f"curve {i}", i=i)
    plots.points(sweep, [0.5], [0.3], "maximum R*")
    plots.shade(sweep, [(0.8, 0.95)])
    plots.vline(sweep, 0.5, "0.5")
    plots.hline(sweep, 0.2, "R = 0.2")
    sweep["data"].append(dict(type="scatter", x=[0.4, 0.6], y=[0.24, 0.25], xaxis="x2", yaxis="y2"))
    sweep["layout"] |= {
        "xaxis2": {"domain": [0.6, 0.95], "anchor": "y2"},
        "yaxis2": {"domain": [0.1, 0.4], "anchor": "x2"},
    }
    log = plots.figure("alpha", "R_star", log_x=True)
    plots.curve(log, [0.2, 1, 5, 20], [0.1, 0.3, 0.6, 0.8], "R*", markers=True)
    values = {
        "xs": [0.2, 1.0, 5.0],
        "ys": [0.1, 0.5, 0.9],
        "R": [[0.1, 0.2, None], [0.3, 0.4, 0.5], [0.2, 0.6, 0.9]],
    }
    values["rho_R_star"] = values["R"]
    heat = maps_charts.heatmap(values, "alpha", "rho_train", "rho_R_star")
    return {"sweep": sweep, "log": log, "heat": heat}


appearance.apply()
st.title("Chart look")
for name, fig in figures().items():
    shown = plots.presented(fig) if appearance.presenting() else fig
    template = pio.templates[shown["layout"]["template"]].to_plotly_json()
    themed = dict(shown, layout=dict(shown["layout"], template=template))
    st.plotly_chart(plots.Built(themed), width="stretch", config=plots.config(name), key=f"themed.{name}")
    plots.show(fig, name)

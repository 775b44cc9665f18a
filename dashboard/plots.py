"""Plotly figure helpers: Okabe-Ito palette, symbol axis labels, gaps over the dummy phase, markers.

Every chart goes through ``figure`` (uniform layout, legend above the plot so it fits a phone) and is
shown with ``show`` (full container width, PNG export from the toolbar camera button).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from . import appearance, chart_look

# Okabe & Ito (2008) colour-blind-safe palette, darkest first; yellow last (weak on white).
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash"]
GREY = "#777777"

# Axis / legend labels with the paper's symbols (plotly understands <sub>).
LABELS = {
    "rho_train": "ρ<sub>train</sub>",
    "rho_test": "ρ<sub>test</sub>",
    "rho0": "ρ<sub>0</sub> = Φ(b<sub>0</sub>)",
    "b0": "teacher bias b<sub>0</sub>",
    "alpha": "data per weight α = P/N",
    "T": "temperature T",
    "R": "overlap R",
    "q": "self-overlap q",
    "b": "student bias b",
    "train_error": "train error ε<sub>t</sub>",
    "rho_R_star": "optimal ρ<sub>train</sub> = ρ(R*)",
    "R_star": "best overlap R*",
    "recall": "recall r",
    "specificity": "specificity s",
    "accuracy": "accuracy a",
    "balanced_accuracy": "balanced accuracy a<sub>bal</sub>",
    "precision": "precision p",
    "f1": "F1",
    "generalization_error": "generalisation error ε<sub>g</sub>",
    "precision_neg": "precision of negatives p<sub>−</sub>",
    "f1_neg": "F1 of negatives F1<sub>−</sub>",
}
# Table headers with the paper's symbols (plain Unicode: tables do not render HTML).
HEADERS = {
    "b0": "b₀", "rho0": "ρ₀ = Φ(b₀)", "alpha": "α", "rho_train": "ρtrain", "rho_test": "ρtest",
    "rho_R_star": "ρ(R*): best ρtrain for R", "R_star": "R*", "rho_b_star": "ρ(b*): b = b₀",
    "R_at_rho0": "R at ρtrain = ρ₀", "b_at_rho0": "b at ρtrain = ρ₀", "rho_peak": "ρtrain of the a_bal peak",
    "abal_peak": "a_bal at its peak", "T_star": "T*", "abal_low_T": "a_bal at the lowest T",
    "b_low_T": "b at the lowest T", "why": "why none", "rho_R_max": "ρtrain of the largest R",
    "R_max": "largest R", "accuracy_at_R_max": "accuracy a there", "rho_star": "ρ* (dummy boundary)",
    "rho_spinodal": "ρ spinodal", "balanced_accuracy": "a_bal", "metric": "metric", "value": "peak value",
    "rho_abal_star": "ρ(a_bal*)", "abal_star": "a_bal*", "rho_p_star": "ρ(p*)", "P_plus": "P₊ / P₊(0)",
    "P_minus": "P₋ / P₋(0)",
}  # fmt: skip
METRIC_COLOURS = {
    "recall": OKABE_ITO[1],
    "specificity": OKABE_ITO[5],
    "accuracy": OKABE_ITO[0],
    "balanced_accuracy": OKABE_ITO[0],
    "precision": OKABE_ITO[2],
    "f1": OKABE_ITO[3],
    "generalization_error": OKABE_ITO[6],
    "precision_neg": OKABE_ITO[4],
    "f1_neg": OKABE_ITO[6],
}


def style(i: int) -> dict:
    """Colour and dash of the i-th curve of a family."""
    return dict(color=OKABE_ITO[i % 7], dash=DASHES[i % len(DASHES)])


# Ticks of log axes: 1-2-5 steps written in full (Plotly's default writes 0.2 and 20 both as "2").
LOG_TICKS = [m * 10.0**k for k in range(-7, 5) for m in (1, 2, 5)]


def log_axis(axis: dict) -> dict:
    """A log axis with unambiguous tick labels (0.2, 2 and 20, not "2" three times)."""
    return axis | dict(type="log", tickvals=LOG_TICKS, ticktext=[f"{v:g}" for v in LOG_TICKS])


# Margins (px) that Plotly's automargin reaches anyway for an untitled chart with axis titles and one row
# of legend above it. Starting from them spares plotly.js the second layout pass of automargin in the
# browser, a whole redraw: half the time it spends on such a chart, which a slider redraws on every move.
# A wider legend or larger labels (phone, projector) still push them out as before.
PUSHED_MARGIN = {"l": 72, "r": 34, "t": 46, "b": 69}


def figure(
    x: str,
    y: str,
    title: str | None = None,
    height: int = 380,
    log_x: bool = False,
    margin: dict | None = None,
) -> dict:
    """Empty figure (a plotly JSON dict: building dicts is ~10x faster than graph_objects) with
    labelled axes (keys of LABELS or free text) and a phone-friendly layout: the legend above the plot,
    the toolbar (vertical, right) off the title and legend. ``margin``: the starting margins (default:
    small, automargin makes room)."""
    axis = dict(showline=True, mirror=True, linecolor="#444444", gridcolor="#E5E5E5", zeroline=False)
    xaxis = {**axis, "title": {"text": LABELS.get(x, x)}}
    return {
        "data": [],
        "layout": {
            "template": "plotly_white",
            "title": {"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"} if title else None,
            "height": height,
            "margin": dict(margin or {"l": 10, "r": 34, "t": 40 if title else 10, "b": 10}),
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "font": {"size": 11}},
            "modebar": {"orientation": "v"},
            "hovermode": "closest",
            "xaxis": log_axis(xaxis) if log_x else xaxis | {"type": "linear"},
            "yaxis": {**axis, "title": {"text": LABELS.get(y, y)}},
            "shapes": [],
            "annotations": [],
        },
    }


def masked(y: Sequence[float], ok: Sequence[bool]) -> list[float | None]:
    """y with None where ``ok`` is False or y is not finite, so that plotly leaves a gap."""
    return [
        float(v) if k and v is not None and math.isfinite(v) else None for v, k in zip(y, ok, strict=True)
    ]


def curve(fig, x, y, name: str, i: int = 0, ok=None, colour=None, dash=None, markers=False, group=None):
    """Add a line (gaps where ``ok`` is False); colour/dash default to the i-th family style."""
    s = style(i)
    ok = [True] * len(x) if ok is None else ok
    fig["data"].append(
        dict(
            type="scatter", x=[float(v) for v in x], y=masked(y, ok), name=name,
            mode="lines+markers" if markers else "lines", connectgaps=False, legendgroup=group,
            line=dict(color=colour or s["color"], dash=dash or s["dash"], width=2.2), marker=dict(size=5),
        )
    )  # fmt: skip


def points(fig, x, y, name: str, symbol="star", colour="#000000", size=15, show_legend=True, group=None):
    """Markers (stars at peaks, diamonds at rho_train = rho0, ...), white-edged to stand out."""
    fig["data"].append(
        dict(
            type="scatter", x=[float(v) for v in x], y=[float(v) for v in y], name=name, mode="markers",
            showlegend=show_legend, legendgroup=group,
            marker=dict(symbol=symbol, size=size, color=colour, line=dict(color="white", width=1)),
        )
    )  # fmt: skip


def _label(fig, x, y, text, colour, xref="x", yref="paper", **kw) -> None:
    fig["layout"]["annotations"].append(
        dict(
            x=x, y=y, xref=xref, yref=yref, text=text, showarrow=False, font=dict(size=11, color=colour), **kw
        )
    )


def vline(fig, x: float | None, label: str, colour=GREY, dash="dot", position="top", row: int = 0) -> None:
    """Vertical reference line with a short label at the top or bottom (skipped when x is None); ``row``
    moves the label inwards by rows of text, so that labels of nearby lines do not overlap."""
    if x is None or not math.isfinite(x):
        return
    line = dict(color=colour, dash=dash, width=1.5)
    fig["layout"]["shapes"].append(
        dict(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper", line=line)
    )
    top = position == "top"
    y = 1 - 0.07 * row if top else 0.07 * row
    _label(fig, x, y, label, colour, xanchor="left", yanchor="top" if top else "bottom")


def hline(fig, y: float, label: str, colour=GREY, dash="dot") -> None:
    """Horizontal reference line with a label on the left."""
    line = dict(color=colour, dash=dash, width=1.5)
    fig["layout"]["shapes"].append(
        dict(type="line", x0=0, x1=1, y0=y, y1=y, xref="paper", yref="y", line=line)
    )
    white = "rgba(255,255,255,0.85)"  # readable over a dummy band's label
    _label(fig, 0, y, label, colour, yref="y", xanchor="left", yanchor="bottom", bgcolor=white)


def shade(fig, intervals, label="dummy: predicts the majority class") -> None:
    """Grey bands over x intervals (the dummy phase), each labelled vertically."""
    for lo, hi in intervals:
        fig["layout"]["shapes"].append(
            dict(type="rect", x0=lo, x1=hi, y0=0, y1=1, xref="x", yref="paper", fillcolor="#999999",
                 opacity=0.18, line=dict(width=0), layer="below")
        )  # fmt: skip
        _label(fig, (lo + hi) / 2, 0.5, label if hi - lo > 0.06 else "dummy", "#444444", textangle=-90)


def config(filename: str, image_format: str = "png") -> dict:
    """Plotly toolbar config: PNG or SVG export (camera button, client-side) at 2x scale, no logo."""
    return {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": image_format, "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def presented(fig: dict) -> dict:
    """The figure for a projector: larger text, thicker lines and markers (a copy)."""
    layout = dict(fig["layout"], font={"size": 17}, height=int(fig["layout"].get("height", 380) * 1.15))
    layout["legend"] = dict(layout.get("legend", {}), font={"size": 16})
    data = []
    for trace in fig["data"]:
        trace = dict(trace)
        if "line" in trace:
            trace["line"] = dict(trace["line"], width=trace["line"].get("width", 2) * 1.8)
        if "marker" in trace:
            trace["marker"] = dict(trace["marker"], size=trace["marker"].get("size", 6) * 1.4)
        data.append(trace)
    return dict(fig, data=data, layout=layout)


class Built(go.Figure):
    """A figure dict built by this module, handed to st.plotly_chart as it is.

    Streamlit otherwise validates a dict through ``go.Figure(**fig)``, 60-100 ms per chart on this
    machine, on every rerun; the builders' output is validated by the tests instead
    (tests/app/test_chart_specs.py). Only ``to_dict`` is used (plotly.tools), so no Figure state is made."""

    def __init__(self, spec: dict):  # noqa: D107  (deliberately not Figure.__init__)
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def spec(fig: dict, root_px: float = chart_look.ROOT_PX) -> dict:
    """The figure as sent to the browser, drawn once there.

    Streamlit's chart component calls Plotly.react a second time right after the first draw (with the
    container's width, on a JSON copy of the figure). plotly.js then redraws the whole chart when the
    layout has a template (an object, compared by identity) or no ``datarevision`` (new data arrays then
    count as changed data): half the drawing of a page. So the named template and Streamlit's theme for a
    page of ``root_px`` (presentation mode: chart_look.PRESENT_ROOT_PX) are written into the figure
    (``chart_look.applied``; shown with theme=None), the title bold as that theme makes it, and
    ``datarevision`` is a digest of the figure: unchanged for the second call, new with any change."""
    layout = fig.get("layout", {})
    if isinstance(layout.get("template"), str):
        fig = chart_look.applied(chart_look.template(layout["template"], root_px), fig)
    layout = dict(fig.get("layout", {}))
    title = layout.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), str):
        layout["title"] = dict(title, text=f"<b>{title['text']}</b>")
    fig = dict(fig, layout=layout)
    layout["datarevision"] = hashlib.blake2b(json.dumps(fig).encode(), digest_size=8).hexdigest()
    return fig


def show(fig: dict, name: str) -> None:
    """Draw a figure across the container width (phone friendly) with an image export named ``name``
    (PNG or SVG, see ``appearance``), restyled for a projector in presentation mode."""
    root_px = chart_look.ROOT_PX
    if appearance.presenting():
        fig, root_px = presented(fig), chart_look.PRESENT_ROOT_PX
    config_ = config(name, appearance.image_format())
    st.plotly_chart(
        Built(spec(fig, root_px)), width="stretch", theme=None, config=config_, key=f"chart.{name}"
    )

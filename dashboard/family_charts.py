"""Charts of families of curves (one curve per b0, alpha, T or rho_train) from long tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import plots
from .sweep_charts import ok


def curves(df: pd.DataFrame, y: str, by: str, name, x: str = "rho_train", log_x=False, y_label=None) -> dict:
    """One line per value of ``by`` (gaps over non-informative points); ``name(value)`` labels it."""
    fig = plots.figure(x, y_label or y, log_x=log_x)
    for i, (value, part) in enumerate(df.groupby(by, sort=False)):
        plots.curve(fig, part[x], part[y], name(value), i, ok(part), group=str(value))
    return fig


def markers(fig: dict, xs, ys, name: str, symbol: str = "star", size: int = 14) -> None:
    """Family markers in the colour of each curve (i-th marker in the i-th style); NaN/None skipped."""
    shown = False
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
            continue
        plots.points(fig, [x], [y], name, symbol, plots.style(i)["color"], size, not shown, name)
        shown = True


def inset(fig: dict, df: pd.DataFrame, y: str, by: str, peaks_x, peaks_y, half_width: float = 0.05) -> None:
    """A zoom on the peaks (as the paper's inset of Fig. 3a): the curves near their maxima, the maxima as
    stars and rho_train = 0.5 dotted, in a small frame at the bottom centre of the plot."""
    found = [
        (i, float(x), float(v))
        for i, (x, v) in enumerate(zip(peaks_x, peaks_y, strict=True))
        if x is not None and v is not None and math.isfinite(x) and math.isfinite(v)
    ]
    if not found:
        return
    index, xs, ys = zip(*found, strict=True)
    lo, hi = min(min(xs), 0.5) - half_width, max(max(xs), 0.5) + half_width
    near = df[(df["rho_train"] >= lo) & (df["rho_train"] <= hi) & (df["phase"] == "informative")]
    bottom = min(near[y].min(), min(ys)) if not near.empty else min(ys)
    top = max(ys)
    pad = max((top - bottom) * 0.08, 1e-4)
    frame = dict(showline=True, mirror=True, linecolor="#444444", showgrid=False, tickfont={"size": 9})
    fig["layout"]["xaxis2"] = dict(frame, domain=[0.33, 0.72], anchor="y2", range=[lo, hi])
    fig["layout"]["yaxis2"] = dict(frame, domain=[0.06, 0.42], anchor="x2", range=[bottom - pad, top + pad])
    order = {value: i for i, (value, _) in enumerate(df.groupby(by, sort=False))}
    for value, part in near.groupby(by, sort=False):
        s = plots.style(order[value])
        fig["data"].append(dict(
            type="scatter", x=list(part["rho_train"]), y=list(part[y]), xaxis="x2", yaxis="y2", mode="lines",
            line=dict(color=s["color"], dash=s["dash"], width=1.6), showlegend=False, hoverinfo="skip",
        ))  # fmt: skip
    colours = [plots.style(i)["color"] for i in index]
    fig["data"].append(dict(
        type="scatter", x=list(xs), y=list(ys), xaxis="x2", yaxis="y2", mode="markers", showlegend=False,
        marker=dict(symbol="star", size=11, color=colours, line=dict(color="white", width=1)),
    ))  # fmt: skip
    fig["layout"]["shapes"].append(dict(type="line", x0=0.5, x1=0.5, y0=0, y1=1, xref="x2", yref="y2 domain",
                                        line=dict(color="#777777", dash="dot", width=1)))  # fmt: skip


def marks_at(fig: dict, df: pd.DataFrame, by: str, x: str, y: str, where: str, value: float, name: str):
    """An open circle on each curve (in its colour) where column ``where`` equals ``value``, interpolated
    along the curve's informative points (e.g. rho_train = 0.5 on curves against rho_train - rho_peak)."""
    xs, ys, colours = [], [], []
    for i, (_, part) in enumerate(df.groupby(by, sort=False)):
        part = part[part["phase"] == "informative"].sort_values(where)
        if part.empty or not part[where].min() <= value <= part[where].max():
            continue
        xs.append(float(np.interp(value, part[where], part[x])))
        ys.append(float(np.interp(value, part[where], part[y])))
        colours.append(plots.style(i)["color"])
    if xs:
        fig["data"].append(dict(
            type="scatter", x=xs, y=ys, mode="markers", name=name,
            marker=dict(symbol="circle-open", size=11, color=colours, line=dict(width=2.5)),
        ))  # fmt: skip

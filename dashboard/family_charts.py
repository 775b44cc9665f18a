"""Charts of families of curves (one curve per b0, alpha, T or rho_train) from long tables."""

from __future__ import annotations

import math

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

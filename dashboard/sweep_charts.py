"""Charts of quantities against rho_train from one sweep table (explorer, Figs. 3/7/8).

Curves have gaps over non-informative points; the dummy phase is shaded; reference lines mark rho0,
rho(b*) and rho(R*); stars mark maxima and diamonds the value at rho_train = rho0.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.figures import dummy_intervals, value_at

from . import backend, plots

REFERENCE = {
    "rho0": ("ρ0", "#000000", "dot"),
    "rho_b_star": ("ρ(b*)", "#009E73", "dash"),
    "rho_R_star": ("ρ(R*)", "#0072B2", "dashdot"),
}
NOW = "#D55E00"


def ok(df: pd.DataFrame) -> list[bool]:
    """Rows drawn as curves (informative phase); a plain list comparison (pandas' is ~50x slower here)."""
    return [p == "informative" for p in df["phase"].tolist()]


def decorate(fig, df: pd.DataFrame, opt: dict, rho0: float, current: float | None = None) -> None:
    """Dummy shading, reference lines at rho0, rho(b*), rho(R*) and the current rho_train."""
    plots.shade(fig, dummy_intervals(df))
    refs = {"rho0": rho0, "rho_b_star": opt.get("rho_b_star"), "rho_R_star": opt.get("rho_R_star")}
    lines = []
    for n, (name, x) in enumerate(refs.items()):
        label, colour, dash = REFERENCE[name]
        if x is not None and 0 < x < 1:
            lines.append((x, label, colour, dash, "top" if n % 2 == 0 else "bottom"))
    if current is not None:
        lines.append((current, "current ρtrain", NOW, "solid", "bottom"))
    for (x, label, colour, dash, position), row in zip(lines, label_rows(lines), strict=True):
        plots.vline(fig, x, label, colour=colour, dash=dash, position=position, row=row)


def label_rows(lines: list[tuple]) -> list[int]:
    """A row for each vertical line's label (x, label, ..., position) so that labels at the same end
    of the axis do not overlap: a label takes about 0.013 of the rho_train axis per character."""
    rows, taken = [], []  # taken: (position, row, x_start, x_end)
    for x, label, *_, position in lines:
        end = x + 0.013 * len(label) + 0.01
        row = 0
        while any(p == position and r == row and x < e and s < end for p, r, s, e in taken):
            row += 1
        taken.append((position, row, x, end))
        rows.append(row)
    return rows


def diamond(fig, df: pd.DataFrame, column: str, rho0: float, colour="#000000", show_legend=True) -> None:
    """Diamond at rho_train = rho0 (when that point is on the informative branch)."""
    y = value_at(df, column, rho0)
    if y == y:  # not NaN
        plots.points(fig, [rho0], [y], "at ρtrain = ρ0", "diamond", colour, 12, show_legend, "diamond")


def star(fig, peak, colour="#000000", name="maximum", show_legend=True) -> None:
    """Star at an optimum (rho, value); nothing when the optimum does not exist."""
    if peak is not None and peak[0] is not None:
        plots.points(fig, [peak[0]], [peak[1]], name, "star", colour, 15, show_legend, "star")


def current(fig, pt: dict, column: str) -> None:
    """Marker at the current point (exact solve, not interpolated); none without a current point."""
    if pt is not None and pt["phase"] == "informative":
        plots.points(fig, [pt["rho_train"]], [pt[column]], "current point", "circle", NOW, 11, False, "now")


def pinned(fig, pin: pd.DataFrame | None, column: str, label: str = "pinned", show_legend=True) -> None:
    """A pinned curve (see ``dashboard.pin``): thin, grey, dotted, behind the live curves."""
    if pin is None:
        return
    plots.curve(fig, pin["rho_train"], pin[column], label, 0, ok(pin), colour="#9A9A9A", dash="dot")
    fig["data"][-1]["line"]["width"] = 1.6
    fig["data"][-1]["showlegend"] = show_legend
    fig["data"][-1]["legendgroup"] = "pinned"
    fig["data"].insert(0, fig["data"].pop())


def overlap(df, opt, pt, rho0, pin=None):
    """(a) overlap R against rho_train (``pin``: a pinned sweep drawn faded)."""
    fig = plots.figure("rho_train", "R", margin=plots.PUSHED_MARGIN)
    pinned(fig, pin, "R")
    plots.curve(fig, df["rho_train"], df["R"], "R", 0, ok(df))
    star(fig, (opt["rho_R_star"], opt["R_star"]), plots.OKABE_ITO[0], "maximum R*")
    diamond(fig, df, "R", rho0)
    current(fig, pt, "R")
    decorate(fig, df, opt, rho0, pt["rho_train"] if pt else None)
    return fig


def bias(df, opt, pt, rho0, b0, pin=None):
    """(b) learned bias b against rho_train with the teacher's b0 line; star where b = b0."""
    fig = plots.figure("rho_train", "b", margin=plots.PUSHED_MARGIN)
    pinned(fig, pin, "b")
    plots.curve(fig, df["rho_train"], df["b"], "b", 2, ok(df))
    plots.hline(fig, b0, f"b0 = {b0:.3g}", colour="#000000")
    if opt.get("rho_b_star") is not None:
        star(fig, (opt["rho_b_star"], b0), plots.OKABE_ITO[2], "b = b0")
    diamond(fig, df, "b", rho0)
    current(fig, pt, "b")
    decorate(fig, df, opt, rho0, pt["rho_train"] if pt else None)
    return fig


def metrics(df, opt, pt, rho0, names, rho_test_label: str, pin=None):
    """(c) metrics against rho_train at one rho_test, with a star at each interior peak."""
    fig = plots.figure("rho_train", f"metric at ρtest = {rho_test_label}", margin=plots.PUSHED_MARGIN)
    for i, m in enumerate(names):
        pinned(fig, pin, m, show_legend=i == 0)
    stars, diamonds = [], []
    for i, m in enumerate(names):
        colour = plots.METRIC_COLOURS[m]
        plots.curve(fig, df["rho_train"], df[m], plots.LABELS[m], i, ok(df), colour=colour, group=m)
        peak = opt["peaks"].get(m)
        if peak is not None and peak[0] is not None:
            stars.append((peak[0], peak[1], colour))
        y = value_at(df, m, rho0)
        if y == y:  # not NaN
            diamonds.append((rho0, y, colour))
    _markers(fig, stars, "peak", "star", 15)  # one trace per kind of marker: lighter to draw
    _markers(fig, diamonds, "at ρtrain = ρ0", "diamond", 12)
    decorate(fig, df, opt, rho0, pt["rho_train"] if pt else None)
    return fig


def _markers(fig, items: list[tuple[float, float, str]], name: str, symbol: str, size: int) -> None:
    if items:
        xs, ys, colours = zip(*items, strict=True)
        plots.points(fig, xs, ys, name, symbol, list(colours), size)


@st.cache_data(show_spinner=False, max_entries=256)
def still(b0, alpha, T, fix_b, n, rho_test, rho0, names: tuple[str, ...], pinned: tuple | None):
    """Charts (b) and (c) of the Explorer's sweep, which do not change while rho_train moves: built once per
    problem, rho_test and pin (``pinned``: its b0, alpha, T, fix_b), so that a rho_train move rebuilds only
    chart (a) on the server."""
    df, opt = backend.rho_train_curves(b0, alpha, T, fix_b, n, rho_test)
    ref = None if pinned is None else backend.rho_train_curves(*pinned, n, rho_test)[0]
    label = f"{rho_test:.3f}"
    return bias(df, opt, None, rho0, b0, ref), metrics(df, opt, None, rho0, list(names), label, ref)

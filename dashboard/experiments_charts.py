"""Charts of measured points (with error bars) over theory curves, for the experiment pages.

Measured points are markers with ±SE bars (SE = relative SE x |mean|, the paper's error bar in the
units of the axis); theory curves have gaps outside the informative phase, which is shaded; live runs
are hollow markers. Built on the plotly dict helpers of ``plots``.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.figures import dummy_intervals

from . import plots

LIVE = "#D55E00"


def measured(
    fig, x, mean, sem, name: str, colour: str, symbol="circle", group=None, hollow=False, legend=True
):
    """Markers at (x, mean) with ±sem error bars; hover shows the relative standard error."""
    mean, sem = [float(v) for v in mean], [float(v) if math.isfinite(v) else 0.0 for v in sem]
    rel = [s / abs(m) if m else math.nan for m, s in zip(mean, sem, strict=True)]
    fig["data"].append(
        dict(
            type="scatter", x=[float(v) for v in x], y=mean, name=name, mode="markers", legendgroup=group,
            showlegend=legend, customdata=rel,
            hovertemplate="%{x:.3g}: %{y:.4f} ± %{error_y.array:.4f} (rel. SE %{customdata:.1%})<extra>"
            + name + "</extra>",
            error_y=dict(type="data", array=sem, visible=True, thickness=1.3, width=3, color=colour),
            marker=dict(symbol=symbol + ("-open" if hollow else ""), size=8, color=colour,
                        line=dict(color=colour if hollow else "white", width=1.5 if hollow else 0.8)),
        )
    )  # fmt: skip


def theory(fig, df: pd.DataFrame, x: str, y: str, name: str, colour: str, group=None, dash="solid") -> None:
    """A theory curve from a sweep table (gaps where the phase is not informative)."""
    ok = list(df["phase"] == "informative")
    plots.curve(fig, df[x], df[y], name, ok=ok, colour=colour, dash=dash, group=group)


def _shade(fig, df: pd.DataFrame) -> None:
    plots.shade(fig, dummy_intervals(df))


def _live(fig, live: pd.DataFrame | None, key: str, colour=LIVE, legend=True, group=None) -> None:
    if live is not None and len(live):
        name = f"live run (N = {int(live['N'].iloc[0])})"
        measured(fig, live["rho_train"], live[f"{key}_mean"], live[f"{key}_sem"], name, colour,
                 "diamond", group or "live", hollow=True, legend=legend)  # fmt: skip


def order_parameter(th: pd.DataFrame, pts: pd.DataFrame | None, key: str, label: str, b0: float,
                    live: pd.DataFrame | None = None) -> dict:  # fmt: skip
    """R or b against rho_train: theory curve, measured points, live points (b: the teacher's b0 line)."""
    colour = plots.OKABE_ITO[0] if key == "R" else plots.OKABE_ITO[2]
    fig = plots.figure("rho_train", key)
    theory(fig, th, "rho_train", key, "theory", colour)
    if pts is not None:
        measured(fig, pts["rho_train"], pts[f"{key}_mean"], pts[f"{key}_sem"], label, "#000000")
    _live(fig, live, key)
    if key == "b":
        plots.hline(fig, b0, f"b0 = {b0:g}", colour="#000000")
    _shade(fig, th)
    return fig


def metrics(th: pd.DataFrame, pts: pd.DataFrame, names: list[str], live: pd.DataFrame | None = None) -> dict:
    """SGD metrics against rho_train (rho_test = 0.5): one colour per metric, theory lines and points."""
    fig = plots.figure("rho_train", "metric at ρtest = 0.5", height=440)
    for i, m in enumerate(names):
        colour = plots.METRIC_COLOURS.get(m, plots.OKABE_ITO[4])
        label = plots.LABELS.get(m, m.upper())
        theory(fig, th, "rho_train", m, f"{label} (theory)", colour, group=m, dash=plots.DASHES[i])
        measured(fig, pts["rho_train"], pts[f"{m}_mean"], pts[f"{m}_sem"], f"{label} (SGD)", colour, group=m)
        _live(fig, live, m, colour, legend=i == 0)
    _shade(fig, th)
    return fig


# Noise axes say what they are: SGD's step size per sample, or the step on the unit weight vector.
NOISE_AXES = {
    "lr_over_BS": "SGD lr/BS (learning rate per sample; not a temperature)",
    "N_lr_over_BS": "SGD N·lr/BS (step size on the unit weight vector u = w/√N)",
}
FIT_MARKERS = {
    "fit": "circle",
    "upper bound": "triangle-down",
    "lower bound": "triangle-up",
    "transition": "x",
    "worse than dummy": "star",
    "poor fit": "circle-open",
}


def versus_noise(pts: pd.DataFrame, key: str, b0: float) -> dict:
    """Balanced accuracy or b against SGD's lr/BS (log axis), one colour per rho_train: measured points
    (filled) and the theory at each point's fitted temperature (hollow diamonds, column ``<key>_theory``)."""
    fig = plots.figure(NOISE_AXES["lr_over_BS"], plots.LABELS.get(key, key), log_x=True)
    for i, (rho, g) in enumerate(pts.groupby("rho_train")):
        colour, group = plots.OKABE_ITO[i], f"rho{rho:g}"
        measured(fig, g["lr_over_BS"], g[f"{key}_mean"], g[f"{key}_sem"], f"SGD, ρtrain = {rho:g}", colour,
                 group=group)  # fmt: skip
        ok = g[f"{key}_theory"].notna()
        if ok.any():
            name = f"theory at T_fit, ρtrain = {rho:g}"
            plots.points(fig, g["lr_over_BS"][ok], g[f"{key}_theory"][ok], name, "diamond-open", colour, 11,
                         True, group)  # fmt: skip
    if key == "b":
        plots.hline(fig, b0, f"b0 = {b0:g}", colour="#000000")
    return fig


def noise_scale(points: pd.DataFrame, x: str, col: str, what: str) -> dict:
    """Fitted temperature (``col``: T_fit or T_Rb, with _lo, _hi, _status) against an SGD noise axis, log-log;
    one colour per data set; bounds drawn as triangles (down: at most, up: at least)."""
    fig = plots.figure(NOISE_AXES[x], f"theory temperature T fitted to {what}", log_x=True)
    fig["layout"]["yaxis"]["type"] = "log"
    for i, (source, g) in enumerate(points.groupby("source", sort=False)):
        colour = plots.OKABE_ITO[i % len(plots.OKABE_ITO)]
        for status, h in g.groupby(f"{col}_status"):
            if status not in FIT_MARKERS:
                continue
            fit = status == "fit"
            up = (h[f"{col}_hi"] - h[col]).clip(lower=0) if fit else 0 * h[col]
            down = (h[col] - h[f"{col}_lo"]).clip(lower=0) if fit else 0 * h[col]
            text = [
                f"{source}<br>N = {r.N}, lr = {r.lr:g}, BS = {r.BS}, ρtrain = {r.rho_train:g}, {r.n} runs<br>"
                f"{getattr(r, col + '_text')}"
                for r in h.itertuples()
            ]
            fig["data"].append(
                dict(
                    type="scatter", x=[float(v) for v in h[x]], y=[float(v) for v in h[col]], mode="markers",
                    name=f"{source}" + ("" if fit else f" ({status})"), legendgroup=source, text=text,
                    hovertemplate="%{text}<extra></extra>",
                    error_y=dict(type="data", array=list(up), arrayminus=list(down), visible=fit,
                                 thickness=1.2),
                    marker=dict(symbol=FIT_MARKERS[status], size=9, color=colour,
                                line=dict(color="white", width=0.6)),
                )
            )  # fmt: skip
    return fig


def n_study(study: pd.DataFrame, key: str = "R") -> dict:
    """R (or another measured quantity) against N for the N study's two families: the same lr/BS
    (solid) and the same N·lr/BS (dashed), one colour per reference lr."""
    fig = plots.figure("input dimension N", plots.LABELS.get(key, key), log_x=True)
    for (base, family), g in study.groupby(["base_lr", "family"], sort=True):
        g = g.sort_values("N")
        colour = plots.OKABE_ITO[sorted(study["base_lr"].unique()).index(base)]
        fixed = (f"lr/BS = {g['lr_over_BS'].iloc[0]:.3g}" if family == "same lr/BS"
                 else f"N·lr/BS = {g['N_lr_over_BS'].iloc[0]:.3g}")  # fmt: skip
        dash = "solid" if family == "same lr/BS" else "dash"
        plots.curve(fig, g["N"], g[f"{key}_mean"], fixed, colour=colour, dash=dash, group=fixed)
        fig["data"][-1]["showlegend"] = False
        measured(fig, g["N"], g[f"{key}_mean"], g[f"{key}_sem"], f"{fixed} fixed", colour, group=fixed,
                 symbol="circle" if family == "same lr/BS" else "square")  # fmt: skip
    return fig


def cifar_panel(long: pd.DataFrame, model: str, names: list[str], label, rho0: float) -> dict:
    """One model's metrics against rho_train with ±SE bars, a star at each metric's best mean and a
    dotted line at rho_train = rho0."""
    fig = plots.figure("rho_train", "metric", height=420)
    plots.vline(fig, rho0, "ρ0", colour="#000000")
    g = long[long["model"] == model]
    for m in names:
        d = g[g["metric"] == m].sort_values("rho_train")
        base = m.partition("@")[0]
        colour = plots.METRIC_COLOURS.get(base, plots.OKABE_ITO[4])
        plots.curve(fig, d["rho_train"], d["mean"], label(m), colour=colour, dash="solid", group=m)
        fig["data"][-1]["showlegend"] = False
        measured(fig, d["rho_train"], d["mean"], d["sem"], label(m), colour, group=m)
        best = d.loc[d["mean"].idxmax()]
        shown = not any(t.get("name") == "best mean" for t in fig["data"])
        plots.points(fig, [best["rho_train"]], [best["mean"]], "best mean", "star", colour, 16, shown, "best")
    return fig

"""Charts of the "Your data" page: measured curves with bootstrap bands, optima with their intervals,
and the theory's curves at the fitted T (α = n/d_eff dashed, α = n/d dotted)."""

from __future__ import annotations

import math

import pandas as pd

from analysis import yourdata as yd

from . import plots

MODEL_COLOURS = {"logistic": plots.OKABE_ITO[0], "perceptron": plots.OKABE_ITO[1]}
MODEL_COLOURS["logistic_reweighted"] = plots.OKABE_ITO[2]
SHORT = {"logistic": "logistic", "perceptron": "perceptron", "logistic_reweighted": "logistic, reweighted"}
THEORY_DASH = {"effective": "dash", "features": "dot"}


def _band(fig, x, lo, hi, colour: str, group: str) -> None:
    """A translucent band between lo and hi (the 95 % bootstrap interval of the mean)."""
    fig["data"].append(dict(type="scatter", x=list(x) + list(x)[::-1], y=list(hi) + list(lo)[::-1],
                            fill="toself", fillcolor=colour, opacity=0.18, line=dict(width=0),
                            hoverinfo="skip", showlegend=False, legendgroup=group))  # fmt: skip


def _star(fig, row: pd.Series, colour: str, group: str) -> None:
    """The measured optimum with its interval as a horizontal error bar."""
    x, lo, hi = row["best_rho_train"], row["ci_lo"], row["ci_hi"]
    fig["data"].append(dict(
        type="scatter", x=[x], y=[row["best"]], mode="markers", showlegend=False, legendgroup=group,
        marker=dict(symbol="star", size=15, color=colour, line=dict(color="white", width=1)),
        error_x=dict(type="data", symmetric=False, array=[hi - x], arrayminus=[x - lo], color=colour),
        hovertemplate=f"optimum {x:.2f} (95 % CI {lo:.2f}–{hi:.2f})<extra></extra>",
    ))  # fmt: skip


def metric(bundle: dict, column: str, reference: str, legend: bool = True) -> dict:
    """One metric against rho_train: every model measured, the theory fitted to ``reference`` (the
    legend only where ``legend``: the charts of a page share colours and dashes)."""
    pts, theory = bundle["summary"]["points"], bundle["theory"]
    rho0 = bundle["result"]["dataset"]["rho0"]
    fig = plots.figure("rho_train", yd.label(column, rho0), height=420 if legend else 330)
    for model, g in pts[pts["metric"] == column].groupby("model", sort=False):
        g, colour = g.sort_values("rho_train"), MODEL_COLOURS[model]
        _band(fig, g["rho_train"], g["lo"], g["hi"], colour, model)
        plots.curve(fig, g["rho_train"], g["mean"], SHORT[model], colour=colour, dash="solid",
                    markers=True, group=model)  # fmt: skip
        opt = bundle["summary"]["optima"]
        row = opt[(opt["model"] == model) & (opt["metric"] == column)]
        if len(row):
            _star(fig, row.iloc[0], colour, model)
    _theory(fig, theory, column, reference)
    plots.vline(fig, rho0, "ρ0")
    fig["layout"]["showlegend"] = legend
    return fig


def _theory(fig, theory: dict, column: str, reference: str) -> None:
    fits, th = theory["fits"], theory["curves"]
    for _, f in fits[fits["model"] == reference].iterrows():
        if not math.isfinite(f["T_curve"]):
            continue
        g = th[(th["alpha_kind"] == f["alpha_kind"]) & (th["T"] == f["T_curve"])].sort_values("rho_train")
        ok = list(g["converged"] & (g["phase"] == "informative"))
        per = "n/d_eff" if f["alpha_kind"] == "effective" else "n/d"
        name = f"theory, α = {per} = {f['alpha']:.3g}, T = {f['T_curve']:g}"
        group = f"theory-{f['alpha_kind']}"
        plots.curve(fig, g["rho_train"], g[column], name, ok=ok, colour=plots.GREY,
                    dash=THEORY_DASH[f["alpha_kind"]], group=group)  # fmt: skip
        best = yd.theory_optimum(th, f["alpha_kind"], f["T_curve"], column)
        if best["kind"] == "peak":
            plots.points(fig, [best["rho"]], [best["value"]], "theory's optimum", symbol="diamond",
                         colour=plots.GREY, size=11, show_legend=False, group=group)  # fmt: skip


def spectrum(eigenvalues, d_eff: float) -> dict:
    """Covariance eigenvalues of the standardised features, largest first, on a log axis."""
    fig = plots.figure("eigenvalue rank", "eigenvalue λ of the covariance", height=260)
    fig["layout"]["yaxis"]["type"] = "log"
    k = [i + 1 for i in range(len(eigenvalues))]
    lam = [max(float(v), 1e-12) for v in eigenvalues]
    plots.curve(fig, k, lam, "eigenvalues", colour=plots.OKABE_ITO[0], dash="solid", markers=True)
    plots.vline(fig, d_eff, f"d_eff = {d_eff:.1f}")
    return fig

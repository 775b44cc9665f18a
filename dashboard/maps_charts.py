"""Heatmaps of ``analysis.maps`` grids: the quantity, the rho_train = 0.5 contour and the dummy boundary."""

from __future__ import annotations

import math

import pandas as pd

from analysis.maps import LOG_AXES

from . import plots

LABELS = {
    "R": "overlap R", "q": "self-overlap q", "b": "student bias b", "balanced_accuracy": "balanced accuracy",
    "precision": "precision p", "phase": "phase (1 informative, 0 dummy)", "rho_R_star": "ρ(R*)",
    "rho_abal_star": "ρ(a_bal*)", "rho_p_star": "ρ(p*)", "R_star": "R*", "abal_star": "a_bal*",
    "p_star": "p*", "gain_vs_half": "R* − R(ρtrain = 0.5)", "gain_vs_rho0": "R* − R(ρtrain = ρ0)",
    "replicon": "replicon λ_AT (RS unstable where < 0)",
}  # fmt: skip
RHO_QUANTITIES = ("rho_R_star", "rho_abal_star", "rho_p_star")


def _clean(z) -> list:
    return [[v if v is not None and math.isfinite(v) else None for v in row] for row in z]


def heatmap(values: dict, x: str, y: str, quantity: str, boundary: pd.DataFrame | None = None) -> dict:
    """Heatmap of ``values[quantity]``; dashed white contour at rho_train = 0.5 for optimal-rho maps and
    black markers at the dummy-phase boundary points (bisection) when given."""
    fig = plots.figure(x, y, height=460)
    for axis, name in (("xaxis", x), ("yaxis", y)):
        layout = fig["layout"]
        layout[axis] = plots.log_axis(layout[axis]) if name in LOG_AXES else layout[axis] | {"type": "linear"}
    z = _clean(values[quantity])
    bar = dict(title=dict(text=LABELS[quantity], side="right"))
    fig["data"].append(
        dict(type="heatmap", x=values["xs"], y=values["ys"], z=z, colorscale="Viridis", colorbar=bar)
    )
    if quantity in RHO_QUANTITIES:
        fig["data"].append(dict(
            type="contour", x=values["xs"], y=values["ys"], z=z, showscale=False, name="ρtrain = 0.5",
            contours=dict(start=0.5, end=0.5, size=1, coloring="none", showlabels=True),
            line=dict(color="white", dash="dash", width=2), showlegend=True,
        ))  # fmt: skip
    if boundary is not None and len(boundary):
        fig["data"].append(dict(
            type="scatter", mode="markers", x=list(boundary[x]), y=list(boundary[y]),
            name="dummy-phase boundary (bisection, 1e-4)", marker=dict(color="black", size=6, symbol="x"),
        ))  # fmt: skip
    return fig

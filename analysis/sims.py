"""SGD and Gibbs Monte Carlo runs against the theory: per-point tables, residuals and statements.

Pure numpy/pandas over ``experiments.results`` records and ``solver`` solutions (no Streamlit). The
parameters follow App. F: SGD at b0 = -0.6, alpha = 2, T_eff = lr/BS; Monte Carlo of the Gibbs measure
at b0 = -0.6, alpha = 1.1, T = 0.5 (Fig. 3). Every sentence returned here is computed from the data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from solver import RANGES, cached_solve

from .stats import crossing, fmt_range, optimum, stats_frame, trend, z_score

T_MIN = RANGES["T"][0]
SGD_METRICS = ("recall", "specificity", "balanced_accuracy", "precision", "f1", "auc")
PEAKED = ("balanced_accuracy", "precision", "f1", "auc")
MONOTONE = ("recall", "specificity")
NAMES = {
    "recall": "recall",
    "specificity": "specificity",
    "balanced_accuracy": "balanced accuracy",
    "precision": "precision",
    "f1": "F1",
    "auc": "AUC",
    "R": "overlap R",
    "b": "bias b",
}
_QUANTILES = (np.arange(400) + 0.5) / 400


def theory_auc(R: float, b0: float) -> float:
    """AUC of a student with overlap R (test fields h = R y + sqrt(1 - R^2) z, y the teacher field).

    AUC = E[Phi(R (y1 - y2) / sqrt(2 (1 - R^2)))], y1 > -b0 a positive, y2 < -b0 a negative; it depends
    on R only, so it peaks where R does. Midpoint quadrature over the quantiles of both classes."""
    if not math.isfinite(R):
        return math.nan
    if R >= 1.0:
        return 1.0
    c = ndtr(-b0)  # P(y < -b0)
    y_pos = ndtri(c + (1.0 - c) * _QUANTILES)
    y_neg = ndtri(c * _QUANTILES)
    gap = y_pos[:, None] - y_neg[None, :]
    return float(ndtr(R * gap / math.sqrt(2.0 * (1.0 - R * R))).mean())


def with_auc(df: pd.DataFrame) -> pd.DataFrame:
    """A theory table with an ``auc`` column (NaN outside the informative phase)."""
    out = df.copy()
    out["auc"] = [
        theory_auc(R, b0) if phase == "informative" else math.nan
        for R, b0, phase in zip(out["R"], out["b0"], out["phase"], strict=True)
    ]
    return out


def theory_temperature(t_eff: float) -> float:
    """The theory temperature drawn for an SGD T_eff: T_eff itself, or the solver's lowest T above it."""
    return max(float(t_eff), T_MIN)


# ---------------------------------------------------------------- Gibbs Monte Carlo


def mc_points(runs: list[dict], init: str) -> pd.DataFrame:
    """Per-rho_train statistics of R and b over data sets, for one initialisation or both.

    With both, the two chains of a data set share its data, so they are first averaged per data set
    (the error bar counts data sets, not chains)."""
    if init != "both":
        return stats_frame([r for r in runs if r["init"] == init], ("rho_train",), ("R", "b"))
    per_set = pd.DataFrame(runs).groupby(["rho_train", "dataset"], as_index=False)[["R", "b"]].mean()
    return stats_frame(per_set.to_dict("records"), ("rho_train",), ("R", "b"))


def mc_residuals(points: pd.DataFrame, b0: float, alpha: float, T: float) -> pd.DataFrame:
    """Theory at each measured rho_train and z = (MC mean - theory) / SE for R and b (columns
    ``<key>_theory``, ``_mean``, ``_sem``, ``_rel_se``, ``_z``).

    Points where the theory is not informative get no theory value (and no z)."""
    rows = []
    for _, p in points.iterrows():
        sol = cached_solve(b0=b0, alpha=alpha, T=T, rho_train=float(p["rho_train"]))
        ok = sol.phase == "informative"
        row = {"rho_train": p["rho_train"], "n": int(p["n"]), "phase": sol.phase}
        for key, theory in (("R", sol.R), ("b", sol.b)):
            th = theory if ok else math.nan
            row |= {f"{key}_theory": th, f"{key}_mean": p[f"{key}_mean"], f"{key}_sem": p[f"{key}_sem"]}
            z = z_score(p[f"{key}_mean"], p[f"{key}_sem"], th)
            row |= {f"{key}_rel_se": p[f"{key}_rel_se"], f"{key}_z": z}
        rows.append(row)
    return pd.DataFrame(rows)


def init_agreement(runs: list[dict]) -> pd.DataFrame:
    """Random vs teacher initialisation per rho_train: difference of the means and its z-score."""
    by = {i: mc_points(runs, i).set_index("rho_train") for i in ("random", "teacher")}
    rows = []
    for rho in by["random"].index.intersection(by["teacher"].index):
        a, b = by["random"].loc[rho], by["teacher"].loc[rho]
        row = {"rho_train": rho}
        for key in ("R", "b"):
            row[f"{key}_z"] = z_score(a[f"{key}_mean"], a[f"{key}_sem"], b[f"{key}_mean"], b[f"{key}_sem"])
        rows.append(row)
    return pd.DataFrame(rows)


def mc_statements(res: pd.DataFrame, agree: pd.DataFrame | None, N: int) -> list[str]:
    """What agrees and what does not between Monte Carlo and theory, from the residual table."""
    out, far_all = [], set()
    rho = res["rho_train"].to_numpy(float)
    for key in ("R", "b"):
        z = res[f"{key}_z"].to_numpy(float)
        ok = np.isfinite(z)
        if not ok.any():
            continue
        far = ok & (np.abs(z) >= 2)
        far_all |= set(rho[far])
        worst = int(np.nanargmax(np.abs(z)))
        text = (
            f"**{NAMES[key]}**: {int((ok & ~far).sum())} of {int(ok.sum())} points lie within 2 SE of the "
            f"theory (largest |z| = {abs(z[worst]):.1f} at ρtrain = {rho[worst]:g})"
        )
        dev = np.abs(res[f"{key}_mean"] - res[f"{key}_theory"]).to_numpy(float)
        if (ok & ~far).any():
            text += f"; at those points |MC − theory| ≤ {dev[ok & ~far].max():.3f}"
        if far.any():
            text += f"; |z| ≥ 2 at ρtrain = {', '.join(f'{r:g}' for r in rho[far])}"
        out.append(text + ".")
    if agree is not None and len(agree):
        zs = np.abs(agree[["R_z", "b_z"]].to_numpy(float))
        zmax = np.nanmax(zs)
        same = "reach the same R and b" if zmax < 2.5 else "do not always reach the same values"
        out.append(
            f"**Initialisations**: random and teacher starts {same} (largest |z| of their difference = "
            f"{zmax:.1f} over {len(agree)} ρtrain values)."
        )
    if far_all:
        inner = sorted(set(rho) - far_all)
        outer = inner and all(r < inner[0] or r > inner[-1] for r in far_all)
        where = (
            f"all at the ends of the measured range, outside ρtrain = {inner[0]:g}–{inner[-1]:g}"
            if outer
            else "spread over the measured range"
        )
        out.append(
            f"The deviations with |z| ≥ 2 are {where}. At N = {N} finite-size corrections of order "
            f"1/N ≈ {1 / N:.3f} add to the statistical error, so an isolated |z| of 2–3 is not by itself "
            "a disagreement."
        )
    return out


# ---------------------------------------------------------------- SGD


def sgd_points(runs: list[dict], by: str = "rho_train") -> pd.DataFrame:
    """Per-point statistics of the SGD metrics, R, b and the fraction of converged runs."""
    df = stats_frame(runs, (by,), (*SGD_METRICS, "R", "b", "converged"))
    return df.rename(columns={"converged_mean": "converged_fraction"})


def _agrees(theory_rho: float | None, opt: dict, step: float) -> str:
    if theory_rho is None:
        return "the theory has no interior peak"
    if opt["edge"]:
        return f"theory peak at {theory_rho:.2f}: **differs** (SGD best at the grid's edge)"
    if opt["lo"] - step / 2 <= theory_rho <= opt["hi"] + step / 2:
        return f"theory peak at {theory_rho:.2f}: **agrees**"
    return f"theory peak at {theory_rho:.2f}: **differs**"


def fig13_statements(points, theory: pd.DataFrame, opt: dict, b0: float, T: float, t_eff: float) -> list[str]:
    """Shapes and optimum locations of SGD (Fig. 13 left) against the theory at temperature T.

    ``theory`` and ``opt`` are a rho_train sweep table and its optima (``backend.rho_train_curves``)."""
    x = points["rho_train"].to_numpy(float)
    step = float(np.diff(np.unique(x)).min()) if len(x) > 1 else 0.0
    peaks = {m: (opt["peaks"].get(m) or (None,))[0] for m in PEAKED}
    peaks["auc"] = peaks["R"] = opt["rho_R_star"]
    out = []
    for m in (*PEAKED, "R"):
        o = optimum(x, points[f"{m}_mean"], points[f"{m}_sem"])
        out.append(f"**{NAMES[m]}**: SGD best at ρtrain = {fmt_range(o)}; {_agrees(peaks[m], o, step)}.")
    for m in MONOTONE:
        s, t = (
            trend(x, points[f"{m}_mean"]),
            trend(theory["rho_train"], theory[m].where(theory["phase"] == "informative")),
        )
        word = "agrees" if np.sign(s) == np.sign(t) and abs(s) > 0.8 else "differs"
        out.append(
            f"**{NAMES[m]}** vs ρtrain: rank correlation {s:+.2f} in SGD, {t:+.2f} in theory ({word})."
        )
    rb_sgd, rb_th = crossing(x, points["b_mean"], b0), opt["rho_b_star"]
    same = rb_sgd is not None and rb_th is not None and abs(rb_sgd - rb_th) <= step
    out.append(
        f"**b = b0** (the learned bias equals the teacher's) at ρtrain ≈ {_maybe(rb_sgd)} in SGD and "
        f"{_maybe(rb_th)} in the theory ({'agrees' if same else 'differs'})."
    )
    mid = int(np.argmin(np.abs(x - 0.5)))
    R_sgd, R_se = points["R_mean"].iloc[mid], points["R_sem"].iloc[mid]
    R_th = float(np.interp(x[mid], theory["rho_train"], theory["R"]))
    out.append(
        f"**Values**: at ρtrain = {x[mid]:g} SGD reaches R = {R_sgd:.3f} ± {R_se:.3f}, the theory at "
        f"T = {T:g} gives R = {R_th:.3f}. They need not agree: SGD minimises a smooth L2 loss of a sigmoid, "
        f"not the number of errors of the Gibbs measure, and its noise (T_eff = lr/BS = {t_eff:g}) is not "
        "Langevin noise; compare shapes and optimum locations."
    )
    n_bad = int(round(((1 - points["converged_fraction"]) * points["n"]).sum()))
    if n_bad:
        out.append(f"{n_bad} of {int(points['n'].sum())} runs stopped at the epoch limit before converging.")
    return out


def fig14_statements(points: pd.DataFrame, theory: pd.DataFrame) -> list[str]:
    """Trends of balanced accuracy and b with T_eff (Fig. 14) against the theory over the same range."""
    x = points["T_eff"].to_numpy(float)
    out = []
    for m in ("balanced_accuracy", "b"):
        lo, hi = points.iloc[0], points.iloc[-1]
        z = z_score(hi[f"{m}_mean"], hi[f"{m}_sem"], lo[f"{m}_mean"], lo[f"{m}_sem"])
        th = theory.set_index("T")[m]
        t_lo, t_hi = theory_temperature(x.min()), theory_temperature(x.max())
        d_th = float(np.interp(t_hi, th.index, th) - np.interp(t_lo, th.index, th))
        a, b = lo[f"{m}_mean"], hi[f"{m}_mean"]
        out.append(
            f"**{NAMES[m]}** goes from {a:.3f} (T_eff = {x.min():.2g}) to {b:.3f} (T_eff = {x.max():.2g}) "
            f"in SGD, a change of {b - a:+.3f} (z = {z:+.1f}); the theory changes by {_change(d_th)} between "
            f"T = {t_lo:g} and {t_hi:g}."
        )
    out.append(
        f"The theory has a low-noise plateau: its balanced accuracy stays within 0.001 of the T = {T_MIN:g} "
        f"value up to T ≈ {plateau_end(theory):.2g}; below the solver's lowest T = {T_MIN:g} the curve is "
        f"held at its T = {T_MIN:g} value (dotted). SGD's T_eff and the Gibbs temperature live on different "
        "energy scales (L2 loss of a sigmoid vs number of errors), so only trends can be compared."
    )
    return out


def plateau_end(theory: pd.DataFrame, tol: float = 1e-3) -> float:
    """Largest T up to which the theory's balanced accuracy stays within ``tol`` of its low-T value."""
    t, y = theory["T"].to_numpy(float), theory["balanced_accuracy"].to_numpy(float)
    off = np.abs(y - y[0]) > tol
    return float(t[np.argmax(off) - 1]) if off.any() else float(t[-1])


def _change(d: float) -> str:
    return "less than 0.001" if abs(d) < 5e-4 else f"{d:+.3f}"


def _maybe(x: float | None) -> str:
    return "– (no crossing)" if x is None else f"{x:.3f}"

"""SGD and Gibbs Monte Carlo runs against the theory: per-point tables, residuals and statements.

Pure numpy/pandas over ``experiments.results`` records and ``solver`` solutions (no Streamlit). The
parameters follow App. F: SGD at b0 = -0.6, alpha = 2 (its noise is calibrated in ``calibration``);
Monte Carlo of the Gibbs measure at b0 = -0.6, alpha = 1.1, T = 0.5 (Fig. 3). Every sentence returned
here is computed from the data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from solver import cached_solve

from .stats import crossing, fmt_peak, peak, stats_frame, trend, versus, z_score

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
            pairs = zip(rho[far], z[far], strict=True)
            text += "; |z| ≥ 2 at ρtrain = " + ", ".join(f"{r:g} (z = {v:+.1f})" for r, v in pairs)
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
            f"The deviations with |z| ≥ 2 are {where}. They are reported as measured: finite-size "
            f"corrections at N = {N} are not estimated here, so these data cannot tell them from a "
            "disagreement of the theory."
        )
    return out


# ---------------------------------------------------------------- SGD


def sgd_points(runs: list[dict], by: str = "rho_train") -> pd.DataFrame:
    """Per-point statistics of the SGD metrics, R, b and the fraction of converged runs."""
    df = stats_frame(runs, (by,), (*SGD_METRICS, "R", "b", "converged"))
    return df.rename(columns={"converged_mean": "converged_fraction"})


def fig13_statements(points, theory: pd.DataFrame, opt: dict, b0: float, T_text: str) -> list[str]:
    """Shapes and optimum locations of SGD (Fig. 13 left) against the theory at the fitted T.

    ``theory`` and ``opt`` are a rho_train sweep table and its optima (``backend.rho_train_curves``) at
    the temperature described by ``T_text``."""
    x = points["rho_train"].to_numpy(float)
    step = float(np.diff(np.unique(x)).min()) if len(x) > 1 else 0.0
    peaks = {m: (opt["peaks"].get(m) or (None,))[0] for m in PEAKED}
    peaks["auc"] = peaks["R"] = opt["rho_R_star"]
    out = []
    for m in (*PEAKED, "R"):
        try:
            p = peak(x, points[f"{m}_mean"], points[f"{m}_sem"])
        except ValueError as err:
            out.append(f"**{NAMES[m]}**: no peak located ({err}).")
            continue
        th = peaks[m]
        verdict = (
            "the theory has no interior peak"
            if th is None
            else f"theory peak at {th:.3f}: **{versus(p, th, th)}**"
        )
        out.append(f"**{NAMES[m]}**: SGD peak at ρtrain = {fmt_peak(p)} (local quadratic fit); {verdict}.")
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
    informative = theory["phase"] == "informative"
    R_th = float(np.interp(x[mid], theory["rho_train"][informative], theory["R"][informative]))
    out.append(
        f"**Values**: at ρtrain = {x[mid]:g} SGD reaches R = {R_sgd:.3f} ± {R_se:.3f}; the theory at "
        f"{T_text} gives R = {R_th:.3f} (difference {R_sgd - R_th:+.3f}, "
        f"z = {z_score(R_sgd, R_se, R_th):+.1f})."
    )
    n_bad = int(round(((1 - points["converged_fraction"]) * points["n"]).sum()))
    if n_bad:
        out.append(f"{n_bad} of {int(points['n'].sum())} runs stopped at the epoch limit before converging.")
    return out


def fig14_statements(points: pd.DataFrame, T_col: str) -> list[str]:
    """Per rho_train: how balanced accuracy and b change with SGD's lr/BS, and how closely the theory at
    each setting's fitted temperature (``<key>_theory``, fitted by ``T_col``) reproduces them."""
    out = []
    for rho, g in points.groupby("rho_train"):
        g = g.sort_values("lr_over_BS")
        lo, hi = g.iloc[0], g.iloc[-1]
        for m in ("balanced_accuracy", "b"):
            a, b = lo[f"{m}_mean"], hi[f"{m}_mean"]
            z = z_score(b, hi[f"{m}_sem"], a, lo[f"{m}_sem"])
            text = (
                f"ρtrain = {rho:g}, **{NAMES[m]}**: {a:.3f} at lr/BS = {lo['lr_over_BS']:.2g} → {b:.3f} at "
                f"lr/BS = {hi['lr_over_BS']:.2g} ({b - a:+.3f}, z = {z:+.1f})"
            )
            ok = g[f"{m}_theory"].notna()
            if ok.any():
                dev = (g[f"{m}_mean"] - g[f"{m}_theory"])[ok].abs()
                text += (
                    f"; the theory at each setting's fitted T matches within {dev.max():.3f} "
                    f"({int(ok.sum())} of {len(g)} settings have a fitted T)"
                )
            out.append(text + ".")
    return out


def _maybe(x: float | None) -> str:
    return "– (no crossing)" if x is None else f"{x:.3f}"

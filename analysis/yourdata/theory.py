"""The theory beside a "Your data" measurement: parameters, curves, fitted T, optima and verdicts.

Map: rho0 = the anomaly fraction of the data set, b0 = Phi^-1(rho0) (Eq. 5), alpha = n_train / d with d
either the number of (non-constant, standardised) features or the participation ratio
d_eff = (sum lambda)^2 / sum lambda^2 of their covariance eigenvalues (correlated features count once).
The effective T of each model is the point of the ``TS`` grid whose theory curve of balanced accuracy
(rho_test = 0.5) is closest to the measured one (chi^2 with the measured standard errors), and
separately the one whose training error is closest to the measured training error (mean square). The theory's
optima are read from its curves at the fitted T (interior maxima refined by a parabola).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.figures import table
from analysis.sims import with_auc
from analysis.stats import trend, versus
from solver import RANGES, b0_from_rho0, cached_sweep

from .protocol import BASE_METRICS

TS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
FINE = tuple(round(0.02 + 0.04 * k, 2) for k in range(25))  # 0.02 ... 0.98: fills the data grid's gaps
GAP = 0.035  # a FINE point joins the theory grid when no data point is closer
FIT_METRIC = "balanced_accuracy@0.5"
FLAT = 0.5  # a measured interval this share of the grid wide locates nothing
ALPHA_KINDS = {"features": "α = n_train / d", "effective": "α = n_train / d_eff"}


def eigenvalues(Z: np.ndarray) -> np.ndarray:
    """Eigenvalues of the covariance of the columns of Z, largest first (rounding negatives to 0)."""
    return np.clip(np.linalg.eigvalsh(np.cov(Z, rowvar=False)), 0.0, None)[::-1]


def participation_ratio(Z: np.ndarray) -> float:
    """(sum lambda)^2 / sum lambda^2 over the eigenvalues of the covariance of the columns of Z."""
    lam = eigenvalues(Z)
    return float(lam.sum() ** 2 / (lam**2).sum())


def mapping(Z: np.ndarray, rho0: float, n_train: int) -> dict:
    """The theory's parameters for a standardised feature matrix Z; alphas clipped to the solver's
    range (``clipped`` names those that were)."""
    d, d_eff = Z.shape[1], participation_ratio(Z)
    lo, hi = RANGES["alpha"]
    raw = {"features": n_train / d, "effective": n_train / d_eff}
    alphas = {k: float(min(max(a, lo), hi)) for k, a in raw.items()}
    return dict(rho0=rho0, b0=b0_from_rho0(rho0), d=d, d_eff=d_eff, n_train=n_train, alpha=alphas,
                alpha_raw=raw, clipped=[k for k in raw if raw[k] != alphas[k]])  # fmt: skip


def curves(m: dict, grid, progress=None) -> pd.DataFrame:
    """Theory along rho_train (the data grid, gaps filled from ``FINE``), both alphas, every T of ``TS``:
    metrics at rho_test = 0.5 and at rho0 as ``metric@0.5`` / ``metric@rho0``, R, train error (AUC is
    added by ``with_auc_at`` for the fitted T only: it costs a quadrature per point)."""
    grid = [round(float(r), 6) for r in grid]
    xs = sorted({*grid, *(f for f in FINE if min(abs(f - g) for g in grid) > GAP)})
    frames, k = [], 0
    for kind, alpha in m["alpha"].items():
        for T in TS:
            sols = cached_sweep("rho_train", xs, b0=m["b0"], alpha=alpha, T=T)
            half, at0 = table(sols, 0.5), table(sols, m["rho0"])
            df = half[["rho_train", "phase", "converged", "R", "train_error", "b0"]].copy()
            for metric in BASE_METRICS[:-1]:
                df[f"{metric}@0.5"], df[f"{metric}@rho0"] = half[metric], at0[metric]
            frames.append(df.assign(alpha_kind=kind, alpha=alpha, T=T))
            k += 1
            if progress is not None:
                progress(k / (len(TS) * len(m["alpha"])), f"theory: α = {alpha:.3g}, T = {T:g}")
    return pd.concat(frames, ignore_index=True)


def with_auc_at(th: pd.DataFrame, pairs) -> pd.DataFrame:
    """``th`` with ``auc@0.5`` = ``auc@rho0`` (AUC depends on R only) on the rows of the (alpha kind, T)
    ``pairs``; NaN elsewhere."""
    th = th.copy()
    th["auc@0.5"] = math.nan
    for kind, T in set(pairs):
        rows = (th["alpha_kind"] == kind) & (th["T"] == T)
        th.loc[rows, "auc@0.5"] = with_auc(th[rows])["auc"].to_numpy()
    th["auc@rho0"] = th["auc@0.5"]
    return th


def _usable(th: pd.DataFrame) -> pd.DataFrame:
    return th[th["converged"] & (th["phase"] != "unsolved")]


def fit_T(pts: pd.DataFrame, th: pd.DataFrame, model: str) -> pd.DataFrame:
    """Per alpha kind: T fitted to the measured balanced-accuracy curve (chi^2 per point) and T fitted
    to the measured training error (mean square difference); NaN where no theory point converged."""
    rows, usable = [], _usable(th)
    for kind, every in th.groupby("alpha_kind", sort=False):
        g = usable[usable["alpha_kind"] == kind]  # may be empty: then no T is fitted (NaN)
        row = dict(model=model, alpha_kind=kind, alpha=float(every["alpha"].iloc[0]))
        for what, metric in (("curve", FIT_METRIC), ("train_error", "train_error")):
            data = pts[(pts["model"] == model) & (pts["metric"] == metric)]
            score = {}
            for T, t in g.groupby("T"):
                both = data.merge(t[["rho_train", metric]].rename(columns={metric: "theory"}), on="rho_train")
                diff = (both["mean"] - both["theory"]).to_numpy()
                if len(both) == len(data):
                    sem = np.maximum(both["sem"].to_numpy(), 1e-3)
                    score[T] = float(np.mean((diff / sem) ** 2 if what == "curve" else diff**2))
            best = min(score, key=score.get) if score else math.nan
            row |= {f"T_{what}": best, f"score_{what}": score.get(best, math.nan)}
            if what == "curve" and score:
                t = g[g["T"] == best].set_index("rho_train")["balanced_accuracy@0.5"]
                both = data.set_index("rho_train")["mean"]
                row["rms_curve"] = float(np.sqrt(np.mean((both - t.reindex(both.index)) ** 2)))
        rows.append(row)
    return pd.DataFrame(rows)


def optimum(th: pd.DataFrame, kind: str, T: float, metric: str) -> dict:
    """The theory's optimum of ``metric`` along rho_train at (alpha kind, T): kind "peak" with its
    location, "increasing"/"decreasing" when the maximum is not interior, or "not computed" when fewer
    than 3 informative, converged points exist (no fitted T, or the solver did not converge)."""
    g = th[(th["alpha_kind"] == kind) & (th["T"] == T)].sort_values("rho_train")
    ok = (g["converged"] & (g["phase"] == "informative")).to_numpy()
    none = dict(kind="not computed", rho=math.nan, value=math.nan)
    if ok.sum() < 3 or metric not in g:
        return none
    p = _interior_peak(g["rho_train"].to_numpy(float), g[metric].to_numpy(float), ok)
    if p is not None:
        return dict(kind="peak", rho=p[0], value=p[1])
    tr = trend(g["rho_train"][ok], g[metric][ok])
    if not math.isfinite(tr):
        return none
    return dict(kind="increasing" if tr > 0 else "decreasing", rho=math.nan, value=math.nan)


def _interior_peak(x, y, ok) -> tuple[float, float] | None:
    """Vertex of the parabola through the maximum of a smooth theory curve and its two neighbours; None
    when the maximum is at the end of the informative points."""
    y = np.where(ok & np.isfinite(y), y, -np.inf)
    i = int(np.argmax(y))
    if not np.isfinite(y[i]) or i in (0, len(x) - 1) or not np.isfinite(y[[i - 1, i + 1]]).all():
        return None
    a, b, c = np.polyfit(x[i - 1 : i + 2], y[i - 1 : i + 2], 2)
    xv = float(np.clip(-b / (2 * a), x[i - 1], x[i + 1])) if a < 0 else float(x[i])
    return xv, float(np.polyval([a, b, c], xv))


def comparison(opt: pd.DataFrame, th: pd.DataFrame, fits: pd.DataFrame) -> pd.DataFrame:
    """Per model and metric: measured optimum and interval, the theory's optimum at each alpha (at the
    T fitted to that model's curve), and the verdict of the measured interval against their range."""
    rows = []
    for _, o in opt.iterrows():
        row = o.to_dict()
        peaks = []
        for _, f in fits[fits["model"] == o["model"]].iterrows():
            t = optimum(th, f["alpha_kind"], f["T_curve"], o["metric"])
            row[f"theory_{f['alpha_kind']}"] = t["rho"]  # NaN when the theory has no interior optimum
            row[f"theory_{f['alpha_kind']}_shape"] = t["kind"]
            peaks.append(t)
        row["verdict"] = _verdict(o, peaks)
        rows.append(row)
    return pd.DataFrame(rows)


def _verdict(o: pd.Series, peaks: list[dict]) -> str:
    """``stats.versus`` of the measured interval against the theory's range of optima (an interval that
    touches the grid's edge still differs when it lies entirely on one side of the range). Against a
    monotone theory the data agree when their optimum may sit at the same end of the grid. An interval
    over half the grid or more cannot locate an optimum: "too flat to tell"."""
    located = [t["rho"] for t in peaks if t["kind"] == "peak"]
    p = dict(lo=o["ci_lo"], hi=o["ci_hi"], edge=False)
    if p["hi"] - p["lo"] >= FLAT * (o["grid_hi"] - o["grid_lo"]):
        return "too flat to tell"
    if located:
        return versus(p, min(located), max(located))
    monotone = [t["kind"] for t in peaks if t["kind"] in ("increasing", "decreasing")]
    if not monotone:
        return "no theory"
    increasing = monotone[0] == "increasing"
    return "agrees" if o["reaches_high" if increasing else "reaches_low"] else "differs"

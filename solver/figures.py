"""Data behind the dashboard's pages and the paper's figures (pure numpy/scipy/pandas, no Streamlit).

Every function returns plain dicts or pandas DataFrames so that pages only draw. Tables built from
sweeps have one row per point with the columns of ``solution_row``: ``phase`` tells whether a row is
"informative", "dummy" (constant majority-class student, R = q = 0, b = +-inf) or "unsolved"
(NaN numbers). Optimum locations along rho_train follow the paper:

* rho(R*)  = argmax over rho_train of the overlap R (Fig. 3a stars),
* rho(b*)  = the rho_train where the learned bias b crosses b0 (Fig. 3b stars),
* peak of a metric = its interior maximum over the informative branch (Fig. 3c stars); a maximum on the
  edge of the informative branch (e.g. recall -> 1 as rho_train -> 1) is "trivial" and not reported.

On the grid an interior maximum is located by a parabola through its three points and a root of
b - b0 by linear interpolation; ``refined_optima`` then polishes each with ``solver.optima`` (Brent).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from . import optima as refine
from .cache import cached_solve, cached_sweep
from .metrics import METRIC_NAMES
from .solution import Solution

Progress = Callable[[float, str], None] | None


def _solve(**kwargs):
    """The one place that chooses between the plain and the cached solver."""
    return cached_solve(**kwargs)


def _sweep(over: str, values, **fixed):
    """The one place that chooses between the plain and the cached sweep.

    Points the continuation left "unsolved" are retried once from the solver's own starting point."""
    sols = cached_sweep(over=over, values=values, **fixed)
    return [
        _solve(**fixed, **{over: v}) if s.phase == "unsolved" else s
        for s, v in zip(sols, values, strict=True)
    ]


def rho_grid(n: int = 61, lo: float = 0.02, hi: float = 0.98) -> np.ndarray:
    """Uniform rho_train grid of ``n`` points, rounded to 1e-6 so that cache keys are stable."""
    return np.round(np.linspace(lo, hi, int(n)), 6)


def log_grid(lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` log-spaced values from lo to hi, rounded to 6 significant digits."""
    return np.array([float(f"{v:.6g}") for v in np.geomspace(lo, hi, int(n))])


def solution_row(sol, rho_test: float | None) -> dict:
    """One table row: control parameters, order parameters, diagnostics and metrics at rho_test.

    ``rho_test=None`` means rho_test = rho_train (as in Fig. 7, right)."""
    row = dict(
        b0=sol.b0, rho0=sol.rho0, alpha=sol.alpha, T=sol.T, rho_train=sol.rho_train, phase=sol.phase,
        R=sol.R, q=sol.q, b=sol.b, train_error=sol.train_error, converged=sol.converged,
    )  # fmt: skip
    rt = sol.rho_train if rho_test is None else rho_test
    row["rho_test"] = rt
    if sol.phase == "unsolved":
        row.update(R=math.nan, q=math.nan, b=math.nan, train_error=math.nan)
        row.update(dict.fromkeys(METRIC_NAMES, math.nan))
    else:
        row.update(sol.metrics(rho_test=rt))
    return row


def table(sols, rho_test: float | None = 0.5) -> pd.DataFrame:
    """DataFrame of ``solution_row`` for a list of solutions."""
    return pd.DataFrame([solution_row(s, rho_test) for s in sols])


def point(b0, alpha, T, rho_train, rho_test=0.5, fix_b=None) -> dict:
    """Everything the explorer states about one point (``solution_row`` plus the solver's message)."""
    sol = _solve(b0=b0, alpha=alpha, T=T, rho_train=rho_train, fix_b=fix_b)
    return {**solution_row(sol, rho_test), "message": sol.message, "residual": sol.residual}


def rho_train_scan(b0, alpha, T, fix_b=None, n=61) -> list[dict]:
    """One rho_train sweep (continuation) on ``rho_grid(n)``, as JSON-safe solution dicts."""
    sols = _sweep(over="rho_train", values=list(rho_grid(n)), b0=b0, alpha=alpha, T=T, fix_b=fix_b)
    return [s.to_dict() for s in sols]


def scan_table(scan: list[dict], rho_test: float | None = 0.5) -> pd.DataFrame:
    """Table of a scan (solution dicts) with the metrics at ``rho_test`` (no new solve)."""
    return table([Solution.from_dict(d) for d in scan], rho_test)


# ---------------------------------------------------------------- optima along rho_train


def _informative(df: pd.DataFrame) -> np.ndarray:
    return (df["phase"] == "informative").to_numpy()


def interior_peak(x, y, ok) -> tuple[float, float] | None:
    """Location and value of the maximum of y(x) over points with ``ok``, refined by a parabola.

    None when the maximum sits on the edge of its informative run (a trivial, boundary maximum)."""
    x, y, ok = np.asarray(x, float), np.asarray(y, float), np.asarray(ok, bool) & np.isfinite(y)
    if ok.sum() < 3:
        return None
    i = int(np.nanargmax(np.where(ok, y, -np.inf)))
    if i == 0 or i == len(x) - 1 or not (ok[i - 1] and ok[i + 1]):
        return None
    return _parabola_vertex(x[i - 1 : i + 2], y[i - 1 : i + 2])


def _parabola_vertex(x3, y3) -> tuple[float, float]:
    a, b, c = np.polyfit(x3, y3, 2)
    if a >= 0:
        return float(x3[1]), float(y3[1])
    xv = float(np.clip(-b / (2 * a), x3[0], x3[2]))
    return xv, float(np.polyval([a, b, c], xv))


def crossing(x, y, level, ok) -> float | None:
    """First x where y crosses ``level`` between two neighbouring ``ok`` points (linear interpolation)."""
    x, d, ok = np.asarray(x, float), np.asarray(y, float) - level, np.asarray(ok, bool)
    for i in range(len(x) - 1):
        if ok[i] and ok[i + 1] and np.isfinite(d[i]) and np.isfinite(d[i + 1]) and d[i] * d[i + 1] <= 0:
            if d[i] == d[i + 1]:
                return float(x[i])
            return float(x[i] - d[i] * (x[i + 1] - x[i]) / (d[i + 1] - d[i]))
    return None


def optima(df: pd.DataFrame, b0: float, metrics: Sequence[str] = METRIC_NAMES) -> dict:
    """rho(R*), R*, rho(b*) and the interior peak (location, value) of each metric, from a sweep table.

    Missing optima are None. Keys: rho_R_star, R_star, rho_b_star, peaks = {metric: (rho, value)}."""
    x, ok = df["rho_train"].to_numpy(), _informative(df)
    r_peak = interior_peak(x, df["R"], ok)
    peaks = {m: interior_peak(x, df[m], ok) for m in metrics}
    return dict(
        rho_R_star=r_peak and r_peak[0],
        R_star=r_peak and r_peak[1],
        rho_b_star=crossing(x, df["b"], b0, ok),
        peaks={m: p for m, p in peaks.items() if p is not None},
    )


def refined_optima(scan: list[dict], rho_test: float | None, metrics: Sequence[str] = METRIC_NAMES) -> dict:
    """``optima`` of a rho_train scan, each existing optimum refined by Brent's method (solver.optima).

    Metric peaks are refined only for a fixed rho_test (None, i.e. rho_test = rho_train, keeps the
    grid estimate)."""
    sols = [Solution.from_dict(d) for d in scan]
    df = table(sols, rho_test)
    s0 = sols[0]
    kw = dict(b0=s0.b0, alpha=s0.alpha, T=s0.T, grid=df["rho_train"].to_numpy(), sols=sols)
    out = optima(df, s0.b0, metrics)
    if out["rho_R_star"] is not None:
        best = refine.argmax("R", fix_b=s0.fix_b, **kw)
        out["rho_R_star"], out["R_star"] = best.rho_train, best.value
    if out["rho_b_star"] is not None and s0.fix_b is None:
        out["rho_b_star"] = refine.rho_b_star(**kw).rho_train
    if rho_test is not None:
        for m in out["peaks"]:
            best = refine.argmax(m, fix_b=s0.fix_b, rho_test=rho_test, **kw)
            out["peaks"][m] = (best.rho_train, best.value)
    return out


def value_at(df: pd.DataFrame, column: str, rho: float) -> float:
    """Linear interpolation of a sweep column at rho_train = rho (NaN outside or across a gap)."""
    x, y = df["rho_train"].to_numpy(), df[column].to_numpy(float)
    y = np.where(_informative(df), y, np.nan)
    return float(np.interp(rho, x, y, left=np.nan, right=np.nan))


def runs(mask) -> list[tuple[int, int]]:
    """Index ranges [start, stop] (inclusive) of the contiguous True runs of ``mask``."""
    out, start = [], None
    for i, m in enumerate(list(mask) + [False]):
        if m and start is None:
            start = i
        elif not m and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def dummy_intervals(df: pd.DataFrame) -> list[tuple[float, float]]:
    """rho_train intervals of the dummy phase, each widened by half a grid step on both sides."""
    x = df["rho_train"].to_numpy(float)
    h = float(np.diff(x).min()) / 2 if len(x) > 1 else 0.0
    return [(x[i] - h, x[j] + h) for i, j in runs(df["phase"] == "dummy")]

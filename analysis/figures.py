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
from functools import partial

import numpy as np
import pandas as pd
from scipy.special import ndtr

from solver.cache import cached_solve, cached_sweep
from solver.metrics import METRIC_NAMES
from solver.params import rho0_from_b0
from solver.solution import Solution

from . import memo
from . import optima as refine

Progress = Callable[[float, str], None] | None


def _solve(**kwargs):
    """The one place that chooses between the plain and the cached solver."""
    return cached_solve(**kwargs)


def _sweep(over: str, values, **fixed):
    """The one place that chooses between the plain and the cached sweep."""
    return cached_sweep(over=over, values=values, **fixed)


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
    replicon = sol.replicon() if sol.converged else None  # RS stability (solver.stability)
    row = solution_row(sol, rho_test)
    return {**row, "message": sol.message, "residual": sol.residual, "replicon": replicon}


def rho_train_scan(b0, alpha, T, fix_b=None, n=61) -> list[dict]:
    """One rho_train sweep (continuation) on ``rho_grid(n)``, as JSON-safe solution dicts."""
    sols = _sweep(over="rho_train", values=list(rho_grid(n)), b0=b0, alpha=alpha, T=T, fix_b=fix_b)
    return [s.to_dict() for s in sols]


def scan_table(scan: list[dict], rho_test: float | None = 0.5) -> pd.DataFrame:
    """Table of a scan (solution dicts) with the metrics at ``rho_test`` (no new solve)."""
    return table([Solution.from_dict(d) for d in scan], rho_test)


# ---------------------------------------------------------------- optima along rho_train


def _informative(df: pd.DataFrame) -> np.ndarray:
    return _is(df, "informative")


def _is(df: pd.DataFrame, phase: str) -> np.ndarray:
    """Rows in ``phase``: a plain list comparison (pandas' Arrow string comparison costs ~20x more on
    every rerun, and releases the interpreter lock that other sessions then hold)."""
    return np.array([p == phase for p in df["phase"].tolist()], dtype=bool)


def optima(
    df: pd.DataFrame, b0: float, metrics: Sequence[str] = METRIC_NAMES, fixed_bias: bool = False
) -> dict:
    """rho(R*), R*, rho(b*) and the interior peak (location, value) of each metric, from a sweep table.

    Keys: rho_R_star, R_star, rho_b_star (None when not found), peaks = {metric: (rho, value)} (found
    ones only) and found = {"R": Found, "b": Found, metric: Found}, whose ``reason`` says why one is
    missing. With ``fixed_bias`` (b held at b0) there is no rho(b*)."""
    x, ok = df["rho_train"].to_numpy(), _informative(df)
    found = {"R": refine.peak(x, df["R"], ok)}
    found["b"] = (
        refine.not_learned(b0) if fixed_bias else refine.crossing(x, df["b"], b0, ok, level_name="b0")
    )
    if b0 == 0 and found["b"].found and abs(found["b"].x - 0.5) < 1e-6:
        found["b"] = refine.Found(True, 0.5, 0.0, refine.balanced(value_at(df, "b", 0.5)))
    found |= {m: refine.peak(x, df[m], ok) for m in metrics}
    return _as_dict(found, metrics)


def _as_dict(found: dict, metrics) -> dict:
    r, b = found["R"], found["b"]
    return dict(
        rho_R_star=r.x if r.found else None,
        R_star=r.value if r.found else None,
        rho_b_star=b.x if b.found else None,
        peaks={m: (found[m].x, found[m].value) for m in metrics if found[m].found},
        found=found,
    )


REFINED_METRICS = ("balanced_accuracy", "precision")  # the two proxies the paper recommends


def refined_optima(
    scan: list[dict],
    rho_test: float | None,
    metrics: Sequence[str] = METRIC_NAMES,
    refine_metrics=REFINED_METRICS,
) -> dict:
    """``optima`` of a rho_train scan; rho(R*), rho(b*) and the peaks of ``refine_metrics`` refined on the
    solver (``analysis.optima``), the other peaks kept at their parabola estimate (agreeing to ~1e-3,
    at a fraction of the cost). Metric peaks are refined only for a fixed rho_test. Each refinement is kept
    in the disk cache, keyed by the scan's digest (``memo.found``)."""
    sols = [Solution.from_dict(d) for d in scan]
    df = table(sols, rho_test)
    s0 = sols[0]
    kw = dict(b0=s0.b0, alpha=s0.alpha, T=s0.T, fix_b=s0.fix_b, grid=df["rho_train"].to_numpy(), sols=sols)
    tag = memo.digest(scan)
    found = optima(df, s0.b0, metrics, fixed_bias=s0.fix_b is not None)["found"]
    if found["R"].found:
        found["R"] = memo.found("argmax", partial(refine.argmax, "R", **kw), "R", tag)
    if found["b"].found or s0.b0 == 0:
        found["b"] = memo.found("rho_b_star", partial(refine.rho_b_star, **kw), tag)
    if rho_test is not None:
        for m in sorted(set(metrics) & set(refine_metrics)):
            if found[m].found:
                find = partial(refine.argmax, m, rho_test=rho_test, **kw)
                found[m] = memo.found("argmax", find, m, tag, rho_test)
    return _as_dict(found, metrics)


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
    return [(x[i] - h, x[j] + h) for i, j in runs(_is(df, "dummy"))]


# ---------------------------------------------------------------- families of sweeps (Figs. 3, 4, 7, 8, 11)


def _rho_test_for(choice, b0: float):
    """rho_test of a family member: a number, "rho0" (the population's imbalance) or None (= rho_train)."""
    return rho0_from_b0(b0) if choice == "rho0" else choice


def family(b0s, alpha, T, n=61, rho_test=0.5, fixed_bias=False, alphas=None, Ts=None) -> pd.DataFrame:
    """Long table of rho_train sweeps for every combination of b0 in ``b0s``, alpha in ``alphas`` (default
    [alpha]) and T in ``Ts`` (default [T]); ``fixed_bias`` holds b = b0 (App. D). Metrics at ``rho_test``
    (number, "rho0" or None = rho_train)."""
    frames = []
    for b0 in b0s:
        for a in alphas or [alpha]:
            for t in Ts or [T]:
                scan = rho_train_scan(b0, a, t, b0 if fixed_bias else None, n)
                frames.append(scan_table(scan, _rho_test_for(rho_test, b0)))
    return pd.concat(frames, ignore_index=True)


def family_optima(df: pd.DataFrame, by=("b0", "alpha", "T"), fixed_bias: bool = False) -> pd.DataFrame:
    """One row per family member: rho(R*), R*, rho(b*), R and b at rho_train = rho0, metric peaks, and
    ``why``: the reasons for the optima that are missing (or found in a special way), in words."""
    rows = []
    for keys, part in df.groupby(list(by), sort=False):
        part = part.reset_index(drop=True)
        b0, rho0 = part["b0"].iloc[0], part["rho0"].iloc[0]
        opt = optima(part, b0, fixed_bias=fixed_bias)
        row = dict(zip(by, keys, strict=True)) | dict(rho0=rho0, rho_R_star=opt["rho_R_star"])
        row |= dict(R_star=opt["R_star"], rho_b_star=opt["rho_b_star"])
        row |= dict(R_at_rho0=value_at(part, "R", rho0), b_at_rho0=value_at(part, "b", rho0))
        for m in METRIC_NAMES:
            peak = opt["peaks"].get(m)
            row[f"rho_peak_{m}"], row[f"peak_{m}"] = peak if peak else (None, None)
        row["why"] = reasons(opt["found"], ("R", "b"))
        rows.append(row)
    return pd.DataFrame(rows)


NAMES = {"R": "ρ(R*)", "b": "ρ(b*)"}


def reasons(found: dict, keys) -> str:
    """'ρ(R*): <reason>; ρ(b*): <reason>' for the results among ``keys`` that carry a reason."""
    return "; ".join(f"{NAMES.get(k, k)}: {found[k].reason}" for k in keys if found[k].reason)


def peak_shift(over: str, values, b0, alpha, T, n=61) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fig. 4: balanced accuracy against rho_train - rho_peak for a family in ``over`` ("alpha" or "T").

    Returns (curves with a ``shift`` column, one row per member with rho_peak and the peak value)."""
    kw = {"alphas": list(values)} if over == "alpha" else {"Ts": list(values)}
    df = family([b0], alpha, T, n, 0.5, **kw)
    peaks = family_optima(df)[[over, "rho0", "rho_peak_balanced_accuracy", "peak_balanced_accuracy"]]
    peaks = peaks.rename(
        columns={"rho_peak_balanced_accuracy": "rho_peak", "peak_balanced_accuracy": "abal_peak"}
    ).astype({"rho_peak": float, "abal_peak": float})
    df = df.merge(peaks[[over, "rho_peak"]], on=over)
    df["shift"] = df["rho_train"] - df["rho_peak"]
    return df, peaks


def metrics_vs_R(b0, alphas, T, n=61, rho_test=0.5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fig. 11: each metric against R along the rho_train sweep, for each alpha.

    Returns (curves, peaks) where peaks has, per alpha and metric, the R and value at the metric's
    interior maximum and R* (the rightmost point of the curves)."""
    df = family([b0], T=T, alpha=alphas[0], alphas=list(alphas), n=n, rho_test=rho_test)
    rows = []
    for a, part in df.groupby("alpha", sort=False):
        part = part.reset_index(drop=True)
        opt = optima(part, b0)
        for m, (rho, v) in opt["peaks"].items():
            R = value_at(part, "R", rho)
            rows.append(dict(alpha=a, metric=m, rho_train=rho, R=R, value=v, R_star=opt["R_star"]))
    return df, pd.DataFrame(rows)


def metrics_vs_rho_test(b0, alphas, T, rho_train=0.5, n=99) -> pd.DataFrame:
    """Fig. 12: metrics against rho_test at a fixed rho_train, one block per alpha (one solve each)."""
    rho_tests = np.round(np.linspace(0.01, 0.99, int(n)), 6)
    frames = []
    for a in alphas:
        sol = _solve(b0=b0, alpha=a, T=T, rho_train=rho_train)
        frames.append(pd.DataFrame([solution_row(sol, float(r)) for r in rho_tests]))
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- Fig. 5: temperature and the crossover T*


def temperature_scan(b0, alpha, rho_trains, T_lo=0.005, T_hi=10.0, n=41) -> pd.DataFrame:
    """Balanced accuracy and b against T (log grid) for each rho_train, sweeping T with continuation."""
    Ts = list(log_grid(T_lo, T_hi, n))
    frames = [table(_sweep("T", Ts, b0=b0, alpha=alpha, rho_train=r), 0.5) for r in rho_trains]
    return pd.concat(frames, ignore_index=True)


def crossovers(b0: float, alpha: float, rho_trains) -> pd.DataFrame:
    """T* (``analysis.optima.crossover_T``, independent of any plotted T grid) for each rho_train, with
    a_bal and b at the lowest T. ``why`` says why T* is missing where it is (empty otherwise)."""
    rows = []
    for rho in rho_trains:
        sols = _sweep("T", list(refine.T_GRID), b0=b0, alpha=alpha, rho_train=rho)
        tag = memo.digest([s.to_dict() for s in sols])
        t_star = memo.found("crossover_T", partial(refine.crossover_T, b0, alpha, rho, sols), tag)
        low = solution_row(sols[0], 0.5)
        rows.append(dict(
            rho_train=rho, T_star=t_star.x if t_star.found else None, abal_low_T=low["balanced_accuracy"],
            b_low_T=low["b"], why=t_star.reason,
        ))  # fmt: skip
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- Fig. 6: informative samples (App. A)


def boundary_densities(b0_lo: float = -3.0, b0_hi: float = 0.0, n: int = 121) -> pd.DataFrame:
    """Density of each class at the teacher's boundary, relative to b0 = 0 (Eqs. 23-24 / their value at 0),
    on a grid of ``n`` values of b0.

    P+(b0)/P+(0) = exp(-b0^2/2) / (2 Phi(b0)) for the anomalies (g0 > 0) and
    P-(b0)/P-(0) = exp(-b0^2/2) / (2 (1 - Phi(b0))) for the normal class."""
    b0 = np.linspace(b0_lo, b0_hi, int(n))
    gauss, rho0 = np.exp(-(b0**2) / 2), ndtr(b0)
    return pd.DataFrame(dict(b0=b0, rho0=rho0, P_plus=gauss / (2 * rho0), P_minus=gauss / (2 * (1 - rho0))))


# ---------------------------------------------------------------- Figs. 9, 10: optimal rho_train


NEAR = 3  # grid points on each side of a neighbour's optimum searched first (``optimal_point``)


def optimal_point(b0: float, alpha: float, T: float, n: int = 31, near: float | None = None) -> dict:
    """rho(R*) and R* at one (b0, alpha, T): a rho_train sweep of ``n`` points refined by Brent.

    ``near``, the rho(R*) of a neighbouring point, restricts the sweep to the ``2 NEAR + 1`` points of the
    same grid around it (the same refinement between the same grid neighbours): used when the maximum is
    interior there, else the whole sweep decides (edges, flat curves and their reasons as without it).
    Kept in the disk cache (``memo.disk``)."""
    return memo.disk("optimal_point", _optimal_point, b0, alpha, T, n, near, check=_optimal_check)


def _optimal_check(row) -> None:
    keys = {"b0", "alpha", "T", "rho0", "rho_R_star", "R_star", "why"}
    if set(row) != keys or not isinstance(row["why"], str):
        raise ValueError("not an optimal point")


def _optimal_point(b0: float, alpha: float, T: float, n: int, near: float | None) -> dict:
    if near is not None and math.isfinite(near):
        grid = rho_grid(n)
        i = int(np.argmin(np.abs(grid - near)))
        local = refine.argmax("R", b0, alpha, T, grid=grid[max(0, i - NEAR) : i + NEAR + 1])
        if local.found:
            return _optimal_row(b0, alpha, T, local.x, local.value, local.reason)
    r = refined_optima(rho_train_scan(b0, alpha, T, None, n), 0.5, metrics=())["found"]["R"]
    return _optimal_row(b0, alpha, T, r.x if r.found else None, r.value if r.found else None, r.reason)


def _optimal_row(b0, alpha, T, rho, R, why) -> dict:
    return dict(b0=b0, alpha=alpha, T=T, rho0=rho0_from_b0(b0), rho_R_star=rho, R_star=R, why=why)


def optimal_rho_train(
    over: str, values, b0=-0.6, alpha=1.1, T=0.5, n=31, progress: Progress = None, point=None
):
    """rho(R*) and R* against ``over`` ("alpha" or "b0"), one ``optimal_point`` per value, each searched
    first near the previous value's optimum.

    ``progress(fraction, text)`` is called after each value (long computation); ``point`` replaces
    ``optimal_point`` (e.g. by a cached version of it)."""
    point = point or optimal_point
    rows = []
    for k, v in enumerate(values):
        p = dict(b0=b0, alpha=alpha, T=T) | {over: float(v)}
        near = rows[-1]["rho_R_star"] if rows else None  # continuation: the neighbour's optimum
        rows.append(point(p["b0"], p["alpha"], p["T"], n, near))
        if progress:
            progress((k + 1) / len(values), f"{over} = {v:.4g}: {k + 1} of {len(values)} done")
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- Figs. 1, 2: a 2-D sketch


def sketch(b0, alpha, T, rho_train, n_train=60, n_population=1500, seed=0) -> dict:
    """A 2-D picture of the model: x is the teacher's direction (label +1 when x + b0 > 0), y any
    orthogonal direction. The student's boundary is R x + sqrt(1 - R^2) y + b = 0 from the solved (R, b).

    Returns population points, a train set with round(n_train * rho_train) anomalies drawn from the
    Gaussian restricted to each side of the teacher's boundary (Eq. 4), the class counts and the student."""
    from scipy.stats import truncnorm  # noqa: PLC0415 (scipy.stats costs ~1 s to import: this page only)

    rng = np.random.default_rng(seed)
    sol = _solve(b0=b0, alpha=alpha, T=T, rho_train=rho_train)
    n_pos = int(round(n_train * rho_train))
    pos = truncnorm.rvs(-b0, np.inf, size=n_pos, random_state=rng)
    neg = truncnorm.rvs(-np.inf, -b0, size=n_train - n_pos, random_state=rng)
    train = pd.DataFrame(
        dict(x=np.r_[pos, neg], y=rng.standard_normal(n_train), label=[1] * n_pos + [-1] * len(neg))
    )
    population = pd.DataFrame(dict(x=rng.standard_normal(n_population), y=rng.standard_normal(n_population)))
    return dict(
        train=train, population=population, n_pos=n_pos, n_neg=n_train - n_pos, phase=sol.phase,
        R=sol.R, b=sol.b, message=sol.message, w=(sol.R, math.sqrt(max(1 - sol.R**2, 0.0))),
    )  # fmt: skip


def half_plane(w, b, box=3.5) -> list[tuple[float, float]]:
    """Polygon of the square [-box, box]^2 where w . (x, y) + b > 0 (the student's "anomaly" region)."""
    corners = [(-box, -box), (box, -box), (box, box), (-box, box)]
    out = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        f0, f1 = w[0] * x0 + w[1] * y0 + b, w[0] * x1 + w[1] * y1 + b
        if f0 > 0:
            out.append((x0, y0))
        if f0 * f1 < 0:
            t = f0 / (f0 - f1)
            out.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    return out

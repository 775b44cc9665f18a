"""Optima and crossings along one parameter: every finder returns a ``Found`` and never raises.

Two levels, one helper each:

* on a sampled curve (a sweep table): ``peak`` (interior maximum, refined by the parabola through the
  best grid point and its two neighbours) and ``crossing`` (first crossing of a level, linear
  interpolation between the two grid points that bracket it);
* on the solver: ``argmax`` (rho(R*) and the metric peaks: bounded Brent search between the neighbours
  of the best grid point, every evaluation a warm-started ``solve``), ``rho_b_star`` (the rho_train where
  the learned b equals b0: Brent's root finder inside the bracket of the grid crossing) and
  ``crossover_T`` (T* of Fig. 5, located on the solver independently of any plotted grid).

Where there is nothing to find (no sign change, a flat or monotone curve, a maximum on the edge of the
range or of the informative branch, the bias fixed, the dummy phase everywhere) the result has
``found=False`` and a ``reason`` in words that pages show as it is. A found result may carry a reason
too (e.g. the exact answer at the symmetric point b0 = 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from solver import Solution, solve, sweep

XTOL = 1e-6
DEFAULT_GRID = np.linspace(0.02, 0.98, 49)
T_GRID = np.array([float(f"{v:.6g}") for v in np.geomspace(0.005, 10.0, 41)])  # T* bracketing grid
FLAT = 1e-9  # a curve whose values differ by less than this (relative) has no peak
SLOPE_STEP = 1e-3  # central-difference step in log10 T for the slope of a_bal
EDGE_STEP = 1e-5  # one-sided step at the end of the informative branch (located to XTOL = 1e-6)
SYMBOLS = {"rho_train": "ρtrain", "T": "T", "b": "b", "b0": "b0", "R": "R"}


@dataclass(frozen=True)
class Found:
    """Outcome of a finder. ``x`` and ``value`` locate the optimum or crossing when ``found``; otherwise
    ``reason`` says in words why there is none (and x, value may give the best point on the range)."""

    found: bool
    x: float | None = None
    value: float | None = None
    reason: str = ""
    solution: Solution | None = None


def none(reason: str, x: float | None = None, value: float | None = None, solution=None) -> Found:
    """A result with nothing found, and why."""
    return Found(False, x, value, reason, solution)


def _sym(name: str) -> str:
    return SYMBOLS.get(name, name)


# ---------------------------------------------------------------- on a sampled curve


def peak(x, y, ok=None, over: str = "rho_train") -> Found:
    """Interior maximum of y(x) over the points with ``ok`` (default: all finite points)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = (np.ones(len(x), bool) if ok is None else np.asarray(ok, bool)) & np.isfinite(y)
    if ok.sum() == 0:
        return none("no informative point on this range (the student is a dummy everywhere)")
    if ok.sum() < 3:
        return none("fewer than three informative points on this range")
    vals = y[ok]
    if vals.max() - vals.min() <= FLAT * max(1.0, float(np.abs(vals).max())):
        return none("the curve is flat on this range: no peak")
    i = int(np.argmax(np.where(ok, y, -np.inf)))
    if i == 0 or i == len(x) - 1 or not (ok[i - 1] and ok[i + 1]):
        where = "range" if i in (0, len(x) - 1) else "informative branch"
        return none(
            f"no interior peak on this range: the maximum is at the edge of the {where}, "
            f"{_sym(over)} = {x[i]:.3g}",
            float(x[i]),
            float(y[i]),
        )
    xv, yv = _parabola_vertex(x[i - 1 : i + 2], y[i - 1 : i + 2])
    return Found(True, xv, yv)


def _parabola_vertex(x3, y3) -> tuple[float, float]:
    a, b, c = np.polyfit(x3, y3, 2)
    if a >= 0:
        return float(x3[1]), float(y3[1])
    xv = float(np.clip(-b / (2 * a), x3[0], x3[2]))
    return xv, float(np.polyval([a, b, c], xv))


def crossing(x, y, level: float, ok=None, what: str = "b", level_name: str = "b0") -> Found:
    """First x where y reaches ``level`` between two neighbouring ``ok`` points (linear interpolation)."""
    x, d = np.asarray(x, float), np.asarray(y, float) - level
    ok = (np.ones(len(x), bool) if ok is None else np.asarray(ok, bool)) & np.isfinite(d)
    if ok.sum() < 2:
        return none("fewer than two informative points on this range")
    for i in range(len(x)):
        if ok[i] and d[i] == 0:
            return Found(True, float(x[i]), float(level))
        if i + 1 < len(x) and ok[i] and ok[i + 1] and d[i] * d[i + 1] < 0:
            return Found(True, float(x[i] - d[i] * (x[i + 1] - x[i]) / (d[i + 1] - d[i])), float(level))
    side = "above" if np.all(d[ok] > 0) else "below" if np.all(d[ok] < 0) else None
    lo, hi = x[ok].min(), x[ok].max()
    if side is None:
        return none(f"{what} reaches {level_name} only across a gap of the informative branch")
    return none(
        f"no crossing: {what} stays {side} {level_name} = {level:.3g} on the whole informative range "
        f"({lo:.3g} to {hi:.3g})"
    )


# ---------------------------------------------------------------- on the solver


def value_of(sol: Solution, quantity: str, rho_test: float = 0.5) -> float:
    """R, b, q or any metric name of a solution (metrics at rho_test); nan when unsolved."""
    if not sol.converged:
        return math.nan
    if quantity in ("R", "q", "b"):
        return float(getattr(sol, quantity))
    return float(sol.metrics(rho_test)[quantity])


def informative_value(sol: Solution, quantity: str, rho_test: float = 0.5) -> float:
    """``value_of`` on the informative branch, nan elsewhere (dummy or unsolved)."""
    return value_of(sol, quantity, rho_test) if sol.phase == "informative" else math.nan


def _solver(params: dict, over: str, near: Solution):
    def at(v: float) -> Solution:
        return solve(**{**params, over: float(v)}, near=near)

    return at


def _sweep(params: dict, grid, sols):
    grid = np.asarray(DEFAULT_GRID if grid is None else grid, dtype=float)
    return grid, (sols if sols is not None else sweep("rho_train", grid, **params))


def argmax(
    quantity: str,
    b0: float,
    alpha: float,
    T: float,
    fix_b: float | None = None,
    rho_test: float = 0.5,
    grid=None,
    sols: list[Solution] | None = None,
) -> Found:
    """Interior maximum of ``quantity`` over rho_train on the informative branch (e.g. "R" for rho(R*)).

    The grid maximum (``peak``) is refined by a bounded Brent search between its neighbours."""
    params = dict(b0=b0, alpha=alpha, T=T, fix_b=fix_b)
    grid, sols = _sweep(params, grid, sols)
    vals = np.array([informative_value(s, quantity, rho_test) for s in sols])
    coarse = peak(grid, vals)
    if not coarse.found:
        i = None if coarse.x is None else int(np.flatnonzero(grid == coarse.x)[0])
        return none(coarse.reason, coarse.x, coarse.value, None if i is None else sols[i])
    i = int(np.nanargmax(vals))
    at = _solver(params, "rho_train", sols[i])

    def loss(rho: float) -> float:
        v = informative_value(at(rho), quantity, rho_test)
        return -v if math.isfinite(v) else math.inf

    res = minimize_scalar(loss, bounds=(grid[i - 1], grid[i + 1]), method="bounded", options={"xatol": XTOL})
    best = at(float(res.x))
    value = informative_value(best, quantity, rho_test)
    if not math.isfinite(value) or value < vals[i]:
        return Found(True, float(grid[i]), float(vals[i]), "", sols[i])
    return Found(True, float(res.x), value, "", best)


def rho_b_star(b0: float, alpha: float, T: float, fix_b: float | None = None, grid=None, sols=None) -> Found:
    """The rho_train where the learned bias equals the teacher's, b = b0 (first crossing)."""
    if fix_b is not None:
        return not_learned(fix_b)
    params = dict(b0=b0, alpha=alpha, T=T, fix_b=None)
    grid, sols = _sweep(params, grid, sols)
    if b0 == 0:
        return _balanced_teacher(params, grid, sols)
    b = np.array([informative_value(s, "b") for s in sols])
    coarse = crossing(grid, b, b0, level_name="b0")
    if not coarse.found:
        return coarse
    i = int(np.searchsorted(grid, coarse.x, side="right")) - 1
    if grid[i] == coarse.x or i + 1 >= len(grid):
        return Found(True, coarse.x, b0, "", sols[i])
    at = _solver(params, "rho_train", sols[i])
    rho = _root(lambda r: informative_value(at(r), "b") - b0, grid[i], grid[i + 1], b[i] - b0, b[i + 1] - b0)
    if rho is None:
        return Found(True, coarse.x, b0, "located on the grid (linear interpolation)")
    return Found(True, rho, b0, "", at(rho))


def not_learned(fix_b: float) -> Found:
    """rho(b*) with the bias held fixed: not defined."""
    return none(f"the student's bias is held at b = {fix_b:.3g}, not learned: ρ(b*) is not defined")


def _balanced_teacher(params: dict, grid, sols) -> Found:
    """b0 = 0: the symmetry (b, rho_train) -> (-b, 1 - rho_train) fixes b = 0 at rho_train = 1/2."""
    near = sols[int(np.argmin(np.abs(grid - 0.5)))]
    sol = _solver(params, "rho_train", near)(0.5)
    b = informative_value(sol, "b")
    if not math.isfinite(b):
        return none("at b0 = 0 the student at ρtrain = 0.5 is not informative: no ρ(b*)")
    return Found(True, 0.5, 0.0, balanced(b), sol)


def balanced(b: float) -> str:
    """Why rho(b*) = 1/2 at b0 = 0, with the b computed there."""
    return f"at b0 = 0 the teacher is balanced: ρ(b*) = 0.5 exactly (b = {abs(b):.1g} there)"


def _root(f, lo: float, hi: float, f_lo: float, f_hi: float) -> float | None:
    """Brent's root of f in [lo, hi] given its signs at the ends (from the sweep); None when an
    evaluation inside is not finite (the branch was lost) or Brent does not converge."""
    bad = []

    def g(r: float) -> float:
        if r == lo:
            return f_lo
        if r == hi:
            return f_hi
        v = f(r)
        if not math.isfinite(v):
            bad.append(r)
            return f_lo  # keeps the bracket; the result is discarded below
        return v

    if not f_lo * f_hi < 0:
        return None
    rho, info = brentq(g, lo, hi, xtol=XTOL, full_output=True, disp=False)
    return float(rho) if info.converged and not bad else None


def crossover_T(b0: float, alpha: float, rho_train: float, sols: list[Solution] | None = None) -> Found:
    """T* of Fig. 5: the tangent to a_bal against log10 T at its steepest descent meets the low-noise
    plateau a_bal(T = 0.005) at T*.

    The steepest descent is bracketed on the fixed grid ``T_GRID`` (``sols``: the sweep on it) and
    located by Brent on the solver (slope by central differences), so T* does not depend on the grid
    a page plots. Where the descent is steepest at the end of the informative branch (the student turns
    dummy), that end is located by bisection and the one-sided slope there is used: the limit of the
    tangent rule on ever finer grids. Not found without a clear descent (less than 1% of the plateau's
    distance from 0.5)."""
    params = dict(b0=b0, alpha=alpha, rho_train=rho_train)
    sols = sols if sols is not None else sweep("T", T_GRID, **params)
    a = np.array([informative_value(s, "balanced_accuracy") for s in sols])
    ok = np.isfinite(a)
    if not ok[0]:
        return none(f"at the lowest T = {T_GRID[0]:g} the student is not informative: no low-noise plateau")
    idx = np.flatnonzero(ok)
    if len(idx) < 4:
        return none("fewer than four informative points along T")
    x, y = np.log10(T_GRID[idx]), a[idx]
    slope = np.gradient(y, x)
    j = int(np.argmin(slope))
    plateau = y[0]
    if slope[j] >= 0 or plateau - y.min() < 0.01 * (plateau - 0.5):
        return none(f"a_bal hardly falls with T on [{T_GRID[0]:g}, {T_GRID[-1]:g}]: no crossover")
    at = _solver({**params, "fix_b": None}, "T", sols[idx[j]])

    def a_at(u: float) -> float:
        return informative_value(at(10**u), "balanced_accuracy")

    lo, hi = x[max(j - 1, 0)], x[min(j + 1, len(x) - 1)]
    k = idx[j]
    ends = (j == len(x) - 1 or idx[j + 1] != k + 1) and k + 1 < len(T_GRID)
    if ends:
        hi = _branch_end(a_at, x[j], math.log10(T_GRID[k + 1]))  # the descent ends where the branch does
    u, s = _steepest(a_at, lo, hi, x[j], slope[j])
    if ends:  # steepest at the very end of the branch: the one-sided slope there
        s_end = (a_at(hi) - a_at(hi - EDGE_STEP)) / EDGE_STEP
        if math.isfinite(s_end) and s_end < s:
            u, s = hi, s_end
    return Found(True, float(10 ** (u + (plateau - a_at(u)) / s)), float(plateau))


def _branch_end(f, inside: float, outside: float) -> float:
    """Bisection to XTOL for the end of the region where f is finite (the informative branch)."""
    while abs(outside - inside) > XTOL:
        mid = 0.5 * (inside + outside)
        inside, outside = (mid, outside) if math.isfinite(f(mid)) else (inside, mid)
    return inside


def _steepest(f, lo: float, hi: float, u0: float, s0: float) -> tuple[float, float]:
    """(u, slope) at the most negative slope of f in [lo, hi], by Brent on central differences; the grid
    estimate (u0, s0) when the refinement finds nothing steeper."""
    h = SLOPE_STEP

    def slope(u: float) -> float:
        s = (f(u + h) - f(u - h)) / (2 * h)
        return s if math.isfinite(s) else 0.0

    if hi - lo <= 4 * h:
        return u0, s0
    res = minimize_scalar(slope, bounds=(lo + h, hi - h), method="bounded", options={"xatol": XTOL})
    if res.fun < 0 and math.isfinite(f(res.x)):
        return float(res.x), float(res.fun)
    return u0, s0

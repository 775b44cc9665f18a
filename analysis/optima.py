"""Optimal train imbalance: rho(R*), rho(b*) and the peak of each metric along rho_train.

Each optimum is located on a sweep, then refined: maxima by bounded Brent search between the
neighbours of the best grid point, the crossing b = b0 by Brent's root finder, every evaluation
a warm-started ``solve``. A maximum on the first/last grid point (e.g. recall, which grows until
the dummy phase) is reported with ``at_edge=True`` and not refined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from solver.api import solve, sweep
from solver.solution import Solution

XTOL = 1e-6
DEFAULT_GRID = np.linspace(0.02, 0.98, 49)


@dataclass(frozen=True)
class Optimum:
    """Location and value of an optimum along rho_train, with the solution there."""

    quantity: str
    rho_train: float
    value: float
    solution: Solution
    at_edge: bool = False


def value_of(sol: Solution, quantity: str, rho_test: float = 0.5) -> float:
    """R, b, q or any metric name of a solution (metrics at rho_test); nan when unsolved."""
    if not sol.converged:
        return float("nan")
    if quantity in ("R", "q", "b"):
        return float(getattr(sol, quantity))
    return float(sol.metrics(rho_test)[quantity])


def _guess(sol: Solution):
    return (sol.q, sol.R / np.sqrt(sol.q), sol.b) if sol.phase == "informative" else None


def _solver(params: dict, near: Solution):
    guess = _guess(near)

    def at(rho: float) -> Solution:
        return solve(**params, rho_train=rho, guess=guess)

    return at


def argmax(
    quantity: str,
    b0: float,
    alpha: float,
    T: float,
    fix_b: float | None = None,
    rho_test: float = 0.5,
    grid=None,
    sols: list[Solution] | None = None,
) -> Optimum | None:
    """Maximum of ``quantity`` over rho_train (e.g. "R" for rho(R*), "balanced_accuracy")."""
    grid = np.asarray(DEFAULT_GRID if grid is None else grid, dtype=float)
    params = dict(b0=b0, alpha=alpha, T=T, fix_b=fix_b)
    sols = sols if sols is not None else sweep("rho_train", grid, **params)
    vals = np.array([value_of(s, quantity, rho_test) for s in sols])
    if not np.any(np.isfinite(vals)):
        return None
    i = int(np.nanargmax(vals))
    if i in (0, len(grid) - 1):
        return Optimum(quantity, float(grid[i]), float(vals[i]), sols[i], at_edge=True)
    at = _solver(params, sols[i])
    res = minimize_scalar(
        lambda rho: -value_of(at(rho), quantity, rho_test),
        bounds=(grid[i - 1], grid[i + 1]),
        method="bounded",
        options={"xatol": XTOL},
    )
    best = at(float(res.x))
    value = value_of(best, quantity, rho_test)
    if not np.isfinite(value) or value < vals[i]:
        return Optimum(quantity, float(grid[i]), float(vals[i]), sols[i])
    return Optimum(quantity, float(res.x), value, best)


def rho_b_star(
    b0: float, alpha: float, T: float, grid=None, sols: list[Solution] | None = None
) -> Optimum | None:
    """The rho_train at which the learned bias equals the teacher's, b = b0 (first crossing)."""
    grid = np.asarray(DEFAULT_GRID if grid is None else grid, dtype=float)
    params = dict(b0=b0, alpha=alpha, T=T, fix_b=None)
    sols = sols if sols is not None else sweep("rho_train", grid, **params)
    diff = np.array([s.b - b0 if s.phase == "informative" and s.converged else np.nan for s in sols])
    for i in range(len(grid) - 1):
        if np.isfinite(diff[i]) and np.isfinite(diff[i + 1]) and diff[i] * diff[i + 1] <= 0:
            return _crossing(_solver(params, sols[i]), b0, grid[i], grid[i + 1])
    return None


def _crossing(at, b0: float, lo: float, hi: float) -> Optimum:
    rho = brentq(lambda r: at(r).b - b0, lo, hi, xtol=XTOL)
    sol = at(rho)
    return Optimum("b", float(rho), float(sol.b), sol)

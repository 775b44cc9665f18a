"""Exact RS solution of the imbalanced teacher-student perceptron (Pezzicoli et al., AISTATS 2025).

Pure numpy/scipy. Main entry points::

    from solver import solve, sweep, rho0_from_b0, b0_from_rho0
    sol = solve(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
    sol.R, sol.b, sol.phase, sol.converged, sol.metrics(rho_test=0.5)
    sweep("rho_train", values, b0=-0.6, alpha=1.1, T=0.5)       # continuation, list of Solution

    problem = Problem(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.32, fix_b=None)   # validated parameters
    solve_near(problem, sol)          # start from a neighbouring Solution, continue from it if needed
    solve_many([problem, problem.at(T=0.3)])                    # many independent points, in order
    start_from(sol)                   # Newton's start (q, R/sqrt(q), b) from a Solution, or None

A point counts as solved when the sup-norm of the scaled residual of Eqs. 71-72, 75 is at most
``TOL`` = 1e-11 (``Solution.residual``; ``Solution.converged``); the dummy phase is exact.
``cached_solve``/``cached_sweep`` go through the JSON disk cache; ``python -m solver`` is the command
line. This package is the theory only: it imports nothing of the project (optima, figure data, maps and
advice live in ``analysis``).
"""

from .api import solve, solve_many, solve_near, sweep
from .cache import SOLVER_VERSION, cache_faults, cached_solve, cached_sweep
from .metrics import METRIC_NAMES
from .newton import TOL
from .params import RANGES, b0_from_rho0, rho0_from_b0
from .problem import Problem, start_from
from .saddle import rho_c
from .solution import Solution

__all__ = [
    "METRIC_NAMES",
    "RANGES",
    "TOL",
    "Problem",
    "SOLVER_VERSION",
    "Solution",
    "b0_from_rho0",
    "cache_faults",
    "cached_solve",
    "cached_sweep",
    "rho0_from_b0",
    "rho_c",
    "solve",
    "solve_many",
    "solve_near",
    "start_from",
    "sweep",
]

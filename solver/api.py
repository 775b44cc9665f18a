"""Public entry points: ``solve`` one point, ``solve_near`` a point next to a known solution,
``sweep`` one parameter with continuation, ``solve_many`` a list of points."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy.special import logit

from .continuation import secant
from .newton import to_theta
from .params import check_values
from .problem import Problem, start_from
from .saddle import find, find_dummy, newton_first
from .solution import Solution

SWEEPABLE = ("b0", "alpha", "T", "rho_train", "fix_b")


def solve(
    b0: float,
    alpha: float,
    T: float,
    rho_train: float,
    fix_b: float | None = None,
    near: Solution | None = None,
) -> Solution:
    """Saddle point of the RS free energy at one point (Eqs. 71-75); always computes (no cache).

    Parameters are validated (ValueError naming the parameter and its range). ``fix_b`` holds the
    student's bias fixed (App. D). ``near``, a Solution at a neighbouring point, starts Newton from
    it and continues from it if needed (see ``solve_near``).
    """
    problem = Problem(b0, alpha, T, rho_train, fix_b)
    return find(problem) if near is None else solve_near(problem, near)


def solve_near(problem: Problem, near: Solution) -> Solution:
    """The equilibrium of ``problem`` found from the solution ``near`` of a neighbouring problem.

    Newton starts from ``near`` (its informative point, or the metastable branch recorded beside a
    dummy); failing that, the branch is continued from it. As in a sweep, where a dummy state is
    locally stable and the continuation fails, the branch has ended: the answer is the dummy.
    ``near`` without an informative branch gives a cold solve.
    """
    x = start_from(near)
    if x is None:
        return find(problem)
    return find(problem, guess=x, origin=(Problem.of(near), x))


def solve_many(problems: Iterable[Problem]) -> list[Solution]:
    """Independent solves of many points (each as ``solve``), in the order given.

    Newton runs at all points at once first (``newton_first``); only the points where it fails go
    on alone."""
    problems = list(problems)
    out = []
    for group in (False, True):  # bias learned, then bias held: one batch each
        idx = [i for i, p in enumerate(problems) if (p.fix_b is not None) == group]
        if idx:
            firsts = newton_first([problems[i] for i in idx])
            out += [(i, find(problems[i], first=f)) for i, f in zip(idx, firsts, strict=True)]
    return [sol for _, sol in sorted(out, key=lambda t: t[0])]


def sweep(
    over: str,
    values: Iterable[float],
    b0: float = -0.6,
    alpha: float = 1.1,
    T: float = 0.5,
    rho_train: float = 0.5,
    fix_b: float | None = None,
    progress=None,
) -> list[Solution]:
    """Solutions along one parameter, returned in the order of ``values`` (continuation).

    ``over`` is one of b0, alpha, T, rho_train, fix_b. Each point starts Newton from the last
    informative solution and, failing that, continues from it. Along rho_train the points are
    visited from the one nearest 1/2 outwards; once the informative branch is gone on one side,
    the points further out are dummy (the branch lives on an interval of rho_train around 1/2,
    which the tests check against independent solves). ``progress``, if given, is called with 1
    after each point (e.g. ``tqdm(...).update``).
    """
    if over not in SWEEPABLE:
        raise ValueError(f"over must be one of {', '.join(SWEEPABLE)}, got {over!r}")
    base = Problem(b0, alpha, T, rho_train, fix_b)
    problems = [base.at(**{over: v}) for v in check_values(over, values)]  # validates all first
    out: list[Solution | None] = [None] * len(problems)
    firsts = newton_first(problems, along=[_coordinate(over, p) for p in problems]) if problems else []
    for run in _runs(over, [p.rho_train for p in problems]):
        _continue(problems, run, out, over, firsts, progress=progress)
    return out


def _runs(over: str, rhos: list[float]) -> list[list[int]]:
    """Visiting order: as given, or outwards from the point nearest rho_train = 1/2."""
    if over != "rho_train" or not rhos:
        return [list(range(len(rhos)))]
    order = sorted(range(len(rhos)), key=lambda i: rhos[i])
    c = min(range(len(order)), key=lambda j: abs(rhos[order[j]] - 0.5))
    return [order[c:], order[c::-1]]


def _coordinate(over: str, problem: Problem) -> float:
    """Position along the swept axis in the coordinates continuation is smooth in."""
    if over == "rho_train":
        return float(logit(problem.rho_train))
    if over == "alpha":
        return float(np.log(problem.alpha))
    if over == "T":
        return float(-np.log(problem.beta))
    return problem.b0 if over == "b0" else problem.fix_b


def _continue(
    problems: list[Problem], run: list[int], out: list, over: str, firsts: list, progress=None
) -> None:
    """Solve the points of one run in order: the result of ``newton_first`` where it was accepted,
    else Newton from the secant extrapolation of the last two informative solutions (in theta
    coordinates along the swept axis), then continuation from the last one."""
    history: list[tuple[float, np.ndarray]] = []  # (axis coordinate, theta) of informative points
    origin, gone = None, False
    for i in run:
        problem = problems[i]
        c = _coordinate(over, problem)
        if out[i] is None:
            guess = secant(history, c)
            out[i] = find_dummy(problem) if gone else find(problem, guess, origin, firsts[i])
            if progress is not None:
                progress(1)
        sol = out[i]
        if sol.phase == "informative":
            x = start_from(sol)
            history = [*history[-1:], (c, to_theta(x))]
            origin = (problem, x)
        gone = gone or (over == "rho_train" and sol.phase == "dummy" and sol.extra.get("branch") == "absent")

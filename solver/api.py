"""Public entry points: ``solve`` one parameter point, ``sweep`` one parameter with continuation."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .free_energy import Model
from .params import check
from .saddle import find, find_dummy
from .solution import Solution

SWEEPABLE = ("b0", "alpha", "T", "rho_train", "fix_b")


def _model(b0, alpha, T, rho_train, fix_b):
    b0, alpha, T = check("b0", b0), check("alpha", alpha), check("T", T)
    rho_train = check("rho_train", rho_train)
    fix_b = None if fix_b is None else check("fix_b", fix_b)
    return Model(b0=b0, alpha=alpha, beta=1.0 / T, rho_train=rho_train), T, fix_b


def solve(
    b0: float, alpha: float, T: float, rho_train: float, fix_b: float | None = None, guess=None
) -> Solution:
    """Saddle point of the RS free energy at one point (Eqs. 71-75); always computes (no cache).

    Parameters are validated (ValueError naming the parameter and its range). ``fix_b`` holds the
    student's bias fixed (App. D). ``guess`` = (q, r, b), r = R/sqrt(q), optionally warm-starts Newton.
    """
    model, T, fix_b = _model(b0, alpha, T, rho_train, fix_b)
    return find(model, T, fix_b, guess)


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
    base = dict(b0=b0, alpha=alpha, T=T, rho_train=rho_train, fix_b=fix_b)
    points = [_model(**{**base, over: v}) for v in values]  # validates everything first
    out: list[Solution | None] = [None] * len(points)
    for run in _runs(over, [p[0].rho_train for p in points]):
        _continue(points, run, out, outward=over == "rho_train", progress=progress)
    return out


def _runs(over: str, rhos: list[float]) -> list[list[int]]:
    """Visiting order: as given, or outwards from the point nearest rho_train = 1/2."""
    if over != "rho_train" or not rhos:
        return [list(range(len(rhos)))]
    order = sorted(range(len(rhos)), key=lambda i: rhos[i])
    c = min(range(len(order)), key=lambda j: abs(rhos[order[j]] - 0.5))
    return [order[c:], order[c::-1]]


def _continue(points, run: list[int], out: list, outward: bool, progress=None) -> None:
    """Solve the points of one run in order, each from the previous informative one."""
    guess = origin = None
    gone = False
    for i in run:
        model, T, fix_b = points[i]
        if out[i] is None:
            out[i] = find_dummy(model, T) if gone else find(model, T, fix_b, guess, origin)
            if progress is not None:
                progress(1)
        sol = out[i]
        if sol.phase == "informative":
            guess = (sol.q, sol.R / np.sqrt(sol.q), sol.b)
            origin = (model, np.array(guess))
        gone = gone or (outward and sol.phase == "dummy" and sol.extra.get("branch") == "absent")

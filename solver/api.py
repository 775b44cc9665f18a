"""Public entry points: ``solve`` one parameter point, ``sweep`` one parameter with continuation."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy.special import logit

from .free_energy import Model
from .newton import to_theta, to_x
from .params import check, check_values
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
    points = [_model(**{**base, over: v}) for v in check_values(over, values)]  # validates all first
    out: list[Solution | None] = [None] * len(points)
    for run in _runs(over, [p[0].rho_train for p in points]):
        _continue(points, run, out, over, progress=progress)
    return out


def _runs(over: str, rhos: list[float]) -> list[list[int]]:
    """Visiting order: as given, or outwards from the point nearest rho_train = 1/2."""
    if over != "rho_train" or not rhos:
        return [list(range(len(rhos)))]
    order = sorted(range(len(rhos)), key=lambda i: rhos[i])
    c = min(range(len(order)), key=lambda j: abs(rhos[order[j]] - 0.5))
    return [order[c:], order[c::-1]]


def _coordinate(over: str, model: Model, fix_b) -> float:
    """Position along the swept axis in the coordinates continuation is smooth in."""
    return {
        "rho_train": lambda: float(logit(model.rho_train)),
        "alpha": lambda: float(np.log(model.alpha)),
        "T": lambda: float(-np.log(model.beta)),
        "b0": lambda: model.b0,
        "fix_b": lambda: fix_b,
    }[over]()


def _continue(points, run: list[int], out: list, over: str, progress=None) -> None:
    """Solve the points of one run in order; each starts Newton from the secant extrapolation of
    the last two informative solutions (in theta coordinates along the swept axis)."""
    history: list[tuple[float, np.ndarray]] = []  # (axis coordinate, theta) of informative points
    origin, gone = None, False
    for i in run:
        model, T, fix_b = points[i]
        c = _coordinate(over, model, fix_b)
        if out[i] is None:
            guess = _predict(history, c)
            out[i] = find_dummy(model, T) if gone else find(model, T, fix_b, guess, origin)
            if progress is not None:
                progress(1)
        sol = out[i]
        if sol.phase == "informative":
            x = np.array([sol.q, sol.R / np.sqrt(sol.q), sol.b])
            history = [*history[-1:], (c, to_theta(x))]
            origin = (model, x)
        gone = gone or (over == "rho_train" and sol.phase == "dummy" and sol.extra.get("branch") == "absent")


def _predict(history, c: float):
    """Start point for the next sweep point: the last solution, or the secant through the last two."""
    if not history:
        return None
    if len(history) == 1 or history[1][0] == history[0][0]:
        return to_x(history[-1][1])
    (c0, t0), (c1, t1) = history
    return to_x(t1 + (t1 - t0) * (c - c1) / (c1 - c0))

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
    """Solutions along one parameter, in the order of ``values`` (continuation).

    ``over`` is one of b0, alpha, T, rho_train, fix_b. Each point starts Newton from the last
    informative solution. Along rho_train, once a point moving away from 0.5 is in the dummy
    phase with its informative branch gone, the points further out are dummy too (the branch
    exists on an interval of rho_train around 1/2; tests check this). ``progress`` optionally
    wraps the iteration (e.g. ``tqdm``).
    """
    if over not in SWEEPABLE:
        raise ValueError(f"over must be one of {', '.join(SWEEPABLE)}, got {over!r}")
    base = dict(b0=b0, alpha=alpha, T=T, rho_train=rho_train, fix_b=fix_b)
    out, guess, gone = [], None, {}
    for v in values if progress is None else progress(values):
        model, T_v, fix_v = _model(**{**base, over: v})
        side = np.sign(model.rho_train - 0.5)
        if over == "rho_train" and side in gone and side * (model.rho_train - gone[side]) >= 0:
            sol = find_dummy(model, T_v)
        else:
            sol = find(model, T_v, fix_v, guess)
        if over == "rho_train" and sol.phase == "dummy" and sol.extra.get("branch") == "absent":
            gone[side] = model.rho_train
        out.append(sol)
        if sol.phase == "informative":
            guess = (sol.q, sol.R / np.sqrt(sol.q), sol.b)
    return out

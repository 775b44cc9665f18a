"""Finding the right saddle point: Newton from a table start, continuation, and the dummy phase.

Selection rule. Write Phi*(b) for phi at the stationary (q, R) with the bias held at b (the
App. D problem). Stationary points of the full problem are stationary points of Phi*(b)
(envelope theorem), and b, a per-replica order parameter, is maximised: the equilibrium is the
global maximum of Phi*(b) over b in [-inf, +inf], i.e. among the stationary points the one with
the lowest free energy f = -T phi. Phi*(b) tends to the dummy value -alpha beta rho as b -> -inf
(the student that calls everything normal) and to -alpha beta (1 - rho) as b -> +inf. Expanding
the energy for Phi(m) -> 0 shows that b = -inf is a local maximum exactly when
rho_train / (1 - rho_train) < e^-beta, i.e. rho_train < rho_c = 1 / (1 + e^beta) (and b = +inf
when rho_train > 1 - rho_c). Inside (rho_c, 1 - rho_c) the maximum is interior: a solution must
exist there and we report failure ("unsolved") rather than a dummy if none is found. Outside,
the informative branch can survive (it is then compared with the dummy by phi): the transition
to the dummy phase is first order, located where the two values of phi cross.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtri

from . import fixed_bias, guess_table
from .continuation import accept, continue_to
from .free_energy import Model, train_error
from .newton import NewtonResult, newton
from .solution import Solution

MAX_ANCHORS = 2
ANCHOR_MIN_STEP = 1.0 / 64
ORIGIN_MIN_STEP = 1.0 / 8  # from a sweep neighbour: a branch that needs finer steps has ended


def rho_c(T: float) -> float:
    """Train imbalance below which the all-normal dummy is locally stable: 1 / (1 + e^(1/T))."""
    return 1.0 / (1.0 + math.exp(min(1.0 / T, 700.0)))


def initial_guess(model: Model) -> np.ndarray:
    """Heuristic start (q, r, b): Gibbs-like q growing with alpha, r ~ sqrt(q), b between b0 and
    the bias that reproduces the train imbalance."""
    s = min(1.0, model.beta / 2.0)
    q = model.alpha * s / (model.alpha * s + 1.2)
    b = float(np.clip(0.5 * (model.b0 + ndtri(model.rho_train)), -4.0, 4.0))
    return np.array([q, math.sqrt(q), b])


def dummy_candidates(model: Model, T: float) -> list[tuple[float, float]]:
    """(b, phi) of the dummy states that are local maxima of Phi*(b) at this rho_train."""
    rho, c = model.rho_train, rho_c(T)
    out = []
    if rho < c:
        out.append((-math.inf, -model.alpha * model.beta * rho))
    if rho > 1.0 - c:
        out.append((math.inf, -model.alpha * model.beta * (1.0 - rho)))
    return out


def pick(model: Model, T: float, informative: list[NewtonResult], fix_b: float | None):
    """Equilibrium among the candidates: the largest phi (lowest free energy f = -T phi)."""
    best = max(informative, key=lambda r: r.ev.phi, default=None)
    dummies = dummy_candidates(model, T) if fix_b is None else []
    dummy = max(dummies, key=lambda d: d[1], default=None)
    if dummy is not None and (best is None or dummy[1] >= best.ev.phi):
        return dummy
    return best


def _common(model: Model, T: float, fix_b, evaluations: int, method: str) -> dict:
    return dict(
        b0=model.b0,
        alpha=model.alpha,
        T=T,
        rho_train=model.rho_train,
        fix_b=fix_b,
        evaluations=evaluations,
        method=method,
    )


def dummy_solution(model: Model, T: float, b: float, phi: float, extra: dict, **common) -> Solution:
    """The constant majority-class student (R = q = 0, b = -inf or +inf): exact, no residual."""
    err = model.rho_train if b < 0 else 1.0 - model.rho_train
    msg = "dummy phase: the majority-class student has the lowest free energy"
    return Solution(
        **_common(model, T, None, **common),
        q=0.0,
        R=0.0,
        b=b,
        phi=phi,
        train_error=err,
        phase="dummy",
        converged=True,
        residual=0.0,
        iterations=0,
        message=msg,
        extra=extra,
    )


def build(model: Model, T: float, fix_b, res: NewtonResult | None, evaluations: int, method: str) -> Solution:
    """The Solution for the winner among the informative candidate ``res`` and the dummy states."""
    common = _common(model, T, fix_b, evaluations, method)
    winner = pick(model, T, [] if res is None else [res], fix_b)
    if isinstance(winner, tuple):
        extra = (
            {"branch": "absent"} if res is None else {"branch": "metastable", "phi_informative": res.ev.phi}
        )
        return dummy_solution(model, T, *winner, extra, evaluations=evaluations, method=method)
    if winner is None:
        nan = math.nan
        return Solution(
            **common,
            q=nan,
            R=nan,
            b=nan,
            phi=nan,
            train_error=nan,
            phase="unsolved",
            converged=False,
            residual=math.inf,
            iterations=0,
            message="no stationary point found: this point is not solved",
        )
    q, r, b = winner.x
    return Solution(
        **common,
        q=float(q),
        R=float(r * math.sqrt(q)),
        b=float(b),
        phi=winner.ev.phi,
        train_error=train_error(model, winner.ev),
        phase="informative",
        converged=winner.converged,
        residual=winner.residual,
        iterations=winner.iterations,
        message=winner.message,
    )


def start_point(model: Model, guess=None) -> np.ndarray:
    """Newton's start: the caller's guess, else the table's interpolation, else a heuristic."""
    if guess is not None:
        return np.asarray(guess, dtype=float)
    table = guess_table.interpolate(model)
    return table if table is not None else initial_guess(model)


def informative(model: Model, fix_b: float | None, guess=None, origin=None):
    """A certified stationary point (or None), the evaluations spent and the method that worked.

    Newton from ``guess`` (or the table); then continuation from ``origin`` = (Model, x), a
    solved neighbour (in a sweep), then from the table's anchors. Where a dummy state is locally
    stable, failing to continue from the neighbour means that the branch has ended there.
    """
    start = start_point(model, guess)
    if fix_b is not None:
        start = np.array([start[0], start[1], fix_b])
    res = newton(model, start, fix_b=fix_b)
    evals = res.evaluations
    if accept(res, fix_b):
        return res, evals, "newton"
    if origin is not None:
        path = continue_to(*origin, model, fix_b=fix_b, min_step=ORIGIN_MIN_STEP, step_iter=8)
        evals += path.evaluations
        if path.result is not None:
            return path.result, evals, "continuation"
        if fix_b is None and dummy_candidates(model, 1.0 / model.beta):
            return None, evals, "continuation"
    if fix_b is not None:
        bracketed = fixed_bias.solve(model, fix_b, start)
        evals += res.evaluations if bracketed is None else bracketed.evaluations
        if bracketed is not None:
            return bracketed, evals, "bracketed"
    for anchor, x in guess_table.anchors(model, MAX_ANCHORS):
        path = continue_to(anchor, x, model, fix_b=fix_b, min_step=ANCHOR_MIN_STEP)
        evals += path.evaluations
        if path.result is not None:
            return path.result, evals, "continuation"
    return None, evals, "continuation"


def find(model: Model, T: float, fix_b: float | None, guess=None, origin=None) -> Solution:
    """Equilibrium at one point: informative candidate vs dummy states, by the rule above."""
    res, evals, method = informative(model, fix_b, guess, origin)
    return build(model, T, fix_b, res, evals, method)


def find_dummy(model: Model, T: float) -> Solution:
    """The dummy state at a rho_train beyond a point where the informative branch was gone."""
    b, phi = max(dummy_candidates(model, T), key=lambda d: d[1])
    return dummy_solution(model, T, b, phi, {"branch": "absent"}, evaluations=0, method="sweep")

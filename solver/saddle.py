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
from scipy.interpolate import CubicSpline
from scipy.special import expit, logit, ndtri

from . import fixed_bias, guess_table
from .continuation import STEP_LM_TRIES, accept, continue_to, secant
from .free_energy import Model, train_error
from .newton import LM_TRIES, NewtonResult, newton, newton_many, to_theta, to_x
from .problem import Problem
from .solution import Solution

MAX_ANCHORS = 2
ANCHOR_MIN_STEP = 1.0 / 64
ORIGIN_MIN_STEP = 1.0 / 8  # from a sweep neighbour: a branch that needs finer steps has ended
RHO_STEP = 0.5  # logit rho_train between the points of ``along_rho``
FIRST_MAX_ITER = 8  # Newton iterations of ``newton_first`` (a table start converges in about 4)
INNER_MAX_ITER = 5  # the same from a start interpolated between solved neighbours (converges in 2-3)
STRIDES = (8, 4, 2, 1)  # ``newton_first`` along a sweep: the rounds, every 8th point from the table first


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


def dummy_candidates(problem: Problem) -> list[tuple[float, float]]:
    """(b, phi) of the dummy states that are local maxima of Phi*(b) at this rho_train."""
    rho, c, a_beta = problem.rho_train, rho_c(problem.T), problem.alpha * problem.beta
    out = []
    if rho < c:
        out.append((-math.inf, -a_beta * rho))
    if rho > 1.0 - c:
        out.append((math.inf, -a_beta * (1.0 - rho)))
    return out


def pick(problem: Problem, informative: list[NewtonResult]):
    """Equilibrium among the candidates: the largest phi (lowest free energy f = -T phi)."""
    best = max(informative, key=lambda r: r.ev.phi, default=None)
    dummies = dummy_candidates(problem) if problem.fix_b is None else []
    dummy = max(dummies, key=lambda d: d[1], default=None)
    if dummy is not None and (best is None or dummy[1] >= best.ev.phi):
        return dummy
    return best


def _common(problem: Problem, evaluations: int, method: str) -> dict:
    return dict(
        b0=problem.b0,
        alpha=problem.alpha,
        T=problem.T,
        rho_train=problem.rho_train,
        fix_b=problem.fix_b,
        evaluations=evaluations,
        method=method,
    )


def dummy_solution(problem: Problem, b: float, phi: float, extra: dict, **common) -> Solution:
    """The constant majority-class student (R = q = 0, b = -inf or +inf): exact, no residual."""
    err = problem.rho_train if b < 0 else 1.0 - problem.rho_train
    msg = "dummy phase: the majority-class student has the lowest free energy"
    return Solution(
        **_common(problem, **common),
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


def _metastable(res: NewtonResult) -> dict:
    """The informative branch that lost to the dummy: its phi and order parameters (a start point)."""
    q, r, b = (float(v) for v in res.x)
    return {
        "branch": "metastable",
        "phi_informative": res.ev.phi,
        "q_informative": q,
        "R_informative": r * math.sqrt(q),
        "b_informative": b,
    }


def build(problem: Problem, res: NewtonResult | None, evaluations: int, method: str) -> Solution:
    """The Solution for the winner among the informative candidate ``res`` and the dummy states."""
    common = _common(problem, evaluations, method)
    winner = pick(problem, [] if res is None else [res])
    if isinstance(winner, tuple):
        extra = {"branch": "absent"} if res is None else _metastable(res)
        return dummy_solution(problem, *winner, extra, evaluations=evaluations, method=method)
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
        train_error=train_error(problem.model, winner.ev),
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


def informative(problem: Problem, guess=None, origin: tuple[Problem, np.ndarray] | None = None):
    """A certified stationary point (or None), the evaluations spent and the method that worked.

    Newton from ``guess`` (or the table); with a held bias, the bracketed solve of ``fixed_bias``;
    then continuation from ``origin`` = (Problem, x), a solved neighbour (in a sweep), or, without
    one where a dummy state is locally stable, along rho_train from 1/2 (``along_rho``); then from
    the table's anchors. Where a dummy state is locally stable, failing to continue from the
    neighbour (or from 1/2) means that the branch has ended there.
    """
    model, fix_b = problem.model, problem.fix_b
    start = start_point(model, guess)
    if fix_b is not None:
        start = np.array([start[0], start[1], fix_b])
    dummy_stable = fix_b is None and bool(dummy_candidates(problem))
    # where a dummy is stable and no neighbour is given, along_rho is the fallback: fail fast
    lm_tries = STEP_LM_TRIES if dummy_stable and origin is None else LM_TRIES
    res = newton(model, start, fix_b=fix_b, lm_tries=lm_tries)
    evals = res.evaluations
    if accept(res, fix_b):
        return res, evals, "newton"
    if fix_b is not None:
        bracketed, spent = fixed_bias.solve(model, fix_b, start)
        evals += spent
        if bracketed is not None:
            return bracketed, evals, "bracketed"
    if origin is not None:
        near, x = origin[0].model, origin[1]
        path = continue_to(near, x, model, fix_b=fix_b, min_step=ORIGIN_MIN_STEP, step_iter=8)
        evals += path.evaluations
        if path.result is not None:
            return path.result, evals, "continuation"
        if dummy_stable:
            return None, evals, "continuation"
    elif dummy_stable:
        found, spent = along_rho(problem)
        evals += spent
        if found is not None:
            return found[0], evals, "continuation in rho_train"
    for anchor, x in guess_table.anchors(model, MAX_ANCHORS):
        path = continue_to(anchor, x, model, fix_b=fix_b, min_step=ANCHOR_MIN_STEP)
        evals += path.evaluations
        if path.result is not None:
            return path.result, evals, "continuation"
    return None, evals, "continuation"


def along_rho(problem: Problem):
    """Where a dummy state is stable: the informative branch followed along rho_train from 1/2.

    The branch lives on an interval of rho_train around 1/2 (as in ``sweep``). The path starts at the
    table line nearest to the target on the side of 1/2 that holds the branch (else at 1/2) and visits points
    ``RHO_STEP`` apart in logit rho_train, each started from the secant through the last two and
    continued from the last one if Newton fails. Returns ((result,) or (None,) when the branch ends
    before the target, evaluations), or (None, evaluations) when 1/2 itself is not solved.
    """
    res, evals, c0, mid = None, 0, guess_table.tabulated_toward_half(problem.model), None
    if c0 is not None:  # start where the table's rho_train continuation still held the branch
        mid = problem.at(rho_train=float(expit(c0)))
        res = newton(mid.model, start_point(mid.model), lm_tries=STEP_LM_TRIES)
        evals, res = res.evaluations, (res if accept(res, None) else None)
    if res is None:
        c0, mid = 0.0, problem.at(rho_train=0.5)
        res, spent, _ = informative(mid)
        evals += spent
        if res is None:
            return None, evals
    target = float(logit(problem.rho_train))
    n = max(1, math.ceil(abs(target - c0) / RHO_STEP))
    history, prev = [(c0, to_theta(res.x))], mid
    for i in range(1, n + 1):
        c = c0 + (target - c0) * i / n
        here = problem if i == n else problem.at(rho_train=float(expit(c)))
        step = newton(here.model, secant(history, c), max_iter=8, lm_tries=STEP_LM_TRIES)
        evals += step.evaluations
        if not accept(step, None):  # the full step failed: continue in halves
            path = continue_to(
                prev.model, res.x, here.model, first_step=0.5, min_step=ORIGIN_MIN_STEP, step_iter=8
            )
            evals += path.evaluations
            if path.result is None:
                return (None,), evals
            step = path.result
        res, prev = step, here
        history = [*history[-1:], (c, to_theta(res.x))]
    return (res,), evals


def find(
    problem: Problem,
    guess=None,
    origin: tuple[Problem, np.ndarray] | None = None,
    first: NewtonResult | None = None,
) -> Solution:
    """Equilibrium at one point: informative candidate vs dummy states, by the rule above.

    ``first``: the outcome of ``newton_first`` at this point; if it was accepted it is the candidate,
    else the search starts as without it (its evaluations are counted)."""
    spent = 0 if first is None else first.evaluations
    if first is not None and accept(first, problem.fix_b):
        return build(problem, first, spent, "newton")
    res, evals, method = informative(problem, guess, origin)
    return build(problem, res, spent + evals, method)


def newton_first(problems: list[Problem], along=None) -> list[NewtonResult | None]:
    """Newton at every point at once (``newton_many``), failing fast: where it is not accepted,
    ``find`` goes on as usual. All points hold the bias or all learn it.

    Starts come from the table, else the heuristic; points that the table has no solution near and
    where a dummy state is locally stable are left out (None). With ``along``, the points' positions
    on a swept axis (in the coordinates continuation is smooth in), Newton runs in rounds over every
    ``STRIDES``-th point: the first from the table, where no dummy state is locally stable; in each
    later one a point between two accepted
    neighbours starts from the spline through the accepted points, closer each round, and a point
    without them from the table, or is left to continuation where a dummy state is locally stable
    (near the end of the informative branch, where a start from the table fails slowly)."""
    starts, tabulated = _table_starts(problems)
    dummy = [p.fix_b is None and bool(dummy_candidates(p)) for p in problems]
    todo = [i for i in range(len(problems)) if tabulated[i] or not dummy[i]]
    out: list[NewtonResult | None] = [None] * len(problems)
    if along is None or len(todo) < 2 * STRIDES[0]:
        return _newton_batch(problems, starts, todo, out, FIRST_MAX_ITER)
    along = np.asarray(along, dtype=float)
    order = sorted(todo, key=lambda i: along[i])
    free = [i for i in order if not dummy[i]]  # where the informative branch must exist
    first = sorted({*free[:: STRIDES[0]], *free[-1:]}, key=lambda i: along[i])
    _newton_batch(problems, starts, first, out, FIRST_MAX_ITER)
    for stride in STRIDES[1:]:
        tried = [i for i in order if out[i] is not None]
        ok = [i for i in tried if accept(out[i], problems[i].fix_b)]
        new = [i for i in order[::stride] if out[i] is None]
        inner, lone = _bracketed(new, tried, set(ok), along)
        if inner:
            starts[inner] = _interpolated(along[ok], np.array([out[i].x for i in ok]), along[inner])
        _newton_batch(problems, starts, inner, out, INNER_MAX_ITER)
        _newton_batch(problems, starts, [i for i in lone if not dummy[i]], out, FIRST_MAX_ITER)
    return out


def _bracketed(new: list[int], tried: list[int], ok: set, along: np.ndarray) -> tuple[list[int], list[int]]:
    """The points of ``new`` whose nearest tried neighbours on both sides were accepted, and the others."""
    pos = along[tried]  # increasing
    inner, lone = [], []
    for i in new:
        k = int(np.searchsorted(pos, along[i]))
        both = 0 < k < len(tried) and tried[k - 1] in ok and tried[k] in ok
        (inner if both else lone).append(i)
    return inner, lone


def _interpolated(at, x, to) -> np.ndarray:
    """Start points at positions ``to`` from the solutions x at positions ``at`` (increasing): a cubic
    spline in theta through them (linear with fewer than 4), which is close enough at smooth parts of a
    sweep that Newton needs one step fewer than from a straight line."""
    at, first = np.unique(at, return_index=True)  # a sweep may repeat a value
    theta = to_theta(x[first])
    if len(at) < 4:
        return to_x(np.column_stack([np.interp(to, at, theta[:, k]) for k in range(3)]))
    return to_x(CubicSpline(at, theta, axis=0)(to))


def _table_starts(problems: list[Problem]) -> tuple[np.ndarray, np.ndarray]:
    """Start points (P, 3) from the table, else the heuristic, with the held bias where there is one;
    and where the table had one."""
    models = [p.model for p in problems]
    table = guess_table.interpolate_many(np.array([m.coords() for m in models]))
    tabulated = np.zeros(len(models), dtype=bool) if table is None else ~np.isnan(table[:, 0])
    starts = np.array([table[i] if tabulated[i] else initial_guess(m) for i, m in enumerate(models)])
    if problems[0].fix_b is not None:
        starts[:, 2] = [p.fix_b for p in problems]
    return starts, tabulated


def _newton_batch(
    problems: list[Problem], starts: np.ndarray, idx: list[int], out: list, max_iter: int
) -> list:
    """``newton_many`` at the points idx from their starts, into out[idx]; returns out."""
    if not idx:
        return out
    chosen = [problems[i] for i in idx]
    models = [p.model for p in chosen]
    fixed = None if chosen[0].fix_b is None else np.array([p.fix_b for p in chosen])
    params = (np.array([getattr(m, k) for m in models]) for k in ("b0", "alpha", "beta", "rho_train"))
    found = newton_many(*params, starts[idx], fix_b=fixed, max_iter=max_iter, lm_tries=STEP_LM_TRIES)
    for i, res in zip(idx, found, strict=True):
        out[i] = res
    return out


def find_dummy(problem: Problem) -> Solution:
    """The dummy state at a rho_train beyond a point where the informative branch was gone."""
    b, phi = max(dummy_candidates(problem), key=lambda d: d[1])
    return dummy_solution(problem, b, phi, {"branch": "absent"}, evaluations=0, method="sweep")

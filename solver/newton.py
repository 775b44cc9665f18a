"""Damped Newton (Levenberg-Marquardt) iteration on the stationarity equations.

The order parameters are mapped to theta = (logit q, atanh r, b) with r = R / sqrt(q), so that
every iterate satisfies R^2 < q < 1. The Jacobian comes from the analytic Hessian of phi; steps
are capped and accepted only if they reduce the scaled residual (Eqs. 71-72, 75).

``newton_many`` runs the iteration at P points (each its own problem and start) in one compiled
loop, ``newton`` at one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit
from scipy.special import expit, logit

from . import integrals, kernel
from .free_energy import N_EV, Evaluation, Model, point_evaluation, point_residual

TOL = 1e-11  # sup-norm of the scaled residual at convergence
REL_TOL_B = 1e-7  # |dphi/db| relative to the class terms that cancel in it (free bias)
MAX_ITER = 25
LM_TRIES = 12  # damping increases (x8 each) before giving up on a descent step
MAX_STEP_T = (2.0, 2.0, 1.0)  # caps on |d theta| per iteration
B_RUNAWAY = 7.0  # |b| beyond this: the dummy valley (every tabulated solution has |b| < 3.3)
Q_COLLAPSE = 1e-14  # free bias, q below this: the dummy valley (b -> -+inf), not a solution


@dataclass
class NewtonResult:
    """Outcome of one Newton run (order parameters in the original coordinates)."""

    x: np.ndarray  # (q, r, b) with r = R / sqrt(q)
    ev: Evaluation | None
    residual: float
    iterations: int
    evaluations: int
    converged: bool
    message: str
    jac: np.ndarray | None = None  # Jacobian of the scaled residual in theta at x


def to_theta(x):
    """(q, r, b) -> (logit q, atanh r, b), along the last axis."""
    out = np.array(x, dtype=float)
    out[..., 0], out[..., 1] = logit(out[..., 0]), np.arctanh(out[..., 1])
    return out


def to_x(theta):
    """Inverse of ``to_theta``."""
    out = np.array(theta, dtype=float)
    out[..., 0], out[..., 1] = expit(out[..., 0]), np.tanh(out[..., 1])
    return out


# how a run ends (``newton_many``'s status codes)
OUTSIDE, CONVERGED, VALLEY, NO_DESCENT, RUNAWAY, COLLAPSED, MAX_ITERATIONS = range(7)


def _message(status: int, x) -> str:
    if status == RUNAWAY:
        return f"|b| ran away beyond {B_RUNAWAY:g} (q = {x[0]:.3g}, r = {x[1]:.3g})"
    if status == COLLAPSED:
        return f"q collapsed below {Q_COLLAPSE:g}"
    return _MESSAGES[status]


_MESSAGES = {
    OUTSIDE: "start point outside the domain",
    CONVERGED: "converged",
    VALLEY: "dummy valley: the b-equation holds only because all its terms vanish",
    NO_DESCENT: "no descent step",
    MAX_ITERATIONS: "max iterations",
}


def newton(
    model: Model, x0, fix_b: float | None = None, max_iter: int = MAX_ITER, lm_tries: int = LM_TRIES
) -> NewtonResult:
    """Solve the stationarity equations from x0 = (q, r, b) by Levenberg-Marquardt (``newton_many``)."""
    params = ([v] for v in (model.b0, model.alpha, model.beta, model.rho_train))
    fixed = None if fix_b is None else [fix_b]
    return newton_many(*params, [x0], fix_b=fixed, max_iter=max_iter, lm_tries=lm_tries)[0]


def newton_many(
    b0, alpha, beta, rho_train, x0, fix_b=None, max_iter: int = MAX_ITER, lm_tries: int = LM_TRIES
) -> list[NewtonResult]:
    """Solve the stationarity equations of P problems from starts x0 (P, 3) by Levenberg-Marquardt.

    With a small damping this is Newton's method (quadratic convergence near the root); the damping
    grows whenever a step fails to reduce the residual, which keeps near-singular Jacobians harmless.
    ``fix_b``: None (bias learned) or the P held biases. Each point's run is ``_run`` (compiled).
    """
    params = [np.asarray(v, dtype=float).ravel() for v in (b0, alpha, beta, rho_train)]
    n = len(params[0])
    held = fix_b is not None
    fixed = np.asarray(fix_b, dtype=float).ravel() if held else np.zeros(n)
    x = np.array(x0, dtype=float).reshape(n, 3)
    ev, jac = np.full((n, N_EV), np.nan), np.zeros((n, 3, 3))
    info, norm = np.zeros((n, 3), dtype=np.int64), np.full(n, np.inf)  # status, iterations, evaluations
    rule_args = integrals.rule_arguments(params[2])
    _run_all(*params, x, fixed, held, max_iter, lm_tries, *rule_args, ev, jac, info, norm)
    d = 2 if held else 3
    out = []
    for i in range(n):
        status, iterations, evaluations = (int(v) for v in info[i])
        ok = np.isfinite(norm[i])
        out.append(
            NewtonResult(
                x[i],
                Evaluation.unpack(ev[i]) if ok else None,
                float(norm[i]),
                iterations,
                evaluations,
                status == CONVERGED,
                _message(status, x[i]),
                jac[i, :d, :d] if ok else None,
            )
        )
    return out


@njit(cache=True)
def _run_all(
    b0,
    alpha,
    beta,
    rho,
    x,
    fixed,
    held,
    max_iter,
    lm_tries,
    mstar,
    steps,
    gaps,
    feature,
    consts,
    xg,
    wg,
    ev,
    jac,
    info,
    norm,
):
    for p in range(x.shape[0]):
        prob = (b0[p], alpha[p], beta[p], rho[p], mstar[p], steps, gaps, feature, consts, xg, wg)
        info[p, 0], info[p, 1], info[p, 2], norm[p] = _run(
            prob, x[p], fixed[p], held, max_iter, lm_tries, ev[p], jac[p]
        )


@njit(cache=True)
def _evaluate(prob, theta, fixed, d, x, ev, res, jac_x, jac):
    """x from theta, then phi's evaluation, the residual and its Jacobians in x and theta; False
    outside the domain (R^2 < q < 1)."""
    b0, alpha, beta, rho, mstar, steps, gaps, feature, consts, xg, wg = prob
    x[0], x[1] = 1.0 / (1.0 + math.exp(-theta[0])), math.tanh(theta[1])
    x[2] = theta[2] if d == 3 else fixed
    q, r, b = x[0], x[1], x[2]
    if not (math.isfinite(q) and math.isfinite(r) and math.isfinite(b) and 0.0 < q < 1.0 and abs(r) < 1.0):
        return False
    z, w = kernel.point_nodes(q, r, b, b0, mstar, steps, gaps, feature, consts, xg, wg)
    en = np.empty(N_EV)
    kernel.point_energetic(z, w, q, r, b, b0, beta, rho, en)
    point_evaluation(alpha, q, r, en, ev)
    point_residual(alpha, q, r, ev, res, jac_x)
    for i in range(3):  # d x / d theta is diagonal: q (1 - q), 1 - r^2, 1
        jac[i, 0], jac[i, 1], jac[i, 2] = (
            jac_x[i, 0] * q * (1.0 - q),
            jac_x[i, 1] * (1.0 - r * r),
            jac_x[i, 2],
        )
    return True


@njit(cache=True)
def _sumsq(res, d):
    total = 0.0
    for i in range(d):
        total += res[i] * res[i]
    return total


@njit(cache=True)
def _max_abs(res, d):
    out = 0.0
    for i in range(d):
        out = max(out, abs(res[i]))
    return out


@njit(cache=True)
def _copy(src, dst):
    for i in range(src.size):
        dst.flat[i] = src.flat[i]


@njit(cache=True)
def _accept(xt, evt, rest, jac_xt, jact, xc, ev, res, jac_x, jac):
    """The trial point becomes the current one."""
    _copy(xt, xc)
    _copy(evt, ev)
    _copy(rest, res)
    _copy(jac_xt, jac_x)
    _copy(jact, jac)


@njit(cache=True)
def _damped_system(jac, res, d, lam, a, rhs):
    """(J^T J + lam diag(J^T J + 1e-12)) and -J^T r: the Levenberg-Marquardt system."""
    for i in range(d):
        rhs[i] = 0.0
        for k in range(d):
            rhs[i] -= jac[k, i] * res[k]
        for j in range(d):
            a[i, j] = 0.0
            for k in range(d):
                a[i, j] += jac[k, i] * jac[k, j]
    for i in range(d):
        a[i, i] += lam * (a[i, i] + 1e-12)


@njit(cache=True)
def _run(prob, x, fixed, held, max_iter, lm_tries, ev_out, jac_out):
    """One point's Levenberg-Marquardt run from x (overwritten with the last iterate); ev_out and
    jac_out get its evaluation and Jacobian in theta. Returns (status, iterations, evaluations, norm)."""
    d = 2 if held else 3
    theta, trial, step, rhs = np.empty(3), np.empty(3), np.zeros(3), np.empty(3)
    theta[0], theta[1], theta[2] = math.log(x[0] / (1.0 - x[0])), math.atanh(x[1]), x[2]
    xc, ev, res, jac_x, jac = np.empty(3), np.empty(N_EV), np.zeros(3), np.zeros((3, 3)), np.zeros((3, 3))
    xt, evt, rest, jac_xt, jact = np.empty(3), np.empty(N_EV), np.zeros(3), np.zeros((3, 3)), np.zeros((3, 3))
    a = np.zeros((3, 3))
    evals = 1
    if not _evaluate(prob, theta, fixed, d, xc, ev, res, jac_x, jac):
        _copy(xc, x)
        return OUTSIDE, 0, evals, np.inf
    lam, status, it = 1e-6, MAX_ITERATIONS, 0
    for it in range(1, max_iter + 1):
        if _max_abs(res, d) <= TOL:
            status, it = CONVERGED, it - 1
            break
        # a plain Newton step in (q, r, b): where the residual is nearly linear in q (q small), it lands
        # at once where steps in logit q would creep down by a factor e per iteration
        for i in range(d):
            rhs[i] = -res[i]
        kernel.solve_one(jac_x, rhs, d, step)
        qn = max(xc[0] + step[0], 0.01 * xc[0])  # towards q = 0 at most a factor 100 per step
        rn = xc[1] + step[1]
        bn = xc[2] + step[2] if d == 3 else 0.0
        if math.isfinite(qn) and math.isfinite(rn) and math.isfinite(bn) and qn < 1.0 and abs(rn) < 1.0:
            trial[0], trial[1], trial[2] = math.log(qn / (1.0 - qn)), math.atanh(rn), bn
            evals += 1
            if _evaluate(prob, trial, fixed, d, xt, evt, rest, jac_xt, jact) and _sumsq(rest, d) < _sumsq(
                res, d
            ):
                _copy(trial, theta)
                _accept(xt, evt, rest, jac_xt, jact, xc, ev, res, jac_x, jac)
                continue
        # damped steps in theta
        better = False
        for _ in range(lm_tries):
            _damped_system(jac, res, d, lam, a, rhs)
            kernel.solve_one(a, rhs, d, step)
            cap = 1.0
            for i in range(d):
                cap = min(cap, MAX_STEP_T[i] / (abs(step[i]) + 1e-300))
            for i in range(3):
                trial[i] = theta[i] + step[i] * cap if i < d else theta[i]
            evals += 1
            if _evaluate(prob, trial, fixed, d, xt, evt, rest, jac_xt, jact) and _sumsq(rest, d) < _sumsq(
                res, d
            ):
                lam = max(lam / 5.0, 1e-9)
                better = True
                break
            lam *= 8.0
        if not better:
            status = NO_DESCENT
            break
        _copy(trial, theta)
        _accept(xt, evt, rest, jac_xt, jact, xc, ev, res, jac_x, jac)
        if d == 3 and abs(xc[2]) > B_RUNAWAY:
            status = RUNAWAY
            break
        if d == 3 and xc[0] < Q_COLLAPSE:
            status = COLLAPSED
            break
    if status == MAX_ITERATIONS and _max_abs(res, d) <= TOL:
        status = CONVERGED
    # a small residual is a solution unless, with a free bias, the b-equation is satisfied only
    # because all its terms vanish (b far out, q -> 0: the valley towards the dummy state)
    if status == CONVERGED and d == 3 and abs(ev[3]) > REL_TOL_B * ev[18]:
        status = VALLEY
    _copy(xc, x)
    _copy(ev, ev_out)
    _copy(jac, jac_out)
    return status, it, evals, _max_abs(res, d)


def is_local_max_in_b(res: NewtonResult) -> bool:
    """Schur complement of the b-b block of the Jacobian < 0: Phi*(b) has a maximum there.

    At a root the Jacobian is A H D: D positive diagonal (d x / d theta), A block diagonal with a
    positive b-b entry (the rows of ``residual`` are, up to the Eq. 74 identity, linear combinations
    of the gradient), so the Schur complement keeps the sign of d2 Phi*/db2.
    """
    J = res.jac
    if J is None or J.shape != (3, 3):
        return False
    (a, b, c), (d, e, f), (g, h, i) = J.tolist()
    det = a * e - b * d  # of the (q, r) block
    if det == 0.0 or not math.isfinite(det):
        return False
    schur = i - (g * (e * c - b * f) + h * (a * f - d * c)) / det
    return bool(schur < 0.0)

"""Damped Newton (Levenberg-Marquardt) iteration on the stationarity equations.

The order parameters are mapped to theta = (logit q, atanh r, b) with r = R / sqrt(q), so that
every iterate satisfies R^2 < q < 1. The Jacobian comes from the analytic Hessian of phi; steps
are capped and accepted only if they reduce the scaled residual (Eqs. 71-72, 75).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy.special import expit, logit

from .free_energy import Evaluation, Model, evaluate, residual

TOL = 1e-11  # sup-norm of the scaled residual at convergence
REL_TOL_B = 1e-7  # |dphi/db| relative to the class terms that cancel in it (free bias)
MAX_ITER = 25
LM_TRIES = 12  # damping increases (x8 each) before giving up on a descent step
MAX_STEP = np.array([2.0, 2.0, 1.0])  # caps on |d theta| per iteration
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
    q, r, b = x
    return np.array([logit(q), np.arctanh(r), b])


def to_x(theta):
    return np.array([expit(theta[0]), np.tanh(theta[1]), theta[2]])


class _Point(NamedTuple):
    """One evaluation: x, phi's evaluation, the residual and its Jacobians in theta and in x."""

    x: np.ndarray
    ev: Evaluation | None
    res: np.ndarray
    jac: np.ndarray | None  # d residual / d theta
    jac_x: np.ndarray | None  # d residual / d (q, r[, b])


class _System:
    """Residual and its Jacobian in theta coordinates, for a free or a fixed bias."""

    def __init__(self, model: Model, fix_b: float | None):
        self.model, self.fix_b, self.count = model, fix_b, 0
        self.dim = 3 if fix_b is None else 2

    def __call__(self, theta) -> _Point:
        self.count += 1
        full = theta if self.fix_b is None else np.append(theta, self.fix_b)
        x = to_x(full)
        if not np.all(np.isfinite(x)) or not (0.0 < x[0] < 1.0 and abs(x[1]) < 1.0):
            return _Point(x, None, np.full(self.dim, np.inf), None, None)
        ev = evaluate(self.model, *x)
        q, r = x[0], x[1]
        res, jac_x = residual(self.model, q, r, ev)
        jac = jac_x * np.array([q * (1.0 - q), 1.0 - r * r, 1.0])  # times d x / d theta (diagonal)
        d = self.dim
        return _Point(x, ev, res[:d], jac[:d, :d], jac_x[:d, :d])

    def newton_step_x(self, p: _Point):
        """theta after a plain Newton step in (q, r, b) from ``p``, or None if it leaves the domain.

        Where the residual is nearly linear in q (q small, the q-equation reads q ~ q_hat), this
        step lands at once where steps in logit q would creep down by a factor e per iteration.
        """
        try:
            dx = np.linalg.solve(p.jac_x, -p.res)
        except np.linalg.LinAlgError:
            return None
        x = p.x
        new = x[: self.dim] + dx
        new[0] = max(new[0], 0.01 * x[0])  # towards q = 0 at most a factor 100 per step
        if not (new[0] < 1.0 and abs(new[1]) < 1.0 and np.all(np.isfinite(new))):
            return None
        return to_theta(np.append(new, 0.0) if self.dim == 2 else new)[: self.dim]


def _runaway(x, dim: int) -> str:
    if dim == 2:
        return ""  # with the bias held, a tiny q is a legitimate answer
    if abs(x[2]) > B_RUNAWAY:
        return f"|b| ran away beyond {B_RUNAWAY:g} (q = {x[0]:.3g}, r = {x[1]:.3g})"
    if x[0] < Q_COLLAPSE:
        return f"q collapsed below {Q_COLLAPSE:g}"
    return ""


def newton(
    model: Model, x0, fix_b: float | None = None, max_iter: int = MAX_ITER, lm_tries: int = LM_TRIES
) -> NewtonResult:
    """Solve the stationarity equations from x0 = (q, r, b) by Levenberg-Marquardt.

    With a small damping this is Newton's method (quadratic convergence near the root); the damping
    grows whenever a step fails to reduce the residual, which keeps near-singular Jacobians harmless.
    """
    system = _System(model, fix_b)
    theta = to_theta(x0)[: system.dim]
    p = system(theta)
    norm = float(np.max(np.abs(p.res)))
    lam = 1e-6
    if p.jac is None:
        return NewtonResult(p.x, p.ev, norm, 0, system.count, False, "start point outside the domain", p.jac)
    for it in range(1, max_iter + 1):
        if norm <= TOL:
            return _finish(system, p, norm, it - 1)
        theta_x = system.newton_step_x(p)
        if theta_x is not None:
            new = system(theta_x)
            if np.sum(new.res**2) < np.sum(p.res**2):
                theta, p = theta_x, new
                norm = float(np.max(np.abs(p.res)))
                continue
        jtj, jtr = p.jac.T @ p.jac, p.jac.T @ p.res
        for _ in range(lm_tries):
            try:
                step = np.linalg.solve(jtj + lam * np.diag(np.diag(jtj) + 1e-12), -jtr)
            except np.linalg.LinAlgError:
                step = np.full(system.dim, np.nan)
            step *= min(1.0, float(np.min(MAX_STEP[: system.dim] / (np.abs(step) + 1e-300))))
            new = system(theta + step)
            if np.sum(new.res**2) < np.sum(p.res**2):
                lam = max(lam / 5.0, 1e-9)
                break
            lam *= 8.0
        else:
            return NewtonResult(p.x, p.ev, norm, it, system.count, False, "no descent step", p.jac)
        theta, p = theta + step, new
        norm = float(np.max(np.abs(p.res)))
        why = _runaway(p.x, system.dim)
        if why:
            return NewtonResult(p.x, p.ev, norm, it, system.count, False, why, p.jac)
    if norm <= TOL:
        return _finish(system, p, norm, max_iter)
    return NewtonResult(p.x, p.ev, norm, max_iter, system.count, False, "max iterations", p.jac)


def _finish(system: _System, p: _Point, norm: float, iterations: int) -> NewtonResult:
    """A small residual is a solution unless, with a free bias, the b-equation is satisfied only
    because all its terms vanish (b far out, q -> 0: the valley towards the dummy state)."""
    if system.dim == 3 and abs(p.ev.grad[2]) > REL_TOL_B * p.ev.b_scale:
        msg = "dummy valley: the b-equation holds only because all its terms vanish"
        return NewtonResult(p.x, p.ev, norm, iterations, system.count, False, msg, p.jac)
    return NewtonResult(p.x, p.ev, norm, iterations, system.count, True, "converged", p.jac)


def is_local_max_in_b(res: NewtonResult) -> bool:
    """Schur complement of the b-b block of the Jacobian < 0: Phi*(b) has a maximum there.

    At a root the Jacobian is A H D: D positive diagonal (d x / d theta), A block diagonal with a
    positive b-b entry (the rows of ``residual`` are, up to the Eq. 74 identity, linear combinations
    of the gradient), so the Schur complement keeps the sign of d2 Phi*/db2.
    """
    J = res.jac
    if J is None or J.shape != (3, 3):
        return False
    try:
        schur = J[2, 2] - J[2, :2] @ np.linalg.solve(J[:2, :2], J[:2, 2])
    except np.linalg.LinAlgError:
        return False
    return bool(schur < 0.0)

"""RS free energy phi(q, R, b) with the conjugates eliminated, its gradient and the train error.

    phi = 1/2 log(1-q) + (q - R^2) / (2(1-q)) + alpha [rho I+ + (1-rho) I-]        (Eqs. 54, 62-63, 70)

The entropic part is G0 of Eq. 70 after eliminating R_hat = R/(1-q), q_hat = (q-R^2)/(1-q)^2
(Eqs. 71-72); the energetic parts I+- = -G+-_r are the 1-D integrals of ``integrals``.
The stationary point dphi/dq = dphi/dR = dphi/db = 0 is the system of Eqs. 71-75.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit
from scipy.special import expit, logit

from . import kernel
from .integrals import energetic_many, unpacked


@dataclass(frozen=True)
class Model:
    """Control parameters of one problem: teacher bias, data ratio, inverse temperature, train mix."""

    b0: float
    alpha: float
    beta: float
    rho_train: float

    def coords(self) -> np.ndarray:
        """(b0, log alpha, log T, logit rho_train): the coordinates the solutions vary smoothly in."""
        return np.array([self.b0, np.log(self.alpha), -np.log(self.beta), logit(self.rho_train)])

    @classmethod
    def from_coords(cls, c) -> Model:
        """Inverse of ``coords``."""
        b0, log_alpha, log_T, logit_rho = (float(v) for v in c)
        alpha, beta = float(np.exp(log_alpha)), float(np.exp(-log_T))
        return cls(b0=b0, alpha=alpha, beta=beta, rho_train=float(expit(logit_rho)))


@dataclass(frozen=True)
class Evaluation:
    """phi, its gradient and Hessian in (q at fixed r, r, b), and d phi / d beta.

    At one point (floats, (3,) and (3, 3) arrays) from ``evaluate``, or with a leading point axis
    from ``evaluate_many``; ``point(i)`` takes point i of the latter. ``packed`` is the same numbers
    as one vector (or one row per point) in the layout of ``unpack``."""

    phi: float
    grad: np.ndarray
    hess: np.ndarray
    d_beta: float
    s2: float  # rho E+[F'^2] + (1-rho) E-[F'^2] (Eq. 74)
    s2_grad: np.ndarray
    b_scale: float  # alpha times the size of the class terms that cancel in dphi/db
    packed: np.ndarray

    @classmethod
    def unpack(cls, v: np.ndarray) -> Evaluation:
        """From ``N_EV`` numbers per point in the layout of ``kernel.energetic`` (``integrals.unpacked``),
        with phi in place of the energy."""
        return cls(*unpacked(v), v)

    def point(self, i: int) -> Evaluation:
        """Point i of a many-point evaluation."""
        return Evaluation.unpack(self.packed[i])


N_EV = kernel.N_OUT  # phi, gradient, Hessian, d phi/d beta, s2, its gradient, b_scale


def evaluate_many(b0, alpha, beta, rho, q, r, b) -> Evaluation:
    """phi at (q, R = r sqrt(q), b) and its derivatives (Eqs. 54, 62-63, 70), at P points (arrays)."""
    en = energetic_many(q, r, b, b0, beta, rho)
    ev = np.empty((len(q), N_EV))
    _evaluate_all(alpha, q, r, en.packed, ev)
    return Evaluation.unpack(ev)


@njit(cache=True)
def _evaluate_all(alpha, q, r, en, ev):
    for p in range(q.shape[0]):
        point_evaluation(alpha[p], q[p], r[p], en[p], ev[p])


@njit(cache=True)
def point_evaluation(alpha, q, r, en, ev):
    """ev = phi = G0 + alpha E and its derivatives from the energetic part en (``kernel.energetic``),
    with the entropic part in (q, r): G0 = 1/2 log(1-q) + q (1 - r^2) / (2(1-q)) (Eq. 70 with
    Eqs. 71-72), dG0/dq = (q - r^2) / (2(1-q)^2), dG0/dr = -r q / (1-q); second derivatives
    (1 + q - 2r^2) / (2(1-q)^3), -r / (1-q)^2, -q / (1-q)."""
    c = 1.0 - q
    for i in range(N_EV):
        ev[i] = alpha * en[i] if i < 14 or i == 18 else en[i]  # s2 and its gradient are not scaled
    ev[0] += 0.5 * math.log1p(-q) + q * (1.0 - r * r) / (2.0 * c)
    ev[1] += (q - r * r) / (2.0 * c * c)
    ev[2] -= r * q / c
    ev[4] += (1.0 + q - 2.0 * r * r) / (2.0 * c**3)
    ev[5] -= r / (c * c)
    ev[7] -= r / (c * c)
    ev[8] -= q / c


def _arrays(model: Model, q: float, r: float, b: float) -> list[np.ndarray]:
    return [np.array([v], dtype=float) for v in (model.b0, model.alpha, model.beta, model.rho_train, q, r, b)]


def evaluate(model: Model, q: float, r: float, b: float) -> Evaluation:
    """``evaluate_many`` at one point."""
    return evaluate_many(*_arrays(model, q, r, b)).point(0)


@njit(cache=True)
def point_residual(alpha, q, r, ev, res, jac):
    """Rows: (q - R^2) - q_hat (1-q)^2 with q_hat = alpha s2 / (1-q) (Eqs. 72, 74);
    R_hat (1-q) - R (Eq. 71) with R_hat = dE/dR = (dphi/dr) / sqrt(q) + R / (1-q) (Eq. 73), written as
    (1-q) dphi/dR; and dphi/db / alpha (Eq. 75). Eq. 74 is the integrated-by-parts form of
    -2 dE/dq at fixed R: it has no cancellation when q is small, where the energy depends on
    (q, R) almost only through R and the q-equation is a second-order effect. ev as ``Evaluation.unpack``."""
    sq, c = math.sqrt(q), 1.0 - q
    res[0] = q * (1.0 - r * r) - alpha * c * ev[14]
    res[1] = c / sq * ev[2]
    res[2] = ev[3] / alpha
    for j in range(3):
        jac[0, j] = -alpha * c * ev[15 + j]
        jac[1, j] = c / sq * ev[7 + j]
        jac[2, j] = ev[10 + j] / alpha
    jac[0, 0] += 1.0 - r * r + alpha * ev[14]
    jac[0, 1] -= 2.0 * r * q
    jac[1, 0] += (-1.0 / sq - c / (2.0 * q * sq)) * ev[2]


def residual(model: Model, q: float, r: float, ev: Evaluation) -> tuple[np.ndarray, np.ndarray]:
    """``point_residual`` at one point: the residual (3,) and its Jacobian (3, 3)."""
    res, jac = np.empty(3), np.empty((3, 3))
    point_residual(float(model.alpha), float(q), float(r), ev.packed, res, jac)
    return res, jac


def scaled_residual(model: Model, q: float, r: float, ev: Evaluation) -> np.ndarray:
    """The residual vector of ``residual`` alone."""
    return residual(model, q, r, ev)[0]


def train_error(model: Model, ev: Evaluation) -> float:
    """epsilon_t = -(1/alpha) d phi / d beta at the saddle point (Eqs. 77-80)."""
    return -ev.d_beta / model.alpha

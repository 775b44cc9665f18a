"""RS free energy phi(q, R, b) with the conjugates eliminated, its gradient and the train error.

    phi = 1/2 log(1-q) + (q - R^2) / (2(1-q)) + alpha [rho I+ + (1-rho) I-]        (Eqs. 54, 62-63, 70)

The entropic part is G0 of Eq. 70 after eliminating R_hat = R/(1-q), q_hat = (q-R^2)/(1-q)^2
(Eqs. 71-72); the energetic parts I+- = -G+-_r are the 1-D integrals of ``integrals``.
The stationary point dphi/dq = dphi/dR = dphi/db = 0 is the system of Eqs. 71-75.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logit

from .integrals import energetic


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
    """phi, its gradient and Hessian in (q at fixed r, r, b), and d phi / d beta."""

    phi: float
    grad: np.ndarray
    hess: np.ndarray
    d_beta: float
    s2: float  # rho E+[F'^2] + (1-rho) E-[F'^2] (Eq. 74)
    s2_grad: np.ndarray
    b_scale: float  # alpha times the size of the class terms that cancel in dphi/db


def evaluate(model: Model, q: float, r: float, b: float) -> Evaluation:
    """phi at (q, R = r sqrt(q), b) and its derivatives (Eqs. 54, 62-63, 70).

    In (q, r): G0 = 1/2 log(1-q) + q (1 - r^2) / (2(1-q)), dG0/dq = (q - r^2) / (2(1-q)^2),
    dG0/dr = -r q / (1-q); second derivatives (1 + q - 2r^2) / (2(1-q)^3), -r / (1-q)^2, -q / (1-q).
    """
    en = energetic(q, r, b, model.b0, model.beta, model.rho_train)
    a = model.alpha
    g0 = 0.5 * np.log1p(-q) + q * (1.0 - r * r) / (2.0 * (1.0 - q))  # Eq. 70 with Eqs. 71-72
    g0_grad = np.array([(q - r * r) / (2.0 * (1.0 - q) ** 2), -r * q / (1.0 - q), 0.0])
    g0_qr = -r / (1.0 - q) ** 2
    g0_hess = np.array(
        [
            [(1.0 + q - 2.0 * r * r) / (2.0 * (1.0 - q) ** 3), g0_qr, 0.0],
            [g0_qr, -q / (1.0 - q), 0.0],
            [0, 0, 0],
        ]
    )
    return Evaluation(
        phi=float(g0 + a * en.value),
        grad=g0_grad + a * en.grad,
        hess=g0_hess + a * en.hess,
        d_beta=float(a * en.d_beta),
        s2=en.s2,
        s2_grad=en.s2_grad,
        b_scale=a * en.b_scale,
    )


def residual(model: Model, q: float, r: float, ev: Evaluation) -> tuple[np.ndarray, np.ndarray]:
    """Stationarity as O(1) differences that vanish at the saddle point, and their Jacobian in (q, r, b).

    Rows: (q - R^2) - q_hat (1-q)^2 with q_hat = alpha s2 / (1-q) (Eqs. 72, 74);
    R_hat (1-q) - R (Eq. 71) with R_hat = dE/dR = (dphi/dr) / sqrt(q) + R / (1-q) (Eq. 73), written as
    (1-q) dphi/dR; and dphi/db / alpha (Eq. 75). Eq. 74 is the integrated-by-parts form of
    -2 dE/dq at fixed R: it has no cancellation when q is small, where the energy depends on
    (q, R) almost only through R and the q-equation is a second-order effect.
    """
    a, sq = model.alpha, np.sqrt(q)
    res = np.array([q * (1.0 - r * r) - a * (1.0 - q) * ev.s2, (1.0 - q) / sq * ev.grad[1], ev.grad[2] / a])
    jac = np.empty((3, 3))
    jac[0] = -a * (1.0 - q) * ev.s2_grad + np.array([1.0 - r * r + a * ev.s2, -2.0 * r * q, 0.0])
    jac[1] = (1.0 - q) / sq * ev.hess[1]
    jac[1, 0] += (-1.0 / sq - (1.0 - q) / (2.0 * q * sq)) * ev.grad[1]
    jac[2] = ev.hess[2] / a
    return res, jac


def scaled_residual(model: Model, q: float, r: float, ev: Evaluation) -> np.ndarray:
    """The residual vector of ``residual`` alone."""
    return residual(model, q, r, ev)[0]


def train_error(model: Model, ev: Evaluation) -> float:
    """epsilon_t = -(1/alpha) d phi / d beta at the saddle point (Eqs. 77-80)."""
    return -ev.d_beta / model.alpha

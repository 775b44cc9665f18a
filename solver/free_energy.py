"""RS free energy phi(q, R, b) with the conjugates eliminated, its gradient and the train error.

    phi = 1/2 log(1-q) + (q - R^2) / (2(1-q)) + alpha [rho I+ + (1-rho) I-]        (Eqs. 54, 62-63, 70)

The entropic part is G0 of Eq. 70 after eliminating R_hat = R/(1-q), q_hat = (q-R^2)/(1-q)^2
(Eqs. 71-72); the energetic parts I+- = -G+-_r are the 1-D integrals of ``integrals``.
The stationary point dphi/dq = dphi/dR = dphi/db = 0 is the system of Eqs. 71-75.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .integrals import energetic


@dataclass(frozen=True)
class Model:
    """Control parameters of one problem: teacher bias, data ratio, inverse temperature, train mix."""

    b0: float
    alpha: float
    beta: float
    rho_train: float


@dataclass(frozen=True)
class Evaluation:
    """phi, its gradient and Hessian in (q at fixed r, r, b), and d phi / d beta."""

    phi: float
    grad: np.ndarray
    hess: np.ndarray
    d_beta: float


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
    )


def residual_scale(model: Model, q: float) -> np.ndarray:
    """Row scaling that turns the gradient into the O(1) residuals of ``scaled_residual``."""
    return np.array([2.0 * (1.0 - q) ** 2, (1.0 - q) / np.sqrt(q), 1.0 / model.alpha])


def scaled_residual(model: Model, q: float, grad: np.ndarray) -> np.ndarray:
    """Stationarity as O(1) differences that vanish at the saddle point.

    (1-q) dphi/dR = R_hat (1-q) - R (Eq. 71, with dphi/dR = dphi/dr / sqrt(q)),
    2(1-q)^2 dphi/dq|_r (Eq. 72 combined with Eq. 71), and dphi/db / alpha (Eq. 75).
    """
    return residual_scale(model, q) * grad


def train_error(model: Model, ev: Evaluation) -> float:
    """epsilon_t = -(1/alpha) d phi / d beta at the saddle point (Eqs. 77-80)."""
    return -ev.d_beta / model.alpha

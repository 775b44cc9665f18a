"""Baseline: a straightforward implementation of the published equations, for speed comparisons.

Damped fixed-point iteration of Eqs. 71-75 with the energetic terms G+- of Eqs. 62-63 as 2-D
quadratures over (y, t): Gauss-Legendre in the teacher field y on its class interval, Gauss-Hermite
in t. The conjugates come from the derivatives of the energetic term (central differences):
R_hat = alpha dE/dR, q_hat = -2 alpha dE/dq, then R = R_hat (1-q) (Eq. 71),
q = (q_hat + R_hat^2)(1-q)^2 (Eq. 72), and b follows dE/db = 0 (Eq. 75) by a damped step.
No start-point table, no Newton, no care for extreme parameters: this is the reference for speed
and a cross-check of moderate points, not a production solver.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

N_Y, N_T = 80, 60
_YX, _YW = np.polynomial.legendre.leggauss(N_Y)
_TX, _TW = np.polynomial.hermite_e.hermegauss(N_T)
_TW = _TW / np.sqrt(2.0 * np.pi)


def energetic(q, R, b, b0, beta, rho):
    """rho I+ + (1-rho) I- by 2-D quadrature of Eqs. 62-63 (I = -G)."""
    total = 0.0
    for sign, weight in ((1.0, rho), (-1.0, 1.0 - rho)):
        lo, hi = (-b0, 10.0) if sign > 0 else (-10.0, -b0)
        y = 0.5 * (hi - lo) * _YX + 0.5 * (hi + lo)
        wy = 0.5 * (hi - lo) * _YW * np.exp(-0.5 * y * y) / np.sqrt(2.0 * np.pi)
        c = ndtr(sign * b0)
        u = (_TX[None, :] * np.sqrt(q - R * R) - y[:, None] * R - b) / np.sqrt(1.0 - q)
        H = ndtr(-u)
        inner = (
            np.log(np.exp(-beta) + (1.0 - np.exp(-beta)) * H)
            if sign > 0
            else np.log(1.0 - (1.0 - np.exp(-beta)) * H)
        )
        total += weight / c * (wy @ inner @ _TW)
    return total


def solve(b0, alpha, T, rho, damping=0.5, tol=1e-8, max_iter=5000, h=1e-6):
    """Fixed-point iteration of Eqs. 71-75; returns (q, R, b, iterations, converged)."""
    beta = 1.0 / T
    q, R, b = 0.5, 0.5, b0

    def d(f, x, i):
        e = np.zeros(3)
        e[i] = h
        return (f(*(x + e)) - f(*(x - e))) / (2 * h)

    E = lambda q_, R_, b_: energetic(q_, R_, b_, b0, beta, rho)  # noqa: E731
    for it in range(1, max_iter + 1):
        x = np.array([q, R, b])
        R_hat, q_hat = alpha * d(E, x, 1), -2.0 * alpha * d(E, x, 0)
        R_new = R_hat * (1.0 - q)  # Eq. 71
        q_new = (q_hat + R_hat**2) * (1.0 - q) ** 2  # Eq. 72
        b_new = b + d(E, x, 2)  # Eq. 75 as a gradient step
        q_new = min(max(q_new, 1e-6), 1.0 - 1e-6)
        R_new = np.clip(R_new, -0.999 * np.sqrt(q_new), 0.999 * np.sqrt(q_new))
        step = max(abs(q_new - q), abs(R_new - R), abs(b_new - b))
        q, R, b = (
            (1 - damping) * q + damping * q_new,
            (1 - damping) * R + damping * R_new,
            (1 - damping) * b + damping * b_new,
        )
        if step < tol:
            return q, R, b, it, True
    return q, R, b, max_iter, False

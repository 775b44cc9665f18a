"""The energetic term of the RS free energy as 1-D integrals, with gradient and Hessian.

Let r = R/sqrt(q) be the correlation between the teacher field y and the student's mean field.
Integrating y out of Eqs. (62-63), the student's normalised mean field z has, given the class
s = +1 (anomaly) or -1 (normal), the density

    p_s(z) = phi(z) Phi(s k(z)) / c_s,      k(z) = (r z + b0) / sqrt(1 - r^2),   c_s = Phi(s b0),

and the per-sample log partition function is F(s m) with

    F(u) = log[e^-beta + (1 - e^-beta) Phi(u)],      m(z) = (sqrt(q) z + b) / sqrt(1 - q)

(log Z- = log[1 - (1-e^-beta) Phi(m)] = F(-m)). The energetic term of phi is
alpha [rho I+ + (1-rho) I-] with I_s = E_s[F(s m)] = -G_s of Eqs. (62-63).

The r-derivative uses the 2-D form z = r y + sqrt(1-r^2) t (y the teacher field of class s, t
standard normal) and Stein's lemma in t:

    d/dr E_s[g(z)] = E_s[g'(z) E_s(y|z)] - r E_s[g''(z)],   E_s(y|z) = r z + s sqrt(1-r^2) phi(k) / Phi(s k),

with g(z) = F(s m(z)): a sum of bounded terms, where the direct form int (dp_s/dr) g dz has terms of
size (1-r^2)^-3/2 that cancel, leaving round-off above the Newton tolerance when r -> 1.

Integration rule: composite Gauss-Legendre on the support of p_s with panel breakpoints that
follow the sharp features of the integrand: the step of Phi(s k) (width sqrt(1-r^2)/r) and the
kink of F at Phi(u) ~ e^-beta (width ~ sqrt(1-q)/|m*|). Breakpoints move smoothly with
(q, r, b), so the discretised integrals are smooth functions of the order parameters, as Newton's
method needs. Everything stays in log space (class weights down to c+ = 3e-7).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import log_ndtr, ndtr, ndtri

LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
N_GL = 10  # Gauss-Legendre nodes per panel
_X, _W = np.polynomial.legendre.leggauss(N_GL)
BASE_PANELS = 10  # uniform panels over the support of each class
K_STEPS = np.array([-8.0, -5.0, -3.0, -1.5, -0.5, 0.0, 0.5, 1.5, 3.0, 5.0, 8.0])  # in k
M_STEPS = np.array([-6.0, -3.0, -1.5, -0.5, 0.0, 0.5, 1.5, 3.0, 6.0])  # in u = s m, near 0
# x 1/|m*|: out to 32 widths, where F' has not yet reached -u (T < 0.01 with b far from b0 needs them)
KINK_STEPS = np.array([-32.0, -16.0, -8.0, -4.0, -2.0, -1.0, -0.4, 0.0, 0.4, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
TAIL = 81.0  # y-range of a class: relative tail mass below exp(-TAIL/2)
CLASSES = np.array([1.0, -1.0])
_BASE = np.linspace(0.0, 1.0, BASE_PANELS + 1)


def log_phi(x):
    """Log of the standard normal density."""
    return -0.5 * x * x - LOG_SQRT_2PI


@dataclass(frozen=True)
class Energetic:
    """rho I+ + (1-rho) I-, its gradient and Hessian in (q at fixed r, r, b), and d/dbeta."""

    value: float
    grad: np.ndarray  # shape (3,)
    hess: np.ndarray  # shape (3, 3)
    d_beta: float
    s2: float  # rho E+[F'^2] + (1-rho) E-[F'^2]: q_hat = alpha s2 / (1-q) (Eq. 74)
    s2_grad: np.ndarray  # its gradient in (q at fixed r, r, b)
    b_scale: float  # rho E+|dF/db| + (1-rho) E-|dF/db|: the size of the terms that cancel in d/db


def _supports(r: float, b0: float) -> tuple[np.ndarray, np.ndarray]:
    """Intervals of z that carry the mass of class +1 and -1 (y restricted to s y > -s b0)."""
    sr = math.sqrt(max(1.0 - r * r, 0.0))
    ends = []
    for s in CLASSES:
        a = -s * b0
        lo, hi = max(a, -9.0), math.sqrt(max(a, 0.0) ** 2 + TAIL)
        lo_y, hi_y = (lo, hi) if s > 0 else (-hi, -lo)
        ends.append(sorted((r * lo_y, r * hi_y)))
    return np.array([e[0] - 9.0 * sr for e in ends]), np.array([e[1] + 9.0 * sr for e in ends])


@lru_cache(maxsize=256)
def _u_points(beta: float) -> np.ndarray:
    """Breakpoints in u = s m: near 0, and around the kink of F at u = m* = Phi^-1(e^-beta)."""
    mstar = float(ndtri(np.exp(-beta))) if beta > 0.7 else -1.0
    return np.concatenate([M_STEPS, mstar + KINK_STEPS / max(1.0, abs(mstar))])


def nodes(q: float, r: float, b: float, b0: float, beta: float):
    """Nodes z, weights w and class labels s of the composite rule for both classes."""
    sr, sq, s1q = math.sqrt(1.0 - r * r), math.sqrt(q), math.sqrt(1.0 - q)
    zlo, zhi = _supports(r, b0)
    breaks = [
        zlo[:, None] + (zhi - zlo)[:, None] * _BASE,
        (CLASSES[:, None] * _u_points(beta) * s1q - b) / sq,
    ]
    if abs(r) > 1e-12:
        k_breaks = (K_STEPS * sr - b0) / r
        breaks.append(np.vstack((k_breaks, k_breaks)))
    edges = np.clip(np.concatenate(breaks, axis=1), zlo[:, None], zhi[:, None])
    edges.sort(axis=1)
    half = 0.5 * (edges[:, 1:] - edges[:, :-1])
    keep = half > 0.0  # clipped breakpoints leave empty panels: drop them
    mid = (0.5 * (edges[:, 1:] + edges[:, :-1]))[keep]
    half = half[keep]
    z = (mid[:, None] + half[:, None] * _X).ravel()
    return z, (half[:, None] * _W).ravel(), np.repeat(CLASSES, keep.sum(axis=1) * N_GL)


def f_derivs(u, beta):
    """F(u) = log[e^-beta + (1-e^-beta) Phi(u)], F'(u), F''(u) and e^F, with one ndtr per node.

    Since phi' = -u phi: F'' = -u F' - F'^2 (and dF/dbeta = -e^-beta Phi(-u) / e^F, in ``energetic``).

    e^-beta + (1-e^-beta) Phi(u) is a sum of two positive terms, so its log is accurate; where Phi(u)
    underflows (u < -38) it is below e^-beta 1e-229 and F = -beta to working precision.
    """
    c = -np.expm1(-beta)  # 1 - e^-beta
    z_u = np.exp(-beta) + c * ndtr(u)  # e^F
    f1 = c * np.exp(log_phi(u)) / z_u
    return np.log(z_u), f1, -u * f1 - f1 * f1, z_u


def class_weights(q: float, r: float, b: float, b0: float, beta: float, rho: float):
    """Nodes z, weights w * rho_s phi(z) / c_s, labels s, k(z) and p = w * rho_s * p_s(z)."""
    z, w, s = nodes(q, r, b, b0, beta)
    k = (r * z + b0) / np.sqrt(1.0 - r * r)
    c_pos, c_neg = (0.5 * math.erfc(-x / math.sqrt(2.0)) for x in (b0, -b0))  # Phi(+-b0)
    w = w * np.exp(log_phi(z)) * np.where(s > 0, rho / c_pos, (1.0 - rho) / c_neg)
    return z, w, s, k, w * ndtr(s * k)


def energetic(q: float, r: float, b: float, b0: float, beta: float, rho: float) -> Energetic:
    """rho I+ + (1-rho) I- with derivatives in (q at fixed r, r, b) and beta.

    Working at fixed r keeps the class densities independent of q, so no derivative cancels
    catastrophically when q is small. With p_s(z; r) and f = F(s m(z; q, b)):
    d/dq = E[f' m_q], d/dr by Stein's lemma (module docstring), d/db = E[f'] m_b, and the second
    derivatives with dp/dr = dp/dk k_r, dp/dk = s phi(z) phi(k) / c_s and d2p/dk2 = -k dp/dk.
    """
    z, w, s, k, p = class_weights(q, r, b, b0, beta, rho)
    sr2, sq, s1q = 1.0 - r * r, np.sqrt(q), np.sqrt(1.0 - q)
    sr, pos = np.sqrt(sr2), s > 0
    p_k = w * s * np.exp(log_phi(k))  # w * rho_s * d p_s / dk
    k_r = (z + r * b0) / sr2**1.5
    k_rr = b0 / sr2**1.5 + 3.0 * r * (z + r * b0) / sr2**2.5
    p_r, p_rr = p_k * k_r, p_k * (k_rr - k * k_r * k_r)
    m = (sq * z + b) / s1q
    f, f1, f2, z_u = f_derivs(s * m, beta)
    f_beta = -np.exp(-beta) * ndtr(-s * m) / z_u  # dF/dbeta
    f1 = s * f1  # d/dm of F(s m)
    m_b = 1.0 / s1q
    num, den = z + b * sq, 2.0 * sq * s1q**3
    m_q = num / den
    den_q = s1q * ((1.0 - q) / sq - 3.0 * sq)
    m_qq = (b / (2.0 * sq) * den - num * den_q) / den**2
    m_qb = 0.5 / s1q**3
    pf1, pf2 = p * f1, p * f2
    # int p_r dz = 0 for each class: centring f removes the O(1) part that would cancel when q -> 0
    f_c = f - np.where(pos, *f_derivs(np.array([b, -b]) / s1q, beta)[0])
    # d/dr (Eq. 73: R_hat = alpha d/dR = alpha/sqrt(q) d/dr) by Stein's lemma: E_s[f' E(y|z)] with
    # p E_s(y|z) = p r z + sqrt(1-r^2) dp/dk
    grad_r = sq / s1q * (r * (pf1 @ z) + sr * (p_k @ f1)) - r * q / (1.0 - q) * pf2.sum()
    grad = np.array([pf1 @ m_q, grad_r, pf1.sum() * m_b])
    h_qq = pf2 @ (m_q * m_q) + pf1 @ m_qq
    h_qr = p_r @ (f1 * m_q)
    h_qb = (pf2 @ m_q) * m_b + pf1.sum() * m_qb
    h_rb = (p_r @ f1) * m_b
    hess = np.array([[h_qq, h_qr, h_qb], [h_qr, p_rr @ f_c, h_rb], [h_qb, h_rb, pf2.sum() * m_b**2]])
    f1f2 = 2.0 * pf1 * f2
    s2_grad = np.array([f1f2 @ m_q, p_r @ (f1 * f1), f1f2.sum() * m_b])
    return Energetic(
        value=float(p @ f),
        grad=grad,
        hess=hess,
        d_beta=float(p @ f_beta),
        s2=float(pf1 @ f1),
        s2_grad=s2_grad,
        b_scale=float(np.abs(pf1).sum() * m_b),
    )


def class_mean(s: float, q: float, r: float, b: float, b0: float, beta: float, fn) -> float:
    """E_s[fn(m)] under the class-s density of z (for checks: E+[Phi(m)] is the recall)."""
    z, w, lab = nodes(q, r, b, b0, beta)
    z, w = z[lab == s], w[lab == s]
    k = (r * z + b0) / np.sqrt(1.0 - r * r)
    dens = w * np.exp(log_phi(z) - log_ndtr(s * b0) + log_ndtr(s * k))
    return float(dens @ fn((np.sqrt(q) * z + b) / np.sqrt(1.0 - q)))

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

The integration rule is in ``rule``. Everything stays in log space (class weights down to
c+ = 3e-7). Every function works on many points at once (arrays of shape (P,) in, a leading point
axis out, nodes of shape (P, 2, M): class +1 then class -1); the scalar forms are the same
computation with P = 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr, ndtri

from . import kernel, rule
from .rule import CLASSES

LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)


def log_phi(x):
    """Log of the standard normal density."""
    return -0.5 * x * x - LOG_SQRT_2PI


@dataclass(frozen=True)
class Energetic:
    """rho I+ + (1-rho) I-, its gradient and Hessian in (q at fixed r, r, b), and d/dbeta.

    With a leading point axis (shape (P,), (P, 3), (P, 3, 3)) from ``energetic_many``; scalars and
    (3,), (3, 3) arrays from ``energetic``."""

    value: np.ndarray
    grad: np.ndarray
    hess: np.ndarray
    d_beta: np.ndarray
    s2: np.ndarray  # rho E+[F'^2] + (1-rho) E-[F'^2]: q_hat = alpha s2 / (1-q) (Eq. 74)
    s2_grad: np.ndarray  # its gradient in (q at fixed r, r, b)
    b_scale: np.ndarray  # rho E+|dF/db| + (1-rho) E-|dF/db|: the size of the terms that cancel in d/db
    packed: np.ndarray  # all of them, ``kernel.N_OUT`` numbers per point in the order above


def unpacked(v: np.ndarray) -> tuple:
    """The fields of ``kernel.energetic``'s layout (value, gradient, Hessian, d/dbeta, s2, s2 gradient,
    b_scale) from one vector (floats and (3,), (3, 3) arrays) or from one row per point."""
    if v.ndim == 1:
        return float(v[0]), v[1:4], v[4:13].reshape(3, 3), float(v[13]), float(v[14]), v[15:18], float(v[18])
    return v[:, 0], v[:, 1:4], v[:, 4:13].reshape(-1, 3, 3), v[:, 13], v[:, 14], v[:, 15:18], v[:, 18]


def rule_arguments(beta) -> tuple:
    """What the compiled rule (``kernel.point_nodes``) takes beside (q, r, b, b0): m* = Phi^-1(e^-beta)
    at each beta (-1 where beta <= 0.7), and ``rule``'s ladders, constants and Gauss-Legendre rule."""
    mstar = np.where(beta > 0.7, ndtri(np.exp(-np.maximum(beta, 0.7))), -1.0)
    consts = np.array([rule.BASE_PANELS, rule.FINE, rule.THETA, rule.TAIL, rule._NEVER], dtype=float)
    return mstar, rule._STEPS, rule._GAPS, rule._FEATURE, consts, rule._X, rule._W


def nodes_many(q, r, b, b0, beta) -> tuple[np.ndarray, np.ndarray]:
    """``rule.nodes_many`` compiled (``kernel.rule_nodes``; the test checks they agree bit for bit)."""
    return kernel.rule_nodes(q, r, b, b0, *rule_arguments(beta))


def _many(*values) -> list[np.ndarray]:
    """Scalars or arrays as 1-D float arrays of one common length."""
    return [
        np.array(v) for v in np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in values))
    ]


def nodes(q: float, r: float, b: float, b0: float, beta: float):
    """Nodes z, weights w and class labels s of the composite rule for one point (flat arrays)."""
    z, w = nodes_many(*_many(q, r, b, b0, beta))
    return z.ravel(), w.ravel(), np.repeat(CLASSES, z.shape[2])


def f_derivs(u, beta):
    """F(u) = log[e^-beta + (1-e^-beta) Phi(u)], F'(u), F''(u) and e^F (``kernel.f_point``).

    Since phi' = -u phi: F'' = -u F' - F'^2 (and dF/dbeta = -e^-beta Phi(-u) / e^F). ``beta`` is a
    scalar or broadcasts against ``u``.

    e^-beta + (1-e^-beta) Phi(u) is a sum of two positive terms, so its log is accurate; where Phi(u)
    underflows (u < -38) it is below e^-beta 1e-229 and F = -beta to working precision.
    """
    u, beta = (
        np.array(v) for v in np.broadcast_arrays(np.asarray(u, dtype=float), np.asarray(beta, dtype=float))
    )
    out = np.empty((u.size, 4))
    kernel.f_derivs_flat(u.ravel(), beta.ravel(), out)
    return tuple(out[:, i].reshape(u.shape) for i in range(4))


def class_weights_many(q, r, b, b0, beta, rho):
    """Nodes z, weights w, k(z) and p = w * rho_s * p_s(z), shape (P, 2, M)."""
    z, w = nodes_many(q, r, b, b0, beta)
    k, p = np.empty_like(z), np.empty_like(z)
    kernel.class_weights(z, w, r, b0, rho, k, p)
    return z, w, k, p


def class_weights(q: float, r: float, b: float, b0: float, beta: float, rho: float):
    """Nodes z, weights w, labels s, k(z) and p = w * rho_s * p_s(z) for one point (flat)."""
    z, w, k, p = class_weights_many(*_many(q, r, b, b0, beta, rho))
    return z.ravel(), w.ravel(), np.repeat(CLASSES, z.shape[2]), k.ravel(), p.ravel()


def energetic_many(q, r, b, b0, beta, rho) -> Energetic:
    """rho I+ + (1-rho) I- with derivatives in (q at fixed r, r, b) and beta, at P points at once.

    Working at fixed r keeps the class densities independent of q, so no derivative cancels
    catastrophically when q is small. With p_s(z; r) and f = F(s m(z; q, b)):
    d/dq = E[f' m_q], d/dr by Stein's lemma (module docstring), d/db = E[f'] m_b, and the second
    derivatives with dp/dr = dp/dk k_r, dp/dk = s phi(z) phi(k) / c_s and d2p/dk2 = -k dp/dk. The
    sums over the nodes are ``kernel.energetic``.
    """
    z, w = nodes_many(q, r, b, b0, beta)
    out = np.empty((len(q), kernel.N_OUT))
    kernel.energetic(z, w, q, r, b, b0, beta, rho, out)
    return Energetic(*unpacked(out), out)


def energetic(q: float, r: float, b: float, b0: float, beta: float, rho: float) -> Energetic:
    """``energetic_many`` at one point: floats and (3,), (3, 3) arrays."""
    v = energetic_many(*_many(q, r, b, b0, beta, rho)).packed[0]
    return Energetic(*unpacked(v), v)


def class_mean(s: float, q: float, r: float, b: float, b0: float, beta: float, fn) -> float:
    """E_s[fn(m)] under the class-s density of z (for checks: E+[Phi(m)] is the recall)."""
    z, w, lab = nodes(q, r, b, b0, beta)
    z, w = z[lab == s], w[lab == s]
    k = (r * z + b0) / np.sqrt(1.0 - r * r)
    dens = w * np.exp(log_phi(z) - log_ndtr(s * b0) + log_ndtr(s * k))
    return float(dens @ fn((np.sqrt(q) * z + b) / np.sqrt(1.0 - q)))

"""Stability of the replica-symmetric saddle point: the replicon (de Almeida-Thouless) eigenvalue.

The replicated free energy of App. B is, in the n student replicas a = 1..n with overlaps Q_ab
(Q_aa = 1, Q_ab = q in RS) and teacher overlaps R_a = R,

    n phi = G_S(Q, R) + alpha G_E(Q, R, b),   G_S = 1/2 log det(Q - R R^T) (+ terms in R only),
    G_E = log E_teacher int prod_a Dh_a exp(-beta sum_a V(s (h_a + b))),

where V counts an error and the student fields h_a have covariance Q - R R^T given the teacher field.
Perturb the off-diagonal overlaps by dQ_ab in the replicon subspace (symmetric, zero diagonal, every
row summing to zero: it leaves q, R and b unchanged at first order, and b, a vector in replica space,
does not couple to it). Two pieces:

* entropy: the Hessian of 1/2 log det C at C = (1 - q) I + (q - R^2) 1 1^T is
  -(C^-1_ac C^-1_bd + C^-1_ad C^-1_bc); its replicon eigenvalue is -(D - O)^2 with D - O the difference
  of the diagonal and off-diagonal entries of C^-1, i.e. -1 / (1 - q)^2;
* energy: d G_E / d Q_ab = < d_a d_b >, and the second derivative is a connected four-point function
  with three distinct RS values (pairs equal, sharing one replica, disjoint). Its replicon eigenvalue
  P - 2 Q + R reduces, with the replicas independent given the common field, to
  E[(d^2 log Z / d h^2)^2], the average over the train measure (Eq. 4: class s with probability
  rho_train, teacher field y of that class) and over the student's mean field h.

In the variables of ``solver.integrals`` (u = s m, m = (sqrt(q) z + b) / sqrt(1 - q), the per-sample
log partition function F(u) = log[e^-beta + (1 - e^-beta) Phi(u)]), d/dh = s / sqrt(1 - q) d/du, so

    lambda_AT = 1 - alpha (1 - q)^2 E[(d^2 log Z / dh^2)^2] = 1 - alpha E[F''(u)^2]

(the storage-problem condition of Gardner and Derrida, 1988). The RS solution is stable iff
lambda_AT > 0; lambda_AT <= 1 always, and lambda_AT -> 1 as T -> infinity (F'' -> 0). The same
building blocks give q_hat = alpha E[F'(u)^2] / (1 - q) (Eq. 74), which the tests use to check the
measure. For the dummy phase (q = R = 0, |b| = infinity) every F'' vanishes: lambda_AT = 1.
"""

from __future__ import annotations

import math

from .integrals import class_weights, f_derivs


def train_measure(q: float, R: float, b: float, b0: float, T: float, rho_train: float):
    """Quadrature of the train measure (Eqs. 62-63): weights rho_s p_s(z) dz and u = s m at each node."""
    z, _, s, _, p = class_weights(q, R / math.sqrt(q), b, b0, 1.0 / T, rho_train)
    return p, s * (math.sqrt(q) * z + b) / math.sqrt(1.0 - q)


def field_moments(q: float, R: float, b: float, b0: float, T: float, rho_train: float) -> tuple[float, float]:
    """(E[F'(u)^2], E[F''(u)^2]) over the train measure at an informative point (q, R, b)."""
    p, u = train_measure(q, R, b, b0, T, rho_train)
    _, f1, f2, _ = f_derivs(u, 1.0 / T)
    return float(p @ (f1 * f1)), float(p @ (f2 * f2))


def replicon(q: float, R: float, b: float, b0: float, alpha: float, T: float, rho_train: float) -> float:
    """lambda_AT = 1 - alpha E[F''^2] (module docstring): RS is stable where it is positive."""
    if not (math.isfinite(b) and q > 0.0):
        return 1.0  # the dummy phase: F'' = 0 for every sample
    return 1.0 - alpha * field_moments(q, R, b, b0, T, rho_train)[1]

"""The replicon (AT) eigenvalue of the RS solution (solver.stability, Solution.replicon)."""

import math

import numpy as np
import pytest
from scipy.special import ndtr

from solver import solve
from solver.integrals import f_derivs
from solver.stability import field_moments, train_measure

NISHIMORI = [(-0.6, 1.1), (-1.5, 8.0), (0.0, 2.0), (-2.0, 3.0), (-3.0, 0.5)]


def _nishimori_moments(sol) -> tuple[float, float, float]:
    """(E[F'^2], -E[F''], E[F''^2]) at a solution."""
    p, u = train_measure(sol.q, sol.R, sol.b, sol.b0, sol.T, sol.rho_train)
    _, f1, f2, _ = f_derivs(u, 1.0 / sol.T)
    return float(p @ (f1 * f1)), float(-(p @ f2)), float(p @ (f2 * f2))


@pytest.mark.parametrize("b0, alpha", NISHIMORI)
def test_nishimori_line_identity_and_stability(b0, alpha):
    """On the Nishimori line (T -> 0, rho_train = rho0: the Gibbs student is the Bayes posterior) q = R,
    b = b0 and the Nishimori identity E[F'^2] = -E[F''] holds; RS is exact there, and the replicon is
    positive (0 < lambda_AT <= 1)."""
    sol = solve(b0, alpha, 0.005, float(ndtr(b0)))
    assert sol.phase == "informative" and sol.q == pytest.approx(sol.R, abs=1e-9)
    m1, minus_m2, _ = _nishimori_moments(sol)
    assert m1 == pytest.approx(minus_m2, rel=1e-9, abs=1e-12)
    assert 0.0 < sol.replicon() <= 1.0


def test_identity_fails_off_the_nishimori_line():
    """The same identity off the line (T = 0.5 or rho_train != rho0) fails clearly: the check can fail."""
    for sol in (solve(-0.6, 1.1, 0.5, float(ndtr(-0.6))), solve(-0.6, 1.1, 0.005, 0.45)):
        m1, minus_m2, _ = _nishimori_moments(sol)
        assert abs(m1 - minus_m2) > 1e-3


def test_q_hat_from_the_same_measure():
    """alpha E[F'^2] / (1 - q) is q_hat of Eq. 74: the replicon's average uses the solver's measure."""
    for args in [(-0.6, 1.1, 0.5, 0.3), (-2.0, 8.0, 0.05, 0.2), (-0.6, 30.0, 0.05, 0.1)]:
        sol = solve(*args)
        m1, _ = field_moments(sol.q, sol.R, sol.b, sol.b0, sol.T, sol.rho_train)
        assert sol.alpha * m1 / (1.0 - sol.q) == pytest.approx(sol.q_hat, rel=1e-9)


def test_quadrature_against_direct_sampling():
    """E[F''^2] by the solver's quadrature against plain Monte Carlo over (class, teacher field, noise)."""
    sol = solve(-0.6, 1.1, 0.1, 0.3)
    _, m2 = field_moments(sol.q, sol.R, sol.b, sol.b0, sol.T, sol.rho_train)
    rng, n = np.random.default_rng(3), 400_000
    s = np.where(rng.random(n) < sol.rho_train, 1.0, -1.0)
    y = rng.standard_normal(4 * n)  # teacher fields by rejection on the class side y + b0 > 0 (s = +1)
    pos, neg = y[y + sol.b0 > 0], y[y + sol.b0 <= 0]
    y = np.where(s > 0, pos[:n], neg[:n])
    h = sol.R * y + math.sqrt(sol.q - sol.R**2) * rng.standard_normal(n)  # student mean field
    u = s * (h + sol.b) / math.sqrt(1.0 - sol.q)
    f2 = f_derivs(u, 1.0 / sol.T)[2]
    est, se = (f2 * f2).mean(), (f2 * f2).std() / math.sqrt(n)
    assert abs(est - m2) < 4 * se


def test_dummy_and_high_temperature():
    assert solve(-0.6, 1.1, 0.5, 0.05).replicon() == 1.0
    hot = solve(-0.6, 1.1, 10.0, 0.5)
    assert 0.99 < hot.replicon() <= 1.0


@pytest.mark.slow
def test_random_box_finite_and_bounded():
    """60 random points of the box: lambda_AT is finite, <= 1 and positive (RS stable: the sign the
    model has everywhere we looked; a negative value would be a finding to report, not round-off)."""
    rng = np.random.default_rng(12)
    for _ in range(60):
        b0, alpha = rng.uniform(-3, 0.5), float(np.exp(rng.uniform(np.log(0.3), np.log(30))))
        T, rho = float(np.exp(rng.uniform(np.log(0.005), np.log(5)))), rng.uniform(0.15, 0.85)
        sol = solve(b0, alpha, T, rho)
        if not sol.converged:
            continue
        lam = sol.replicon()
        assert math.isfinite(lam) and lam <= 1.0
        assert lam > 0, (b0, alpha, T, rho, lam)

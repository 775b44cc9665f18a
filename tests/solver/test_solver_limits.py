"""Textbook limits, exact identities and symmetries of the RS solution (issue 2)."""

import numpy as np
import pytest
from scipy import integrate
from scipy.optimize import brentq
from scipy.special import erfcx

from solver import rho0_from_b0, solve, sweep

T_ZERO = 0.005  # e^(-1/T) = 1e-87: indistinguishable from T = 0


def gibbs_R(alpha: float) -> float:
    """Classical Gibbs learning of the perceptron (Gyorgyi 1990; Engel & Van den Broeck ch. 2):
    R / sqrt(1 - R) = (alpha / pi) int Dt exp(-R t^2 / 2) / H(-sqrt(R) t), q = R.
    With H(x) = exp(-x^2/2) erfcx(x/sqrt2) / 2 the integrand is 2 / erfcx(-sqrt(R/2) t)."""

    def rhs(R):
        f = lambda t: np.exp(-t * t / 2) / np.sqrt(2 * np.pi) * 2.0 / erfcx(-np.sqrt(R / 2) * t)  # noqa: E731
        return alpha / np.pi * integrate.quad(f, -40, 40, epsabs=1e-14, epsrel=1e-12, limit=400)[0]

    return brentq(lambda R: R / np.sqrt(1 - R) - rhs(R), 1e-9, 1 - 1e-12, xtol=1e-15, rtol=1e-15)


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0, 5.0, 10.0])
def test_gibbs_learning_limit(alpha):
    sol = solve(b0=0.0, alpha=alpha, T=T_ZERO, rho_train=0.5, fix_b=0.0)
    assert sol.converged and sol.phase == "informative"
    assert sol.R == pytest.approx(gibbs_R(alpha), abs=1e-6)
    assert sol.q == pytest.approx(sol.R, abs=1e-6)


@pytest.mark.parametrize("alpha", [0.5, 2.0, 10.0])
def test_free_bias_at_b0_zero_learns_zero_bias(alpha):
    free = solve(b0=0.0, alpha=alpha, T=T_ZERO, rho_train=0.5)
    assert free.b == pytest.approx(0.0, abs=1e-9)
    assert free.R == pytest.approx(gibbs_R(alpha), abs=1e-6)


@pytest.mark.parametrize("b0", [-1.5, -0.6, 0.0, 0.8])
@pytest.mark.parametrize("alpha", [1.0, 4.0])
def test_nishimori_line(b0, alpha):
    """At T -> 0 and rho_train = rho0 the Gibbs measure is the Bayes posterior: q = R, b = b0."""
    sol = solve(b0=b0, alpha=alpha, T=T_ZERO, rho_train=rho0_from_b0(b0))
    assert sol.converged
    assert sol.q == pytest.approx(sol.R, abs=1e-8)
    assert sol.b == pytest.approx(b0, abs=1e-8)
    assert sol.train_error == pytest.approx(0.0, abs=1e-12)  # the version space is not empty


@pytest.mark.parametrize(
    "b0, alpha, T, rho",
    [(-0.6, 1.1, 0.5, 0.3), (-2.0, 8.0, 0.5, 0.2), (1.3, 3.0, 0.05, 0.7), (-4.0, 20.0, 1.0, 0.4)],
)
def test_reflection_symmetry(b0, alpha, T, rho):
    """(b0, b, rho_train) -> (-b0, -b, 1 - rho_train) maps solutions to solutions, same q and R."""
    a, b = solve(b0, alpha, T, rho), solve(-b0, alpha, T, 1 - rho)
    assert a.converged and b.converged
    assert b.q == pytest.approx(a.q, abs=1e-9)
    assert b.R == pytest.approx(a.R, abs=1e-9)
    assert b.b == pytest.approx(-a.b, abs=1e-9)
    assert b.phi == pytest.approx(a.phi, abs=1e-10)


@pytest.mark.parametrize(
    "b0, alpha, T, rho", [(-0.6, 1.1, 0.5, 0.3), (-1.0, 5.0, 0.2, 0.55), (0.5, 2.0, 2.0, 0.5)]
)
def test_train_error_is_beta_derivative_of_free_energy(b0, alpha, T, rho):
    """Eqs. 77-79: eps_t = -(1/alpha) d phi*/d beta, checked by re-solving at beta +- h."""
    beta, h = 1.0 / T, 1e-4
    phi = [solve(b0, alpha, 1.0 / (beta + s * h), rho).phi for s in (1, -1)]
    sol = solve(b0, alpha, T, rho)
    assert sol.train_error == pytest.approx(-(phi[0] - phi[1]) / (2 * h) / alpha, rel=1e-6)
    assert sol.free_energy == pytest.approx(-T * sol.phi)


@pytest.mark.parametrize("alpha", [0.7, 2.0])
def test_fixed_bias_at_zero_is_flat_in_rho(alpha):
    """App. D: with b = b0 = 0 both classes are equally informative, R does not depend on rho."""
    R = [s.R for s in sweep("rho_train", [0.1, 0.3, 0.5, 0.8], b0=0.0, alpha=alpha, T=0.5, fix_b=0.0)]
    assert np.ptp(R) < 1e-9


def test_fixed_bias_minority_class_is_more_informative():
    """App. D, Fig. 7: with b = b0 < 0, R grows as the train set holds more of the minority class."""
    R = [s.R for s in sweep("rho_train", [0.2, 0.5, 0.8], b0=-1.0, alpha=0.7, T=0.5, fix_b=-1.0)]
    assert R[0] < R[1] < R[2]


def test_more_data_better_overlap():
    R = [solve(-0.6, a, 0.5, 0.5).R for a in (0.5, 1.1, 3.0, 10.0, 40.0)]
    assert np.all(np.diff(R) > 0) and R[-1] < 1.0

"""Identities of docs/theory.md that the code relies on: Eq. 74 as an integration by parts, the
dummy state's stability threshold rho_c, and the recall/specificity of Eqs. 93-94, 101, 103."""

from __future__ import annotations

import math

import numpy as np
import pytest
from printed_forms import H, gauss
from scipy import integrate
from scipy.special import ndtr

from solver.free_energy import Model, evaluate
from solver.integrals import energetic
from solver.metrics import rates
from solver.saddle import rho_c


@pytest.mark.parametrize("seed", range(4))
def test_eq_74_is_minus_twice_the_q_derivative_at_fixed_R(seed):
    """Off the saddle point too: -2 dE/dq at fixed R = s2 / (1-q) for E = rho I+ + (1-rho) I-.
    With d/dq|_R = d/dq|_r - (r / 2q) d/dr, this joins the gradient and s2, computed separately."""
    rng = np.random.default_rng(seed)
    q, r, b = rng.uniform(0.02, 0.98), rng.uniform(-0.95, 0.98), rng.uniform(-2.5, 2.5)
    en = energetic(q, r, b, rng.uniform(-2.5, 2.5), rng.uniform(0.2, 20.0), rng.uniform(0.02, 0.98))
    dq_fixed_R = en.grad[0] - r / (2.0 * q) * en.grad[1]
    assert -2.0 * dq_fixed_R == pytest.approx(en.s2 / (1.0 - q), rel=1e-10)


@pytest.mark.parametrize("T", [0.3, 1.0, 3.0])
def test_rho_c_is_where_the_dummy_state_stops_being_a_maximum_in_b(T):
    """At q -> 0, phi(b) + alpha beta rho = alpha Phi(b) (1 - e^-beta) (rho e^beta - (1 - rho)) + O(Phi^2):
    b = -inf is a local maximum exactly when rho < 1 / (1 + e^beta) = rho_c."""
    beta, c = 1.0 / T, rho_c(T)
    for rho, sign in ((0.9 * c, -1.0), (1.1 * c, 1.0)):
        model = Model(b0=-0.6, alpha=1.3, beta=beta, rho_train=rho)
        lead = model.alpha * ndtr(-6.0) * (1.0 - math.exp(-beta)) * (rho * math.exp(beta) - (1.0 - rho))
        phi = evaluate(model, 1e-12, 0.0, -6.0).phi
        assert phi + model.alpha * beta * rho == pytest.approx(lead, rel=1e-4)
        assert np.sign(lead) == sign


@pytest.mark.parametrize(("R", "b", "b0"), [(0.6, -0.4, -0.6), (0.95, 1.2, 0.3), (-0.3, 0.1, -2.0)])
def test_rates_follow_eqs_93_94(R, b, b0):
    """1 - r = (1/c+) int_{-b0}^inf Dy (1 - H(u')), 1 - s = (1/c-) int_{-inf}^{-b0} Dy H(u'),
    u' = (-y R - b) / sqrt(1 - R^2) (Eqs. 93-94, 101, 103)."""
    u = lambda y: (-y * R - b) / math.sqrt(1.0 - R * R)  # noqa: E731
    miss = integrate.quad(lambda y: gauss(y) * H(-u(y)), -b0, math.inf, epsabs=1e-13)[0] / ndtr(b0)
    false_alarm = integrate.quad(lambda y: gauss(y) * H(u(y)), -math.inf, -b0, epsabs=1e-13)[0] / ndtr(-b0)
    t = rates(R, b, b0)
    assert t["recall"] == pytest.approx(1.0 - miss, rel=1e-10)
    assert t["specificity"] == pytest.approx(1.0 - false_alarm, rel=1e-10)

"""The 1-D integrals of ``solver.integrals`` against the paper's printed 2-D forms (docs/theory.md).

``printed_forms`` evaluates Eqs. 62-63, 73, 74, 75 and 80 as printed, over (y, t) by adaptive 2-D
quadrature; the solver integrates y out analytically and uses Gauss-Legendre panels in z. Agreement
to 1e-9 at random points pins the derivation of the 1-D form and the equation each code term implements.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from printed_forms import Printed

from solver.free_energy import Model, evaluate, train_error
from solver.integrals import energetic

TOL = dict(rel=1e-9, abs=1e-11)  # measured: agreement to 1e-12 or better


def random_points(n: int, seed: int, beta_max: float = 8.0, q_max: float = 0.98):
    """(q, r, b, b0, beta, rho) drawn over the domain, r = R / sqrt(q) of either sign."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        q, r = rng.uniform(0.02, q_max), rng.uniform(-0.95, 0.98)
        b, b0 = rng.uniform(-2.5, 2.5), rng.uniform(-2.5, 2.5)
        yield q, r, b, b0, rng.uniform(0.2, beta_max), rng.uniform(0.02, 0.98)


def compare(q, r, b, b0, beta, rho) -> None:
    """Every printed quantity against the code term that implements it."""
    p = Printed(q, r * math.sqrt(q), b, b0, beta, rho)
    en = energetic(q, r, b, b0, beta, rho)
    # Eqs. 62-63: rho I+ + (1-rho) I- with I+- = -G+-_r
    assert en.value == pytest.approx(p.energetic(), **TOL)
    # Eq. 73: R_hat / alpha = d(energetic)/dR at fixed q = (d/dr at fixed q) / sqrt(q)
    assert en.grad[1] / math.sqrt(q) == pytest.approx(p.R_hat_over_alpha(), **TOL)
    # Eq. 74: q_hat / alpha = s2 / (1-q)
    assert en.s2 / (1.0 - q) == pytest.approx(p.q_hat_over_alpha(), **TOL)
    # Eq. 75: d(energetic)/db = (printed sum) / sqrt(2 pi (1-q)), since d/db F(m) = F'(m) / sqrt(1-q)
    assert en.grad[2] * math.sqrt(2.0 * math.pi * (1.0 - q)) == pytest.approx(p.eq75(), **TOL)
    # Eqs. 77-80: epsilon_t = -(1/alpha) d phi / d beta
    model = Model(b0=b0, alpha=1.3, beta=beta, rho_train=rho)
    assert train_error(model, evaluate(model, q, r, b)) == pytest.approx(p.train_error(), **TOL)


@pytest.mark.parametrize("point", list(random_points(4, seed=13)))
def test_one_d_form_equals_printed_two_d_form(point):
    compare(*point)


@pytest.mark.slow
@pytest.mark.parametrize("point", list(random_points(24, seed=62, beta_max=20.0, q_max=0.995)))
def test_one_d_form_equals_printed_two_d_form_over_the_box(point):
    compare(*point)


@pytest.mark.slow
@pytest.mark.parametrize(
    "point",
    [
        (0.99, 0.9, 0.3, -0.6, 2.0, 0.3),  # q -> 1: the log Z kink is narrow in z
        (0.5, 0.7, -0.5, -0.6, 25.0, 0.3),  # low temperature
        (0.6, 0.8, -2.0, -3.5, 4.0, 0.2),  # rare anomalies, c+ = 2e-4
        (0.02, 0.5, -0.4, -0.6, 2.0, 0.15),  # small q, near the dummy boundary
        (0.9, 0.99, 0.1, 0.0, 15.0, 0.5),  # r -> 1: the class step is narrow
        (0.3, -0.2, 3.0, 3.0, 1.0, 0.9),  # rare normals, anti-aligned student
    ],
)
def test_one_d_form_equals_printed_two_d_form_at_the_edges(point):
    compare(*point)

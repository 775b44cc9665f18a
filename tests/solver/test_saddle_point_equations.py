"""The solver's solutions satisfy the paper's printed saddle-point equations (Eqs. 71-75).

``Solution.q_hat`` and ``Solution.R_hat`` are Eqs. 71-72 solved for the conjugates; here they are
compared with the right-hand sides of Eqs. 74 and 73, evaluated as printed by 2-D quadrature
(``printed_forms``), and Eq. 75 is checked to vanish. Nothing of the solver's integrals is reused,
so a solution that is not a stationary point of the paper's free energy fails here.
"""

from __future__ import annotations

import math

import pytest
from printed_forms import Printed

from solver import solve

SLOW = pytest.mark.slow
POINTS = [
    dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3),
    dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.116),  # below rho_c = 0.119: informative, q = 0.026
    pytest.param(dict(b0=0.0, alpha=3.0, T=1.0, rho_train=0.5), marks=SLOW),
    pytest.param(dict(b0=-1.5, alpha=5.0, T=0.2, rho_train=0.1), marks=SLOW),
    pytest.param(dict(b0=1.2, alpha=2.0, T=1.0, rho_train=0.7), marks=SLOW),
]


def printed_at(sol) -> Printed:
    return Printed(sol.q, sol.R, sol.b, sol.b0, 1.0 / sol.T, sol.rho_train)


@pytest.mark.parametrize("params", POINTS)
def test_eq_74_holds_at_the_solution(params):
    sol = solve(**params)
    assert sol.phase == "informative" and sol.converged
    assert sol.q_hat == pytest.approx(sol.alpha * printed_at(sol).q_hat_over_alpha(), rel=1e-8)


@pytest.mark.parametrize("params", POINTS)
def test_eqs_73_and_75_hold_at_the_solution(params):
    sol = solve(**params)
    p = printed_at(sol)
    assert sol.R_hat == pytest.approx(sol.alpha * p.R_hat_over_alpha(), rel=1e-8)
    # Eq. 75 is a difference of two class terms of size ~ 1: it vanishes to the solver's tolerance
    assert abs(p.eq75()) < 1e-9


def test_eqs_73_74_hold_with_the_bias_held_fixed():
    """App. D: with b held, Eq. 75 is dropped but q and R still solve Eqs. 71-74."""
    sol = solve(b0=-0.6, alpha=0.7, T=0.5, rho_train=0.2, fix_b=-0.6)
    p = printed_at(sol)
    assert sol.b == -0.6 and sol.converged
    assert sol.q_hat == pytest.approx(sol.alpha * p.q_hat_over_alpha(), rel=1e-8)
    assert sol.R_hat == pytest.approx(sol.alpha * p.R_hat_over_alpha(), rel=1e-8)
    assert abs(p.eq75()) > 1e-3  # the held bias is not the free one: the test would see it


def test_a_perturbed_solution_fails_eq_74():
    """The check can fail: moving q by 1e-6 off the solution breaks Eq. 74 beyond its tolerance."""
    sol = solve(**POINTS[0])
    q = sol.q + 1e-6
    p = Printed(q, sol.R, sol.b, sol.b0, 1.0 / sol.T, sol.rho_train)
    q_hat = (q - sol.R**2) / (1.0 - q) ** 2
    assert not math.isclose(q_hat, sol.alpha * p.q_hat_over_alpha(), rel_tol=1e-8)

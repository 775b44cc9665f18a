"""The analytic derivatives of phi (``solver.free_energy.evaluate``) against central finite differences.

phi's gradient and Hessian are taken in (q at fixed r, r, b) with r = R / sqrt(q); Newton's Jacobian
is built from them, so a wrong entry would slow or misdirect it without any other test noticing.
Measured agreement: about 1e-10 relative (median), 5e-8 at worst over the whole box (slow test).
"""

from __future__ import annotations

import numpy as np
import pytest

from solver.free_energy import Model, evaluate

H = 1e-5  # relative step of the central differences: truncation ~ H^2, rounding ~ 1e-16 / H
REL = 1e-8  # measured: 1e-10 here


def random_points(n: int, seed: int, b0_max: float = 2.5, beta_max: float = 30.0, q_max: float = 0.98):
    """(model, x = (q, r, b)) drawn over the parameter box (alpha, T log-uniform)."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        model = Model(
            b0=rng.uniform(-b0_max, b0_max),
            alpha=float(np.exp(rng.uniform(np.log(0.05), np.log(50.0)))),
            beta=float(np.exp(rng.uniform(np.log(0.1), np.log(beta_max)))),
            rho_train=rng.uniform(0.005, 0.995),
        )
        x = np.array([rng.uniform(0.002, q_max), rng.uniform(-0.99, 0.99), rng.uniform(-4.0, 4.0)])
        yield model, x


def central(f, x: np.ndarray, i: int):
    """d f / d x_i, with a step scaled to the distance to the domain's edge (q in (0, 1), |r| < 1)."""
    e = np.zeros(3)
    e[i] = H * [x[0] * (1.0 - x[0]), 1.0 - x[1] ** 2, 1.0][i]
    return (f(x + e) - f(x - e)) / (2.0 * e[i])


def rel_err(fd: np.ndarray, exact: np.ndarray, floor: float = 1e-12) -> float:
    """Largest error relative to the size of the whole array (entries can vanish by symmetry)."""
    return float(np.max(np.abs(fd - exact)) / max(np.max(np.abs(exact)), floor))


def fd_errors(model: Model, x: np.ndarray) -> dict[str, float]:
    ev = evaluate(model, *x)
    at = lambda y: evaluate(model, *y)  # noqa: E731
    grad = np.array([central(lambda y: at(y).phi, x, i) for i in range(3)])
    hess = np.array([central(lambda y: at(y).grad, x, i) for i in range(3)]).T
    s2_grad = np.array([central(lambda y: at(y).s2, x, i) for i in range(3)])
    b, db = model.beta, H * model.beta
    up = evaluate(Model(model.b0, model.alpha, b + db, model.rho_train), *x).phi
    down = evaluate(Model(model.b0, model.alpha, b - db, model.rho_train), *x).phi
    return {
        "grad": rel_err(grad, ev.grad),
        "hess": rel_err(hess, ev.hess),
        "hess_symmetric": rel_err(ev.hess.T, ev.hess),
        "s2_grad": rel_err(s2_grad, ev.s2_grad),
        # d phi / d beta can be ~1e-8 at low T: relative to phi / beta, the scale of the differences
        "d_beta": rel_err(np.array([(up - down) / (2.0 * db)]), np.array([ev.d_beta]), abs(ev.phi) / b),
    }


@pytest.mark.parametrize("point", list(random_points(6, seed=3)))
def test_gradient_and_hessian_match_finite_differences(point):
    errors = fd_errors(*point)
    assert max(errors.values()) < REL, errors


@pytest.mark.slow
@pytest.mark.parametrize("point", list(random_points(300, seed=71, b0_max=5.0, beta_max=200.0, q_max=0.999)))
def test_gradient_and_hessian_match_finite_differences_over_the_box(point):
    """The whole box: |b0| <= 5, T down to 0.005, q up to 0.999 (measured: 5e-8 at worst)."""
    errors = fd_errors(*point)
    assert max(errors.values()) < 1e-6, errors

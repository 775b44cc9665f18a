"""The compiled loops of ``solver.kernel`` against their numpy statements.

``rule.nodes_many`` states the quadrature rule in numpy; the solver runs ``kernel.rule_nodes`` (via
``integrals.nodes_many``). They must agree bit for bit, padding panels aside, on random batches of the whole
box. The small linear solves of Newton's method agree with LAPACK to round-off and give NaN where the
matrix is singular.
"""

from __future__ import annotations

import numpy as np

from solver import integrals, kernel, rule


def _batch(rng, size):
    q, r = rng.uniform(0.001, 0.999, size), rng.uniform(-0.5, 0.9999, size)
    b, b0 = rng.uniform(-5, 5, size), rng.uniform(-5, 5, size)
    beta = np.exp(rng.uniform(np.log(0.1), np.log(200.0), size))
    return q, r, b, b0, beta


def test_compiled_rule_is_the_numpy_rule():
    rng = np.random.default_rng(7)
    for trial in range(200):
        q, r, b, b0, beta = _batch(rng, int(rng.integers(1, 9)))
        if trial % 10 == 0:
            r[0] = 0.0  # Phi(s k) flat: no step
        z1, w1 = rule.nodes_many(q, r, b, b0, beta)
        z2, w2 = integrals.nodes_many(q, r, b, b0, beta)
        assert z1.shape == z2.shape
        assert np.array_equal(w1, w2)
        assert np.array_equal(np.where(w1 > 0, z1, 0.0), np.where(w2 > 0, z2, 0.0))


def test_small_solves_agree_with_lapack_and_flag_singular_systems():
    rng = np.random.default_rng(3)
    a, rhs = rng.normal(size=(40, 3, 3)), rng.normal(size=(40, 3))
    a[5] = 0.0
    ok = np.arange(40) != 5
    for d in (3, 2):  # free and held bias
        x = np.empty((40, d))
        for n in range(40):
            kernel.solve_one(a[n], rhs[n], d, x[n])
        exact = np.linalg.solve(a[ok, :d, :d], rhs[ok, :d][..., None])[..., 0]
        assert np.allclose(x[ok], exact, rtol=1e-10, atol=1e-12)
        assert np.all(np.isnan(x[5]))

"""Tests of the exact Gibbs Metropolis sampler (experiments/gibbs_mc.py), small N, one core."""

import numpy as np
import pytest

from experiments.gibbs_mc import class_counts, draw_teacher, draw_train_set, init_chains, simulate, sweep


def _means(records, key, init):
    x = np.array([r[key] for r in records if r["init"] == init])
    return x.mean(), x.std(ddof=1) / np.sqrt(x.size)


@pytest.mark.parametrize("b0", [-0.6, -5.0, 2.0])
def test_gibbs_mc_train_measure_exact_counts_and_sides(b0):
    P, n_pos = class_counts(alpha=1.1, N=200, rho_train=0.3)
    assert (P, n_pos) == (220, 66)
    rng = np.random.default_rng(0)
    w0 = draw_teacher(rng, 200)
    assert np.isclose(w0 @ w0, 200)
    X, labels = draw_train_set(rng, w0, b0, n_pos, P - n_pos)
    assert X.shape == (220, 200)
    assert np.count_nonzero(labels > 0) == 66
    assert np.array_equal(np.sign(X @ w0 / np.sqrt(200) + b0), labels)


def test_gibbs_mc_orthogonal_part_is_standard_gaussian():
    rng = np.random.default_rng(1)
    w0 = draw_teacher(rng, 400)
    X, _ = draw_train_set(rng, w0, -0.6, 300, 300)
    u0 = w0 / 20.0
    orth = X - np.outer(X @ u0, u0)
    assert abs(orth.var() * 400 / 399 - 1) < 0.02
    assert abs(orth.mean()) < 0.01


def test_gibbs_mc_moves_keep_sphere_and_fields_consistent():
    rng = np.random.default_rng(2)
    N, P = 60, 66
    w0 = np.stack([draw_teacher(rng, N) for _ in range(3)])
    data = [draw_train_set(rng, w, -0.6, 20, P - 20) for w in w0]
    X, labels = np.stack([d[0] for d in data]), np.stack([d[1] for d in data])
    c = init_chains(X, labels, w0, -0.6, np.array([True, False, False]), rng)
    for _ in range(5):
        sweep(c, 0.5, rng, None, 10.0, 4)
    h_inc = c.h.copy()
    c.refresh()
    assert np.allclose(np.sum(c.w**2, axis=1), N)
    assert np.allclose(h_inc, c.h, atol=1e-9)
    assert np.array_equal(c.E, np.count_nonzero(labels * (c.h + c.b[:, None]) <= 0, axis=1))


def test_gibbs_mc_fixed_bias_stays_fixed():
    recs = simulate(-0.6, 1.1, 0.5, 0.3, N=40, n_datasets=2, n_sweeps=20, seed=3, fix_b=-0.6)
    assert np.allclose([r["b"] for r in recs], -0.6, rtol=0, atol=1e-12)


def test_gibbs_mc_learns_and_random_teacher_inits_agree():
    """N=100, 12 data sets, both inits on the same data: R well above 0, inits agree within 4 SE."""
    recs = simulate(-0.6, 1.1, 0.5, 0.5, N=100, n_datasets=12, n_sweeps=800, seed=4)
    for key in ("R", "b"):
        (m_r, se_r), (m_t, se_t) = _means(recs, key, "random"), _means(recs, key, "teacher")
        assert abs(m_r - m_t) < 4 * np.hypot(se_r, se_t) + 0.02, (key, m_r, m_t)
    assert _means(recs, "R", "random")[0] > 0.3
    assert all(0.2 < r["acc_w"] < 0.6 and 0.2 < r["acc_b"] < 0.6 for r in recs)


def _solve():
    try:
        from solver import solve
    except ImportError:
        pytest.skip("solver.solve not available yet")
    return solve


def test_gibbs_mc_agrees_with_replica_theory():
    """N=200, 16 data sets, rho_train=0.3 (Fig. 3 parameters): |MC - theory| < 4 SE + 0.03 for R and b.

    The 0.03 allows for O(1/N) finite-size corrections; the full comparison is benchmarks/gibbs_vs_theory.py.
    """
    sol = _solve()(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
    assert sol.converged and sol.phase == "informative"
    recs = simulate(-0.6, 1.1, 0.5, 0.3, N=200, n_datasets=16, n_sweeps=1000, seed=5, inits=("random",))
    for key, theory in (("R", sol.R), ("b", sol.b)):
        mean, se = _means(recs, key, "random")
        assert abs(mean - theory) < 4 * se + 0.03, (key, mean, se, theory)

"""The quadrature rule (``solver.rule``) against the dense rule with 30 nodes per panel.

The rule keeps only the breakpoints a point needs (module docstring of ``rule``); the dense rule keeps
every ladder step and thins nothing (``FINE = inf``, ``THETA = 0``) and integrates each panel with 30
Gauss-Legendre nodes. Over a sample of the whole box, with extra points near r -> 1 and at T = 0.005,
``integrals.energetic_many`` with the two must agree as well as the earlier rule did (45 panels of 10
nodes per class, every breakpoint kept): its worst relative errors on this sample, scaled by 2, are
the bounds. A rule with 6 nodes per panel fails them.
"""

from __future__ import annotations

import numpy as np
import pytest

from solver import integrals, rule

FIELDS = ("value", "grad", "hess", "s2", "s2_grad")
# worst relative errors of the earlier rule on SAMPLE (10 nodes, all 45 panels), times 2
BOUNDS = {"value": 2e-14, "grad": 1.5e-12, "hess": 1.6e-7, "s2": 1.6e-13, "s2_grad": 8e-12}


def sample(n: int = 400, seed: int = 7) -> tuple[np.ndarray, ...]:
    """(q, r, b, b0, beta, rho): the box, a quarter near r -> 1, a quarter at T = 0.005, an eighth both."""
    rng = np.random.default_rng(seed)
    q, r = rng.uniform(0.001, 0.999, n), rng.uniform(-0.5, 0.9999, n)
    b, b0 = rng.uniform(-5.0, 5.0, n), rng.uniform(-5.0, 5.0, n)
    T = np.exp(rng.uniform(np.log(0.005), np.log(10.0), n))
    rho = rng.uniform(0.001, 0.999, n)
    m = n // 4
    r[:m] = 1.0 - 10.0 ** rng.uniform(-4.0, -1.0, m)
    T[m : 2 * m] = 0.005
    r[2 * m : 2 * m + m // 2] = 1.0 - 10.0 ** rng.uniform(-4.0, -1.0, m // 2)
    T[2 * m : 2 * m + m // 2] = 0.005
    return q, r, b, b0, 1.0 / T, rho


SAMPLE = sample()


def _energetic(monkeypatch, n_gl: int, dense: bool = False):
    with monkeypatch.context() as m:
        x, w = np.polynomial.legendre.leggauss(n_gl)
        m.setattr(rule, "_X", x)
        m.setattr(rule, "_W", w)
        m.setattr(rule, "N_GL", n_gl)
        if dense:
            m.setattr(rule, "FINE", np.inf)
            m.setattr(rule, "THETA", 0.0)
        return integrals.energetic_many(*SAMPLE)


def worst_errors(e, ref) -> dict[str, float]:
    """Per field, the worst over points of max |e - ref| / max(max |ref|, 1e-3) (over the components)."""
    out = {}
    for f in FIELDS:
        a, b = (np.reshape(getattr(x, f), (len(SAMPLE[0]), -1)) for x in (e, ref))
        out[f] = float((np.abs(a - b).max(axis=1) / np.maximum(np.abs(b).max(axis=1), 1e-3)).max())
    return out


@pytest.fixture(scope="module")
def reference():
    with pytest.MonkeyPatch.context() as m:
        return _energetic(m, 30, dense=True)


def test_rule_agrees_with_the_dense_rule(reference, monkeypatch):
    err = worst_errors(_energetic(monkeypatch, rule.N_GL), reference)
    assert all(err[f] <= BOUNDS[f] for f in FIELDS), err


def test_a_coarser_rule_fails_the_bounds(reference, monkeypatch):
    err = worst_errors(_energetic(monkeypatch, 6), reference)
    assert any(err[f] > 10.0 * BOUNDS[f] for f in FIELDS), err


def test_shape_weights_and_padding():
    q, r, b, b0, beta, _ = (v[:40] for v in SAMPLE)
    z, w = rule.nodes_many(q, r, b, b0, beta)
    assert z.shape == w.shape and z.shape[:2] == (40, 2) and z.shape[2] % rule.N_GL == 0
    lo, hi = rule._supports(r, b0)
    np.testing.assert_allclose(w.sum(axis=2), hi - lo, rtol=1e-12)  # the panels tile each support
    inside = (w == 0.0) | ((z >= lo[..., None]) & (z <= hi[..., None]))
    assert inside.all() and np.isfinite(z).all()
    assert (w > 0.0).sum(axis=2).max() == z.shape[2]  # M is the largest need: no column is all padding
    one_z, one_w = rule.nodes_many(*(v[3:4] for v in (q, r, b, b0, beta)))
    np.testing.assert_array_equal(one_z[0][one_w[0] > 0], z[3][w[3] > 0])  # a point's rule: alone or batched


N_PATH = 600  # points per line


def paths(n: int = N_PATH) -> tuple[np.ndarray, ...]:
    """(q, r, b, b0, beta, rho) along lines in q, r and b through the Fig. 3 point and a T = 0.01 point;
    r with 1 - r log-spaced down to 1e-3, so that neighbours' rules stay close where the step sharpens."""
    fig3, cold = (0.289, 0.67, -0.656, -0.6, 2.0, 0.3), (0.8, 0.95, 0.5, 1.0, 100.0, 0.5)
    to_one = 1.0 - np.geomspace(1.4, 1e-3, n)
    lines = [(fig3, 0, np.linspace(0.02, 0.98, n)), (fig3, 1, to_one), (fig3, 2, np.linspace(-3.0, 3.0, n))]
    lines += [(cold, 2, np.linspace(-3.0, 3.0, n)), (cold, 1, to_one)]
    out = []
    for point, axis, values in lines:
        x = np.tile(np.array(point), (n, 1))
        x[:, axis] = values
        out.append(x)
    return tuple(np.concatenate(out).T)


def test_switches_of_the_rule_are_far_below_the_newton_tolerance(monkeypatch):
    """Along each line the rule switches many times (a ladder step kept or dropped, a gap gaining a panel):
    the integrals at each point with its own rule and with its neighbour's differ by less than 1e-13."""
    x = paths()
    own = integrals.energetic_many(*x)
    z, w = rule.nodes_many(*x[:5])
    with monkeypatch.context() as m:
        for module in (rule, integrals):
            m.setattr(module, "nodes_many", lambda *_: (z[1:], w[1:]), raising=False)
        nxt = integrals.energetic_many(*(v[:-1] for v in x))
    for f in ("value", "grad", "s2"):
        a, b = (np.reshape(getattr(e, f), (len(e.value), -1)) for e in (own, nxt))
        jump = np.abs(a[:-1] - b).max(axis=1) / np.maximum(np.abs(a[:-1]).max(axis=1), 1e-3)
        jump[N_PATH - 1 :: N_PATH] = 0.0  # the last point of a line and the first of the next
        assert jump.max() < 1e-13, (f, jump.max())

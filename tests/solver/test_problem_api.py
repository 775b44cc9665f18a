"""The parameter object, solving near a known solution, many points at once, and the fixed-bias solve."""

from __future__ import annotations

import math

import numpy as np
import pytest

from solver import TOL, Problem, fixed_bias, solve, solve_many, solve_near, start_from, sweep
from solver.free_energy import evaluate, scaled_residual
from solver.saddle import start_point

FIG3 = dict(b0=-0.6, alpha=1.1, T=0.5)


@pytest.mark.parametrize("name, value", [("b0", 6.0), ("T", 0.0), ("rho_train", 1.0), ("fix_b", -5.5)])
def test_problem_validates_each_parameter(name, value):
    params = dict(FIG3, rho_train=0.3) | {name: value}
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        Problem(**params)


def test_problem_round_trip_and_change():
    sol = solve(**FIG3, rho_train=0.3)
    p = Problem.of(sol)
    assert p == Problem(**FIG3, rho_train=0.3) and p.beta == 2.0 and p.model.beta == 2.0
    assert p.at(T=0.25).T == 0.25 and p.at(T=0.25).rho_train == 0.3
    with pytest.raises(ValueError, match="alpha"):
        p.at(alpha=-1.0)


def test_start_from_informative_and_dummy():
    sol = solve(**FIG3, rho_train=0.3)
    assert np.allclose(start_from(sol), [sol.q, sol.R / math.sqrt(sol.q), sol.b])
    absent = solve(**FIG3, rho_train=0.02)
    assert absent.phase == "dummy" and start_from(absent) is None


def test_metastable_branch_is_kept_and_is_a_stationary_point():
    """Just beyond the transition the dummy wins; the informative branch it beat is recorded and solves
    the stationarity equations (so maps and the boundary can continue from it)."""
    sols = sweep("rho_train", np.linspace(0.13, 0.105, 26), **FIG3)
    meta = [s for s in sols if s.extra.get("branch") == "metastable"]
    assert meta
    for s in meta:
        q, r, b = start_from(s)
        model = Problem.of(s).model
        assert np.max(np.abs(scaled_residual(model, q, r, evaluate(model, q, r, b)))) <= TOL
        assert evaluate(model, q, r, b).phi == pytest.approx(s.extra["phi_informative"], abs=1e-12)


def test_solve_near_agrees_with_a_cold_solve():
    near = solve(**FIG3, rho_train=0.3)
    for rho in (0.31, 0.4, 0.2, 0.125):
        warm, cold = solve_near(Problem(**FIG3, rho_train=rho), near), solve(**FIG3, rho_train=rho)
        assert warm.phase == cold.phase == "informative"
        assert abs(warm.R - cold.R) < 1e-9 and abs(warm.b - cold.b) < 1e-9
        assert solve(**FIG3, rho_train=rho, near=near).R == warm.R


def test_solve_near_finds_the_end_of_the_branch():
    """From an informative neighbour, a point beyond the spinodal is the dummy (branch absent)."""
    near = solve(**FIG3, rho_train=0.12)
    far = solve_near(Problem(**FIG3, rho_train=0.05), near)
    assert far.phase == "dummy" and far.extra["branch"] == "absent"


def test_solve_many_keeps_the_order():
    problems = [Problem(**FIG3, rho_train=r) for r in (0.5, 0.02, 0.3)] + [Problem(-1.0, 0.7, 0.5, 0.2, -1.0)]
    many = solve_many(problems)
    assert [s.rho_train for s in many] == [0.5, 0.02, 0.3, 0.2]
    assert [s.phase for s in many] == ["informative", "dummy", "informative", "informative"]
    assert many[3].fix_b == -1.0 and many[3].b == -1.0


def test_fixed_bias_bracketed_solve_finds_the_app_d_point_on_its_own():
    """The bracketed reduction (q eliminated, sign change in atanh r) reaches the point where Newton's
    2-D iteration sat on a knife edge, from the free-bias table start, and agrees with ``solve``."""
    p = Problem(b0=-3.489, alpha=31.57, T=0.0052, rho_train=0.7525, fix_b=-3.489)
    res, evaluations = fixed_bias.solve(p.model, p.fix_b, start_point(p.model))
    sol = solve(**{k: getattr(p, k) for k in ("b0", "alpha", "T", "rho_train", "fix_b")})
    assert res is not None and res.converged and res.residual <= TOL and evaluations > 0
    q, r, _ = res.x
    assert abs(q - sol.q) < 1e-9 and abs(r * math.sqrt(q) - sol.R) < 1e-9


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_r_equation_is_positive_at_r_zero(seed):
    """The bracket's lower end: at r = 0 (any q, any held b) dphi/dR > 0, a student correlated with the
    teacher fits better. This is what makes the fixed-bias solve a bracketed one."""
    rng = np.random.default_rng(seed)
    for _ in range(20):
        alpha, T = (float(np.exp(rng.uniform(lo, hi))) for lo, hi in ((-3.0, 3.9), (-5.3, 2.3)))
        p = Problem(rng.uniform(-5, 5), alpha, T, rng.uniform(0.001, 0.999), rng.uniform(-5, 5))
        q = float(rng.uniform(1e-6, 0.999))
        assert evaluate(p.model, q, 0.0, p.fix_b).grad[1] > 0.0

"""The dummy phase, the selection rule, robustness over the box and input validation (issue 2)."""

import math

import numpy as np
import pytest

from solver import RANGES, rho_c, solve, sweep
from solver.free_energy import Model
from solver.newton import newton

FIG3 = dict(b0=-0.6, alpha=1.1, T=0.5)


@pytest.mark.parametrize("rho, b", [(0.05, -math.inf), (0.95, math.inf)])
def test_dummy_phase_far_from_balance(rho, b):
    sol = solve(**FIG3, rho_train=rho)
    assert sol.phase == "dummy" and sol.converged
    assert sol.q == 0.0 and sol.R == 0.0 and sol.b == b
    assert sol.phi == pytest.approx(-FIG3["alpha"] / FIG3["T"] * min(rho, 1 - rho))
    assert sol.train_error == pytest.approx(min(rho, 1 - rho))
    m = sol.metrics(0.5)
    assert (m["recall"], m["specificity"]) == ((0.0, 1.0) if b < 0 else (1.0, 0.0))
    assert all(np.isfinite(v) for v in m.values())
    assert m["balanced_accuracy"] == 0.5


def test_sweep_crosses_the_dummy_phase_cleanly():
    rhos = np.linspace(0.02, 0.98, 97)
    sols = sweep("rho_train", rhos, **FIG3)
    phases = [s.phase for s in sols]
    assert all(s.converged for s in sols)
    inner = [i for i, p in enumerate(phases) if p == "informative"]
    assert phases[0] == phases[-1] == "dummy"
    assert inner == list(range(inner[0], inner[-1] + 1))  # one informative interval
    # the paper's picture: informative between ~0.11 and ~0.89 at these parameters
    assert 0.10 < rhos[inner[0]] < 0.13 and 0.87 < rhos[inner[-1]] < 0.90
    # phi is continuous across the first-order transitions (only the state jumps)
    phi = np.array([s.phi for s in sols])
    assert np.max(np.abs(np.diff(phi))) < 0.03


def test_sweep_agrees_with_independent_cold_solves():
    rhos = [0.08, 0.12, 0.2, 0.5, 0.8, 0.88, 0.93]
    for s in sweep("rho_train", rhos, **FIG3):
        cold = solve(**FIG3, rho_train=s.rho_train)
        assert cold.phase == s.phase
        if s.phase == "informative":
            assert cold.R == pytest.approx(s.R, abs=1e-9) and cold.b == pytest.approx(s.b, abs=1e-9)


def test_dummy_is_locally_stable_only_beyond_rho_c():
    """Between rho_c and 1 - rho_c the maximum of Phi*(b) is interior: never a dummy."""
    c = rho_c(FIG3["T"])
    assert c == pytest.approx(1 / (1 + math.exp(2.0)))
    assert solve(**FIG3, rho_train=c + 1e-3).phase == "informative"


def test_metastable_informative_branch_loses_to_the_dummy():
    """Just beyond the transition the informative stationary point still exists but has lower phi."""
    sols = sweep("rho_train", np.linspace(0.13, 0.105, 26), **FIG3)
    metastable = [s for s in sols if s.extra.get("branch") == "metastable"]
    assert metastable, "expected coexistence of the informative branch and the dummy state"
    for s in metastable:
        assert s.extra["phi_informative"] < s.phi


def test_informative_solution_is_a_maximum_over_b():
    """Holding b at b* +- 0.05 and re-solving (q, R) lowers phi: b* maximises Phi*(b)."""
    sol = solve(**FIG3, rho_train=0.3)
    for db in (-0.05, 0.05):
        held = solve(**FIG3, rho_train=0.3, fix_b=sol.b + db)
        assert held.phi < sol.phi


def _random_points(n, seed):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        yield dict(
            b0=rng.uniform(*RANGES["b0"]),
            alpha=float(np.exp(rng.uniform(np.log(0.05), np.log(50.0)))),
            T=float(np.exp(rng.uniform(np.log(0.005), np.log(10.0)))),
            rho_train=rng.uniform(*RANGES["rho_train"]),
        )


def test_random_points_over_the_box_converge_or_are_dummy():
    """Property: every point of the box is a converged stationary point (residual <= 1e-10 in
    Eqs. 71-72, 75) or the exact dummy state; never a half-converged number."""
    bad = []
    for p in _random_points(300, seed=2025):
        sol = solve(**p)
        ok = (sol.phase == "informative" and sol.converged and sol.residual <= 1e-10) or sol.phase == "dummy"
        if ok and sol.phase == "informative":
            ok = 0.0 < sol.q < 1.0 and sol.R**2 < sol.q and np.isfinite(sol.b)
        if not ok:
            bad.append((p, sol.phase, sol.message))
    assert not bad, bad[:5]


def test_random_points_with_fixed_bias_converge():
    bad = []
    for p in _random_points(60, seed=7):
        sol = solve(**p, fix_b=p["b0"])
        if not (sol.converged and sol.residual <= 1e-10):
            bad.append((p, sol.message))
    assert not bad, bad[:5]


def test_reported_residual_is_the_true_one():
    """Re-evaluating the stationarity equations at the returned point gives the reported residual."""
    from solver.free_energy import evaluate, scaled_residual

    sol = solve(-2.0, 8.0, 0.5, 0.3)
    model = Model(-2.0, 8.0, 2.0, 0.3)
    r = sol.R / np.sqrt(sol.q)
    res = scaled_residual(model, sol.q, r, evaluate(model, sol.q, r, sol.b))
    assert np.max(np.abs(res)) <= 1e-10


def test_newton_reports_failure_instead_of_a_wrong_point():
    res = newton(Model(-0.6, 1.1, 2.0, 0.3), np.array([0.5, 0.7, -0.6]), max_iter=1)
    assert not res.converged and res.message == "max iterations"


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(b0=-6.0), "b0"),
        (dict(b0=float("nan")), "b0"),
        (dict(alpha=0.0), "alpha"),
        (dict(alpha=float("inf")), "alpha"),
        (dict(T=0.0), "T"),
        (dict(T=11.0), "T"),
        (dict(rho_train=0.0), "rho_train"),
        (dict(rho_train=1.5), "rho_train"),
        (dict(rho_train="abc"), "rho_train"),
        (dict(fix_b=float("-inf")), "fix_b"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(kwargs, name):
    params = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3) | kwargs
    with pytest.raises(ValueError, match=rf"^{name} must be .* in [\[(].*[\])]"):
        solve(**params)


@pytest.mark.parametrize("rho_test", [0.0, 1.0, float("nan"), -0.1])
def test_bad_rho_test_raises(rho_test):
    with pytest.raises(ValueError, match="rho_test"):
        solve(-0.6, 1.1, 0.5, 0.3).metrics(rho_test)


def test_sweep_rejects_unknown_parameter():
    with pytest.raises(ValueError, match="over must be one of"):
        sweep("beta", [1.0])


def test_selected_point_is_the_global_maximum_over_b():
    """The rule of saddle.py, checked by brute force: at random points no held bias b in [-5, 5]
    (App. D solves, i.e. Phi*(b)) gives a larger phi than the returned equilibrium, dummy included."""
    for p in _random_points(12, seed=11):
        sol = solve(**p)
        assert sol.converged
        for b in np.linspace(-5, 5, 41):
            held = solve(**p, fix_b=b)
            if held.converged:
                assert held.phi <= sol.phi + 1e-9, (p, b, held.phi, sol.phi)


def test_random_sweeps_agree_with_independent_solves():
    """Continuation, outward visiting and the early stop at the end of the branch give the same
    phase and numbers as solving every point on its own (checks the interval assumption)."""
    rhos = np.linspace(0.01, 0.99, 25)
    for p in list(_random_points(6, seed=3)):
        p.pop("rho_train")
        for s in sweep("rho_train", rhos, **p):
            cold = solve(**p, rho_train=s.rho_train)
            assert cold.phase == s.phase, (p, s.rho_train, cold.phase, s.phase)
            if s.phase == "informative":
                assert cold.R == pytest.approx(s.R, abs=1e-8) and cold.b == pytest.approx(s.b, abs=1e-8)

"""Maps (analysis.maps) and the dummy-phase boundary (analysis.boundary) against independent solves."""

import math

import numpy as np
import pytest

from analysis.boundary import dummy_boundary
from analysis.maps import axis_values, cached_map, optimum_map, phase_crossings, state_map
from analysis.optima import argmax
from solver import solve, sweep

BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)


def direct_phase(rho: float, b0=-0.6, alpha=1.1, T=0.5) -> str:
    """Phase at rho_train = rho from the public sweep, continued from rho_train = 1/2."""
    return sweep("rho_train", [0.5, rho], b0=b0, alpha=alpha, T=T)[1].phase


def direct_bisection(lo: float, hi: float, tol: float = 1e-4) -> float:
    """rho_train where the phase changes between lo and hi (phases differ at the two ends)."""
    at_lo = direct_phase(lo)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if direct_phase(mid) == at_lo else (lo, mid)
    return 0.5 * (lo + hi)


@pytest.fixture(scope="module")
def lower():
    return dummy_boundary(-0.6, 1.1, 0.5, "lower")


def test_lower_boundary_matches_a_direct_bisection(lower):
    assert lower.rho_star == pytest.approx(direct_bisection(0.05, 0.119), abs=2e-4)
    assert lower.rho_star == pytest.approx(0.1141, abs=3e-4)  # the first-order transition (solver docs)


def test_boundary_brackets_metastable_and_absent_branches(lower):
    spin = lower.rho_spinodal
    assert spin < lower.rho_star < 1 / (1 + math.e**2)
    assert solve(-0.6, 1.1, 0.5, lower.rho_star + 2e-4).phase == "informative"
    below = sweep(
        "rho_train", [0.5, lower.rho_star - 2e-4, spin + 2e-4, spin - 2e-4], b0=-0.6, alpha=1.1, T=0.5
    )
    assert [s.extra.get("branch") for s in below[1:]] == ["metastable", "metastable", "absent"]


def test_upper_boundary_is_the_mirror_and_changes_phase():
    upper = dummy_boundary(-0.6, 1.1, 0.5, "upper")
    assert solve(-0.6, 1.1, 0.5, upper.rho_star - 2e-4).phase == "informative"
    assert direct_phase(upper.rho_star + 2e-4) == "dummy"
    assert upper.rho_spinodal > upper.rho_star


def test_no_dummy_phase_at_low_noise():
    bd = dummy_boundary(-0.6, 1.1, 0.1, "lower")  # rho_c(0.1) = 4.5e-5 < the rho_train range
    assert bd.rho_star is None and bd.rho_spinodal is None and "unstable on the whole" in bd.reason
    up = dummy_boundary(-0.6, 1.1, 0.1, "upper")
    assert up.rho_star is None and up.reason == bd.reason


def test_state_map_rows_equal_cold_solves():
    xs, ys = axis_values("alpha", 0.5, 4.0, 5), axis_values("b0", -1.5, 0.0, 3)
    m = state_map("alpha", xs, "b0", ys, BASE)
    for j, b0 in enumerate(ys):
        for i, alpha in enumerate(xs):
            s = solve(b0, alpha, 0.5, 0.3)
            assert m.values["R"][j, i] == pytest.approx(s.R, abs=1e-8)
            assert m.values["b"][j, i] == pytest.approx(s.b, abs=1e-8)
    assert m.frame().shape == (15, 2 + 3 + len(m.values))


def test_rho_train_map_crossings_equal_the_boundary(lower):
    xs, ys = np.array([1.1]), axis_values("rho_train", 0.05, 0.95, 19)
    m = state_map("alpha", xs, "rho_train", ys, BASE)
    assert list(m.values["phase"][:, 0]) == [0.0] * 2 + [1.0] * 15 + [0.0] * 2
    pts = phase_crossings(m).sort_values("rho_train")["rho_train"].to_numpy()
    upper = dummy_boundary(-0.6, 1.1, 0.5, "upper")
    assert pts == pytest.approx([lower.rho_star, upper.rho_star], abs=1e-4)


def test_optimum_map_pixels_equal_full_argmax(tmp_path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path))
    xs, ys = axis_values("alpha", 1.0, 8.0, 3), axis_values("b0", -2.0, -1.0, 2)
    m = optimum_map("alpha", xs, "b0", ys, BASE)
    for j, b0 in enumerate(ys):
        for i, alpha in enumerate(xs):
            ref = argmax("R", b0, alpha, 0.5)
            assert m.values["rho_R_star"][j, i] == pytest.approx(ref.x, abs=2e-3)
            assert m.values["R_star"][j, i] == pytest.approx(ref.value, abs=1e-6)
    again = cached_map("optimum", "alpha", xs, "b0", ys, BASE)  # computed, stored
    assert np.allclose(
        cached_map("optimum", "alpha", xs, "b0", ys, BASE).values["R_star"], again.values["R_star"]
    )
    assert np.allclose(again.values["R_star"], m.values["R_star"])


def test_bad_axes_raise():
    with pytest.raises(ValueError, match="axes"):
        state_map("b0", [0.0], "rho0", [0.1], BASE)
    with pytest.raises(ValueError, match="rho_train"):
        optimum_map("alpha", [1.0], "rho_train", [0.3], BASE)


def test_cli_map_writes_the_map_as_csv(tmp_path, monkeypatch):
    import pandas as pd

    from analysis.cli import main

    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path))
    out = tmp_path / "map.csv"
    argv = ["map", "--x", "alpha", "0.5", "4", "3", "--y", "b0", "-1", "0", "2", "--rho-train", "0.3"]
    assert main([*argv, "--serial", "--csv", str(out)]) == 0
    df = pd.read_csv(out)
    assert len(df) == 6 and {"alpha", "b0", "R", "phase", "balanced_accuracy"} <= set(df.columns)
    assert df["R"].iloc[0] == pytest.approx(solve(-1.0, 0.5, 0.5, 0.3).R, abs=1e-8)
    assert main(["map", "--x", "foo", "1", "2", "3", "--y", "b0", "0", "1", "2"]) == 2

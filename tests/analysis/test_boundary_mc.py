"""The dummy-phase boundary (analysis.boundary) against the exact Metropolis sampler, one point on each side.

At b0 = -0.6, alpha = 1.1, T = 0.5 the theory puts the boundary at rho* ~ 0.114. Below it (rho_train =
0.08) the Gibbs measure should sit on the all-normal dummy: R ~ 0 and b running away to large negative
values (bounded by the sampler's b_max = 10); above it (rho_train = 0.2) on the informative state,
R clearly > 0 and close to the theory's value, b = O(1). Short runs (N = 120, 6 data sets x 2 inits).
"""

import numpy as np
import pytest

from analysis.boundary import dummy_boundary
from experiments.gibbs_mc import simulate
from solver import solve

B0, ALPHA, T = -0.6, 1.1, 0.5
DUMMY_SIDE, INFORMATIVE_SIDE = 0.08, 0.2


def mc(rho: float) -> tuple[np.ndarray, np.ndarray]:
    runs = simulate(B0, ALPHA, T, rho, N=120, n_datasets=6, n_sweeps=500, seed=11)
    return np.array([r["R"] for r in runs]), np.array([r["b"] for r in runs])


def test_points_lie_on_either_side_of_the_boundary():
    bd = dummy_boundary(B0, ALPHA, T, "lower")
    assert DUMMY_SIDE < bd.rho_spinodal < bd.rho_star < INFORMATIVE_SIDE
    assert solve(B0, ALPHA, T, DUMMY_SIDE).phase == "dummy"
    assert solve(B0, ALPHA, T, INFORMATIVE_SIDE).phase == "informative"


def test_mc_dummy_side_has_no_overlap_and_a_runaway_bias():
    R, b = mc(DUMMY_SIDE)
    print(f"\nMC rho_train={DUMMY_SIDE}: R = {R.mean():.3f} +- {R.std(ddof=1):.3f}, b = {b.mean():.2f}")
    assert abs(R.mean()) < 0.05 and np.all(np.abs(R) < 0.1)
    assert np.all(b < -4.0)  # the informative branch never has b below -2.3 at this alpha, T


def test_mc_informative_side_learns_the_direction():
    R, b = mc(INFORMATIVE_SIDE)
    theory = solve(B0, ALPHA, T, INFORMATIVE_SIDE)
    print(f"\nMC rho_train={INFORMATIVE_SIDE}: R = {R.mean():.3f} +- {R.std(ddof=1) / np.sqrt(R.size):.3f} "
          f"(theory {theory.R:.3f}), median b = {np.median(b):.2f} (theory {theory.b:.2f})")  # fmt: skip
    assert R.mean() > 0.12 and np.median(R) > 0.1
    assert R.mean() == pytest.approx(theory.R, abs=0.1)
    assert np.median(b) == pytest.approx(theory.b, abs=0.5)

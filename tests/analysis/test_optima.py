"""The optimum and crossing finders (analysis.optima) never raise: every case without an answer
returns ``found=False`` with a reason in words, and found answers are located on the solver."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis import figures as F
from analysis import optima as O
from analysis.advisor import advise
from solver import rho0_from_b0, solve, sweep

pytestmark = pytest.mark.timeout(600)
X = np.linspace(0.0, 1.0, 11)


def test_peak_refines_a_parabola_and_says_why_there_is_none():
    ok = np.ones_like(X, bool)
    top = O.peak(X, 1 - (X - 0.437) ** 2, ok)
    assert top.found and top.x == pytest.approx(0.437, abs=1e-12) and top.value == pytest.approx(1)
    edge = O.peak(X, X, ok)  # monotone: the maximum is on the edge of the range
    assert not edge.found and edge.x == 1.0 and "no interior peak" in edge.reason and "range" in edge.reason
    ok[6] = False
    gap = O.peak(X, 1 - (X - 0.55) ** 2, ok)
    assert not gap.found and "informative branch" in gap.reason
    assert "flat" in O.peak(X, np.full_like(X, 0.3)).reason
    assert "dummy everywhere" in O.peak(X, np.full_like(X, np.nan)).reason
    assert not O.peak(X[:2], X[:2]).found


def test_crossing_edge_cases():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    assert O.crossing(x, [-1.0, -0.5, 0.5, 1.0], 0.0).x == pytest.approx(1.5)
    assert O.crossing(x, [-1.0, 0.0, 0.5, 1.0], 0.0).x == 1.0  # exactly on a grid point
    assert O.crossing(x, [-1.0, -0.5, 0.5, 0.0], 0.0).x == pytest.approx(1.5)  # the first one
    gap = O.crossing(x, [-1.0, -0.5, 0.5, 1.0], 0.0, [True, True, False, True])
    assert not gap.found and "gap" in gap.reason
    above = O.crossing(x, [1.0, 2.0, 3.0, np.inf], 0.5, level_name="b0")
    assert not above.found and "stays above b0 = 0.5" in above.reason and "0 to 2" in above.reason
    assert "below" in O.crossing(x, -x - 1, 0.0).reason
    assert not O.crossing(x, [np.nan] * 4, 0.0).found


@pytest.mark.parametrize("alpha", [1.1, 8.0])
def test_balanced_teacher_has_rho_b_star_one_half_exactly(alpha):
    """b0 = 0 (rho0 = 0.5 slid to the middle): the crash of issue 9; rho(b*) = 0.5 by symmetry."""
    found = O.rho_b_star(0.0, alpha, 0.5, grid=F.rho_grid(61))
    assert found.found and found.x == 0.5 and "balanced" in found.reason
    assert abs(found.solution.b) < 1e-8


def test_rho_b_star_without_a_crossing_and_with_the_bias_fixed():
    strong = O.rho_b_star(-3.0, 1.1, 0.5)
    assert not strong.found and "stays above b0 = -3" in strong.reason
    fixed = O.rho_b_star(-0.6, 1.1, 0.5, fix_b=-0.6)
    assert not fixed.found and "not learned" in fixed.reason


def test_rho_b_star_is_a_root_of_b_minus_b0_on_the_solver():
    found = O.rho_b_star(-0.6, 1.1, 0.5)
    assert found.found and solve(-0.6, 1.1, 0.5, found.x).b == pytest.approx(-0.6, abs=1e-5)


def test_argmax_refines_and_reports_edges():
    best = O.argmax("R", -0.6, 1.1, 0.5)
    assert best.found and 0.45 < best.x < 0.55
    for d in (-1e-3, 1e-3):
        assert O.value_of(solve(-0.6, 1.1, 0.5, best.x + d), "R") <= best.value + 1e-9
    recall = O.argmax("recall", -0.6, 1.1, 0.5)
    assert not recall.found and recall.x is not None and "edge" in recall.reason
    fixed = O.argmax("R", 0.0, 1.1, 0.5, fix_b=0.0)  # b = b0 = 0: R does not depend on rho_train
    assert not fixed.found and "flat" in fixed.reason


def test_refined_optima_at_the_symmetric_point_and_with_fixed_bias():
    sym = F.refined_optima(F.rho_train_scan(0.0, 1.1, 0.5, None, 61), 0.5)
    assert sym["rho_b_star"] == 0.5 and sym["rho_R_star"] == pytest.approx(0.5, abs=1e-4)
    assert "balanced" in sym["found"]["b"].reason
    fixed = F.refined_optima(F.rho_train_scan(-0.6, 1.1, 0.5, -0.6, 61), 0.5)
    assert fixed["rho_b_star"] is None and "not learned" in fixed["found"]["b"].reason


def _tangent_rule(b0, alpha, rho, Ts):
    """The Fig. 5 rule on a plotted grid (the old, grid-dependent estimate)."""
    a = np.array([O.informative_value(s, "balanced_accuracy") for s in sweep("T", Ts, b0=b0, alpha=alpha,
                                                                                rho_train=rho)])  # fmt: skip
    ok = np.isfinite(a)
    x, y = np.log10(Ts[ok]), a[ok]
    slope = np.gradient(y, x)
    i = int(np.argmin(slope))
    return 10 ** (x[i] + (y[0] - y[i]) / slope[i])


@pytest.mark.slow
def test_crossover_T_is_the_fine_grid_limit_of_the_tangent_rule():
    """T* does not depend on a plotted grid: it is the limit of the tangent rule on finer and finer grids
    (here 2001 points), where a coarse grid (11 points, the slider's lowest) is off by tens of percent."""
    t_star = O.crossover_T(-0.6, 1.1, 0.5)
    assert t_star.found
    fine = _tangent_rule(-0.6, 1.1, 0.5, np.geomspace(0.005, 10, 2001))
    assert t_star.x == pytest.approx(fine, rel=2e-3)


def test_crossover_T_at_the_end_of_the_branch_and_without_a_descent():
    """rho_train = 0.1: the steepest descent is where the informative branch ends (the student turns
    dummy with noise); T* is located there by bisection, not at the last grid point."""
    t_star = O.crossover_T(-0.6, 1.1, 0.1)
    assert t_star.found and 0.25 < t_star.x < 0.35
    assert _tangent_rule(-0.6, 1.1, 0.1, np.geomspace(0.005, 10, 41)) < 0.9 * t_star.x  # the grid's bias


def test_crossovers_table_does_not_depend_on_the_plotted_grid():
    table = F.crossovers(-0.6, 1.1, [0.5])
    assert table["T_star"].iloc[0] == pytest.approx(O.crossover_T(-0.6, 1.1, 0.5).x, rel=1e-12)
    assert table["why"].iloc[0] == ""


def test_family_optima_say_why_in_words():
    df = F.family([-3.0, 0.0], 1.1, 0.5, 31)
    opt = F.family_optima(df).set_index("b0")
    assert "stays above b0 = -3" in opt.loc[-3.0, "why"] and opt.loc[0.0, "rho_b_star"] == 0.5
    assert "balanced" in opt.loc[0.0, "why"]
    assert not any(isinstance(v, float) and math.isinf(v) for v in opt["rho_R_star"])


def test_advisor_quotes_the_crossover_of_fig5():
    """One T*: the advisor's is the Fig. 5 page's rule at rho(R*)."""
    a = advise(rho0_from_b0(-0.6), n_samples=1100, n_features=1000, lr=0.5, batch_size=1)
    assert a.T_star == F.crossovers(a.b0, a.alpha, [round(a.rho_R, 6)])["T_star"].iloc[0]

"""Unit tests of analysis/figures.py: the data behind the dashboard's pages and the paper's figures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import figures as F
from solver import rho0_from_b0

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def fig3c():
    """The sweep of Fig. 3(c): b0 = -0.6, alpha = 1.1, T = 0.5, rho_test = 0.5."""
    df = F.scan_table(F.rho_train_scan(-0.6, 1.1, 0.5, None, 61), 0.5)
    return df, F.optima(df, -0.6)


def test_grids():
    g = F.rho_grid(61)
    assert len(g) == 61 and g[0] == 0.02 and g[-1] == 0.98
    lg = F.log_grid(0.01, 10, 4)
    assert list(lg) == [0.01, 0.1, 1.0, 10.0]


def test_runs():
    assert F.runs([True, True, False, True]) == [(0, 1), (3, 3)]


def test_scan_has_dummy_edges_and_an_informative_middle(fig3c):
    df, _ = fig3c
    assert df["phase"].iloc[0] == "dummy" and df["phase"].iloc[-1] == "dummy"
    assert (df["phase"].iloc[20:40] == "informative").all()
    lo, hi = F.dummy_intervals(df)
    assert lo[1] < 0.2 and hi[0] > 0.8
    assert math.isinf(df["b"].iloc[0]) and df["b"].iloc[0] < 0 < df["b"].iloc[-1]


def test_optima_of_fig3_match_the_paper(fig3c):
    """Fig. 3: rho(R*) near (not at) 0.5; rho0 < rho(b*); precision peaks between rho0 and rho(b*)."""
    df, opt = fig3c
    rho0 = rho0_from_b0(-0.6)
    assert 0.45 < opt["rho_R_star"] < 0.55 and opt["R_star"] >= df["R"].max() - 1e-12
    assert rho0 < opt["rho_b_star"] < opt["rho_R_star"]
    assert rho0 < opt["peaks"]["precision"][0] < opt["rho_b_star"]
    assert "recall" not in opt["peaks"]  # recall -> 1 only at the dummy edge: a trivial maximum
    assert opt["peaks"]["balanced_accuracy"][0] == pytest.approx(opt["peaks"]["accuracy"][0])


def test_metrics_at_another_rho_test_keep_the_order_parameters(fig3c):
    df, _ = fig3c
    scan = F.rho_train_scan(-0.6, 1.1, 0.5, None, 61)
    other = F.scan_table(scan, 0.1)
    pd.testing.assert_series_equal(other["R"], df["R"])
    inf = df["phase"] == "informative"
    assert not np.allclose(other.loc[inf, "accuracy"], df.loc[inf, "accuracy"])
    np.testing.assert_allclose(other.loc[inf, "balanced_accuracy"], df.loc[inf, "balanced_accuracy"])


def test_symmetric_teacher_has_its_best_overlap_at_balance():
    df = F.scan_table(F.rho_train_scan(0.0, 1.1, 0.5, None, 41), 0.5)
    assert F.optima(df, 0.0)["rho_R_star"] == pytest.approx(0.5, abs=2e-3)


def test_point_reports_phase_and_metrics():
    pt = F.point(-0.6, 1.1, 0.5, 0.05, 0.5)
    assert pt["phase"] == "dummy" and pt["R"] == 0 and pt["recall"] == 0 and pt["specificity"] == 1
    pt = F.point(-0.6, 1.1, 0.5, 0.5, 0.5)
    assert pt["phase"] == "informative" and 0 < pt["R"] < 1 and pt["message"]


def test_refined_optima_agree_with_the_grid_estimates(fig3c):
    df, grid = fig3c
    fine = F.refined_optima(F.rho_train_scan(-0.6, 1.1, 0.5, None, 61), 0.5)
    assert fine["rho_R_star"] == pytest.approx(grid["rho_R_star"], abs=2e-3)
    assert fine["R_star"] >= grid["R_star"] - 1e-6
    assert fine["rho_b_star"] == pytest.approx(grid["rho_b_star"], abs=2e-3)
    assert fine["peaks"].keys() == grid["peaks"].keys()


def test_optimal_rho_train_continued_from_the_neighbour_equals_independent_points():
    """Figs. 9 & 10: searching each point near its neighbour's optimum (7 grid points instead of 31) gives
    the independent full-sweep result, found optima, edges and reasons alike: the same words, and numbers
    equal to 1e-9 (Newton starts from other points on the two paths, so the last digits of each solution,
    converged to 1e-11, and of the Brent optimum on a flat peak differ)."""

    def alone(b0, alpha, T, n, near):
        return F.optimal_point(b0, alpha, T, n)

    for over, values, fixed in (
        ("alpha", [0.3, 0.8, 2.0, 6.0], dict(b0=-0.6)),
        ("b0", [-4.0, -2.5, -1.0, -0.1], dict(alpha=8.0)),
    ):
        continued = F.optimal_rho_train(over, values, T=0.5, n=31, **fixed)
        independent = F.optimal_rho_train(over, values, T=0.5, n=31, point=alone, **fixed)
        assert continued["rho_R_star"].notna().sum() >= 3
        pd.testing.assert_frame_equal(continued, independent, check_exact=False, rtol=0.0, atol=1e-9)

"""Test metrics against Monte Carlo and the identities of Eqs. 8-14, 104-105 (issue 2)."""

import numpy as np
import pytest
from scipy.special import ndtr
from scipy.stats import multivariate_normal

from solver import METRIC_NAMES, solve
from solver.integrals import class_mean
from solver.metrics import bvn_cdf, metrics, rates


@pytest.mark.parametrize(
    "h, k, rho",
    [
        (0.3, -0.2, 0.5),
        (-1.0, 1.5, -0.7),
        (2.0, 0.0, 0.9),
        (0.0, 0.0, 0.3),
        (-2.5, -3.0, 0.95),
        (1.0, -1.0, -0.99),
    ],
)
def test_bvn_cdf_matches_scipy(h, k, rho):
    ref = multivariate_normal.cdf([h, k], mean=[0, 0], cov=[[1, rho], [rho, 1]], abseps=1e-12, releps=1e-12)
    assert bvn_cdf(h, k, rho) == pytest.approx(ref, abs=1e-9)


def test_bvn_cdf_limits():
    assert bvn_cdf(0.4, np.inf, 0.3) == pytest.approx(ndtr(0.4))
    assert bvn_cdf(-np.inf, 1.0, 0.3) == 0.0
    assert bvn_cdf(0.2, -0.7, 0.0) == pytest.approx(ndtr(0.2) * ndtr(-0.7))


@pytest.mark.parametrize(
    "R, b, b0", [(0.6, -0.4, -0.6), (0.95, -1.8, -2.0), (0.3, 0.5, 1.0), (0.8, -3.5, -4.0)]
)
def test_rates_against_monte_carlo(R, b, b0):
    """Recall and specificity from a direct sample of the teacher field y and student field h."""
    rng = np.random.default_rng(1)
    n = 4_000_000
    y = rng.standard_normal(n)
    h = R * y + np.sqrt(1 - R * R) * rng.standard_normal(n)
    pos = y + b0 > 0
    t = rates(R, b, b0)
    for name, mask, hit in [("recall", pos, h + b > 0), ("specificity", ~pos, h + b < 0)]:
        k = mask.sum()
        est = (hit & mask).sum() / k
        err = np.sqrt(est * (1 - est) / k)
        assert abs(t[name] - est) < 5 * err + 1e-12, (name, t[name], est, err)


def test_rates_are_complementary():
    t = rates(0.7, -0.3, -0.9)
    assert t["recall"] + t["miss"] == pytest.approx(1.0, abs=1e-12)
    assert t["specificity"] + t["false_alarm"] == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("rho_test", [0.5, 0.27, 0.01, 0.9])
def test_metric_identities(rho_test):
    m = solve(-0.6, 1.1, 0.5, 0.35).metrics(rho_test)
    r, s, p = m["recall"], m["specificity"], m["precision"]
    assert set(m) == set(METRIC_NAMES)
    assert m["accuracy"] == pytest.approx(rho_test * r + (1 - rho_test) * s)  # Eq. 10
    assert m["balanced_accuracy"] == pytest.approx((r + s) / 2)  # Eq. 11
    assert p == pytest.approx(r / (r + (1 - rho_test) / rho_test * (1 - s)))  # Eq. 12
    assert m["f1"] == pytest.approx(2 * p * r / (p + r))  # Eq. 13
    assert m["generalization_error"] == pytest.approx(1 - m["accuracy"])  # Eq. 14
    pn = s / (s + rho_test / (1 - rho_test) * (1 - r))  # Eq. 104
    assert m["precision_neg"] == pytest.approx(pn)
    assert m["f1_neg"] == pytest.approx(2 * pn * s / (pn + s))  # Eq. 105


def test_balanced_accuracy_does_not_depend_on_rho_test():
    sol = solve(-0.6, 1.1, 0.5, 0.35)
    assert sol.metrics(0.1)["balanced_accuracy"] == pytest.approx(sol.metrics(0.7)["balanced_accuracy"])
    assert sol.metrics(0.5)["accuracy"] == pytest.approx(sol.metrics(0.5)["balanced_accuracy"])


@pytest.mark.parametrize("q", [0.2, 0.6, 0.95])
def test_recall_is_mean_student_vote_of_positives(q):
    """E+[Phi(m)] over the 1-D density of the free energy equals the bivariate-normal recall,
    whatever q: ties the quadrature of Eqs. 62-63 to the metrics of Eqs. 98-103."""
    from scipy.special import ndtr as Phi

    R, b, b0 = 0.4, -0.5, -0.8
    r = R / np.sqrt(q)
    assert class_mean(1.0, q, r, b, b0, 2.0, Phi) == pytest.approx(rates(R, b, b0)["recall"], abs=1e-10)
    assert class_mean(-1.0, q, r, b, b0, 2.0, lambda m: Phi(-m)) == pytest.approx(
        rates(R, b, b0)["specificity"], abs=1e-10
    )


def test_extreme_imbalance_keeps_relative_precision():
    """rho0 = 3e-7: the recall is a ratio of two tiny numbers, computed without cancellation."""
    m = metrics(0.9, -4.5, -5.0, 0.5)
    assert 0.0 < m["recall"] < 1.0 and 0.0 < m["precision"] < 1.0
    assert m["recall"] + rates(0.9, -4.5, -5.0)["miss"] == pytest.approx(1.0, abs=1e-9)

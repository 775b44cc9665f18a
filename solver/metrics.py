"""Test metrics of a student (R, b) against the teacher b0 (App. C, Eqs. 8-14, 97-105).

All rates come from the bivariate normal CDF of the teacher field y and the student's
pre-activation h (unit variances, correlation R): a positive (y > -b0) is recalled when h > -b.
Each of the four rates is computed directly (never as 1 - another rate), so rates of 1e-12
keep their relative precision.
"""

from __future__ import annotations

import math

from scipy.special import ndtr, owens_t

METRIC_NAMES = (
    "recall",
    "specificity",
    "accuracy",
    "balanced_accuracy",
    "precision",
    "f1",
    "generalization_error",
    "precision_neg",
    "f1_neg",
)


def bvn_cdf(h: float, k: float, rho: float) -> float:
    """P(X <= h, Y <= k) for standard normals with correlation rho (Owen's T representation)."""
    if math.isinf(h) or math.isinf(k):
        if h == -math.inf or k == -math.inf:
            return 0.0
        return float(ndtr(k if h == math.inf else h))
    if abs(rho) < 1e-15:
        return float(ndtr(h) * ndtr(k))
    h = h if h != 0.0 else 1e-300
    k = k if k != 0.0 else 1e-300
    s = math.sqrt((1.0 - rho) * (1.0 + rho))
    a_h, a_k = (k - rho * h) / (h * s), (h - rho * k) / (k * s)
    corr = 0.0 if (h * k > 0 or (h * k == 0 and h + k >= 0)) else 0.5
    value = 0.5 * (ndtr(h) + ndtr(k)) - owens_t(h, a_h) - owens_t(k, a_k) - corr
    return float(min(max(value, 0.0), min(ndtr(h), ndtr(k))))


def rates(R: float, b: float, b0: float) -> dict[str, float]:
    """True/false positive/negative rates (Eqs. 98-103): recall r, specificity s and complements."""
    c_pos, c_neg = float(ndtr(b0)), float(ndtr(-b0))
    return {
        "recall": bvn_cdf(b0, b, R) / c_pos,  # P(h > -b | y > -b0)
        "miss": bvn_cdf(b0, -b, -R) / c_pos,  # P(h < -b | y > -b0)
        "specificity": bvn_cdf(-b0, -b, R) / c_neg,  # P(h < -b | y < -b0)
        "false_alarm": bvn_cdf(-b0, b, -R) / c_neg,  # P(h > -b | y < -b0)
    }


def metrics_from_rates(t: dict[str, float], rho_test: float) -> dict[str, float]:
    """Every metric of the paper at test imbalance rho_test (Eqs. 10-14, 104-105).

    A constant classifier (dummy student) has 0/0 precision on the class it never predicts; we
    return the limit along the informative branch (R -> 0, |b| -> inf), which is rho_test
    (1 - rho_test for the negative class), so that curves are continuous across the boundary.
    """
    r, s, miss, fa = t["recall"], t["specificity"], t["miss"], t["false_alarm"]
    odds = (1.0 - rho_test) / rho_test
    p = r / (r + odds * fa) if r + fa > 0 else rho_test  # Eq. 12
    p_neg = s / (s + miss / odds) if s + miss > 0 else 1.0 - rho_test  # Eq. 104
    acc = rho_test * r + (1.0 - rho_test) * s  # Eq. 10
    return {
        "recall": r,
        "specificity": s,
        "accuracy": acc,
        "balanced_accuracy": 0.5 * (r + s),  # Eq. 11
        "precision": p,
        "f1": _harmonic(p, r),  # Eq. 13
        "generalization_error": rho_test * miss + (1.0 - rho_test) * fa,  # Eq. 14, 1 - a
        "precision_neg": p_neg,
        "f1_neg": _harmonic(p_neg, s),  # Eq. 105
    }


def _harmonic(p: float, r: float) -> float:
    return 2.0 * p * r / (p + r) if p + r > 0 else 0.0


def metrics(R: float, b: float, b0: float, rho_test: float) -> dict[str, float]:
    """All metrics for a student (R, b) tested at imbalance rho_test."""
    return metrics_from_rates(rates(R, b, b0), rho_test)


def dummy_rates(b: float) -> dict[str, float]:
    """Rates of the constant classifier b = -inf (all negative) or +inf (all positive)."""
    pos = 1.0 if b > 0 else 0.0
    return {"recall": pos, "miss": 1.0 - pos, "specificity": 1.0 - pos, "false_alarm": pos}

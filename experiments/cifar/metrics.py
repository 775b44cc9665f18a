"""Binary metrics from scores (numpy only): recall, specificity, AUC and rho_test-dependent metrics.

Threshold-dependent metrics at a given rho_test come from recall r and specificity s, so the composition
of the test set does not matter: accuracy a = rho r + (1 - rho) s,
precision p = r / (r + (1 - rho)/rho (1 - s)), F1 = 2 p r / (p + r), balanced accuracy (r + s) / 2.
"""

import numpy as np
from scipy.stats import rankdata

RHO_TESTS = (0.5, 0.1)  # balanced, and rho0 of AD CIFAR-10
BASE_METRICS = ("recall", "specificity", "balanced_accuracy", "auc")
RHO_METRICS = ("accuracy", "precision", "f1")


def metric_names(rho_tests=RHO_TESTS) -> list[str]:
    """Flat metric keys: the base ones, then ``<name>@<rho_test>``."""
    return [*BASE_METRICS, *(f"{m}@{r:g}" for r in rho_tests for m in RHO_METRICS)]


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC (Mann-Whitney statistic, ties count one half)."""
    labels = np.asarray(labels).astype(bool)
    n1, n0 = labels.sum(), (~labels).sum()
    ranks = rankdata(scores)
    return float((ranks[labels].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def at_rho_test(recall: float, specificity: float, rho: float) -> dict[str, float]:
    """Accuracy, precision and F1 at test imbalance ``rho`` (NaN where undefined)."""
    tp, fp = rho * recall, (1 - rho) * (1 - specificity)
    precision = tp / (tp + fp) if tp + fp > 0 else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else float("nan")
    return {"accuracy": rho * recall + (1 - rho) * specificity, "precision": precision, "f1": f1}


def run_metrics(scores: np.ndarray, labels: np.ndarray, threshold: float = 0.5, rho_tests=RHO_TESTS) -> dict:
    """All metrics of one run; predictions are ``scores > threshold``."""
    labels = np.asarray(labels).astype(bool)
    pred = np.asarray(scores) > threshold
    r, s = float(pred[labels].mean()), float((~pred[~labels]).mean())
    out = {"recall": r, "specificity": s, "balanced_accuracy": (r + s) / 2, "auc": auc(scores, labels)}
    for rho in rho_tests:
        out |= {f"{k}@{rho:g}": v for k, v in at_rho_test(r, s, rho).items()}
    return out

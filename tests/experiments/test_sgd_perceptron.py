"""Tests of the SGD teacher-student generator (experiments/sgd_perceptron.py), small N, one core."""

import numpy as np

from experiments.sgd_perceptron import auc, parse_args, points, run_chunk, sigmoid
from experiments.sgd_perceptron import test_metrics as evaluate_student


def test_sgd_perceptron_auc_matches_pairwise_count_with_ties():
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 5, size=60).astype(float)
    positive = rng.random(60) < 0.4
    diff = scores[positive][:, None] - scores[~positive][None, :]
    expected = (np.count_nonzero(diff > 0) + 0.5 * np.count_nonzero(diff == 0)) / diff.size
    assert np.isclose(auc(scores, positive), expected)
    assert auc(np.arange(10.0), np.arange(10) >= 5) == 1.0


def test_sgd_perceptron_sigmoid_is_stable():
    z = np.array([-1e4, 0.0, 1e4])
    assert np.allclose(sigmoid(z), [0.0, 0.5, 1.0])


def test_sgd_perceptron_metrics_of_teacher_are_perfect():
    rng = np.random.default_rng(1)
    w0 = rng.standard_normal(300)
    w0 *= np.sqrt(300) / np.linalg.norm(w0)
    m = evaluate_student((w0 / np.sqrt(300)).astype(np.float32), -0.6, w0, -0.6, 500, rng)
    assert m["R"] > 0.9999 and m["auc"] > 0.9999
    assert m["recall"] > 0.99 and m["specificity"] > 0.99
    assert np.isclose(m["balanced_accuracy"], (m["recall"] + m["specificity"]) / 2)


def test_sgd_perceptron_learns_at_balanced_rho_train():
    """N=300, alpha=2, BS=20: after training R is well above 0 and the metrics are consistent."""
    args = parse_args(["--N", "300", "--max-epochs", "60", "--n-test", "1000"])
    recs = run_chunk([11, 12, 13, 14], 0.5, 20, args)
    R = np.array([r["R"] for r in recs])
    assert R.mean() > 0.5, R
    for r in recs:
        assert r["T_eff"] == 0.05 / 20 and r["epochs"] >= 10
        assert 0.6 < r["balanced_accuracy"] <= 1 and 0.6 < r["auc"] <= 1
        p, rec = r["precision"], r["recall"]
        assert np.isclose(r["f1"], 2 * p * rec / (p + rec))


def test_sgd_perceptron_figure_points():
    assert len(points(parse_args(["--figure", "13"]))) >= 17
    fig14 = points(parse_args(["--figure", "14"]))
    assert [bs for _, bs in fig14] == [2000, 200, 20, 10, 5, 2, 1]
    assert {rho for rho, _ in fig14} == {0.5}

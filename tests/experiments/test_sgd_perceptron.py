"""Tests of the SGD teacher-student generator (experiments/sgd_perceptron.py), small N, one core."""

import json
import re

import numpy as np
import pytest

from experiments.sgd_perceptron import SCHEMA, auc, main, parse_args, points, run_chunk, sigmoid
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
    fig14 = points(parse_args(["--figure", "14", "--rho-fig14", "0.3", "0.7"]))
    assert [bs for *_, bs in fig14] == [2000, 200, 20, 10, 5, 2, 1] * 2
    assert [rho for _, _, rho, _ in fig14] == [0.3] * 7 + [0.7] * 7


def test_sgd_perceptron_n_study_keeps_lr_over_bs_and_n_lr_over_bs():
    todo = points(parse_args(["--figure", "N", "--N-values", "1000", "5000", "--lr-values", "0.05"]))
    assert todo == [(1000, 0.05, 0.5, 20), (1000, 0.25, 0.5, 20), (5000, 0.05, 0.5, 20)]
    scaled = {n * lr / 20 for n, lr, _, _ in todo if (n, lr) != (1000, 0.05)}
    assert scaled == {12.5}


def test_sgd_perceptron_train_error_is_the_fraction_of_misclassified_training_samples():
    args = parse_args(["--N", "200", "--max-epochs", "40", "--n-test", "500"])
    recs = run_chunk([21, 22, 23], 0.3, 20, args)
    for r in recs:
        P = round(args.alpha * args.N)
        assert r["N"] == 200 and np.isclose(r["train_error"] * P, round(r["train_error"] * P))
        # trained students fit their own data better than fresh data (test error at rho_test = 0.5)
        assert 0 <= r["train_error"] < 1 - r["balanced_accuracy"]


SMALL = ["--figure", "N", "--N", "60", "--N-values", "30", "60", "--lr-values", "0.05", "--chunk", "2"]
SMALL += ["--n-test", "100", "--max-epochs", "15"]


def _read(path):
    with open(path) as f:
        return json.load(f)


def test_sgd_perceptron_output_resumes_and_records_provenance(tmp_path):
    out = str(tmp_path / "n.json")
    main([*SMALL, "--n-runs", "2", "--out", out])
    first = _read(out)
    assert first["meta"]["runs_done"] == first["meta"]["runs_planned"] == 6
    main([*SMALL, "--n-runs", "4", "--out", out])
    data = _read(out)
    meta = data["meta"]
    assert data["schema"] == SCHEMA and meta["status"] == "complete"
    assert (meta["runs_done"], meta["runs_planned"], len(data["runs"])) == (12, 12, 12)
    assert data["runs"][:6] == first["runs"]  # the finished runs are kept, not redone
    assert [s["runs_added"] for s in meta["sessions"]] == [6, 6]
    assert re.fullmatch(r"[0-9a-f]{40}", meta["code_version"]) and meta["machine"]["platform"]
    assert meta["wall_time_s"] > 0 and "--n-runs 4" in meta["command"]
    assert len({(r["N"], r["lr"], r["seed"]) for r in data["runs"]}) == 12
    # one session with 4 runs per point gives the same records (chunks are deterministic)
    again = str(tmp_path / "again.json")
    main([*SMALL, "--n-runs", "4", "--out", again])
    key = lambda r: (r["N"], r["lr"], r["seed"])  # noqa: E731
    assert sorted(_read(again)["runs"], key=key) == sorted(data["runs"], key=key)


def test_sgd_perceptron_stopped_job_is_partial_and_other_parameters_are_refused(tmp_path):
    out = str(tmp_path / "n.json")
    main([*SMALL, "--n-runs", "2", "--out", out])
    main([*SMALL, "--n-runs", "4", "--out", out, "--stop-at", "2000-01-01T00:00"])
    meta = _read(out)["meta"]
    assert (meta["status"], meta["runs_done"], meta["runs_planned"]) == ("partial", 6, 12)
    with pytest.raises(SystemExit, match="other parameters"):
        main([*SMALL, "--n-runs", "4", "--lr-values", "0.1", "--out", out])
    with pytest.raises(SystemExit):
        parse_args(["--stop-at", "tomorrow"])

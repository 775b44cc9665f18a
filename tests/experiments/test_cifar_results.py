"""Schema of the committed AD CIFAR-10 results and the torch-free reader (no torch needed)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from experiments.cifar_results import DEFAULT_PATH, SCHEMA, argmax_rho, load, optima, summary

REPO = Path(__file__).resolve().parents[2]
RUN_KEYS = {"model", "rho_train", "seed"}


@pytest.fixture(scope="module")
def data() -> dict:
    return load(DEFAULT_PATH)


def test_file_is_small_and_complete(data):
    assert DEFAULT_PATH.stat().st_size < 1_000_000
    assert data["schema"] == SCHEMA
    meta = data["metadata"]
    for key in ("created", "git_commit", "command", "machine", "data", "protocol", "models", "wall_s"):
        assert key in meta
    proto = meta["protocol"]
    assert proto["n_train"] == 6000 and proto["rho0"] == 0.1
    assert "JPEG" in meta["data"]["note"]
    assert meta["models"]["linear_head"]["backbone"] == "efficientnet-lite0"
    assert meta["models"]["linear_head"]["image_size"] > 32
    expected = len(meta["models"]) * len(proto["rho_train"]) * len(proto["seeds"])
    assert len(data["runs"]) == expected
    if not meta["reduced"]:
        assert proto["rho_train"][0] == 0.05 and proto["rho_train"][-1] == 0.95 and len(proto["seeds"]) >= 10


def test_runs_have_every_metric_in_range(data):
    metrics = set(data["metadata"]["metrics"])
    for run in data["runs"]:
        assert set(run) == RUN_KEYS | metrics
        values = [run[m] for m in metrics if run[m] is not None]
        assert all(0.0 <= v <= 1.0 for v in values)
        assert run["recall"] is not None and run["auc"] is not None


def test_summary_and_optima(data):
    stats = summary(data)
    grid = data["metadata"]["protocol"]["rho_train"]
    for model, s in stats.items():
        np.testing.assert_allclose(s["rho_train"], grid)
        ba = s["balanced_accuracy"]
        assert np.all(ba["n"] == len(data["metadata"]["protocol"]["seeds"]))
        assert np.all(ba["rel_se"] >= 0) and np.all(ba["mean"] > 0.5)
        assert argmax_rho(s, "auc") in grid
        assert set(optima(data)[model]) == set(data["metadata"]["metrics"])


def test_reader_rel_se_matches_definition():
    runs = [{"model": "m", "rho_train": 0.5, "seed": i, "auc": v} for i, v in enumerate([0.6, 0.8, None])]
    data = {"metadata": {"metrics": ["auc"], "models": {"m": {}}}, "runs": runs}
    auc = summary(data)["m"]["auc"]
    assert auc["n"][0] == 2 and auc["mean"][0] == pytest.approx(0.7)
    assert auc["rel_se"][0] == pytest.approx(np.std([0.6, 0.8], ddof=1) / np.sqrt(2) / 0.7)


def test_reader_does_not_import_torch():
    code = "\n".join(
        [
            "import sys",
            "import experiments.cifar_results as r",
            "r.summary(r.load())",
            "assert 'torch' not in sys.modules",
        ]
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)

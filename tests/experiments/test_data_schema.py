"""Schema tests of the committed simulation data: gibbs_mc_v1.json and the sgd_fig13*/sgd_fig14 files."""

import math
import re
from pathlib import Path

import numpy as np
import pytest

from experiments.results import DATA_DIR, FILES, concat_runs, load, point_stats

META_KEYS = {"parameters", "code_version", "date", "wall_time_s", "machine"}
MC_FIELDS = {"rho_train", "dataset", "init", "R", "b", "train_error", "acc_w", "acc_b", "n_pos", "P"}
SGD_METRICS = ("recall", "specificity", "balanced_accuracy", "precision", "f1", "auc", "R", "b")
SGD_FIELDS = {"rho_train", "BS", "lr", "T_eff", "seed", "epochs", "converged", "train_loss", *SGD_METRICS}


def _check_common(name: str, schema: str, fields: set[str]) -> dict:
    path = DATA_DIR / FILES[name]
    assert path.stat().st_size < 1_000_000
    data = load(name)
    assert data["schema"] == schema
    meta = data["meta"]
    assert set(meta) >= META_KEYS
    assert re.fullmatch(r"[0-9a-f]{40}", meta["code_version"])
    assert meta["wall_time_s"] > 0 and meta["machine"]["platform"]
    assert data["runs"]
    for run in data["runs"]:
        assert fields <= set(run), fields - set(run)
        assert all(math.isfinite(v) for v in run.values() if isinstance(v, float))
    return data


def test_gibbs_mc_v1_schema():
    data = _check_common("gibbs_mc", "gibbs_mc/v1", MC_FIELDS)
    p = data["meta"]["parameters"]
    assert (p["b0"], p["alpha"], p["T"]) == (-0.6, 1.1, 0.5) and 200 <= p["N"] <= 400
    s = point_stats(data["runs"], by=("rho_train", "init"), fields=("R", "b"))
    assert np.all(s["n"] >= 16)
    assert set(s["init"]) == {"random", "teacher"}
    for run in data["runs"]:
        assert -1 <= run["R"] <= 1 and run["n_pos"] == round(p["alpha"] * p["N"] * run["rho_train"])


def test_sgd_fig13_v1_schema():
    data = _check_common("sgd_fig13", "sgd_perceptron/v1", SGD_FIELDS)
    p = data["meta"]["parameters"]
    assert (p["N"], p["alpha"], p["b0"], p["lr"], p["BS"]) == (5000, 2.0, -0.6, 0.05, 20)
    s = point_stats(data["runs"], by=("rho_train",), fields=SGD_METRICS)
    assert {round(0.1 + 0.05 * k, 2) for k in range(17)} <= set(np.round(s["rho_train"], 3))
    _check_sgd_runs(data, s)


def test_sgd_fig13_peak_v1_schema():
    data = _check_common("sgd_fig13_peak", "sgd_perceptron/v1", SGD_FIELDS)
    main = load("sgd_fig13")["meta"]["parameters"]
    p = data["meta"]["parameters"]
    for key in ("N", "alpha", "b0", "lr", "BS", "max_epochs", "n_test", "n_runs"):
        assert p[key] == main[key], key
    s = point_stats(data["runs"], by=("rho_train",), fields=SGD_METRICS)
    assert not set(s["rho_train"]) & set(main["rho_train"])
    _check_sgd_runs(data, s)
    seeds = {r["seed"] for r in concat_runs("sgd_fig13", "sgd_fig13_peak")}
    assert len(seeds) == len(data["runs"]) + len(load("sgd_fig13")["runs"])


def test_sgd_fig14_v1_schema():
    data = _check_common("sgd_fig14", "sgd_perceptron/v1", SGD_FIELDS)
    s = point_stats(data["runs"], by=("BS",), fields=SGD_METRICS)
    assert sorted(s["BS"]) == [1, 2, 5, 10, 20, 200, 2000]
    assert all(math.isclose(r["T_eff"], r["lr"] / r["BS"]) for r in data["runs"])
    _check_sgd_runs(data, s)


def _check_sgd_runs(data: dict, stats: dict) -> None:
    runs = data["runs"]
    assert np.all(stats["n"] == data["meta"]["parameters"]["n_runs"])
    assert len({r["seed"] for r in runs}) == len(runs)
    for r in runs:
        assert all(0 <= r[k] <= 1 for k in SGD_METRICS if k not in ("R", "b"))
        assert -1 <= r["R"] <= 1


@pytest.mark.parametrize("name", sorted(FILES))
def test_sgd_and_gibbs_mc_files_are_plain_json(name):
    assert Path(DATA_DIR / FILES[name]).read_bytes()[:1] == b"{"

"""Schema tests of the committed simulation data: gibbs_mc_v1.json and the sgd_* files (v1 and v2)."""

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


V2_FIELDS = SGD_FIELDS | {"N", "train_error"}
V2_META = {"runs_planned", "runs_done", "status", "command", "sessions", "code_dirty"}


def _check_v2(name: str, by: tuple[str, ...]) -> tuple[dict, dict]:
    """A v2 file (possibly partial): provenance, runs done vs planned, chunk-major balance, 0/1 errors."""
    data = _check_common(name, "sgd_perceptron/v2", V2_FIELDS)
    meta, runs = data["meta"], data["runs"]
    assert set(meta) >= V2_META and meta["runs_done"] == len(runs) <= meta["runs_planned"]
    assert meta["status"] == ("complete" if len(runs) == meta["runs_planned"] else "partial")
    assert (
        meta["command"].startswith("python -m experiments.sgd_perceptron")
        and f"--out data/{FILES[name]}" in (meta["command"])
    )
    assert sum(s["runs_added"] for s in meta["sessions"]) == len(runs)
    assert all(
        re.fullmatch(r"[0-9a-f]{40}", s["code_version"]) and not s["code_dirty"] for s in meta["sessions"]
    )
    assert len({(r["N"], r["lr"], r["rho_train"], r["BS"], r["seed"]) for r in runs}) == len(runs)
    s = point_stats(runs, by=by, fields=("R", "train_error"))
    assert s["n"].max() - s["n"].min() <= meta["parameters"]["chunk"]  # chunk-major: balanced when stopped
    for r in runs:
        P = round(meta["parameters"]["alpha"] * r["N"])
        assert 0 <= r["train_error"] <= 1 and abs(r["train_error"] * P - round(r["train_error"] * P)) < 1e-3
        assert -1 <= r["R"] <= 1 and math.isclose(r["T_eff"], r["lr"] / r["BS"], rel_tol=1e-5)
    return data, s


def test_sgd_fig13_v2_is_at_the_papers_setting():
    data, s = _check_v2("sgd_fig13_v2", ("rho_train",))
    p = data["meta"]["parameters"]
    assert (p["N"], p["alpha"], p["b0"], p["lr"], p["BS"], p["n_runs"]) == (5000, 2.0, -0.6, 0.5, 20, 40)
    grid = {round(0.1 + 0.05 * k, 2) for k in range(17)}
    assert set(p["rho_train"]) == grid and set(np.round(s["rho_train"], 3)) <= grid


def test_sgd_fig14_v2_adds_rho_train_0_3_and_0_7():
    data, s = _check_v2("sgd_fig14_v2", ("rho_train", "BS"))
    p = data["meta"]["parameters"]
    assert (p["N"], p["lr"], sorted(p["rho_fig14"])) == (5000, 0.05, [0.3, 0.7])
    assert set(s["rho_train"]) <= {0.3, 0.7} and set(s["BS"]) <= {1, 2, 5, 10, 20, 200, 2000}


def test_sgd_nstudy_has_both_families():
    data, s = _check_v2("sgd_nstudy", ("N", "lr"))
    assert {1000, 2000, 5000} <= set(s["N"])
    runs = data["runs"]
    assert len({r["lr"] / r["BS"] for r in runs if r["lr"] == 0.05}) == 1  # same lr/BS at every N
    assert len({r["N"] for r in runs if math.isclose(r["N"] * r["lr"] / r["BS"], 12.5)}) == 3  # same N*lr/BS


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

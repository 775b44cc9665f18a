"""The JSON disk cache and the command line (issue 2)."""

import json
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from solver import SOLVER_VERSION, cached_solve, cached_sweep, solve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_cached_solve_round_trips_through_json(cache_dir):
    first = cached_solve(-0.6, 1.1, 0.5, 0.3)
    again = cached_solve(-0.6, 1.1, 0.5, 0.3)
    assert again == first == solve(-0.6, 1.1, 0.5, 0.3)
    rows = (
        sqlite3.connect(cache_dir / "cache.db").execute("select key, raw, mode, value from Cache").fetchall()
    )
    assert len(rows) == 1
    key, raw, mode, value = rows[0]
    assert raw == 1 and mode in (1, 2)  # raw bytes only: nothing pickled


def test_cached_dummy_keeps_infinite_bias(cache_dir):
    sol = cached_sweep("rho_train", [0.05, 0.5, 0.95])
    again = cached_sweep("rho_train", [0.05, 0.5, 0.95])
    assert [s.b for s in again] == [s.b for s in sol]
    assert again[0].b == float("-inf") and again[2].b == float("inf")


def test_cache_key_rounds_consistently(cache_dir):
    a = cached_solve(-0.6, 1.1, 0.5, 0.3)
    b = cached_solve(-0.6 + 1e-15, 1.1, 0.5, 0.3 - 1e-16)
    assert a == b


class _Evil:
    """Unpickling this creates a folder: the cache must refuse it (a miss, then computed afresh)."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def test_cache_refuses_pickled_values(cache_dir):
    import pickle

    cached_solve(-0.6, 1.1, 0.5, 0.3)
    witness = cache_dir / "unpickled"
    db = sqlite3.connect(cache_dir / "cache.db")
    db.execute("update Cache set mode = 4, value = ?", (pickle.dumps(_Evil(witness)),))
    db.commit()
    assert cached_solve(-0.6, 1.1, 0.5, 0.3) == solve(-0.6, 1.1, 0.5, 0.3)
    assert not witness.exists()


def test_cached_solve_validates_input(cache_dir):
    with pytest.raises(ValueError, match="alpha"):
        cached_solve(-0.6, -1.0, 0.5, 0.3)


def _worker(rho):
    from solver import cached_solve as cs

    return cs(-0.6, 1.1, 0.5, rho).R


def test_cache_is_safe_with_several_processes(cache_dir):
    rhos = [0.2, 0.3, 0.4, 0.5] * 3
    with ProcessPoolExecutor(2) as pool:
        R = list(pool.map(_worker, rhos))
    assert R[:4] == R[4:8] == R[8:]
    assert R == [solve(-0.6, 1.1, 0.5, r).R for r in rhos]


def test_version_is_part_of_the_key(cache_dir):
    cached_solve(-0.6, 1.1, 0.5, 0.3)
    keys = [
        json.loads(__import__("zlib").decompress(k))
        for (k,) in sqlite3.connect(cache_dir / "cache.db").execute("select key from Cache")
    ]
    assert keys[0][1] == SOLVER_VERSION


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "solver", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_solve_json():
    out = _cli("solve", "--b0", "-0.6", "--alpha", "1.1", "--T", "0.5", "--rho-train", "0.3", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["R"] == pytest.approx(solve(-0.6, 1.1, 0.5, 0.3).R) and d["phase"] == "informative"
    assert set(d["metrics"]) >= {"recall", "precision", "balanced_accuracy"}


def test_cli_sweep_csv(tmp_path):
    path = tmp_path / "out.csv"
    out = _cli(
        "sweep",
        "--over",
        "rho_train",
        "--start",
        "0.05",
        "--stop",
        "0.95",
        "--num",
        "19",
        "--b0",
        "-0.6",
        "--alpha",
        "1.1",
        "--T",
        "0.5",
        "--csv",
        str(path),
    )
    assert out.returncode == 0, out.stderr
    lines = path.read_text().splitlines()
    assert len(lines) == 20 and lines[0].startswith("b0,alpha,T,rho_train")
    assert "dummy" in lines[1] and "informative" in lines[10]


@pytest.mark.parametrize(
    "args, word",
    [
        (("solve", "--b0", "-9", "--alpha", "1", "--T", "0.5", "--rho-train", "0.3"), "b0"),
        (("solve", "--b0", "0", "--alpha", "1", "--T", "0.5", "--rho-train", "nan"), "rho_train"),
        (
            (
                "sweep",
                "--over",
                "alpha",
                "--start",
                "0.01",
                "--stop",
                "1",
                "--b0",
                "0",
                "--alpha",
                "1",
                "--T",
                "1",
            ),
            "alpha",
        ),
    ],
)
def test_cli_errors_are_one_line_with_exit_code_2(args, word):
    out = _cli(*args)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and word in out.stderr and "Traceback" not in out.stderr


def test_cache_evicts_beyond_its_size_limit(cache_dir, monkeypatch):
    import numpy as np

    from solver.cache import get_cache

    monkeypatch.setenv("IMBALANCE_CACHE_SIZE_MB", "0.05")  # 50 kB
    cache = get_cache()
    for i in range(200):
        cache.set(["filler", i], {"payload": "x" * 2000})
    cached_sweep("rho_train", np.linspace(0.3, 0.6, 4))
    assert cache.volume() < 0.05 * 2**20 + 200_000  # culled back towards the limit, never unbounded
    assert len(cache) < 200

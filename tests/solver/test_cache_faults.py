"""Fault injection into the solver's disk cache (issue 15): every fault degrades to computing.

Each case damages the real cache (its SQLite database, its rows, its folder or its settings), then checks
that ``cached_solve``/``cached_sweep`` return what ``solve``/``sweep`` compute, that the fault is logged
once as a warning and listed by ``cache_faults()``, and that the cache is rebuilt or bypassed.
"""

import json
import logging
import os
import sqlite3
import textwrap
import zlib
from pathlib import Path

import pytest

from solver import cache as solver_cache
from solver import cache_faults, cached_solve, cached_sweep, solve, sweep
from tests.readonly import run_read_only

ROOT = Path(__file__).resolve().parents[2]
POINT = (-0.6, 1.1, 0.5, 0.3)


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    """A fresh cache folder and a process with no fault recorded yet."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(directory))
    monkeypatch.delenv("IMBALANCE_CACHE_SIZE_MB", raising=False)
    monkeypatch.setattr(solver_cache, "_faults", {})
    monkeypatch.setattr(solver_cache, "_open", {})
    return directory


def warnings_of(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "solver.cache" and r.levelno >= logging.WARNING
    ]


def fill(cache_dir: Path) -> None:
    """One solved point in the cache, written by a process that then forgets it had the cache open."""
    cached_solve(*POINT)
    solver_cache._open.clear()


def update_rows(cache_dir: Path, sql: str, args=()) -> None:
    db = sqlite3.connect(cache_dir / "cache.db")
    db.execute(sql, args)
    db.commit()
    db.close()


def stored(value) -> bytes:
    """A value as JSONDisk stores it (zlib-compressed JSON)."""
    return zlib.compress(json.dumps(value).encode())


def assert_computes_and_warns_once(caplog, mode: str) -> None:
    for _ in range(2):
        assert cached_solve(*POINT) == solve(*POINT)
    assert cached_sweep("rho_train", [0.2, 0.3]) == sweep("rho_train", [0.2, 0.3])
    assert len(warnings_of(caplog)) == 1, warnings_of(caplog)
    assert len(cache_faults()) == 1
    assert solver_cache.get_cache().mode == mode


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_database_is_rebuilt(cache_dir, caplog, damage):
    fill(cache_dir)
    db = cache_dir / "cache.db"
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2] if damage == "truncated" else os.urandom(len(data)))
    assert_computes_and_warns_once(caplog, "disk")
    assert "rebuilt" in cache_faults()[0]
    assert len(solver_cache.get_cache()) >= 1  # the rebuilt cache stores again


@pytest.mark.parametrize(
    "value",
    [
        b"not zlib at all",  # garbage
        None,  # NULL
        stored({"R": 0.5}),  # wrong schema
        stored([1, 2, 3]),  # wrong type
        stored("NaN"),  # a string
    ],
    ids=["garbage", "null", "wrong-schema", "list", "string"],
)
def test_bad_value_is_a_miss_and_is_replaced(cache_dir, caplog, value):
    fill(cache_dir)
    update_rows(cache_dir, "update Cache set value = ?, mode = 1, filename = NULL", (value,))
    assert_computes_and_warns_once(caplog, "disk")
    assert "invalid cache entry" in cache_faults()[0]


@pytest.mark.parametrize(
    "field, bad", [("R", float("nan")), ("q", float("inf")), ("b", "1e999"), ("converged", 1), ("T", 0.7)]
)
def test_values_are_checked_for_finiteness_and_their_key(cache_dir, caplog, field, bad):
    fill(cache_dir)
    doc = {**solve(*POINT).to_dict(), field: bad}
    update_rows(cache_dir, "update Cache set value = ?, mode = 1, filename = NULL", (stored(doc),))
    assert_computes_and_warns_once(caplog, "disk")


def test_a_sweep_entry_is_checked_point_by_point(cache_dir, caplog):
    cached_sweep("rho_train", [0.2, 0.3])
    solver_cache._open.clear()
    docs = [s.to_dict() for s in sweep("rho_train", [0.2, 0.3])]
    docs[1]["R"] = None
    update_rows(cache_dir, "update Cache set value = ?", (stored(docs),))
    assert cached_sweep("rho_train", [0.2, 0.3]) == sweep("rho_train", [0.2, 0.3])
    assert len(warnings_of(caplog)) == 1


def test_a_tampered_row_cannot_reach_a_file_outside_the_cache(cache_dir, tmp_path, caplog):
    secret = tmp_path / "secret.json"
    secret.write_bytes(stored(solve(*POINT).to_dict()))  # even a well-formed value outside is refused
    fill(cache_dir)
    for name in (str(secret), "../secret.json"):
        update_rows(cache_dir, "update Cache set mode = 2, value = NULL, filename = ?", (name,))
        assert cached_solve(*POINT) == solve(*POINT)
        solver_cache._open.clear()
        assert secret.exists()  # deleting the bad row did not remove the file it pointed at
    assert "outside the cache directory" in cache_faults()[0]


@pytest.mark.parametrize("where", ["under-a-file", "unwritable-parent"])
def test_unusable_directory_falls_back_to_memory(cache_dir, tmp_path, monkeypatch, caplog, where):
    (tmp_path / "a-file").write_text("")
    bad = {"under-a-file": tmp_path / "a-file" / "cache", "unwritable-parent": Path("/proc/imbalance/cache")}
    if where == "unwritable-parent" and os.geteuid() != 0:
        (tmp_path / "locked").mkdir(mode=0o500)
        bad[where] = tmp_path / "locked" / "cache"
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(bad[where]))
    assert_computes_and_warns_once(caplog, "memory")
    assert len(solver_cache.get_cache()) >= 1  # results are still reused, from memory


@pytest.mark.parametrize("size", ["lots", "nan", "-1", ""])
def test_bad_size_setting_uses_the_default(cache_dir, monkeypatch, caplog, size):
    monkeypatch.setenv("IMBALANCE_CACHE_SIZE_MB", size)
    assert_computes_and_warns_once(caplog, "disk")
    assert solver_cache.size_limit_bytes() == solver_cache.SIZE_LIMIT_MB * 2**20
    assert "IMBALANCE_CACHE_SIZE_MB" in cache_faults()[0]


def test_memory_fallback_is_bounded():
    memory = solver_cache._Memory(limit_bytes=10_000)
    for i in range(100):
        memory.set(["k", i], {"payload": "x" * 500})
    assert memory.volume() <= 10_000 and memory.get(["k", 99]) is not None and memory.get(["k", 0]) is None


READ_ONLY_CHECK = textwrap.dedent(
    """
    import json, solver.cache as c
    def refuse(**kw):
        raise AssertionError("computed a point that is in the read-only cache")
    real, c._solve = c._solve, refuse
    hit = c.cached_solve(-0.6, 1.1, 0.5, 0.3)
    c._solve = real
    new = c.cached_solve(-0.6, 1.1, 0.5, 0.4)
    again = c.cached_solve(-0.6, 1.1, 0.5, 0.4)
    print(json.dumps({"mode": c.get_cache().mode, "R": hit.R, "new": new.R, "again": again.R,
                      "faults": c.cache_faults()}))
    """
)


def test_read_only_cache_is_read_and_never_written(cache_dir):
    fill(cache_dir)
    before = {p.name: p.stat().st_mtime_ns for p in cache_dir.iterdir()}
    out = run_read_only(cache_dir, READ_ONLY_CHECK)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["mode"] == "read-only"
    assert result["R"] == solve(*POINT).R and result["new"] == result["again"] == solve(-0.6, 1.1, 0.5, 0.4).R
    assert len(result["faults"]) == 1 and "read-only" in result["faults"][0]
    assert out.stderr.count("solver cache:") == 1  # one warning
    assert {p.name: p.stat().st_mtime_ns for p in cache_dir.iterdir()} == before


def test_solver_alone_defaults_to_a_per_user_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("IMBALANCE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert solver_cache.default_directory() == tmp_path / "imbalance-solver"
    assert solver_cache.get_cache(tmp_path / "explicit").directory == tmp_path / "explicit"


def test_memory_fallback_is_safe_with_threads():
    from concurrent.futures import ThreadPoolExecutor

    memory = solver_cache._Memory(limit_bytes=20_000)

    def work(t: int) -> int:
        hits = 0
        for i in range(2000):
            memory.set(["k", i % 50], {"t": t, "payload": "x" * 300})
            hits += memory.get(["k", (i + 7) % 50]) is not None
            memory.delete(["k", (i + 3) % 50])
        return hits

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(work, range(8))) > 0
    assert 0 <= memory.volume() <= 20_000 and memory.volume() == sum(len(v) for v in memory.items.values())

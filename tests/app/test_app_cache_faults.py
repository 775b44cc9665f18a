"""Cache faults through the app (issue 15): every page still renders the same numbers, with a discreet note.

Each case damages the solver's real disk cache (database, rows, folder, settings), clears Streamlit's
memory cache (any visitor can), runs the Explorer page with AppTest and compares what a reader sees with a
healthy run.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from solver import cache as solver_cache
from tests.readonly import run_read_only

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.timeout(600)


def render() -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def note(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption if "cache degraded" in c.value)


@pytest.fixture()
def healthy(tmp_path_factory, monkeypatch):
    """What the Explorer shows with a working cache (its folder is filled on the way)."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(directory))
    monkeypatch.setattr(solver_cache, "_faults", {})
    monkeypatch.setattr(solver_cache, "_open", {})
    at = render()
    assert not note(at)
    solver_cache._open.clear()
    return directory, shown(at)


def _garbage_db(d: Path, monkeypatch):
    for f in d.glob("cache.db*"):
        f.unlink()
    (d / "cache.db").write_bytes(os.urandom(50_000))


def _truncated_db(d: Path, monkeypatch):
    db = sqlite3.connect(d / "cache.db")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = (d / "cache.db").read_bytes()
    (d / "cache.db").write_bytes(data[: len(data) // 2])


def _bad_values(d: Path, monkeypatch):
    db = sqlite3.connect(d / "cache.db")
    rows = [r for (r,) in db.execute("select rowid from Cache")]
    bad = [b"garbage", None, zlib.compress(json.dumps({"R": "x"}).encode())]
    for n, rowid in enumerate(rows):
        db.execute(
            "update Cache set mode = 1, filename = NULL, value = ? where rowid = ?", (bad[n % 3], rowid)
        )
    db.commit()


def _outside_file(d: Path, monkeypatch):
    db = sqlite3.connect(d / "cache.db")
    db.execute("update Cache set mode = 2, value = NULL, filename = '/etc/hostname'")
    db.commit()


def _unusable_folder(d: Path, monkeypatch):
    (d / "a-file").write_text("")
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(d / "a-file" / "cache"))


def _bad_size(d: Path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_CACHE_SIZE_MB", "a lot")


SLOW = pytest.mark.slow
FAULTS = [
    _garbage_db,
    pytest.param(_truncated_db, marks=SLOW),
    _bad_values,
    pytest.param(_outside_file, marks=SLOW),
    pytest.param(_unusable_folder, marks=SLOW),
    pytest.param(_bad_size, marks=SLOW),
]


@pytest.mark.parametrize("damage", FAULTS, ids=lambda f: f.__name__.strip("_") if callable(f) else None)
def test_page_shows_the_same_numbers_and_a_note(healthy, monkeypatch, damage):
    directory, expected = healthy
    damage(directory, monkeypatch)
    at = render()
    assert shown(at) == expected
    assert note(at)


READ_ONLY_APP = textwrap.dedent(
    """
    import json
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file("app.py", default_timeout=300).run()
    print(json.dumps({"errors": [e.value for e in at.exception], "metrics": [m.value for m in at.metric],
                      "note": [c.value for c in at.sidebar.caption if "cache degraded" in c.value]}))
    """
)


@pytest.mark.slow
def test_read_only_cache_folder_serves_the_page(healthy):
    directory, expected = healthy
    out = run_read_only(directory, READ_ONLY_APP)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert not result["errors"] and result["metrics"] == expected
    assert result["note"] and "read-only" in result["note"][0]


@pytest.mark.slow
def test_app_keeps_its_cache_in_the_repository_and_the_solver_alone_per_user():
    root = Path(APP).parent
    code = (
        "import os; os.environ.pop('IMBALANCE_CACHE_DIR', None); os.environ['XDG_CACHE_HOME'] = '/x';"
        "import solver.cache as c; alone = str(c.default_directory()); import dashboard;"
        "print(alone, c.default_directory())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120)
    assert out.stdout.split() == ["/x/imbalance-solver", str(root / "cache")], out.stderr

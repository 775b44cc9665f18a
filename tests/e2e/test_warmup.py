"""Background warm-up (dashboard/warmup.py): a live server starts scripts/warm_cache.py once, on its
first session; never under streamlit.testing or with IMBALANCE_WARMUP=0. The Procfile's start-up visits
(scripts/first_visit.py) then run every page once in the server."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import harness
import pytest

from benchmarks import cold_visit
from benchmarks.load_clients import Client
from benchmarks.memory_sessions import free_port, start_server
from dashboard import warmup

pytestmark = pytest.mark.timeout(240)


def test_not_wanted_without_a_live_server(monkeypatch):
    assert not warmup.wanted()  # no Streamlit runtime in a plain test process
    monkeypatch.setenv("IMBALANCE_WARMUP", "0")
    assert not warmup.wanted()


async def two_sessions(port: int) -> None:
    for _ in range(2):
        c = Client(port, timeout=180)
        await c.open()
        await c.close()


@pytest.mark.slow
def test_a_live_server_starts_one_warm_up_child_on_its_first_session(tmp_path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_WARMUP", "1")
    proc = start_server(free_port(), str(tmp_path))
    try:
        assert warmup.children(proc.pid, "warm_cache.py") == []  # nothing before the first session
        port = int(proc.args[proc.args.index("--server.port") + 1])
        harness.run_coroutine(two_sessions(port))
        assert len(warmup.children(proc.pid, "warm_cache.py")) == 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server's group: the warm-up child too
        proc.wait(10)


def test_the_warm_up_covers_every_page_explorer_first():
    stems = [p.stem for p in (Path(__file__).resolve().parents[2] / "views").glob("*.py")]
    got = warmup.order(stems)
    assert sorted(got) == sorted(stems) and got[0] == "explorer"
    assert set(warmup.ORDER) == set(stems)  # each page has its place in the warm-up order
    assert warmup.order(["zzz", *stems])[-1] == "zzz"  # a page missing from ORDER is still warmed, last


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_procfile_visits_every_page_in_the_server_once_the_warm_up_has_ended(tmp_path):
    """scripts/first_visit.py: one light page at once, then (after the warm-up child has ended) every page,
    so that each page's imports and Streamlit's memory cache are in the server before its first visitor."""
    port, log = harness.free_port(), tmp_path / "server.log"
    env = {**os.environ, "PORT": str(port), "IMBALANCE_WARMUP": "1", "IMBALANCE_CACHE_DIR": str(tmp_path)}
    command = cold_visit.procfile_command()
    with log.open("w") as out:
        proc = subprocess.Popen(command, shell=True, cwd=harness.ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        harness.wait_healthy(port, proc)
        deadline = time.monotonic() + 540
        while warmup.children(proc.pid, "first_visit.py") and time.monotonic() < deadline:
            time.sleep(1.0)
        assert not warmup.children(proc.pid, "first_visit.py"), "the start-up visits did not finish in time"
        assert not warmup.children(proc.pid, "warm_cache.py")
    finally:
        harness.stop_app(proc)
    lines = [s for s in log.read_text().splitlines() if s.startswith("first visit")]
    stems = warmup.order(p.stem for p in (harness.ROOT / "views").glob("*.py"))
    assert lines[0].startswith("first visit to /fig6: ")  # the light page that starts the warm-up
    assert lines[1].startswith("first visit: the background warm-up ended after ")
    visited = [s.removeprefix("first visit to /").split(":")[0] for s in lines[2:]]
    assert visited == ["" if stem == "explorer" else stem for stem in stems], lines  # every page, in order
    assert all(s.endswith(" s") for s in lines[2:]), lines  # none failed or timed out

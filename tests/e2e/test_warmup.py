"""Background warm-up (dashboard/warmup.py): a live server starts scripts/warm_cache.py once, on its
first session; never under streamlit.testing or with IMBALANCE_WARMUP=0."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import harness
import pytest

from benchmarks.load_clients import Client
from benchmarks.memory_sessions import free_port, start_server
from dashboard import warmup

pytestmark = pytest.mark.timeout(240)


def warm_children(pid: int) -> list[int]:
    kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(k) for k in kids if "warm_cache.py" in Path(f"/proc/{k}/cmdline").read_text(errors="replace")]


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
        assert warm_children(proc.pid) == []  # nothing before the first session
        port = int(proc.args[proc.args.index("--server.port") + 1])
        harness.run_coroutine(two_sessions(port))
        assert len(warm_children(proc.pid)) == 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server's group: the warm-up child too
        proc.wait(10)


def test_the_warm_up_covers_every_page_explorer_first():
    stems = [p.stem for p in (Path(__file__).resolve().parents[2] / "views").glob("*.py")]
    got = warmup.order(stems)
    assert sorted(got) == sorted(stems) and got[0] == "explorer"
    assert set(warmup.ORDER) == set(stems)  # each page has its place in the warm-up order
    assert warmup.order(["zzz", *stems])[-1] == "zzz"  # a page missing from ORDER is still warmed, last

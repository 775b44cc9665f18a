"""The server-wide job pool of long computations (issue 15): one run per session, a small queue or "busy",
cancellation within a second (button, page change, disconnection), time estimates measured here.

The jobs are real maps (``analysis.maps.cached_map``) in real child processes; a fresh cache folder per
test keeps them cold. Only the Streamlit runtime's "is this session still connected" is replaced by a set
of disconnected sessions (the pool's ``alive`` hook), as no browser is attached here.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dashboard import jobs
from dashboard.jobs import Job, Pool

pytestmark = pytest.mark.timeout(300)
TARGET = "analysis.maps:cached_map"
BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)


def map_job(session: str, n: int, kind: str = "optimum", page: str = "maps", b0: float = -0.6) -> Job:
    """A cold map of n x n points (an optimum map costs about 0.1 s per point)."""
    xs = [0.5 + 0.1 * i for i in range(n)]
    ys = [b0 - 0.05 * j for j in range(n)]
    kwargs = dict(kind=kind, x="alpha", xs=xs, y="b0", ys=ys, base=BASE, rho_test=0.5)
    return Job(session, page, "map", TARGET, kwargs, cost=n * n)


@pytest.fixture(autouse=True)
def cold_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path / "cache"))  # inherited by the child processes


def wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def running(job: Job) -> bool:
    return job.state == "running" and job.fraction > 0  # its child has done real work


def stopped_within(pool: Pool, job: Job, seconds: float) -> float:
    t0 = time.monotonic()
    wait_for(lambda: job.finished is not None, timeout=30)
    took = time.monotonic() - t0
    assert job.state == "cancelled" and job.result is None
    assert not pool.running
    return took


def test_cancel_stops_the_child_within_a_second():
    pool = Pool(workers=1, queue=2)
    job = pool.submit(map_job("a", 21))
    wait_for(lambda: running(job))
    job.cancel.set()
    assert stopped_within(pool, job, 1.0) < 1.0


@pytest.mark.slow
def test_a_change_of_page_cancels_the_run():
    pool = Pool(workers=1, queue=2)
    job = pool.submit(map_job("a", 21, page="maps"))
    wait_for(lambda: running(job))
    pool.cancel_session("a", keep_page="maps")  # a rerun of the same page keeps it
    time.sleep(0.5)
    assert job.state == "running"
    pool.cancel_session("a", keep_page="fig9_10")
    assert stopped_within(pool, job, 1.0) < 1.0


@pytest.mark.slow
def test_a_disconnected_visitor_stops_the_run():
    pool = Pool(workers=1, queue=2)
    gone: set[str] = set()
    pool.alive = lambda session: session not in gone
    job = pool.submit(map_job("a", 21))
    wait_for(lambda: running(job))
    gone.add("a")
    assert stopped_within(pool, job, 1.0) < 1.0


@pytest.mark.slow
def test_queue_positions_busy_and_one_run_per_session():
    pool = Pool(workers=1, queue=2)
    first = pool.submit(map_job("a", 21))
    wait_for(lambda: first.state == "running")
    second, third = pool.submit(map_job("b", 21)), pool.submit(map_job("c", 21))
    assert (pool.position(second), pool.position(third)) == (1, 2)
    assert pool.submit(map_job("d", 3)) is None  # the queue is full: "busy, try again"
    replacement = pool.submit(map_job("b", 3))  # b's second job replaces its first
    assert replacement is None or second.cancel.is_set()
    for job in (first, second, third):
        job.cancel.set()
    wait_for(lambda: not pool.running and not pool.waiting)
    assert {first.state, second.state, third.state} == {"cancelled"}


@pytest.mark.slow
def test_results_come_back_and_the_estimate_is_measured_here():
    pool = Pool(workers=1, queue=2)
    assert pool.estimate_s("map", 9) is None
    job = pool.submit(map_job("a", 3, kind="state"))
    wait_for(lambda: job.finished is not None)
    R = job.result["values"]["R"]
    assert job.state == "done" and len(R) == 3 and all(len(row) == 3 for row in R)
    took = job.finished - job.started
    assert pool.estimate_s("map", 9) == pytest.approx(took, rel=0.2)
    assert pool.estimate_s("map", 18) == pytest.approx(2 * took, rel=0.2)


@pytest.mark.slow
def test_a_failing_job_reports_in_words():
    pool = Pool(workers=1, queue=2)
    job = map_job("a", 3)
    job.kwargs = {**job.kwargs, "x": "gamma"}
    pool.submit(job)
    wait_for(lambda: job.finished is not None)
    assert job.state == "failed" and "ValueError" in job.error and "gamma" in job.error


# ---------------------------------------------------------------- the pages, under AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def maps_page(monkeypatch, pool: Pool):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(jobs, "_POOL", pool)
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["n"] = "11"
    at.switch_page("views/maps.py")
    return at.run()


@pytest.mark.slow
def test_a_map_takes_a_worker_then_the_estimate_is_measured(monkeypatch):
    pool = Pool(workers=1, queue=1)
    at = maps_page(monkeypatch, pool)
    assert not at.exception and at.dataframe
    assert not pool.running and not pool.waiting and "map_state" in pool.rates
    assert not any("on this server (measured" in c.value for c in at.caption)
    pool.workers = 0  # now a disk-cache hit: it takes no worker, so it cannot wait for one
    at.run()
    assert not at.exception and at.dataframe
    assert any("on this server (measured" in c.value for c in at.caption)


def test_a_full_server_says_busy(monkeypatch):
    at = maps_page(monkeypatch, Pool(workers=0, queue=0))
    assert not at.exception
    assert any("busy" in w.value for w in at.warning) and not at.dataframe


@pytest.mark.slow
def test_a_disconnected_visitor_stops_a_map(monkeypatch):
    pool = Pool(workers=1, queue=1)
    pool.alive = lambda session: False
    at = maps_page(monkeypatch, pool)
    assert not at.exception
    assert any("cancelled" in i.value for i in at.info) and not at.dataframe
    assert not pool.running and not pool.waiting


@pytest.mark.slow
def test_the_live_run_goes_through_the_pool_and_then_states_its_measured_time(monkeypatch):
    from streamlit.testing.v1 import AppTest

    pool = Pool(workers=1, queue=1)
    monkeypatch.setattr(jobs, "_POOL", pool)
    at = AppTest.from_file(APP, default_timeout=600)
    at.query_params["live_N"], at.query_params["live_seeds"] = "100", "2"
    at.switch_page("views/simulations.py")
    at.run()
    assert any("The first run on this server measures" in c.value for c in at.caption)
    [button] = [b for b in at.button if b.label == "Run a small one now"]
    button.click().run()
    assert not at.exception
    assert len(at.session_state["simulations.live"]["sgd"]) == 9 * 2
    assert "live" in pool.rates and not pool.running
    at.run()  # the result is merged once, not again on the next rerun
    assert len(at.session_state["simulations.live"]["sgd"]) == 9 * 2
    assert any("on this server (measured" in c.value for c in at.caption)


@pytest.mark.slow
def test_a_job_dies_with_the_server_that_started_it():
    """If the server goes away without stopping its jobs, each job process exits within about a second."""
    import json
    import subprocess
    import sys

    request = json.dumps({"target": TARGET, "kwargs": map_job("a", 21).kwargs})
    server = (
        "import os, subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'dashboard.job_child', str(os.getpid())],"
        " stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)\n"
        f"p.stdin.write({request!r}); p.stdin.close(); print(p.pid)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", server], capture_output=True, text=True, cwd=root, timeout=60)
    child = int(out.stdout)

    def alive() -> bool:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"

    wait_for(lambda: not alive(), timeout=10)

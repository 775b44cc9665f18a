"""Bounded long computations a visitor can start (live runs, maps, Figs. 9 & 10): a server-wide job pool.

* At most one job per session: while it is queued or running the page shows its progress and a Cancel
  button instead of the start button (``panel``).
* A small server-wide pool: ``WORKERS`` jobs run at once, ``QUEUE`` more wait with their position shown;
  beyond that a start is refused with "busy, try again in a minute".
* Each job runs in its own child process (``dashboard.job_child``: JSON in and out), so cancelling it
  stops it at once, whatever it is doing: the Cancel button, a change of page (``visit``, called by the
  router) or the visitor's disconnection (polled every ``POLL`` s) terminate it within a second.
* Time estimates are measured on this server: seconds per unit of a job's cost, from the jobs that
  finished here (``rate``); while a job runs, the time left is extrapolated from its own progress.

Results come back as JSON lines from our own child process; nothing is pickled.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

WORKERS = int(os.environ.get("IMBALANCE_JOB_WORKERS", "2"))
QUEUE = int(os.environ.get("IMBALANCE_JOB_QUEUE", "4"))
ROOT = Path(__file__).resolve().parent.parent
BUSY = "The server is busy with other visitors' computations: please try again in a minute."
POLL = 0.2  # seconds between checks of a running job (cancel, disconnection, progress)
_ids = itertools.count(1)


@dataclass
class Job:
    """One computation: ``target`` ("module:function") called with ``kwargs`` and a progress callback."""

    session: str
    page: str
    kind: str
    target: str
    kwargs: dict
    cost: float
    id: int = field(default_factory=lambda: next(_ids))
    state: str = "queued"  # queued, running, done, failed, cancelled
    fraction: float = 0.0
    text: str = "waiting for a free worker"
    result: object = None
    taken: bool = False  # the page has used the result (``panel`` returns it once)
    error: str | None = None
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def left_s(self) -> float | None:
        """Seconds left, extrapolated from this job's own progress (None before its first step)."""
        if self.state != "running" or self.fraction <= 0.02:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed * (1 - self.fraction) / self.fraction


class Pool:
    """The server-wide pool (one per process)."""

    def __init__(self, workers: int = WORKERS, queue: int = QUEUE):
        self.workers, self.queue = workers, queue
        self.lock = threading.Lock()
        self.waiting: list[Job] = []
        self.running: list[Job] = []
        self.latest: dict[tuple[str, str], Job] = {}  # (session, kind) -> its latest job
        self.rates: dict[str, float] = {}  # kind -> seconds per unit of cost, measured here
        self.alive = _session_alive

    def submit(self, job: Job) -> Job | None:
        """Queue ``job`` (None when the queue is full). A session's previous job of any kind is cancelled."""
        with self.lock:
            for old in [*self.waiting, *self.running]:
                if old.session == job.session:
                    old.cancel.set()
            if len(self.waiting) >= self.queue:
                return None
            self.waiting.append(job)
            self.latest[(job.session, job.kind)] = job
        threading.Thread(target=self._work, args=(job,), daemon=True, name=f"job-{job.id}").start()
        return job

    def position(self, job: Job) -> int:
        """1 for the next job to start, 2 behind it, ...; 0 when it is not waiting."""
        with self.lock:
            return self.waiting.index(job) + 1 if job in self.waiting else 0

    def cancel_session(self, session: str, keep_page: str | None = None, locked: bool = False) -> None:
        """Cancel the session's jobs (those started on other pages than ``keep_page``, if given)."""
        with contextlib.nullcontext() if locked else self.lock:
            for job in [*self.waiting, *self.running]:
                if job.session == session and job.page != keep_page:
                    job.cancel.set()

    def acquire(self, job: Job, wait) -> bool:
        """Take a worker for a computation that runs in the page's own thread (``guard``): the session's
        other jobs are cancelled, then ``wait(position)`` is called while queued. False: the queue is full."""
        with self.lock:
            self.cancel_session(job.session, locked=True)
            if len(self.waiting) >= self.queue:
                return False
            self.waiting.append(job)
        try:
            while True:
                with self.lock:
                    if len(self.running) < self.workers and self.waiting[0] is job:
                        self.waiting.remove(job)
                        self.running.append(job)
                        job.state, job.started = "running", time.monotonic()
                        return True
                wait(self.position(job))
                time.sleep(POLL)
        except BaseException:
            self.release(job, "cancelled")
            raise

    def release(self, job: Job, state: str) -> None:
        with self.lock:
            for queue in (self.waiting, self.running):
                if job in queue:
                    queue.remove(job)
        job.state, job.finished = state, time.monotonic()
        if state == "done" and job.started is not None:
            self._measure(job)

    def estimate_s(self, kind: str, cost: float) -> float | None:
        rate = self.rates.get(kind)
        return None if rate is None else rate * cost

    def _work(self, job: Job) -> None:
        """Wait for a free worker, run the job in a child process, follow it until it ends."""
        while True:
            with self.lock:
                if job.cancel.is_set() or not self.alive(job.session):
                    self.waiting.remove(job)
                    job.state, job.finished = "cancelled", time.monotonic()
                    return
                if len(self.running) < self.workers and self.waiting[0] is job:
                    self.waiting.remove(job)
                    self.running.append(job)
                    break
            time.sleep(POLL)
        try:
            self._run(job)
        finally:
            with self.lock:
                self.running.remove(job)

    def _run(self, job: Job) -> None:
        """Run the job in ``python -m dashboard.job_child`` and follow it until it ends or is cancelled."""
        job.state, job.started, job.text = "running", time.monotonic(), "starting"
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "dashboard.job_child", str(os.getpid())], cwd=ROOT, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except OSError as err:
            job.state, job.error, job.finished = (
                "failed",
                f"the computation could not start ({err})",
                time.monotonic(),
            )
            return
        reader = threading.Thread(target=self._read, args=(job, proc), daemon=True)
        try:
            proc.stdin.write(json.dumps({"target": job.target, "kwargs": job.kwargs}))
            proc.stdin.close()
            reader.start()
            while job.state == "running":
                if job.cancel.is_set() or not self.alive(job.session):
                    job.state = "cancelled"
                elif proc.poll() is not None and not reader.is_alive() and job.state == "running":
                    job.state, job.error = "failed", f"the computation stopped (exit code {proc.returncode})"
                else:
                    time.sleep(POLL / 4)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            job.finished = time.monotonic()

    def _read(self, job: Job, proc: subprocess.Popen) -> None:
        """The child's messages: progress steps, then its result or its error."""
        for line in proc.stdout:
            message = json.loads(line)
            if "progress" in message:
                job.fraction, job.text = message["progress"]
            elif "done" in message and job.state == "running":
                job.result, job.state = decode(message["done"]), "done"
                self._measure(job)
            elif "error" in message and job.state == "running":
                job.state, job.error = "failed", message["error"]

    def _measure(self, job: Job) -> None:
        """Seconds per unit of cost of this kind of job on this server (mean of the last two runs)."""
        rate = (time.monotonic() - job.started) / max(job.cost, 1e-9)
        old = self.rates.get(job.kind)
        self.rates[job.kind] = rate if old is None else 0.5 * (old + rate)


def decode(value):
    """The inverse of ``job_child.encode`` for tables: {"__frame__": ...} -> DataFrame."""
    if isinstance(value, dict) and set(value) == {"__frame__"}:
        return pd.DataFrame(**value["__frame__"])
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _session_alive(session: str) -> bool:
    """False once the visitor's browser has disconnected (always True outside a Streamlit server)."""
    from streamlit import runtime

    if not runtime.exists():
        return True
    return runtime.get_instance().is_active_session(session)


_POOL = Pool()


def pool() -> Pool:
    """The process-wide pool (a module global: no visitor can clear it, unlike st.cache_resource)."""
    return _POOL


def session() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else "no-session"


def visit(page: str) -> None:
    """Called by the router on every run: jobs this session started on another page are cancelled."""
    st.session_state["jobs.page"] = page
    pool().cancel_session(session(), keep_page=page)


def latest(kind: str) -> Job | None:
    """This session's latest job of ``kind`` (running, queued or finished)."""
    return pool().latest.get((session(), kind))


def start(kind: str, target: str, kwargs: dict, cost: float) -> Job | None:
    """Submit a job for this session (None: the server is busy)."""
    page = st.session_state.get("jobs.page", "")
    return pool().submit(Job(session(), page, kind, target, kwargs, cost))


def cancel() -> None:
    """Button callback: cancel this session's jobs."""
    pool().cancel_session(session())


def duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def estimate(kind: str, cost: float) -> str:
    """A sentence on how long a job of ``cost`` should take here (measured, or not yet)."""
    s = pool().estimate_s(kind, cost)
    if s is None:
        return "The first run on this server measures how long runs take here."
    return f"About {duration(s)} on this server (measured on the runs it has done)."


def panel(kind: str, label: str, target: str, kwargs: dict, cost: float, key: str):
    """Start button, or the running job's progress and a Cancel button; returns the result of this
    session's job of ``kind`` run with ``kwargs`` once, when it has finished (None otherwise)."""
    job = latest(kind)
    if job is not None and job.active:
        _follow(job, key)
    elif st.button(label, key=key, type="primary", icon=":material/play_arrow:"):
        job = start(kind, target, kwargs, cost)
        if job is None:
            st.warning(BUSY)
            return None
        _follow(job, key)
    if job is None or job.kwargs != kwargs:
        return None
    if job.state == "failed":
        st.error(f"The run failed: {job.error}")
    elif job.state == "cancelled":
        st.info("The run was cancelled.", icon=":material/cancel:")
    if job.state != "done" or job.taken:
        return None
    job.taken = True
    return job.result


def _follow(job: Job, key: str) -> None:
    """Show the job's state until it ends (a rerun, e.g. Cancel, leaves the job running)."""
    st.button("Cancel the run", key=f"{key}.cancel", on_click=cancel, icon=":material/stop:")
    bar = st.progress(0.0, text="Waiting…")
    while job.active:
        bar.progress(min(job.fraction, 1.0), text=_status(job))
        time.sleep(POLL)
    bar.empty()


def _status(job: Job) -> str:
    if job.state == "queued":
        return _queued(pool().position(job))
    left = job.left_s()
    return f"Running: {job.text}" + (f" (about {duration(left)} left)" if left is not None else "")


class Cancelled(Exception):
    """Raised in a guarded computation when its visitor cancelled, left the page or disconnected."""


@contextlib.contextmanager
def guard(kind: str, bar, cost: float):
    """The pool's rules for a computation that runs in the page's thread and reports progress (maps,
    Figs. 9 & 10): ``with guard(kind, bar, cost) as wrap: f(progress=wrap(step))``. A worker is taken at the
    first progress step only (a cached result takes none), waiting in the queue with its position on
    ``bar``; a full queue shows "busy" and stops the page; a disconnection or a cancel stops the
    computation at its next step. Streamlit itself interrupts it on a change of page or a rerun."""
    job = Job(session(), st.session_state.get("jobs.page", ""), kind, "inline", {}, cost, text="")
    held, finished = [], []

    def wrap(step):
        def progress(fraction: float, text: str) -> None:
            if not held:
                if not pool().acquire(job, lambda n: bar.progress(0.0, text=_queued(n))):
                    st.warning(BUSY)
                    st.stop()
                held.append(job)
            if job.cancel.is_set() or not pool().alive(job.session):
                raise Cancelled
            step(fraction, text)

        return progress

    try:
        yield wrap
        finished.append(True)
    except Cancelled:
        st.info("The computation was cancelled.", icon=":material/cancel:")
        st.stop()
    finally:
        if held:
            pool().release(job, "done" if finished else "cancelled")


def _queued(n: int) -> str:
    return f"Queued: {n - 1} other computation(s) ahead of yours" if n > 1 else "Queued: next to start"

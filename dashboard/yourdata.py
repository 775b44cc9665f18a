"""Runs of the "Your data" page: a bounded worker pool, one run per session, results kept in memory.

A run (``analysis.yourdata.analyse``) executes on a process-wide pool of ``WORKERS`` threads, so a long
run never blocks another user's page; a session holds at most one job (``st.session_state``). Results
are held as Python objects (nothing is pickled or written to disk), keyed by the SHA-256 of the data
set's bytes and the settings' canonical JSON: bundled data sets in a process-wide LRU of
``CACHE_ENTRIES`` results, uploaded data only in the session's state (gone with the session).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import streamlit as st

from analysis import yourdata as yd

WORKERS = 2
CACHE_ENTRIES = 16
SESSION_ENTRIES = 3
JOB = "yourdata.job"
RESULTS = "yourdata.results"
UPLOAD = "yourdata.parsed"

_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="yourdata")
_LOCK = threading.Lock()
_SHARED: OrderedDict[str, dict] = OrderedDict()
_ACTIVE = {"waiting": 0, "running": 0}


@dataclass
class Job:
    """A submitted analysis: its cache key, progress and cancel flag (set from the page)."""

    key: str
    shared: bool
    fraction: float = 0.0
    text: str = "waiting for a free worker"
    cancel: threading.Event = field(default_factory=threading.Event)
    future: Future | None = None

    def update(self, fraction: float, text: str) -> None:
        self.fraction, self.text = min(max(fraction, 0.0), 1.0), text


def key(ds: yd.Dataset, settings: yd.Settings) -> str:
    """Cache key: SHA-256 of the data set's fingerprint and the settings' canonical JSON."""
    return hashlib.sha256(f"{ds.fingerprint()}|{settings.key()}".encode()).hexdigest()


def cached(k: str) -> dict | None:
    """A finished analysis for key ``k``: this session's uploads first, then the shared LRU."""
    mine = st.session_state.get(RESULTS, {})
    if k in mine:
        return mine[k]
    with _LOCK:
        if k in _SHARED:
            _SHARED.move_to_end(k)
            return _SHARED[k]
    return None


def _remember(job: Job, bundle: dict) -> None:
    with _LOCK:
        if job.shared:
            _SHARED[job.key] = bundle
            while len(_SHARED) > CACHE_ENTRIES:
                _SHARED.popitem(last=False)


def _work(job: Job, ds: yd.Dataset, settings: yd.Settings) -> dict:
    with _LOCK:
        _ACTIVE["waiting"] -= 1
        _ACTIVE["running"] += 1
    try:
        job.update(0.0, "starting")
        bundle = yd.analyse(ds, settings, progress=job.update, cancel=job.cancel.is_set)
        _remember(job, bundle)
        return bundle
    finally:
        with _LOCK:
            _ACTIVE["running"] -= 1


def current() -> Job | None:
    """This session's job, if it has one."""
    return st.session_state.get(JOB)


def busy() -> bool:
    """True while this session's job is queued or running (one run per user)."""
    job = current()
    return job is not None and job.future is not None and not job.future.done()


def start(ds: yd.Dataset, settings: yd.Settings, shared: bool) -> Job:
    """Submit an analysis for this session (the caller checks ``busy`` first)."""
    job = Job(key=key(ds, settings), shared=shared)
    with _LOCK:
        ahead = _ACTIVE["waiting"] + _ACTIVE["running"]
        _ACTIVE["waiting"] += 1
    if ahead >= WORKERS:
        job.text = "waiting for a free worker (other users' runs are in progress)"
    job.future = _POOL.submit(_work, job, ds, settings)
    st.session_state[JOB] = job
    return job


def wait(job: Job, bar) -> tuple[dict | None, str | None]:
    """Poll the job, drawing its progress on ``bar``; (analysis, None) or (None, what went wrong)."""
    while not job.future.done():
        bar.progress(job.fraction, text=job.text)
        time.sleep(0.25)
    return outcome(job)


def outcome(job: Job) -> tuple[dict | None, str | None]:
    """A finished job's analysis (kept in the session for uploads), or what went wrong in words."""
    error = job.future.exception()
    if isinstance(error, yd.Cancelled):
        return None, f"The run was cancelled ({error})."
    if isinstance(error, (yd.DataError, ValueError)):
        return None, str(error)
    if error is not None:
        return None, f"The run failed ({type(error).__name__}: {error})."
    bundle = job.future.result()
    if not job.shared:
        mine = st.session_state.setdefault(RESULTS, {})
        mine[job.key] = bundle
        while len(mine) > SESSION_ENTRIES:
            mine.pop(next(iter(mine)))
    return bundle, None


def cancel() -> None:
    """Ask this session's job to stop before its next step."""
    job = current()
    if job is not None:
        job.cancel.set()


LABEL_NAMES = ("label", "class", "target", "y", "anomaly", "outlier", "is_anomaly")


def guess_label(columns: list[str]) -> str:
    """The column most likely to hold the labels: a conventional name, else the last column."""
    named = [c for c in columns if c.strip().lower() in LABEL_NAMES]
    return named[0] if named else columns[-1]


def parsed_upload(uploaded) -> object:
    """The uploaded file parsed into a table (kept in session state by the upload's id), or DataError.

    The bytes come from the widget's memory buffer; nothing is written to disk."""
    store = st.session_state.get(UPLOAD)
    if store is not None and store[0] == uploaded.file_id:
        return store[1]
    table = yd.read_table(uploaded.getvalue(), uploaded.name)
    st.session_state[UPLOAD] = (uploaded.file_id, table)
    return table

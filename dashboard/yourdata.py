"""Runs of the "Your data" page through the server's job pool, and their results, kept in memory.

A run is a job of ``dashboard.jobs`` (bounded server-wide pool, one job per session, each in its own
child process that speaks JSON: ``analysis.yourdata:analyse_request``); an upload travels to it as the
file's bytes in base64 inside the JSON request (never written to disk). Finished analyses are held as
Python objects (nothing pickled), keyed by the SHA-256 of the data set's bytes and the settings'
canonical JSON: bundled data sets in a process-wide LRU of ``CACHE_ENTRIES``, uploads only in the
session's state (gone with the session).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections import OrderedDict

import streamlit as st

from analysis import yourdata as yd

from . import jobs
from .untrusted import shorten

KIND = "yourdata"
TARGET = "analysis.yourdata:analyse_request"
CACHE_ENTRIES = 16
SESSION_ENTRIES = 3
RESULTS = "yourdata.results"
UPLOAD = "yourdata.parsed"
LABEL_NAMES = ("label", "class", "target", "y", "anomaly", "outlier", "is_anomaly")

MAX_MESSAGE = 600
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_LOCK = threading.Lock()
_SHARED: OrderedDict[str, dict] = OrderedDict()


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


def _remember(k: str, bundle: dict, shared: bool) -> None:
    if not shared:
        mine = st.session_state.setdefault(RESULTS, {})
        mine[k] = bundle
        while len(mine) > SESSION_ENTRIES:
            mine.pop(next(iter(mine)))
        return
    with _LOCK:
        _SHARED[k] = bundle
        while len(_SHARED) > CACHE_ENTRIES:
            _SHARED.popitem(last=False)


def panel(ds: yd.Dataset, settings: yd.Settings, source: dict) -> dict | None:
    """The analysis of ``ds`` (``source`` names it for the job): from memory, or the job panel's start
    button / progress / Cancel, returning the analysis once its job has finished (None until then)."""
    k = key(ds, settings)
    bundle = cached(k)
    if bundle is not None:
        return bundle
    cost = settings.reps * len(settings.rho_train) * len(settings.model_names())
    st.caption(jobs.estimate(KIND, cost))
    kwargs = {"source": source, "settings": json.loads(settings.key())}
    bundle = jobs.panel(KIND, "Run the analysis", TARGET, kwargs, cost, "yourdata.run")
    if bundle is not None:
        _remember(k, bundle, shared="upload" not in source)
    return bundle


def plain(text: str) -> str:
    """Markdown that shows ``text`` literally: a message that quotes an uploaded file's names (file,
    columns, labels) cannot turn into a link, an image, emphasis or a Streamlit directive."""
    return _MARKDOWN.sub(r"\\\1", shorten(text, MAX_MESSAGE))


def guess_label(columns: list[str]) -> str:
    """The column most likely to hold the labels: a conventional name, else the last column."""
    named = [c for c in columns if c.strip().lower() in LABEL_NAMES]
    return named[0] if named else columns[-1]


def parsed_upload(uploaded):
    """The uploaded file parsed into a table (kept in session state by the upload's id), or DataError.

    The bytes come from the widget's memory buffer; nothing is written to disk."""
    store = st.session_state.get(UPLOAD)
    if store is not None and store[0] == uploaded.file_id:
        return store[1]
    table = yd.read_table(uploaded.getvalue(), uploaded.name)
    st.session_state[UPLOAD] = (uploaded.file_id, table)
    return table


def upload_source(uploaded, label: str, anomaly: str, drop_missing: bool) -> dict:
    """The JSON source of an uploaded table for the job (the file's bytes in base64)."""
    raw = base64.b64encode(uploaded.getvalue()).decode("ascii")
    return dict(upload=raw, filename=uploaded.name, label=label, anomaly=anomaly, drop_missing=drop_missing)

"""Helpers of the AppTests (streamlit.testing) and the one cache-isolation fixture.

Cache isolation: ``tests/conftest.py`` gives the whole test session a fresh, empty solver cache folder
(``$IMBALANCE_CACHE_DIR``); a test that needs a cold cache of its own (solver disk cache and Streamlit's
memory cache) asks for ``isolated_cache``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import streamlit as st
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DEFAULT_PAGE = "explorer"
WIDGETS = ("slider", "select_slider", "toggle", "radio", "multiselect", "selectbox")
# What must never reach a reader: Python's None, and nan / inf as words (not inside "informative").
# ("none (no interior peak ...)" in lower case is a page saying it in words.)
BAD = re.compile(r"(?-i:\bNone\b)|(?i:(?<![A-Za-z])(?:nan|inf)(?![A-Za-z]))")


@pytest.fixture()
def isolated_cache(tmp_path, monkeypatch):
    """A fresh solver disk cache folder and an empty Streamlit memory cache for one test."""
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path / "solver-cache"))
    st.cache_data.clear()
    yield tmp_path / "solver-cache"
    st.cache_data.clear()


def run_page(page: str, query: dict | None = None, timeout: float = 300) -> AppTest:
    """Run ``views/<page>.py`` through the router (app.py) with ``query`` as its URL parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if page != DEFAULT_PAGE:
        at.switch_page(f"views/{page}.py")
    return at.run()


def url(at: AppTest) -> dict[str, str]:
    """The app's query parameters as plain strings."""
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def numbers(at: AppTest) -> list[str]:
    """Everything numeric a reader sees: metric tiles and tables."""
    return [m.value for m in at.metric] + [d.value.to_csv() for d in at.dataframe]


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def charts(at: AppTest) -> list[str]:
    """The plotly specs (JSON) of the page's charts."""
    return [c.proto.spec for c in at.get("plotly_chart")]


def widget(at: AppTest, key: str):
    """The widget with session-state key ``key`` whatever its type."""
    for kind in WIDGETS:
        found = [w for w in getattr(at, kind) if w.key == key]
        if found:
            return found[0]
    raise KeyError(key)


def shown_text(at: AppTest) -> list[str]:
    """Every string a reader sees: text elements, alerts, metric tiles, widget labels, options and help,
    buttons, table cells and headers, chart titles, axis labels, legend names and annotations.

    Missing or infinite numbers in a table are returned as "None" / "nan" / "inf" so that ``bad_words``
    finds them; the numbers inside charts are not text and are not returned."""
    out: list[str] = []
    for node in at._tree:
        t = getattr(node, "type", "")
        if t in ("dataframe", "arrow_data_frame", "table"):
            out += _table_text(node.value)
        elif t == "plotly_chart":
            out += _strings(json.loads(node.proto.spec).get("layout", {}))
            out += [s for trace in json.loads(node.proto.spec).get("data", []) for s in _trace_text(trace)]
        elif getattr(node, "proto", None) is not None and t not in ("exception",):
            out += _strings(MessageToDict(node.proto))
    return out


def _table_text(df) -> list[str]:
    out = [str(c) for c in df.columns]
    for v in df.to_numpy().ravel():
        if v is None or (isinstance(v, float) and not math.isfinite(v)):
            out.append(repr(v if v is not None else None))
        else:
            out.append(str(v) if isinstance(v, str) else "")
    return out


def _trace_text(trace: dict) -> list[str]:
    keys = ("name", "text", "hovertemplate", "legendgrouptitle")
    return [s for k in keys if k in trace for s in _strings(trace[k])]


SKIP_KEYS = {"id", "formId", "spec", "data", "arrowData", "styles", "icon", "type", "fragmentId"}


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k not in SKIP_KEYS for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def bad_words(texts: list[str]) -> list[str]:
    """The strings that show a reader "nan", "None" or "inf" instead of saying what they mean."""
    return [t for t in texts if BAD.search(t)]

"""Fixtures for the browser tests: one Streamlit server and one Chromium per session.

Without /usr/bin/chromium the browser tests skip, unless the environment variable CI is set, in which
case they fail (CI must run them; .ci/run installs chromium with apt-get).
"""

from __future__ import annotations

import os
from pathlib import Path

import harness
import pytest


def require_chromium() -> None:
    if Path(harness.CHROMIUM).exists():
        return
    reason = f"{harness.CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; browser tests are required when CI is set", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of ``streamlit run app.py`` on a free port, with an empty solver disk cache (cold)."""
    cache = tmp_path_factory.mktemp("solver-cache")
    proc, port = harness.start_app(env={"IMBALANCE_CACHE_DIR": str(cache)})
    yield f"http://127.0.0.1:{port}"
    harness.stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only when Chromium exists)

    with sync_playwright() as pw:
        chromium = harness.launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh desktop-sized tab (own context: no shared session or URL state)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    yield tab
    context.close()

"""End-to-end: a shared deep link opened as the very first visit of a freshly started server.

Streamlit treats a ``pages/`` folder next to the entry script as a legacy multipage app until
``st.navigation`` has run once; with one, this first visit showed "Page not found" (or ran the page
without the router). The pages therefore live in ``views/``; this test keeps it that way.
"""

from __future__ import annotations

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def test_first_visit_of_a_fresh_server_to_a_deep_link(browser, tmp_path):
    proc, port = harness.start_app(env={"IMBALANCE_CACHE_DIR": str(tmp_path)})
    try:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        harness.open_page(page, f"http://127.0.0.1:{port}", "fig7", query="alpha=1.1")
        assert page.get_by_text(harness.PAGES["fig7"]).first.is_visible()
        assert page.get_by_text("Page not found").count() == 0
        assert "alpha=1.1" in page.url
        assert page.get_by_role("link", name="Explorer").count() >= 1  # the router's navigation
    finally:
        harness.stop_app(proc)

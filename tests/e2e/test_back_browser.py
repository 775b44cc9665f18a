"""End-to-end: one press of the browser's Back button returns to the previous page with its settings.

Streamlit's front end adds one history entry for a change of page and another for the URL the new page
writes; without ``state.HISTORY_JS`` the first Back press only went from the one to the other and the
page stayed (this test then failed: one Back left the sketch open).
"""

from __future__ import annotations

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
EXPLORER = harness.PAGES[""]


def _move(page, label: str, key: str, wanted: str) -> None:
    thumb = harness.slider_thumb(page, label)
    thumb.focus()
    thumb.press(key)
    page.wait_for_function("(w) => location.search.includes(w)", arg=wanted)
    harness.wait_idle(page)


def _back(page) -> None:
    page.go_back()
    page.wait_for_timeout(1500)  # the popstate's rerun
    harness.wait_idle(page)


def test_one_back_press_returns_to_the_explorer_with_its_settings(page, app_url):
    harness.open_page(page, app_url, query="b0=-1.5&alpha=8")
    _move(page, "Teacher bias", "ArrowRight", "b0=-1.49")
    _move(page, "Train anomaly fraction", "ArrowLeft", "rho_train=0.499")
    explorer_url = page.url

    harness.go_to(page, "Fig. 1 & 2")
    page.get_by_text(harness.PAGES["sketch"]).first.wait_for()
    assert "/sketch?" in page.url

    _back(page)  # one press
    page.get_by_text(EXPLORER).first.wait_for(timeout=60_000)  # times out if one Back left the sketch open
    assert page.url == explorer_url
    assert harness.slider_value(page, "Teacher bias") == "-1.49"
    assert harness.slider_value(page, "Train anomaly fraction") == "0.499"
    assert harness.select_slider_value(page, "Data per weight") == "8"

    _back(page)  # each change on a page keeps its own entry: the Explorer before the rho_train move
    page.wait_for_function(
        "() => location.search.includes('rho_train=0.5&') || location.search.endsWith('rho_train=0.5')"
    )
    harness.wait_idle(page)
    assert harness.slider_value(page, "Train anomaly fraction") == "0.500"
    assert harness.slider_value(page, "Teacher bias") == "-1.49"


def test_one_back_press_after_leaving_a_page_while_it_computes(page, app_url):
    """A page left by the sidebar while its run is still computing (a new α: a new sweep, cold) keeps the
    entry of its last change: one Back shows that α, not the one before."""
    harness.open_page(page, app_url, query="alpha=3&b0=-1.2")
    thumb = harness.slider_thumb(page, "Data per weight")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('alpha=4')")  # written before the sweep
    running = page.evaluate(
        "() => document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state')"
    )
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Fig. 1 & 2").first.click()
    page.get_by_text(harness.PAGES["sketch"]).first.wait_for()
    harness.wait_idle(page)

    _back(page)
    page.get_by_text(EXPLORER).first.wait_for(timeout=60_000)
    assert harness.select_slider_value(page, "Data per weight") == "4", running
    assert "alpha=4" in page.url

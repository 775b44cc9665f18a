"""End-to-end: the experiment pages (Simulations vs theory, AD CIFAR-10) in headless Chromium.

Uses the session's server and browser from ``conftest.py``; the pages read the result files in ``data/``
(a missing SGD file shows a notice, which these tests accept).
"""

from __future__ import annotations

import re

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

# URL path (file name in views/) -> a text only that page shows
PAGES = {"simulations": "Simulations vs theory", "cifar": "AD CIFAR-10: real data against the theory"}


@pytest.mark.parametrize("path", list(PAGES))
def test_experiment_page_renders_charts_and_no_traceback(page, app_url, path):
    harness.open_page(page, app_url, path)
    assert page.get_by_role("heading", name=PAGES[path]).first.is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot").count() >= 2
    assert page.get_by_text("Download", exact=False).count() >= 1


def test_cifar_page_names_the_backbone(page, app_url):
    harness.open_page(page, app_url, "cifar")
    assert page.get_by_text("Backbone of these results").first.is_visible()
    assert page.get_by_text("efficientnet-lite0", exact=False).count() >= 2


CHARTS_JS = "(n) => document.querySelectorAll('.js-plotly-plot').length === n"


def _selected(page) -> list[str]:
    return page.locator('[role="tab"][aria-selected="true"]').all_inner_texts()


def test_simulations_tabs_draw_their_own_charts_and_live_in_the_url(page, app_url):
    """A link with a tab opens it; a click on another tab draws that tab's charts only and writes it to the
    URL; Back returns to the tab before; the tab stays open across a visit to another page."""
    harness.open_page(page, app_url, "simulations", query="tab=noise")
    assert _selected(page) == ["Noise scale"]
    page.wait_for_function(CHARTS_JS, arg=2)  # T against lr/BS and N lr/BS, nothing of the closed tabs
    page.get_by_role("tab", name="N study").click()
    page.wait_for_url(re.compile(r"[?&]tab=nstudy(&|$)"))
    harness.wait_idle(page)
    page.wait_for_function(CHARTS_JS, arg=1)
    assert page.get_by_text("N study: is N = 5000 close to N → ∞?").first.is_visible()
    page.go_back()
    page.wait_for_url(re.compile(r"[?&]tab=noise(&|$)"))
    harness.wait_idle(page)
    page.wait_for_function(CHARTS_JS, arg=2)
    assert _selected(page) == ["Noise scale"]
    harness.go_to(page, "Explorer")
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count():  # the sidebar lists the first pages only until "View more"
        more.first.click()
    harness.go_to(page, "Simulations vs theory")
    page.wait_for_url(re.compile(r"[?&]tab=noise(&|$)"))
    page.wait_for_function(CHARTS_JS, arg=2)
    assert _selected(page) == ["Noise scale"]
    assert page.locator('[data-testid="stException"]').count() == 0


def test_malformed_url_on_an_experiment_page_shows_a_notice(page, app_url):
    harness.open_page(page, app_url, "simulations", query="init=oops")
    text = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("init" in t and "must be" in t for t in text), text
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("path", list(PAGES))
def test_experiment_page_fits_a_phone(browser, app_url, path, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone = context.new_page()
    phone.set_default_timeout(120_000)
    harness.open_page(phone, app_url, path)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    phone.screenshot(path=str(tmp_path / f"{path}-390.png"), full_page=True)
    context.close()
    assert width <= 391

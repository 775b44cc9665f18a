"""End-to-end: the guided tour in headless Chromium, step by step, and a shared step URL in a new tab."""

from __future__ import annotations

import harness
import pytest

from dashboard.tour import STEPS, sentences

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


def open_tour(page, url: str) -> None:
    """Open a tour URL and wait until its charts are drawn and the script is idle."""
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot", timeout=120_000)
    harness.wait_idle(page)


def test_tour_steps_in_the_browser_and_a_shared_step_url(page, app_url, browser):
    open_tour(page, f"{app_url}/tour")
    urls = []
    for n, step in enumerate(STEPS, start=1):
        page.get_by_text(f"Step {n} of {len(STEPS)}: {step.title}").first.wait_for(
            state="visible", timeout=60_000
        )
        harness.wait_idle(page)
        assert page.get_by_text(sentences(n)[1][:40]).first.is_visible()
        assert page.get_by_text("R*").count() + page.get_by_text("T*").count() >= (n in (3, 5, 6))
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator(".js-plotly-plot").count() >= 1
        page.wait_for_function(f"() => location.search.includes('step={n}')")
        urls.append(page.url)
        if n < len(STEPS):
            page.get_by_role("button", name="Next step →").click()
            harness.wait_idle(page)
    assert "rho_train=0.12" in urls[-1]

    other = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    open_tour(other, urls[3])
    assert other.get_by_text(f"Step 4 of {len(STEPS)}: {STEPS[3].title}").first.is_visible()
    assert harness.metric(other, "ρ(R*)") == "0.455"  # alpha = 8, b0 = -2 restored from the URL
    other.context.close()


def test_tour_on_a_phone_has_the_step_controls_in_the_page(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone = context.new_page()
    phone.set_default_timeout(120_000)
    open_tour(phone, f"{app_url}/tour?step=2")
    thumb = harness.slider_thumb(phone, "Train anomaly fraction")
    thumb.scroll_into_view_if_needed()
    assert thumb.is_visible()  # without opening the collapsed sidebar
    box = phone.locator('[data-testid="stSidebar"]').bounding_box()
    assert box is None or box["x"] + box["width"] <= 1  # the sidebar is collapsed
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 391
    context.close()

"""End-to-end: one session-wide state across pages, kept in the URL, restored on Back, shared by a link."""

from __future__ import annotations

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


def test_state_follows_the_user_across_pages_back_and_a_copied_link(page, app_url, browser):
    harness.open_page(page, app_url, query="b0=-1.5&alpha=8&rho_train=0.3")
    assert harness.slider_value(page, "Teacher bias") == "-1.50"

    harness.go_to(page, "Fig. 1 & 2")  # the sidebar's link: another page, same problem
    assert harness.slider_value(page, "Teacher bias") == "-1.50"
    assert harness.slider_value(page, "Train anomaly fraction") == "0.300"
    assert harness.select_slider_value(page, "Data per weight") == "8"
    assert all(p in page.url for p in ("b0=-1.5", "alpha=8", "rho_train=0.3"))

    thumb = harness.slider_thumb(page, "Train anomaly fraction")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('rho_train=0.301')")
    harness.wait_idle(page)
    link = page.url

    page.go_back()  # the sketch before the move
    page.wait_for_function("() => /rho_train=0.3(&|$)/.test(location.search)")
    harness.wait_idle(page)
    assert harness.slider_value(page, "Train anomaly fraction") == "0.300"
    page.go_back()  # one press: the explorer as it was (state.HISTORY_JS: one history entry per run)
    page.wait_for_timeout(1500)
    harness.wait_idle(page)
    page.get_by_text(harness.PAGES[""]).first.wait_for(timeout=60_000)  # times out if still on the sketch
    assert harness.slider_value(page, "Teacher bias") == "-1.50"
    assert harness.slider_value(page, "Train anomaly fraction") == "0.300"

    harness.go_to(page, "Explorer")  # the sidebar again: the shared state, now rho_train = 0.3
    assert harness.slider_value(page, "Train anomaly fraction") == "0.300"

    other = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    harness.open_page(other, link.split("?")[0].rsplit("/", 1)[0], link.rsplit("/", 1)[1].split("?")[0],
                      link.split("?", 1)[1])  # fmt: skip
    assert harness.slider_value(other, "Train anomaly fraction") == "0.301"
    assert harness.slider_value(other, "Teacher bias") == "-1.50"
    other.context.close()

"""End-to-end: busy state, phone layout, presentation mode, pinned curves and the view export."""

from __future__ import annotations

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

VISIBLE_BANNER = """() => {
  const banner = document.querySelector('.busy-banner');
  return !!banner && getComputedStyle(banner).visibility === 'visible';
}"""
LEGEND_CLEAR = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const legend = gd.querySelector('.legend'), plot = gd.querySelector('.nsewdrag');
  const bar = gd.querySelector('.modebar');
  if (!legend || !plot) return true;
  const l = legend.getBoundingClientRect(), p = plot.getBoundingClientRect();
  const off = l.bottom <= p.top + 1 || l.top >= p.bottom - 1;
  if (!bar) return off;
  const m = bar.getBoundingClientRect();
  const apart = m.width === 0 || m.right <= l.left || m.left >= l.right
             || m.bottom <= l.top || m.top >= l.bottom;
  return off && apart;
})"""


def test_a_long_computation_shows_the_busy_banner_then_hides_it(page, app_url):
    harness.open_page(page, app_url)
    assert not page.evaluate(VISIBLE_BANNER)  # the Explorer's reruns are shorter than 0.3 s
    # the claims page checks a dozen statements against the solver: seconds with the server's cold cache
    # (no other browser test opens it, and the test server runs no warm-up)
    page.goto(f"{app_url}/claims")
    page.wait_for_function(VISIBLE_BANNER, timeout=60_000, polling=50)
    harness.wait_idle(page)
    page.wait_for_timeout(100)
    assert not page.evaluate(VISIBLE_BANNER)


def test_phone_layout_compact_tiles_a_hint_and_legends_off_the_plots(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone = context.new_page()
    phone.set_default_timeout(120_000)
    harness.open_page(phone, app_url)
    assert phone.locator(".phone-hint").is_visible()
    tops = phone.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
        ".map(m => m.getBoundingClientRect().top)"
    )
    assert len(tops) >= 10 and len(set(round(t) for t in tops)) <= len(tops) // 2 + 1  # two tiles a row
    assert max(tops) - min(tops) < 700  # not 1,600 px of single tiles
    assert all(phone.evaluate(LEGEND_CLEAR))
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 391
    context.close()


def test_presentation_mode_stays_in_the_url_of_every_page(page, app_url):
    harness.open_page(page, app_url, query="present=1")
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "20px"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_attribute("data-collapsed") == "true"  # collapsed for the projector
    page.get_by_role("link", name="New here? Take the guided tour").click()
    page.get_by_text("Tour: class imbalance in seven steps").first.wait_for()
    harness.wait_idle(page)
    page.wait_for_function("() => location.pathname.endsWith('/tour') && /present=1/.test(location.search)")
    width = page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].line.width")
    assert width > 3  # thick lines for a projector


def test_pinned_curves_stay_while_alpha_moves_and_the_view_exports(page, app_url):
    harness.open_page(page, app_url)
    page.get_by_role("button", name="Pin these curves").click()
    harness.wait_idle(page)
    thumb = harness.slider_thumb(page, "Data per weight")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('alpha=1.2')")
    harness.wait_idle(page)
    names = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.name)")
    assert "pinned" in names
    page.get_by_role("button", name="Clear the pinned curves").click()
    harness.wait_idle(page)
    first = "document.querySelector('.js-plotly-plot')"
    page.wait_for_function(f"() => !{first}.data.some(t => t.name == 'pinned')")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export this view (Markdown)").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert "App version:" in text and "Date:" in text
    assert f"Link to this view: {app_url}/?" in text and "alpha=1.2" in text

"""End-to-end: the one-click export of the current view on two figure pages; the downloaded summary names
the parameters, the app version and a link that, opened, shows the same view."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import harness
import pytest

from solver import SOLVER_VERSION

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


def _download(page, label: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("button", name=label).click()
    return download.value.path().read_text(encoding="utf-8")


def _link(text: str, prefix: str) -> str:
    [line] = [line for line in text.splitlines() if prefix in line]
    return line.split(prefix, 1)[1].split('"')[0].split("<")[0].strip()


def test_fig5_summary_has_parameters_version_and_a_link_to_the_same_view(page, app_url, browser):
    harness.open_page(page, app_url, "fig5", "n_T=11&alpha=2&rho_trains=0.3,0.7")
    text = _download(page, "Export this view (Markdown)")
    assert text.startswith("# Fig. 5: noise helps nobody")
    assert "Data per weight α (alpha): 2" in text and "(rho_trains): 0.3, 0.7" in text
    assert "(n_T): 11" in text and f"- App version: {SOLVER_VERSION}" in text
    assert "ρtrain = 0.3: T*:" in text and "ρtrain = 0.7: T*:" in text  # the key numbers of the table
    link = _link(text, "- Link to this view: ")
    assert link.startswith(f"{app_url}/fig5?")
    shown = dict(parse_qsl(urlsplit(page.url).query))
    assert dict(parse_qsl(urlsplit(link).query)) == shown

    other = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    other.set_default_timeout(120_000)
    other.goto(link)
    other.wait_for_selector(".js-plotly-plot")
    harness.wait_idle(other)
    assert harness.select_slider_value(other, "Data per weight") == "2"
    assert harness.slider_value(other, "Points on the T axis") == "11"
    assert dict(parse_qsl(urlsplit(other.url).query)) == shown
    other.context.close()


def test_maps_html_summary_has_the_tiles_and_a_clickable_link(page, app_url):
    harness.open_page(page, app_url, "maps", "n=11&T=1")
    page.get_by_text("minimum").first.wait_for()
    minimum = harness.metric(page, "minimum")
    text = _download(page, "Export this view (HTML)")
    assert "<h1>Maps: phase diagrams of learning under imbalance</h1>" in text
    assert f"<li>App version: {SOLVER_VERSION}</li>" in text
    assert "Noise (temperature) T (T): 1" in text and "Grid points per axis (n): 11" in text
    assert f"<li>minimum of phase (1 informative, 0 dummy): {minimum}</li>" in text  # the tile, as shown
    link = _link(text, '<a href="')
    assert link.startswith(f"{app_url}/maps?") and "n=11" in link and "T=1" in link

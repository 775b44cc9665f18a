"""The charts look as Streamlit's theme made them, drawn once: ``dashboard.plots.show`` writes the template
and Streamlit's chart theme into each figure (``dashboard.chart_look``) instead of letting the browser
merge them, so that plotly.js does not redraw every chart when Streamlit's component calls Plotly.react
again after mounting it. tests/e2e/chart_look_app.py draws each test figure both ways; here plotly.js's
resolved layout and traces (every attribute it draws from, defaults included) must be the same, and each
chart drawn the new way must be drawn fewer times.

Compared as drawn: the text fonts' first family (Streamlit writes its font list twice), titles with one
<b> (Streamlit bolds a title twice), "transparent" as rgba(0,0,0,0) (plotly.py accepts only the latter),
and not the axis ranges or tick steps: plotly.js leaves those in its resolved layout only after a redraw
(hover, zoom and pixels were checked to be the same).
"""

from __future__ import annotations

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

# Counts each chart's draws (plotly.js emits plotly_beforeplot on the event emitter it keeps as the div's
# _ev) and notes the DOM's last change.
WATCH_JS = """() => {
  window.__last = performance.now();
  new MutationObserver(() => { window.__last = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  Object.defineProperty(HTMLElement.prototype, '_ev', {configurable: true, set(ev) {
    Object.defineProperty(this, '_ev', {value: ev, writable: true, configurable: true});
    const gd = this;
    ev.on('plotly_beforeplot', () => { gd.__draws = (gd.__draws || 0) + 1; });
  }});
}"""
DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const drawn = [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.querySelector('.main-svg'));
  return app && app.getAttribute('data-test-script-state') === 'notRunning' && drawn.length === 6
    && performance.now() - window.__last > 1000;
}"""
# plotly.js's resolved layout and traces of each chart, in page order, with its number of draws.
RESOLVED_JS = """() => {
  const skip = new Set(['template', 'datarevision', 'uid', 'range', 'dtick', 'tick0']);
  const clean = (o) => {
    if (Array.isArray(o)) return o.map(clean);
    if (o && typeof o === 'object') {
      const out = {};
      for (const k of Object.keys(o).sort()) {
        if (k[0] === '_' || skip.has(k) || typeof o[k] === 'function') continue;
        out[k] = k === 'family' ? o[k].split(',')[0] : k === 'text' && typeof o[k] === 'string'
          ? o[k].replace(/(<\\/?b>)+/g, '$1') : clean(o[k]);
      }
      return out;
    }
    return o === 'transparent' ? 'rgba(0,0,0,0)' : o;
  };
  return [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
    layout: clean(gd._fullLayout), data: gd._fullData.map(clean), draws: gd.__draws}));
}"""


@pytest.fixture(scope="module")
def look_url():
    command = "streamlit run tests/e2e/chart_look_app.py --server.headless true --server.port $PORT"
    proc, port = harness.start_app(command)
    yield f"http://127.0.0.1:{port}"
    harness.stop_app(proc)


def differences(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} -> {b!r}"]


@pytest.mark.parametrize("query", ["", "?present=1"])
def test_charts_look_as_streamlit_themed_them_and_are_drawn_fewer_times(browser, look_url, query):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        page.add_init_script(f"({WATCH_JS})()")
        page.goto(f"{look_url}/{query}")
        page.wait_for_function(DONE_JS, timeout=120_000, polling=100)
        charts = page.evaluate(RESOLVED_JS)
    finally:
        context.close()
    draws = [chart.pop("draws") for chart in charts]
    assert len(charts) == 6
    for themed, ours in zip(charts[0::2], charts[1::2], strict=True):
        found = differences(themed, ours)
        assert found == [], "\n".join(found)
    assert all(ours < themed for themed, ours in zip(draws[0::2], draws[1::2], strict=True)), draws

"""Browser main-thread time spent drawing the charts of a page: ``python -m benchmarks.chart_draw``.

On a first visit the browser's main thread is the bottleneck (issue 11: every page complete <= 3 s), and
each chart costs it a share. Two servers on loopback, both with an empty solver disk cache and no
background warm-up: the app as it is, and the baseline, the same app with ``dashboard.plots.show``
drawing each figure the straightforward way (its template sent as a template, Streamlit's default
``theme="streamlit"``: the app before commit 23760c4), started through a small wrapper script written to
a temporary folder. Each page is visited once on both servers first (the
server's caches warm), then ``--repeat`` times on each, alternately, every visit in a fresh browser
context (no HTTP or code cache: a first visit) of one headless Chromium (Debian's, via Playwright; see
tests/e2e/harness.py). Per visit, with Chrome's CPU profiler (``Profiler`` over CDP):

* chart ms: main-thread time with plotly.js on the stack (Streamlit's PlotlyChart chunk), less the
  chunk's own evaluation (paid once per page, the same on both): the charts' drawing;
* draws: how many times plotly.js laid out and drew a chart (its ``plotly_beforeplot`` events);
* main-thread CPU s: the page's main thread over the whole visit (Chrome's ThreadTime, CPU time: the
  figure least moved by the machine's load), of which the charts are a part;
* complete s: from the navigation start until the script has finished and the DOM has stayed quiet for
  500 ms with a chart on the page (as benchmarks/cold_visit.py).

Prints the medians per page and their ratio (current / baseline), with the load average. The machine is
shared: the two servers alternate within a page so that both see the same load; read medians of several
runs. Every visit is bounded (90 s); the servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import harness  # noqa: E402

from benchmarks import cold_visit  # noqa: E402

PAGES = ["", "fig3_8", "fig6", "fig7"]
VISIT_MS = 90_000
# Counts plotly.js's draws (every draw emits plotly_beforeplot on the chart's event emitter, which plotly.js
# stores as the div's _ev), beside cold_visit's watch of the DOM's last change.
DRAWS_JS = """() => {
  window.__draws = 0;
  Object.defineProperty(HTMLElement.prototype, '_ev', {configurable: true, set(ev) {
    Object.defineProperty(this, '_ev', {value: ev, writable: true, configurable: true});
    ev.on('plotly_beforeplot', () => { window.__draws += 1; });
  }});
}"""
# cold_visit's "complete", with a chart drawn on the page.
DONE_JS = f"() => Boolean(document.querySelector('.js-plotly-plot .main-svg')) && ({cold_visit.DONE_JS})()"
# The baseline: the app with each chart drawn the straightforward way.
BASELINE_APP = """
import runpy
import sys

sys.path.insert(0, {root!r})
import plotly.io as pio
import streamlit as st

from dashboard import appearance, plots


def show(fig, name):
    if appearance.presenting():
        fig = plots.presented(fig)
    template = pio.templates[fig["layout"]["template"]].to_plotly_json()
    fig = dict(fig, layout=dict(fig["layout"], template=template))
    config = plots.config(name, appearance.image_format())
    st.plotly_chart(plots.Built(fig), width="stretch", config=config, key=f"chart.{{name}}")


plots.show = show
runpy.run_path({app!r}, run_name="__main__")
"""


def chart_ms(profile: dict) -> float:
    """Milliseconds of samples with plotly.js (the PlotlyChart chunk) on the stack, except those of the
    chunk's evaluation (its module function, line 0 column 0, at the bottom of the chunk's frames)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    total = 0.0
    for sample, dt in zip(profile["samples"], profile["timeDeltas"][1:] + [0], strict=True):
        frames, node = [], sample
        while node is not None:
            frame = nodes[node]["callFrame"]
            if "PlotlyChart" in frame["url"]:
                frames.append(frame)
            node = parent.get(node)
        if frames and (frames[-1]["lineNumber"], frames[-1]["columnNumber"]) != (0, 0):
            total += dt / 1000.0
    return total


def visit(browser, base: str, path: str) -> dict:
    """One first visit in a fresh context: chart ms, draws, complete s, charts on the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 250})
        cdp.send("Profiler.start")
        page.add_init_script(f"({cold_visit.WATCH_JS})()")
        page.add_init_script(f"({DRAWS_JS})()")
        page.goto(f"{base}/{path}", timeout=VISIT_MS)
        page.wait_for_function(DONE_JS, timeout=VISIT_MS, polling=100)
        seen = page.evaluate("() => ({last: window.__visit.last, draws: window.__draws})")
        profile = cdp.send("Profiler.stop")["profile"]
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        charts = page.locator(".js-plotly-plot").count()
    finally:
        context.close()
    return {
        "ms": chart_ms(profile), "draws": seen["draws"], "complete": seen["last"] / 1000, "charts": charts,
        "cpu": metrics["ThreadTime"],
    }  # fmt: skip


HEAD = """\
                 chart ms            draws   charts  main-thread CPU s  complete s
page        baseline current ratio   base cur         base   cur        base   cur"""


def row(path: str, b: dict, c: dict) -> str:
    ms = f"{b['ms']:8.0f} {c['ms']:7.0f} {c['ms'] / b['ms']:5.2f}"
    cpu, complete = f"{b['cpu']:5.2f} {c['cpu']:5.2f}", f"{b['complete']:5.2f} {c['complete']:5.2f}"
    draws = f"{b['draws']:4.0f} {c['draws']:3.0f} {c['charts']:7.0f}"
    return f"{path or 'explorer':<10} {ms}   {draws}  {cpu}      {complete}  (load {os.getloadavg()[0]:.1f})"


def start(script: str, cache: str):
    command = f"streamlit run {script} --server.headless true --server.port $PORT"
    proc, port = harness.start_app(command, env={"IMBALANCE_CACHE_DIR": cache, "IMBALANCE_WARMUP": "0"})
    return proc, f"http://127.0.0.1:{port}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="URL paths (explorer = the default page)")
    parser.add_argument("--repeat", type=int, default=5, help="visits per page and server (median)")
    a = parser.parse_args(argv)
    chosen = ["" if p == "explorer" else p for p in a.pages] if a.pages else PAGES
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        wrapper = Path(tmp) / "baseline_app.py"
        wrapper.write_text(textwrap.dedent(BASELINE_APP.format(root=str(ROOT), app=str(ROOT / "app.py"))))
        (Path(tmp) / "views").symlink_to(ROOT / "views")  # st.Page paths are relative to the main script
        servers = []
        try:
            for name, script in (("baseline", str(wrapper)), ("current", "app.py")):
                Path(tmp, name).mkdir()
                servers.append((name, *start(script, str(Path(tmp, name)))))
            browser = harness.launch_chromium(pw)
            print(HEAD)
            totals = []
            for path in chosen:
                for _, _, base in servers:
                    visit(browser, base, path)  # the server's caches warm
                runs = {name: [] for name, _, _ in servers}
                for r in range(a.repeat):
                    order = servers if r % 2 == 0 else servers[::-1]
                    for name, _, base in order:
                        runs[name].append(visit(browser, base, path))
                med = {n: {k: statistics.median(v[k] for v in rs) for k in rs[0]} for n, rs in runs.items()}
                print(row(path, med["baseline"], med["current"]), flush=True)
                totals.append((med["baseline"]["ms"], med["current"]["ms"]))
            base, cur = (sum(t[i] for t in totals) for i in (0, 1))
            print(f"all pages: chart ms {base:.0f} -> {cur:.0f} (ratio {cur / base:.2f})")
            browser.close()
        finally:
            for _, proc, _ in servers:
                harness.stop_app(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

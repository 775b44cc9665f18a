"""Browser test machinery shared by tests/e2e and benchmarks/browser_latency.py.

Starts ``streamlit run app.py`` on a free port (waiting for /_stcore/health), launches Debian's
Chromium through Playwright, waits for the script to finish and times a slider change until the
numbers and the chart have been redrawn.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Every page of the app (URL path = file name in views/) with a text that only that page shows.
PAGES = {
    "": "Explorer: learning under class imbalance",
    "sketch": "Fig. 1 & 2: the picture in two dimensions",
    "fig3_8": "Fig. 3 & 8: performance against the train imbalance",
    "fig4": "Fig. 4: where the balanced accuracy peaks",
    "fig5": "Fig. 5: noise helps nobody",
    "fig6": "Fig. 6: anomalies are the informative samples",
    "fig7": "Fig. 7: when the student knows the teacher's bias",
    "fig9_10": "Fig. 9 & 10: the best train imbalance is rarely 0.5",
    "fig11_12": "Fig. 11 & 12: which metric tracks the overlap R?",
    "simulations": "Simulations vs theory",
    "cifar": "AD CIFAR-10: real data against the theory",
    "maps": "Maps: phase diagrams of learning under imbalance",
    "advisor": "Advisor: how imbalanced should my training set be?",
    "tour": "Tour: class imbalance in seven steps",
}
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


# Browser tests start many servers: no background warm-up (dashboard/warmup.py) unless asked for.
WARMUP_OFF = {"IMBALANCE_WARMUP": "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    """Poll /_stcore/health until it answers "ok" (fail early if the server died)."""
    url = f"http://127.0.0.1:{port}/_stcore/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
            if r.read().decode().strip() == "ok":
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def start_app(command: str | None = None, port: int | None = None, env: dict | None = None, shell=False):
    """Start the app (default: ``streamlit run app.py`` headless) in its own process group.

    ``command`` may use ``$PORT``; with ``shell=True`` it runs through /bin/sh with PORT in the
    environment, exactly as a PaaS runs a Procfile line; otherwise ``$PORT`` is substituted and
    ``streamlit`` is this interpreter's module. Returns (process, port) once /_stcore/health answers."""
    port = port or free_port()
    command = command or "streamlit run app.py --server.headless true --server.port $PORT"
    argv: str | list[str] = command
    if not shell:
        argv = [a.replace("$PORT", str(port)) for a in shlex.split(command)]
        if argv[0] == "streamlit":
            argv = [sys.executable, "-m", "streamlit", *argv[1:]]
    proc = subprocess.Popen(
        argv, cwd=ROOT, env={**WARMUP_OFF, **os.environ, "PORT": str(port), **(env or {})}, shell=shell,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_healthy(port, proc)
    except Exception:
        stop_app(proc)
        raise
    return proc, port


def stop_app(proc: subprocess.Popen) -> None:
    """Stop the server we started (its own process group only)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def launch_chromium(playwright):
    """Headless Debian Chromium with the flags that keep it quiet and sandbox-free in containers."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def wait_idle(page, timeout_ms: float = 120_000) -> None:
    """Wait until the script has finished (no running state, no status widget)."""
    page.wait_for_timeout(50)
    page.wait_for_function(IDLE_JS, timeout=timeout_ms)


def open_page(page, base: str, path: str = "", query: str = "") -> None:
    """Go to a page of the app and wait until it has rendered."""
    page.goto(f"{base}/{path}{'?' + query if query else ''}")
    page.wait_for_selector('[data-testid="stMetric"], .js-plotly-plot', timeout=120_000)
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)


METRIC_JS = """(label) => {
  for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    const l = m.querySelector('[data-testid="stMetricLabel"]');
    if (l && l.innerText.trim().startsWith(label))
      return m.querySelector('[data-testid="stMetricValue"]').innerText.trim();
  }
  return null;
}"""


def metric(page, label: str) -> str:
    """Displayed value of the st.metric whose label starts with ``label``."""
    return page.evaluate(METRIC_JS, label)


def wait_metric(page, label: str, timeout_ms: float = 120_000) -> str:
    """The value of that metric once it is on the page (parts of a page render after its first tile)."""
    page.wait_for_function(METRIC_JS, arg=label, timeout=timeout_ms)
    wait_idle(page)
    return metric(page, label)


CHART_SIGNATURE_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd.data || !gd.layout) return null;
  const shapes = (gd.layout.shapes || []).map(s => s.x0);
  const data = gd.data.map(t => JSON.stringify(t.y));
  return JSON.stringify([shapes, data]);
}"""


def chart_signature(page) -> str | None:
    """A string that changes whenever the first chart's curves or reference lines change."""
    return page.evaluate(CHART_SIGNATURE_JS)


MARKER_X_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd.layout || !gd.layout.shapes) return null;
  const s = gd.layout.shapes.find(s => s.line && s.line.dash === 'solid');
  return s ? s.x0 : null;
}"""


def chart_marker_x(page, timeout_ms: float = 30_000) -> float:
    """x of the "current rho_train" line (the only solid vertical line) in the first chart, once
    Plotly has drawn it (it draws after the script is idle and the metrics are on the page)."""
    page.wait_for_function(f"() => ({MARKER_X_JS})() !== null", timeout=timeout_ms)
    return page.evaluate(MARKER_X_JS)


def slider_thumb(page, label: str):
    """The focusable thumb (react-aria range input) of the st.slider whose label contains ``label``."""
    box = page.locator('[data-testid="stSlider"]').filter(has_text=label).first
    return box.locator('input[type="range"]').first


def press_and_time(page, thumb, key: str = "ArrowRight", label: str = "student bias b") -> dict:
    """Press ``key`` on a slider thumb; seconds until both the number ``label`` and the first chart
    have changed (``redraw_s``), and until the script was idle again (``idle_s``)."""
    before, chart_before = metric(page, label), chart_signature(page)
    thumb.focus()
    t0 = time.perf_counter()
    thumb.press(key)
    page.wait_for_function(
        f"""([label, before, chartBefore]) => {{
          const chart = ({CHART_SIGNATURE_JS})();
          for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {{
            const l = m.querySelector('[data-testid="stMetricLabel"]');
            if (l && l.innerText.trim().startsWith(label)) {{
              const v = m.querySelector('[data-testid="stMetricValue"]').innerText.trim();
              return v !== before && chart !== null && chart !== chartBefore;
            }}
          }}
          return false;
        }}""",
        arg=[label, before, chart_before],
        timeout=120_000,
    )
    redraw = time.perf_counter() - t0
    wait_idle(page)
    return {
        "redraw_s": redraw,
        "idle_s": time.perf_counter() - t0,
        "before": before,
        "after": metric(page, label),
    }


def slider_value(page, label: str) -> str | None:
    """Displayed value of the st.slider whose label contains ``label`` (its thumb's text)."""
    box = page.locator('[data-testid="stSlider"]').filter(has_text=label).first
    return box.locator('[data-testid="stSliderThumbValue"]').first.inner_text().strip()


def select_slider_value(page, label: str) -> str | None:
    """Displayed value of the st.select_slider whose label contains ``label``."""
    return slider_value(page, label)


def go_to(page, link_text: str) -> None:
    """Follow the sidebar navigation link whose text starts with ``link_text`` and wait for the page."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=link_text).first.click()
    page.wait_for_timeout(300)
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=120_000)


QUIET_MS = 300
WATCH_JS = """() => {
  const lat = {t0: performance.now(), last: performance.now(), ran: false, idle: null};
  const app = document.querySelector('[data-testid="stApp"]');
  const obs = new MutationObserver(records => {
    const now = performance.now();
    for (const r of records) {
      if (r.attributeName === 'data-test-script-state') {
        const state = app.getAttribute('data-test-script-state');
        if (state === 'running' || r.oldValue === 'running') lat.ran = true;
        if (lat.ran && state === 'notRunning') lat.idle = now;
        if (state === 'running') lat.idle = null;
      } else {
        lat.last = now;
      }
    }
  });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true,
                              attributeOldValue: true});
  lat.stop = () => obs.disconnect();
  window.__lat = lat;
}"""


def run_coroutine(coro):
    """``asyncio.run(coro)`` in a thread of its own: the session's Playwright (sync API) keeps an event
    loop running in the main thread, where asyncio.run refuses to start a second one."""
    out: dict = {}

    def target() -> None:
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            out["error"] = exc

    thread = threading.Thread(target=target, name="run_coroutine")
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["value"]

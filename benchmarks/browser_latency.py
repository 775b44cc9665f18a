"""Slider-change-to-redraw latency of the explorer in headless Chromium (issue 10 target: warm <= 300 ms).

Starts the app exactly as the browser tests do (tests/e2e/harness.py), with an empty solver disk cache,
presses arrow keys on a slider thumb and times, inside the page (performance.now(), no polling delay),
from the key press to:

* server idle: the script has finished its rerun (the app's script state is "notRunning" again),
* charts drawn: the last change of the page's DOM (charts, numbers, URL-driven widgets) before it stays
  quiet for ``QUIET_MS``, with the browser's next frame painted. This is what a person waits for.

Kinds of change:

* warm rho_train: a value seen before (every cache hit: only the rerun and the redraw),
* cold rho_train: a value never solved before (one new solve; the sweep is cached),
* cold alpha: a new alpha on its log slider (a new 61-point sweep plus refined optima).

Besides the wall times it prints the CPU seconds per press of the server process and of Chromium (all
its processes, read from /proc): on a shared machine the wall times depend on what else runs, the CPU per
press much less, so before/after comparisons use both. A press after which the page never reran (the
frontend kept the new value without sending it: rare, seen under heavy load) is counted and left out.

Run: ``python -m benchmarks.browser_latency [--repeat 7]``; prints medians and maxima in ms. The machine
is shared (browser and server on the same cores): run it several times and compare medians.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
import harness  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
NO_SERVE_S = 20  # a press still not served after this long is counted as lost


def tree(pid: int) -> list[int]:
    """A process and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError):
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
    return out


def cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of these processes so far."""
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


# The press was served: the script state went running -> notRunning, or, when a rerun was faster than
# one React commit (the state never visibly left notRunning), the URL the rerun writes changed.
SERVED_JS = "(search) => window.__lat.idle !== null || (!window.__lat.ran && location.search !== search)"
DONE_JS = f"""(search) => {{
  const lat = window.__lat;
  return ({SERVED_JS})(search) && !document.querySelector('[data-testid="stStatusWidget"]')
      && performance.now() - Math.max(lat.last, lat.idle ?? 0) > {harness.QUIET_MS};
}}"""


def press(page, thumb, key: str) -> dict | None:
    """Press ``key`` on a slider thumb and time, in the page, until the rerun is over (``idle_s``; None for a
    rerun too fast for the script state to show: only the DOM's quiet is timed) and until the DOM has
    stopped changing (``drawn_s``: charts, numbers and widgets redrawn); None when the press was not
    served at all."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: PLC0415

    thumb.focus()
    search = page.evaluate("() => location.search")
    page.evaluate(harness.WATCH_JS)
    thumb.press(key)
    try:
        page.wait_for_function(SERVED_JS, arg=search, timeout=NO_SERVE_S * 1000, polling=50)
    except PlaywrightTimeout:
        page.evaluate("() => window.__lat.stop()")
        return None
    page.wait_for_function(DONE_JS, arg=search, timeout=120_000, polling=50)
    t = page.evaluate(
        "() => { const l = window.__lat; l.stop(); return [l.idle && l.idle - l.t0, l.last - l.t0]; }"
    )
    idle = None if t[0] is None else t[0] / 1e3
    return {"idle_s": idle, "drawn_s": max(idle or 0, t[1] / 1e3)}


class Series:
    """Timings of one kind of change, with the CPU the server and Chromium spent on it."""

    def __init__(self, server: list[int], browser: list[int]):
        self.server, self.browser = server, browser
        self.timings: list[dict] = []
        self.cpu = {"server": 0.0, "browser": 0.0}
        self.missed = 0

    def press(self, page, thumb, key: str, keep: bool = True) -> None:
        before = cpu_s(self.server), cpu_s(self.browser)
        timing = press(page, thumb, key)
        if not keep:
            return
        if timing is None:
            self.missed += 1
            return
        self.timings.append(timing)
        self.cpu["server"] += cpu_s(self.server) - before[0]
        self.cpu["browser"] += cpu_s(self.browser) - before[1]


def measure(page, repeat: int, server: list[int], browser: list[int]) -> dict[str, Series]:
    """Timings for the three kinds of slider change."""
    out = {name: Series(server, browser) for name in ("warm rho_train", "cold rho_train", "cold alpha")}
    rho = harness.slider_thumb(page, "Train anomaly fraction")
    for _ in range(repeat):
        out["cold rho_train"].press(page, rho, "ArrowLeft")
    warm = out["warm rho_train"]
    for n in range(2 * repeat + 1):  # the first press may land on a value of the cold series' edge
        warm.press(page, rho, "ArrowRight" if n % 2 == 0 else "ArrowLeft", keep=n > 0)
        if len(warm.timings) == repeat:
            break
    alpha = harness.slider_thumb(page, "Data per weight")
    for _ in range(repeat):  # 1.1 -> 1.2 -> 1.5 -> 2 -> ...: a new sweep every time
        out["cold alpha"].press(page, alpha, "ArrowRight")
    return out


def report(repeat: int, results: dict[str, Series]) -> None:
    print(f"explorer slider -> redraw in Chromium, {repeat} presses each (target: warm, drawn 300 ms); "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"  {'':15s} {'server idle':>24s}   {'charts drawn (DOM quiet)':>26s}   CPU/press: server, browser")
    for name, s in results.items():
        if not s.timings:
            print(f"  {name:15s} no press reran the page ({s.missed} tried)")
            continue
        idle = [1e3 * t["idle_s"] for t in s.timings if t["idle_s"] is not None] or [float("nan")]
        drawn = [1e3 * t["drawn_s"] for t in s.timings]
        n = len(s.timings)
        fast = sum(t["idle_s"] is None for t in s.timings)
        missed = f"   ({fast} reruns too fast to see the script state: DOM timed only)" if fast else ""
        missed += f"   ({s.missed} presses not served, left out)" if s.missed else ""
        print(
            f"  {name:15s} median {statistics.median(idle):5.0f} max {max(idle):5.0f} ms   "
            f"median {statistics.median(drawn):5.0f} max {max(drawn):5.0f} ms   "
            f"{1e3 * s.cpu['server'] / n:5.0f} ms, {1e3 * s.cpu['browser'] / n:5.0f} ms{missed}"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as cache:
        proc, port = harness.start_app(env={"IMBALANCE_CACHE_DIR": cache})
        try:
            with sync_playwright() as pw:
                browser = harness.launch_chromium(pw)
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                harness.open_page(page, f"http://127.0.0.1:{port}")
                server = tree(proc.pid)
                chromium = [p for p in tree(os.getpid()) if p != os.getpid() and p not in server]
                results = measure(page, args.repeat, server, chromium)
                browser.close()
        finally:
            harness.stop_app(proc)
    report(args.repeat, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

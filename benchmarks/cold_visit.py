"""First visit to a freshly started server, page by page: ``python -m benchmarks.cold_visit``.

For every page (or those named with ``--pages``): start the server exactly as the Procfile does (its
``web:`` line through /bin/sh, on a free loopback port, with an empty solver disk cache), wait until it
answers /_stcore/health, open the page in a fresh headless Chromium (Debian's, via Playwright; see
tests/e2e/harness.py) and time, inside the page from the navigation start, until the script has run to
its end and the DOM (charts, numbers) has stayed quiet for ``QUIET_MS``: "complete" is the last change
before that quiet. Issue-11 target: <= 3 s for every page, the Explorer included. ``--settle S`` visits
S seconds after the server is up (the Procfile's start-up visit, scripts/first_visit.py, and the background
warm-up have then run: a visitor some time after a deployment); 0 (default) is a visitor who woke the
app. ``--until-warm`` waits (at most ``--settle`` seconds) until the background warm-up child and the
start-up visits (scripts/first_visit.py) have finished instead: a visitor after the warm-up.
``--cache DIR`` starts every server with a copy of the disk cache in DIR (e.g. one filled by
``python scripts/warm_cache.py``, what the warm-up writes) instead of an empty one. Loopback only; each
server is stopped afterwards. The machine is shared: run it a few times (``--repeat``) and read medians;
the load average is printed with each row. The CPU columns do not depend on that load: the seconds of
the browser page's main thread (Chrome's ThreadTime: script, layout, paint) and of the server process
during the visit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import harness  # noqa: E402

from dashboard import warmup  # noqa: E402

TARGET_S = 3.0
QUIET_MS = 500
WATCH_JS = """() => {
  window.__visit = {last: performance.now(), done: null};
  new MutationObserver(() => { window.__visit.last = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
DONE_JS = f"""() => {{
  const app = document.querySelector('[data-testid="stApp"]');
  const ran = app && app.getAttribute('data-test-script-state') === 'notRunning'
      && document.querySelector('h1') && !document.querySelector('[data-testid="stStatusWidget"]');
  return Boolean(ran) && performance.now() - window.__visit.last > {QUIET_MS};
}}"""


def pages() -> list[str]:
    """URL paths of the app's pages: the file names in views/ ("" for the Explorer, the default)."""
    return ["" if p.stem == "explorer" else p.stem for p in sorted((ROOT / "views").glob("*.py"))]


def procfile_command() -> str:
    line = next(s for s in (ROOT / "Procfile").read_text().splitlines() if s.startswith("web:"))
    return line.removeprefix("web:").strip().replace("0.0.0.0", "127.0.0.1")  # loopback only


WARMERS = ("warm_cache.py", "first_visit.py")  # the warm-up child, the Procfile's start-up visits


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process ``pid`` has used so far (its children not counted)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def visit(pw, path: str, env: dict, settle: float = 0.0, until_warm=False, seed: str | None = None) -> dict:
    """Seconds until the server answered and until the page was complete, on a fresh server, and the CPU
    seconds the visit cost: the browser page's main thread (Chrome's ThreadTime) and the server process."""
    with tempfile.TemporaryDirectory() as cache:
        if seed:
            shutil.copytree(seed, cache, dirs_exist_ok=True)
        t0 = time.perf_counter()
        env = env | {"IMBALANCE_CACHE_DIR": cache}
        proc, port = harness.start_app(procfile_command(), env=env, shell=True)
        started = time.perf_counter() - t0
        if until_warm:
            settle = warmup.wait_for(proc.pid, WARMERS, settle)
        else:
            time.sleep(settle)  # a visitor who comes some time after the start
        try:
            browser = harness.launch_chromium(pw)
            try:
                page = browser.new_page()
                page.add_init_script(f"({WATCH_JS})()")
                cdp = page.context.new_cdp_session(page)
                cdp.send("Performance.enable")
                server_cpu = cpu_s(proc.pid)  # the shell's pid: it became the server (exec)
                page.goto(f"http://127.0.0.1:{port}/{path}")
                page.wait_for_function(DONE_JS, timeout=180_000, polling=100)
                complete = page.evaluate("() => window.__visit.last") / 1000.0
                server_cpu = cpu_s(proc.pid) - server_cpu
                metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                errors = page.locator('[data-testid="stException"]').count()
            finally:
                browser.close()
        finally:
            harness.stop_app(proc)
    return {"server_s": started, "complete_s": complete, "errors": errors, "waited_s": settle,
            "browser_cpu_s": metrics["ThreadTime"], "server_cpu_s": server_cpu}  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="URL paths (explorer = the default page)")
    parser.add_argument("--repeat", type=int, default=1, help="fresh servers per page (median shown)")
    parser.add_argument("--no-warmup", action="store_true", help="without the start-up visit and warm-up")
    parser.add_argument("--settle", type=float, default=0.0, help="seconds between server up and visit")
    parser.add_argument(
        "--until-warm", action="store_true", help="visit when the warm-up is done (<= settle)"
    )
    parser.add_argument("--cache", help="start each server with a copy of this disk cache (default: empty)")
    a = parser.parse_args(argv)
    env = {"IMBALANCE_WARMUP": "0" if a.no_warmup else "1"}
    chosen = ["" if p == "explorer" else p for p in a.pages] if a.pages else pages()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    head = f"{'page':<12} {'server up':>9} {'waited':>7} {'complete':>9} {'CPU: browser':>12} {'server':>6}"
    when = f"until the warm-up is done, at most {a.settle:g} s" if a.until_warm else f"{a.settle:g} s"
    cache = f"a copy of {a.cache}" if a.cache else "empty"
    print(
        f"{head}  target <= {TARGET_S:.0f} s  (median of {a.repeat}; visit {when} after start; cache {cache})"
    )
    worst = 0.0
    with sync_playwright() as pw:
        for path in chosen:
            runs = [visit(pw, path, env, a.settle, a.until_warm, a.cache) for _ in range(a.repeat)]
            up = statistics.median(r["server_s"] for r in runs)
            waited = statistics.median(r["waited_s"] for r in runs)
            done = statistics.median(r["complete_s"] for r in runs)
            worst = max(worst, done)
            flag = "ok" if done <= TARGET_S else "SLOW"
            errors = sum(r["errors"] for r in runs)
            note = f"  ({errors} error boxes!)" if errors else ""
            load = os.getloadavg()[0]
            browser = statistics.median(r["browser_cpu_s"] for r in runs)
            server = statistics.median(r["server_cpu_s"] for r in runs)
            row = f"{path or 'explorer':<12} {up:8.2f}s {waited:6.1f}s {done:8.2f}s"
            row += f" {browser:11.2f}s {server:5.2f}s  {flag}{note}"
            print(f"{row}  (load {load:.1f})", flush=True)
    print(f"slowest page complete: {worst:.2f} s (target <= {TARGET_S:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Warm the default views in the background, once per server process (``start()``, called by the router).

The first script run of a server process loads the solver's compiled code in a background thread and
starts ``scripts/warm_cache.py`` (every page's default view run once, no browser) as a low-priority
child process: it fills the solver's disk cache, shared with this
server, while the first visitor reads their own page, so the next pages they (or others) open are disk
cache hits. A child process, not a thread: it uses another core instead of this server's interpreter
lock, and ``streamlit.testing`` (which the script uses) must not run inside a live server. It is not
started under ``streamlit.testing`` (tests, the script itself) or when ``IMBALANCE_WARMUP=0``; it dies
with the server's process group and is never restarted (one attempt per process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "warm_cache.py"
# Warm-up order: the Explorer (the default page), then the pages that are quick to warm, so that most of
# the app is warm within seconds; the long ones last (their first cold visitors see progress meanwhile).
ORDER = ("explorer", "tour", "sketch", "fig3_8", "fig4", "fig6", "fig7", "fig11_12", "fig9_10", "fig5",
         "advisor", "yourdata", "cifar", "maps", "simulations", "claims")  # fmt: skip
_lock = threading.Lock()
_started: list = []  # the one child of this process (None if it could not start), once tried


def wanted() -> bool:
    """True in a live server (not under streamlit.testing) unless IMBALANCE_WARMUP=0."""
    if os.environ.get("IMBALANCE_WARMUP", "1") == "0":
        return False
    from streamlit.runtime import Runtime  # noqa: PLC0415

    return Runtime.exists() and type(Runtime.instance()) is Runtime  # AppTest installs a mock


def start() -> None:
    """Start the warm-up child once per process (cheap no-op afterwards); never raises."""
    if _started or not wanted():
        return
    with _lock:
        if _started:
            return
        try:
            child = subprocess.Popen(
                [sys.executable, str(SCRIPT)],
                cwd=SCRIPT.parent.parent,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # no preexec_fn: not safe in a threaded server
            _started.append(child)
            os.setpriority(os.PRIO_PROCESS, child.pid, 19)  # lowest priority: the visitors come first
        except OSError:
            _started.append(None)  # no warm-up on this host: pages still compute on demand
        threading.Thread(target=_load_solver, name="solver-warm-up", daemon=True).start()


def _load_solver() -> None:
    """Load (or, on a fresh install, compile) the solver's compiled loops in this server process, by one
    uncached solve and a two-point sweep: the disk cache spares the pages their results, not the loading
    (~0.5 s on the first solver call of a process; tens of seconds of Numba compilation where its cache is
    empty). Lowered priority; any failure only leaves it to the first page that solves."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        from solver import solve, sweep  # noqa: PLC0415

        solve(-0.6, 1.1, 0.5, 0.3)
        sweep("rho_train", [0.3, 0.5], b0=-0.6, alpha=1.1, T=0.5)
    except Exception:  # noqa: BLE001 (a warm-up never fails a page)
        return


def order(stems) -> list[str]:
    """Page names (file stems of views/) in warm-up order: ``ORDER`` first, any other page after them."""
    rank = {name: k for k, name in enumerate(ORDER)}
    return sorted(stems, key=lambda stem: (rank.get(stem, len(ORDER)), stem))


def children(pid: int, name: str) -> list[int]:
    """Process ids of the children of process ``pid`` whose command line contains ``name`` (e.g. the
    warm-up child, "warm_cache.py"); none where /proc cannot be read or ``pid`` has ended."""
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = []
    for kid in kids:
        try:
            if name in Path(f"/proc/{kid}/cmdline").read_text(errors="replace"):
                found.append(int(kid))
        except OSError:  # the child ended meanwhile
            continue
    return found


def wait_for(pid: int, names: tuple[str, ...], limit: float) -> float:
    """Wait until a child of ``pid`` named in ``names`` (see ``children``) has started (at most 30 s)
    and until none is left running (at most ``limit`` s in all); the seconds waited."""
    t0 = time.monotonic()

    def running() -> bool:
        return any(children(pid, name) for name in names)

    while time.monotonic() - t0 < min(limit, 30) and not running():
        time.sleep(0.2)
    while time.monotonic() - t0 < limit and running():
        time.sleep(0.5)
    return time.monotonic() - t0

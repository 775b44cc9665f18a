"""Server memory with many visitors, and what clearing Streamlit's shared cache costs (issue 15).

Starts ``streamlit run app.py`` on 127.0.0.1 (a free port; loopback only), opens ``--sessions`` websocket
sessions as a browser would (Streamlit's own protocol: a ``rerun_script`` message per page, then wait
for ``script_finished``), each visiting ``--pages`` pages in turn, all at once, and reports the server's
resident memory (VmRSS; with its child processes too) before, at the peak and after. Bounded:
at most ``--sessions`` connections, each with a timeout; nothing leaves the machine.

Then one session times the Explorer page: warm, after a client sent ``clear_cache`` (any anonymous
client can: Streamlit's memory caches are emptied for everyone), and cold (an empty solver cache),
printed as ratios: the solver's disk cache behind the memory cache keeps the page fast.

    python -m benchmarks.memory_sessions --sessions 20        # about 2-5 min on 2 cores
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import harness  # noqa: E402
from harness import free_port  # noqa: E402  (re-exported: the load and scaling-out tests use it)

PAGES = [
    "",
    "sketch",
    "fig3_8",
    "fig5",
    "fig7",
    "fig11_12",
    "simulations",
    "cifar",
    "maps",
    "advisor",
    "tour",
]


def start_server(port: int, cache: str) -> subprocess.Popen:
    env = dict(os.environ, IMBALANCE_CACHE_DIR=cache)
    argv = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    proc = subprocess.Popen(
        [*argv, "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        harness.wait_healthy(port, proc, timeout=120)
    except Exception:
        proc.kill()
        raise
    return proc


def rss_mb(pid: int, children: bool = False) -> float:
    """Resident memory of a process, and of its descendants (job and warm-up processes) if asked, in MB."""
    total, pids = 0, [pid]
    while pids:
        p = pids.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
        pids += [int(c) for c in kids] if children else []
    return total / 1024


class Session:
    """One visitor: a websocket session that visits pages one after the other."""

    def __init__(self, port: int):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.ws = None

    async def open(self) -> None:
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=2**28)

    async def visit(self, page: str, timeout: float = 600) -> float:
        """Run one page; seconds until the script finished."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = page
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "script_finished":
                return time.perf_counter() - t0

    async def clear_cache(self) -> None:
        msg = BackMsg()
        msg.clear_cache = True
        await self.ws.send(msg.SerializeToString())
        await asyncio.sleep(1.0)

    async def close(self) -> None:
        await self.ws.close()


async def crowd(port: int, n: int, pages: list[str], pid: int) -> dict:
    """``n`` sessions visiting ``pages`` concurrently; peak RSS sampled every 0.2 s."""
    peak, total, done = [rss_mb(pid)], [rss_mb(pid, True)], threading.Event()

    def sample():
        while not done.is_set():
            peak.append(rss_mb(pid))
            total.append(rss_mb(pid, True))
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()
    sessions = [Session(port) for _ in range(n)]
    await asyncio.gather(*(s.open() for s in sessions))

    async def tour(k: int, s: Session) -> None:
        for i in range(len(pages)):
            await s.visit(pages[(k + i) % len(pages)])

    t0 = time.perf_counter()
    await asyncio.gather(*(tour(k, s) for k, s in enumerate(sessions)))
    took = time.perf_counter() - t0
    held = rss_mb(pid)
    await asyncio.gather(*(s.close() for s in sessions))
    await asyncio.sleep(2)
    done.set()
    return {"peak": max(peak), "held": held, "after": rss_mb(pid), "seconds": took, "total": max(total)}


async def explorer_times(port: int) -> dict:
    s = Session(port)
    await s.open()
    first = await s.visit("")
    warm = min([await s.visit("") for _ in range(3)])
    await s.clear_cache()
    cleared = await s.visit("")
    await s.close()
    return {"first": first, "warm": warm, "after clear_cache": cleared}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=20, choices=range(1, 51), metavar="1..50")
    p.add_argument("--pages", type=int, default=len(PAGES), choices=range(1, len(PAGES) + 1))
    p.add_argument("--cache", default=str(ROOT / "cache"), help="solver cache folder (default: the app's)")
    a = p.parse_args(argv)
    port = free_port()
    proc = start_server(port, a.cache)
    try:
        idle = rss_mb(proc.pid)
        pages = PAGES[: a.pages]
        r = asyncio.run(crowd(port, a.sessions, pages, proc.pid))
        crowd_text = f"{a.sessions} sessions x {len(pages)} pages in {r['seconds']:.0f} s"
        print(f"server RSS idle {idle:.0f} MB; {crowd_text}:")
        print(f"  with its child processes (warm-up, jobs) at most {r['total']:.0f} MB")
        print(f"  peak {r['peak']:.0f} MB, with the sessions open {r['held']:.0f} MB, after they left "
              f"{r['after']:.0f} MB (limit 512 MB: {'ok' if r['peak'] < 512 else 'EXCEEDED'})")  # fmt: skip
        t = asyncio.run(explorer_times(port))
        print(f"Explorer: first visit {t['first']:.2f} s, warm {t['warm']:.3f} s, after clear_cache "
              f"{t['after clear_cache']:.3f} s ({t['after clear_cache'] / t['warm']:.1f}x warm)")  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(10)
    with tempfile.TemporaryDirectory() as cold:
        port = free_port()
        proc = start_server(port, cold)
        try:
            t = asyncio.run(explorer_times(port))
            print(f"Explorer with an empty solver cache: first visit {t['first']:.2f} s")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()

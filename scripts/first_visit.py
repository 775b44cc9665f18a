"""Visit a freshly started server, so that its first real visitors do not pay for the start-up:
``python scripts/first_visit.py PORT`` (the Procfile runs it beside the server).

Waits (at most 120 s) until ``127.0.0.1:PORT`` answers /_stcore/health, then opens one websocket session
on a light page (Streamlit's protocol, as a browser would) and waits until its script has finished. That
first run imports the modules the pages share (Streamlit's elements, pandas, scipy, plotly, the solver)
and starts the background warm-up of every page's default view, the Explorer first, in its own
low-priority process (``dashboard/warmup.py``, which fills the solver's disk cache). Once that warm-up
process has ended, it visits every page once more, one after the other: each page's own imports and
Streamlit's memory cache (``st.cache_data``, per server process) are then in place too, so a first
visitor's page runs on the server as fast as anyone's later visit.
Loopback only; exits 0 in every case (a server that never came up is the platform's to report); does
nothing when ``IMBALANCE_WARMUP=0``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from dashboard.warmup import children, order, wait_for  # noqa: E402 (standard library only: cheap)

PAGE = "fig6"  # a light page that imports what the others need (not the Explorer: a visitor who woke the
# app opens it at the same moment, and two runs of it in one process would share one interpreter lock)
HEALTH_WAIT_S = 120
RUN_WAIT_S = 300
WARM_UP_WAIT_S = 1800  # the background warm-up takes a few minutes of one core on this machine


def healthy(port: int) -> bool:
    deadline = time.monotonic() + HEALTH_WAIT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


async def visit(port: int, page: str = PAGE) -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: PLC0415
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: PLC0415
    from websockets.asyncio.client import connect  # noqa: PLC0415

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with connect(url, subprotocols=["streamlit"], max_size=2**28) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await ws.recv())
            if fwd.WhichOneof("type") == "script_finished":
                return


def wait_for_warm_up(server: int) -> None:
    """Wait until the server's warm-up child has started (at most 30 s) and ended (``WARM_UP_WAIT_S``)."""
    waited = wait_for(server, ("warm_cache.py",), WARM_UP_WAIT_S)
    state = "still running" if children(server, "warm_cache.py") else "ended"
    print(f"first visit: the background warm-up {state} after {waited:.0f} s", flush=True)


def url_path(stem: str) -> str:
    return "" if stem == "explorer" else stem  # the Explorer is the default page (app.py)


def main(argv: list[str]) -> int:
    if os.environ.get("IMBALANCE_WARMUP", "1") == "0" or len(argv) != 1 or not argv[0].isdigit():
        return 0
    port = int(argv[0])
    if not healthy(port) or not run(port, PAGE):
        return 0
    wait_for_warm_up(os.getppid())  # the Procfile's shell forks this, then becomes the server (exec)
    for stem in order(p.stem for p in (ROOT / "views").glob("*.py")):
        run(port, url_path(stem))
    return 0


def run(port: int, page: str) -> bool:
    """One visit to ``page``; False (and a line on stderr) if it failed or timed out."""
    t0 = time.perf_counter()
    try:
        asyncio.run(asyncio.wait_for(visit(port, page), RUN_WAIT_S))
    except Exception as err:  # noqa: BLE001 (timeout, a server stopping meanwhile...): never fail
        print(f"first visit to /{page}: {type(err).__name__} {err}", file=sys.stderr)
        return False
    print(f"first visit to /{page}: {time.perf_counter() - t0:.1f} s", flush=True)
    return True


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Visit a freshly started server once, so that its first real visitors do not pay for the start-up:
``python scripts/first_visit.py PORT`` (the Procfile runs it beside the server).

Waits (at most 120 s) until ``127.0.0.1:PORT`` answers /_stcore/health, then opens one websocket session
on a light page (Streamlit's protocol, as a browser would), waits until the script has finished and
leaves. That first run imports the modules the pages share (Streamlit's elements, pandas, scipy, plotly,
the solver) and starts the background warm-up of every page's default view, the Explorer first, in its
own low-priority process (``dashboard/warmup.py``).
Loopback only; exits 0 in every case (a server that never came up is the platform's to report); does
nothing when ``IMBALANCE_WARMUP=0``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.request

PAGE = "fig6"  # a light page that imports what the others need (not the Explorer: a visitor who woke the
# app opens it at the same moment, and two runs of it in one process would share one interpreter lock)
HEALTH_WAIT_S = 120
RUN_WAIT_S = 300


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


async def visit(port: int) -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: PLC0415
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: PLC0415
    from websockets.asyncio.client import connect  # noqa: PLC0415

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with connect(url, subprotocols=["streamlit"], max_size=2**28) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = PAGE
        await ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await ws.recv())
            if fwd.WhichOneof("type") == "script_finished":
                return


def main(argv: list[str]) -> int:
    if os.environ.get("IMBALANCE_WARMUP", "1") == "0" or len(argv) != 1 or not argv[0].isdigit():
        return 0
    port = int(argv[0])
    if healthy(port):
        try:
            asyncio.run(asyncio.wait_for(visit(port), RUN_WAIT_S))
        except Exception as err:  # noqa: BLE001 (timeout, a server stopping meanwhile...): never fail
            print(f"first visit: {type(err).__name__} {err}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""A visitor who disconnects during a long computation stops it (issue 15): a real server, a real
websocket session (Streamlit's protocol, no browser), a cold 41 x 41 optimum map; after the session
closes, the server's CPU time stops growing within about a second."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import harness
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from benchmarks.memory_sessions import Session, free_port, start_server

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 10 ms


async def start_and_leave(port: int) -> None:
    s = Session(port)
    await s.open()
    msg = BackMsg()
    msg.rerun_script.page_name = "maps"
    msg.rerun_script.query_string = "kind=optimum&x=alpha&y=b0&n=41"
    await s.ws.send(msg.SerializeToString())
    await asyncio.sleep(8)  # the map is under way (it takes minutes)
    await s.close()


def test_disconnecting_stops_a_long_map(tmp_path):
    proc = start_server(free_port(), str(tmp_path))
    try:
        port = int(proc.args[proc.args.index("--server.port") + 1])
        before = cpu_seconds(proc.pid)
        harness.run_coroutine(start_and_leave(port))
        busy = cpu_seconds(proc.pid) - before
        assert busy > 2, "the map did not start"
        time.sleep(1.5)
        settled = cpu_seconds(proc.pid)
        time.sleep(3)
        assert cpu_seconds(proc.pid) - settled < 0.3  # idle: the computation has stopped
    finally:
        proc.terminate()
        proc.wait(10)

"""Many users on one server: Explorer slider moves from 1, 5 and 10 browserless clients at once.

``python -m benchmarks.load_clients [--clients 1 5 10] [--moves 12]``

Starts ``streamlit run app.py`` on a free loopback port (empty solver cache, no background warm-up), then
for each crowd size opens that many websocket sessions speaking Streamlit's own protocol
(``/_stcore/stream``: ``BackMsg`` protobufs up, ``ForwardMsg`` down, as a browser does), lets each load
the Explorer once (not timed), and has every client move the ρtrain slider ``--moves`` times, all clients
at once, without pause: a move sends the slider's new value as a widget state of a ``rerun_script`` (with
the fragment id the slider lives in, as the browser does) and lasts until ``script_finished``. The values
walk along the slider in steps of 0.01 from different starts, so clients meet each other's values
(shared caches) and new ones. Prints the median and p90 seconds per move per crowd, with the issue-11
target for 10 clients (median <= 0.5 s, p90 <= 1 s), the server's CPU seconds per move (from /proc: what
a move costs the one process all sessions share, much less sensitive to a shared machine's load than the
wall times) and the load average. Bounded: at most 20 clients, each move times out
after ``--timeout`` s, the whole run after ``--budget`` s; loopback only; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from benchmarks.browser_latency import cpu_s, tree
from benchmarks.memory_sessions import free_port, start_server

SLIDER = "Train anomaly fraction"
TARGET = {"median": 0.5, "p90": 1.0}  # seconds per move with 10 clients


class Client:
    """One browserless visitor of the Explorer."""

    def __init__(self, port: int, timeout: float):
        self.url, self.timeout = f"ws://127.0.0.1:{port}/_stcore/stream", timeout
        self.ws, self.query, self.sliders = None, "", {}
        self.metrics: dict[str, str] = {}  # label -> shown value, of the last run
        self.exceptions = 0  # error boxes seen

    async def open(self) -> None:
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=2**28)
        await self.rerun(BackMsg())  # the first visit: the Explorer with its defaults

    async def rerun(self, msg: BackMsg) -> float:
        """Send a rerun (current URL query as a browser would); seconds until the script finished."""
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = ""
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), self.timeout))
            kind = fwd.WhichOneof("type")
            if kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "delta":
                self._note(fwd.delta)
            elif kind == "script_finished":
                return time.perf_counter() - t0

    def _note(self, delta) -> None:
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "slider":
            self.sliders[element.slider.label] = (element.slider.id, delta.fragment_id)
        elif kind == "metric":
            self.metrics[element.metric.label] = element.metric.body
        elif kind == "exception":
            self.exceptions += 1

    async def move(self, value: float) -> float:
        """Move the ρtrain slider to ``value``; seconds until the rerun finished."""
        wid, fragment = next(v for k, v in self.sliders.items() if k.startswith(SLIDER))
        msg = BackMsg()
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = wid
        state.double_array_value.data.append(value)
        if fragment:
            msg.rerun_script.fragment_id = fragment
        return await self.rerun(msg)

    async def close(self) -> None:
        await self.ws.close()


def walk(k: int, moves: int) -> list[float]:
    """Slider values of client ``k``: steps of 0.01 from its own start, back and forth in [0.2, 0.8]."""
    out, v, step = [], 0.3 + 0.04 * (k % 10), 0.01
    for _ in range(moves):
        v = v + step if 0.2 <= v + step <= 0.8 else v - step
        out.append(round(v, 3))
    return out


async def crowd(
    port: int, n: int, moves: int, timeout: float, server: list[int]
) -> tuple[list[float], float]:
    """Seconds per move of every client, and the server's CPU seconds for all the moves."""
    clients = [Client(port, timeout) for _ in range(n)]
    for c in clients:  # one after the other: the first visits are not what is measured
        await c.open()
    cpu = cpu_s(server)

    async def moving(k: int, c: Client) -> list[float]:
        return [await c.move(v) for v in walk(k, moves)]

    try:
        times = await asyncio.gather(*(moving(k, c) for k, c in enumerate(clients)))
        cpu = cpu_s(server) - cpu
    finally:
        await asyncio.gather(*(c.close() for c in clients))
    return [t for ts in times for t in ts], cpu


def p90(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=10)[-1] if len(xs) > 1 else xs[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 5, 10], choices=range(1, 21),
                        metavar="1..20")  # fmt: skip
    parser.add_argument("--moves", type=int, default=12, help="slider moves per client")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per move at most")
    parser.add_argument("--budget", type=float, default=900.0, help="seconds for the whole run at most")
    a = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["IMBALANCE_WARMUP"] = "0"  # the server inherits it: no background warm-up child
        proc = start_server(free_port(), cache)
        port = int(proc.args[proc.args.index("--server.port") + 1])
        try:
            print(
                f"{'clients':>7} {'moves':>6} {'median':>8} {'p90':>8} {'max':>8} {'CPU/move':>9} {'load':>5}"
            )
            for n in a.clients:
                run = crowd(port, n, a.moves, a.timeout, tree(proc.pid))
                times, cpu = asyncio.run(asyncio.wait_for(run, a.budget))
                cpu /= len(times)
                med, hi = statistics.median(times), p90(times)
                line = f"{n:>7} {len(times):>6} {med:7.3f}s {hi:7.3f}s {max(times):7.3f}s {cpu:8.3f}s"
                line += f" {os.getloadavg()[0]:5.1f}"
                if n == 10:
                    ok = med <= TARGET["median"] and hi <= TARGET["p90"]
                    line += f"  target median <= 0.5 s, p90 <= 1 s: {'met' if ok else 'NOT met'}"
                print(line, flush=True)
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

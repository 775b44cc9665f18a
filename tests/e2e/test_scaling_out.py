"""Several web processes behind a load balancer (README "Scaling out"): two servers sharing one disk cache
folder. A visitor whose connection lands on the other process (no session affinity, or a process that
was replaced) gets the same view from the URL alone; both processes compute at once on the shared
SQLite-backed cache without errors."""

from __future__ import annotations

import asyncio
import os
import signal

import harness
import pytest

from benchmarks.load_clients import Client
from benchmarks.memory_sessions import free_port, start_server

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]


def test_two_processes_on_one_cache_serve_the_same_view_from_the_url(tmp_path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_WARMUP", "0")
    servers = [start_server(free_port(), str(tmp_path)) for _ in range(2)]
    try:
        ports = [int(p.args[p.args.index("--server.port") + 1]) for p in servers]
        first: dict = {}

        async def run() -> tuple[Client, Client]:
            a = Client(ports[0], timeout=180)
            await a.open()
            await a.move(0.31)
            first.update(a.metrics)
            b = Client(ports[1], timeout=180)
            b.query = a.query  # the browser reconnects with its URL, to whichever process is picked
            await b.open()
            first["b"] = dict(b.metrics)
            await asyncio.gather(a.move(0.42), b.move(0.58))  # both at once on the shared cache
            await asyncio.gather(a.close(), b.close())
            return a, b

        a, b = harness.run_coroutine(run())
        shown_b = first.pop("b")
        assert first and all(shown_b[label] == value for label, value in first.items())
        assert a.exceptions == 0 and b.exceptions == 0
        assert "rho_train=0.42" in a.query and "rho_train=0.58" in b.query
        assert any(tmp_path.iterdir())  # the one cache folder both processes use
    finally:
        for p in servers:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(10)

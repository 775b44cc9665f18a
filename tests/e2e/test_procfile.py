"""The Procfile starts the app as a PaaS would ($PORT, 0.0.0.0, headless); it answers /_stcore/health."""

from __future__ import annotations

import harness
import pytest

pytestmark = pytest.mark.timeout(180)


def procfile_command() -> str:
    lines = (harness.ROOT / "Procfile").read_text().splitlines()
    [web] = [line for line in lines if line.startswith("web:")]
    return web.removeprefix("web:").strip()


def test_procfile_declares_a_headless_web_process_on_the_paas_port():
    command = procfile_command()
    assert "exec streamlit run app.py" in command  # the server is the web process (signals reach it)
    assert command.startswith("python scripts/first_visit.py $PORT & ")  # warms the server up at start
    for flag in ("--server.port $PORT", "--server.address 0.0.0.0", "--server.headless true"):
        assert flag in command


def test_app_started_from_the_procfile_answers_health():
    port = harness.free_port()
    proc, _ = harness.start_app(procfile_command(), port=port, shell=True)
    try:
        assert proc.poll() is None
    finally:
        harness.stop_app(proc)

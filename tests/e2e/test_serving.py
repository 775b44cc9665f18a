"""Serving settings (issue 15): the local script binds the loopback interface only, the PaaS Procfile all
interfaces; XSRF and CORS protection are explicit; the Python version is pinned for PaaS builds."""

from __future__ import annotations

import socket
import tomllib

import harness
import pytest

pytestmark = pytest.mark.timeout(300)


def outside_address() -> str | None:
    """A non-loopback address of this machine (None when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for a UDP connect
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def answers(address: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((address, port)) == 0


@pytest.mark.slow
def test_run_app_script_listens_on_localhost_only():
    address = outside_address()
    proc, port = harness.start_app("bash scripts/run_app.sh --server.port $PORT", shell=True)
    try:
        assert answers("127.0.0.1", port)
        if address is None:
            pytest.skip("this machine has no non-loopback address to check against")
        assert not answers(address, port), f"the local app answers on {address}"
    finally:
        harness.stop_app(proc)


def test_procfile_serves_all_interfaces_and_the_script_loopback():
    assert "--server.address 0.0.0.0" in (harness.ROOT / "Procfile").read_text()
    lines = (harness.ROOT / "scripts" / "run_app.sh").read_text().splitlines()
    [start] = [line for line in lines if line.startswith("exec streamlit run")]
    assert "--server.address 127.0.0.1" in start


def test_security_settings_are_explicit():
    server = tomllib.loads((harness.ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["maxUploadSize"] <= 10 and server["fileWatcherType"] == "none"
    client = tomllib.loads((harness.ROOT / ".streamlit" / "config.toml").read_text())["client"]
    assert client["showErrorDetails"] == "none"  # no tracebacks to visitors


def test_python_version_is_pinned_for_paas_builds():
    pinned = (harness.ROOT / ".python-version").read_text().strip()
    pyproject = tomllib.loads((harness.ROOT / "pyproject.toml").read_text())
    assert pinned == "3.11" and pyproject["project"]["requires-python"] == ">=3.11"

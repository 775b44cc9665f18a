"""Run Python code that sees a folder read-only, for the cache-fault tests (issue 15).

As root, file modes do not stop writes, so the code runs in a private mount namespace where the folder is
a read-only bind mount (nothing changes outside that process); otherwise the folder's modes are cleared.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_read_only(directory: Path, code: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """``python -c code`` with ``$IMBALANCE_CACHE_DIR = directory`` seen read-only (skips if impossible)."""
    env = dict(os.environ, IMBALANCE_CACHE_DIR=str(directory), PYTHONPATH=str(ROOT))
    if os.geteuid() != 0:
        for path in [directory, *directory.iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        command = [sys.executable, "-c", code]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)
    mount = f'mount --bind "{directory}" "{directory}" && mount -o remount,ro,bind "{directory}"'
    script = f'{mount} && exec "{sys.executable}" -c "$0"'
    command = ["unshare", "--mount", "sh", "-c", script, code]
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)
    if "Operation not permitted" in out.stderr or "unshare failed" in out.stderr:
        pytest.skip("no way to make a folder read-only for root here")
    return out

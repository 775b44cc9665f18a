"""Test-wide settings: every test session gets a fresh, empty solver cache, and the solver's compiled loops
are built before the first test.

Tests must exercise the solver, not results left in the developer's ``cache/`` by an older version.
Set before any test (and any server a test starts) reads it.
"""

import os
import tempfile

import pytest

os.environ["IMBALANCE_CACHE_DIR"] = tempfile.mkdtemp(prefix="imbalance-test-cache-")


@pytest.fixture(scope="session", autouse=True)
def compiled_solver():
    """Run every compiled loop of the solver once (``solver/kernel.py``), before any test with a time
    limit: a fresh checkout compiles them in about 8 s of CPU (later processes load them from disk)."""
    from solver import solve, sweep

    solve(-0.6, 1.1, 0.5, 0.3).replicon()
    solve(-0.6, 1.1, 0.5, 0.3, fix_b=-0.6)
    sweep("rho_train", [0.1, 0.3, 0.5], b0=-0.6, alpha=1.1, T=0.5)

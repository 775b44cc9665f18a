"""Test-wide settings: every test session gets a fresh, empty solver cache.

Tests must exercise the solver, not results left in the developer's ``cache/`` by an older version.
Set before any test (and any server a test starts) reads it.
"""

import os
import tempfile

os.environ["IMBALANCE_CACHE_DIR"] = tempfile.mkdtemp(prefix="imbalance-test-cache-")

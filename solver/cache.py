"""Cached entry points: ``cached_solve`` and ``cached_sweep`` backed by diskcache, JSON only.

Keys are the validated parameters rounded to 12 significant digits plus ``SOLVER_VERSION``;
the rounded values are also the ones solved, so a key always describes its value exactly.
Values are ``Solution.to_dict()`` JSON documents. The disk class refuses to unpickle anything
(diskcache's default Disk would unpickle rows of a tampered cache database). The directory is
``$IMBALANCE_CACHE_DIR`` or ``cache/`` at the repository root; size-limited (LRU eviction);
SQLite makes it safe for several processes (e.g. several Streamlit workers).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import diskcache

from .api import SWEEPABLE, sweep
from .api import solve as _solve
from .params import check
from .solution import Solution

SOLVER_VERSION = "1.1.0"  # bump whenever numerical results can change
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "cache"
SIZE_LIMIT_MB = 256  # default; override with $IMBALANCE_CACHE_SIZE_MB


class SafeJSONDisk(diskcache.JSONDisk):
    """JSONDisk that never unpickles: only raw (JSON bytes) keys and values are accepted."""

    def get(self, key, raw):
        if not raw:
            raise ValueError("refusing a non-JSON cache key")
        return super().get(key, raw)

    def fetch(self, mode, filename, value, read):
        if mode not in (diskcache.core.MODE_RAW, diskcache.core.MODE_BINARY):
            raise ValueError("refusing a non-JSON cache value")
        return super().fetch(mode, filename, value, read)


@lru_cache(maxsize=4)
def _open(directory: str, size_limit: int) -> diskcache.Cache:
    return diskcache.Cache(
        directory, disk=SafeJSONDisk, size_limit=size_limit, eviction_policy="least-recently-used"
    )


def get_cache() -> diskcache.Cache:
    """The process-wide cache at ``$IMBALANCE_CACHE_DIR`` (default: repo ``cache/``), holding at most
    ``$IMBALANCE_CACHE_SIZE_MB`` megabytes (least recently used entries are evicted first)."""
    size_mb = float(os.environ.get("IMBALANCE_CACHE_SIZE_MB", SIZE_LIMIT_MB))
    return _open(os.environ.get("IMBALANCE_CACHE_DIR", str(DEFAULT_DIR)), int(size_mb * 2**20))


def _round(x: float | None) -> float | None:
    return None if x is None else float(f"{x:.12g}")


def _params(b0, alpha, T, rho_train, fix_b) -> dict:
    p = dict(b0=check("b0", b0), alpha=check("alpha", alpha), T=check("T", T))
    p["rho_train"] = check("rho_train", rho_train)
    p["fix_b"] = None if fix_b is None else check("fix_b", fix_b)
    return {k: _round(v) for k, v in p.items()}


def cached_solve(b0: float, alpha: float, T: float, rho_train: float, fix_b: float | None = None) -> Solution:
    """``solve`` through the disk cache (unsolved points are returned but never stored)."""
    params = _params(b0, alpha, T, rho_train, fix_b)
    key = ["solve", SOLVER_VERSION, params]
    cache = get_cache()
    hit = cache.get(key)
    if hit is not None:
        return Solution.from_dict(hit)
    sol = _solve(**params)
    if sol.converged:
        cache.set(key, sol.to_dict())
    return sol


def cached_sweep(
    over: str,
    values,
    b0: float = -0.6,
    alpha: float = 1.1,
    T: float = 0.5,
    rho_train: float = 0.5,
    fix_b: float | None = None,
) -> list[Solution]:
    """``sweep`` through the disk cache; a sweep is stored as one entry (continuation is ordered)."""
    if over not in SWEEPABLE:
        raise ValueError(f"over must be one of {', '.join(SWEEPABLE)}, got {over!r}")
    values = [_round(check(over, v)) for v in values]
    base = _params(b0, alpha, T, rho_train, fix_b)
    key = ["sweep", SOLVER_VERSION, over, values, base]
    cache = get_cache()
    hit = cache.get(key)
    if hit is not None:
        return [Solution.from_dict(d) for d in hit]
    sols = sweep(over, values, **base)
    if all(s.converged for s in sols):
        cache.set(key, [s.to_dict() for s in sols])
    return sols

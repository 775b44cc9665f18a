"""Numbers the analysis derives from the solver (optima, transitions), kept in the solver's disk cache.

A refined optimum or a bisected transition costs tens of warm-started solves that the solver's own
cache does not see (``solve(..., near=...)``). ``disk(name, compute, *args)`` stores the result of
``compute(*args)`` as a JSON document in the same cache (``solver.cache.get_cache``), so that the
background warm-up process fills it for the server, and a fresh server process computes a page's
verdicts and sentences from these numbers instead of repeating the searches.

The key holds ``name``, the arguments, ``SOLVER_VERSION`` and a digest of the analysis code the numbers
depend on (``CODE``), so a changed solver or search never reads an old entry. A value must pass the
caller's ``check`` (else it is a miss, deleted); a fault of the cache only costs the computation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from solver import SOLVER_VERSION
from solver.cache import get_cache

SOURCES = ("optima.py", "boundary.py", "transition.py", "claims.py", "memo.py")  # what the numbers depend on
CODE = hashlib.sha256(b"".join((Path(__file__).parent / f).read_bytes() for f in SOURCES)).hexdigest()[:16]


def disk(name: str, compute: Callable, *args, check: Callable = lambda value: value):
    """``compute(*args)`` through the disk cache (JSON arguments and value; ``check`` validates a hit and
    raises ValueError/TypeError/KeyError when the entry is not a value of ``name``)."""
    key = ["analysis", name, SOLVER_VERSION, CODE, list(args)]
    cache = get_cache()
    hit = cache.get(key, lambda value: (check(value), value)[1])
    if hit is not None:
        return hit
    value = compute(*args)
    cache.set(key, value)
    return value

"""Numbers the analysis derives from the solver (optima, transitions), kept in the solver's disk cache.

A refined optimum or a bisected transition costs tens of warm-started solves that the solver's own
cache does not see (``solve(..., near=...)``). ``disk(name, compute, *args)`` stores the result of
``compute(*args)`` as a JSON document in the same cache (``solver.cache.get_cache``), so that the
background warm-up process fills it for the server, and a fresh server process computes a page's
verdicts and sentences from these numbers instead of repeating the searches.

The key holds ``name``, the arguments, ``SOLVER_VERSION`` and a digest of the analysis modules
(``CODE``), so a changed solver or search never reads an old entry. A value must pass the
caller's ``check`` (else it is a miss, deleted); a fault of the cache only costs the computation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from solver import SOLVER_VERSION, Solution
from solver.cache import get_cache, parse_solution

from .optima import Found

SOURCES = sorted(Path(__file__).parent.glob("*.py"))  # the analysis modules the numbers may depend on
CODE = hashlib.sha256(b"".join(p.read_bytes() for p in SOURCES)).hexdigest()[:16]


def disk(name: str, compute: Callable, *args, check: Callable = lambda value: value):
    """``compute(*args)`` through the disk cache (JSON arguments and value; ``check`` validates a hit and
    raises ValueError/TypeError/KeyError when the entry is not a value of ``name``)."""
    return _through([name, *args], lambda: compute(*args), check)


def _through(parts: list, compute: Callable, check: Callable):
    key = ["analysis", SOLVER_VERSION, CODE, parts]
    cache = get_cache()
    hit = cache.get(key, lambda value: (check(value), value)[1])
    if hit is not None:
        return hit
    value = compute()
    cache.set(key, value)
    return value


def found(name: str, compute: Callable[[], Found], *key) -> Found:
    """``compute()``, an ``optima.Found``, through the disk cache under (``name``, ``key``), its solution
    as a Solution document; ``key`` (JSON) must determine the result."""

    def document() -> dict:
        f = compute()
        sol = None if f.solution is None else f.solution.to_dict()
        return dict(found=f.found, x=f.x, value=f.value, reason=f.reason, solution=sol)

    d = _through([name, *key], document, _found)
    sol = None if d["solution"] is None else Solution.from_dict(d["solution"])
    return Found(d["found"], d["x"], d["value"], d["reason"], sol)


def _found(d) -> None:
    if set(d) != {"found", "x", "value", "reason", "solution"} or not isinstance(d["found"], bool):
        raise ValueError("not a Found")
    if not isinstance(d["reason"], str) or not all(v is None or float(v) == v for v in (d["x"], d["value"])):
        raise ValueError("not a Found")
    if d["solution"] is not None:
        parse_solution(d["solution"], d["solution"])  # types and finiteness of a Solution document


def digest(documents) -> str:
    """A short digest of JSON documents (e.g. the solutions of a sweep), to key what is derived from them."""
    return hashlib.sha256(json.dumps(documents, sort_keys=True).encode()).hexdigest()[:24]

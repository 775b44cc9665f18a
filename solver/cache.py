"""Cached entry points: ``cached_solve`` and ``cached_sweep`` backed by diskcache, JSON only.

Keys are the validated parameters rounded to 12 significant digits plus ``SOLVER_VERSION``;
the rounded values are also the ones solved, so a key always describes its value exactly.
Values are ``Solution.to_dict()`` JSON documents. The disk class refuses to unpickle anything
(diskcache's default Disk would unpickle rows of a tampered cache database) and to touch a file
outside the cache directory. The directory is the ``directory`` argument of ``get_cache``, else
``$IMBALANCE_CACHE_DIR``, else a per-user folder (``$XDG_CACHE_HOME`` or ``~/.cache``, then
``imbalance-solver``); size-limited (LRU eviction); SQLite makes it safe for several processes.

The cache is an accelerator, never a dependency: a corrupt database is rebuilt, a read-only one is
read without writing (new results stay in memory), an unusable directory or a non-numeric
``$IMBALANCE_CACHE_SIZE_MB`` falls back to a bounded memory cache, and a value that fails its schema
check (types, finiteness, the key's parameters) counts as a miss and is deleted. Each fault is logged
once as a warning and listed by ``cache_faults()`` (the app shows them as a discreet note).
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import threading
import zlib
from collections import OrderedDict
from dataclasses import fields
from pathlib import Path

import diskcache

from .api import SWEEPABLE, sweep
from .api import solve as _solve
from .params import check, check_values
from .solution import Solution

SOLVER_VERSION = "1.4.0"  # bump whenever numerical results can change
SIZE_LIMIT_MB = 256  # default; override with $IMBALANCE_CACHE_SIZE_MB
MEMORY_LIMIT_MB = 32  # the in-memory fallback when the disk cannot be used
DB_NAME = diskcache.core.DBNAME
# Everything a damaged or hostile cache can raise while reading or writing (the cache then steps aside).
FAULTS = (sqlite3.Error, diskcache.Timeout, OSError, ValueError, TypeError, KeyError, IndexError, zlib.error)
log = logging.getLogger(__name__)
_faults: dict[str, str] = {}


def cache_faults() -> list[str]:
    """One short sentence per cache fault met by this process (empty when the cache works)."""
    return list(_faults.values())


def _fault(kind: str, text: str) -> None:
    """Record a fault and log it once per kind (a fault repeats on every call otherwise)."""
    if kind not in _faults:
        log.warning("solver cache: %s", text)
    _faults[kind] = text


class SafeJSONDisk(diskcache.JSONDisk):
    """JSONDisk that never unpickles and never reads or removes a file outside its directory."""

    def get(self, key, raw):
        if not raw:
            raise ValueError("refusing a non-JSON cache key")
        return super().get(key, raw)

    def fetch(self, mode, filename, value, read):
        if mode not in (diskcache.core.MODE_RAW, diskcache.core.MODE_BINARY):
            raise ValueError("refusing a non-JSON cache value")
        if filename is not None:
            _confined(self._directory, filename)
        return super().fetch(mode, filename, value, read)

    def remove(self, file_path):
        try:
            _confined(self._directory, file_path)
        except ValueError:
            return  # a tampered row: leave the file alone
        super().remove(file_path)


def _confined(directory: str, filename) -> Path:
    """The path of a value file, or ValueError when it would leave the cache directory."""
    root = Path(directory).resolve()
    path = (root / str(filename)).resolve()
    if not path.is_relative_to(root) or path == root:
        raise ValueError(f"refusing a cache file outside the cache directory: {filename!r}")
    return path


class _Memory:
    """Bounded in-memory LRU cache of JSON documents (the fallback when the disk cannot be used)."""

    mode = "memory"

    def __init__(self, limit_bytes: int = MEMORY_LIMIT_MB * 2**20):
        self.limit, self.items, self.bytes = limit_bytes, OrderedDict(), 0
        self.lock = threading.Lock()  # several Streamlit sessions share it

    def get(self, key):
        with self.lock:
            text = self.items.get(_text(key))
            if text is not None:
                self.items.move_to_end(_text(key))
        return None if text is None else json.loads(text)

    def set(self, key, value) -> None:
        k, text = _text(key), json.dumps(value)
        with self.lock:
            self.bytes -= len(self.items.pop(k, ""))
            self.items[k], self.bytes = text, self.bytes + len(text)
            while self.bytes > self.limit and self.items:
                self.bytes -= len(self.items.popitem(last=False)[1])

    def delete(self, key) -> None:
        with self.lock:
            self.bytes -= len(self.items.pop(_text(key), ""))

    def volume(self) -> int:
        return self.bytes

    def __len__(self) -> int:
        return len(self.items)


def _text(key) -> str:
    return json.dumps(key, sort_keys=True)


class _ReadOnly:
    """A cache database on a read-only file system: read with SQLite's read-only mode (no LRU
    bookkeeping, which writes on every read); new values go to memory."""

    mode = "read-only"

    def __init__(self, directory: Path):
        self.disk, self.memory, self.lock = SafeJSONDisk(str(directory)), _Memory(), threading.Lock()
        uri = f"{(directory / DB_NAME).resolve().as_uri()}?mode=ro"
        try:  # sees the write-ahead log too when its index (-shm) can be read
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self.db.execute("SELECT count(*) FROM Cache").fetchone()
        except sqlite3.Error:  # the database file alone, as last checkpointed
            self.db = sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)
            self.db.execute("SELECT count(*) FROM Cache").fetchone()  # fails now if it is not a cache

    def get(self, key):
        hit = self.memory.get(key)
        if hit is not None:
            return hit
        db_key, raw = self.disk.put(key)
        with self.lock:
            row = self.db.execute(
                "SELECT mode, filename, value FROM Cache WHERE key = ? AND raw = ?", (db_key, raw)
            ).fetchone()
        return None if row is None else self.disk.fetch(*row, read=False)

    def set(self, key, value) -> None:
        self.memory.set(key, value)

    def delete(self, key) -> None:
        self.memory.delete(key)

    def volume(self) -> int:
        return self.memory.volume()

    def __len__(self) -> int:
        with self.lock:
            return self.db.execute("SELECT count(*) FROM Cache").fetchone()[0] + len(self.memory)


class _Disk:
    """The normal case: diskcache with JSON values and least-recently-used eviction."""

    mode = "disk"

    def __init__(self, directory: Path, size_limit: int):
        self.cache = diskcache.Cache(
            str(directory), disk=SafeJSONDisk, size_limit=size_limit, eviction_policy="least-recently-used"
        )

    def get(self, key):
        return self.cache.get(key)

    def set(self, key, value) -> None:
        self.cache.set(key, value)

    def delete(self, key) -> None:
        self.cache.delete(key)

    def volume(self) -> int:
        return self.cache.volume()

    def __len__(self) -> int:
        return len(self.cache)


class SafeCache:
    """The process-wide cache: a disk store that degrades (rebuilt, read-only, memory) on any fault."""

    def __init__(self, directory: Path, size_limit: int):
        self.directory, self.size_limit = directory, size_limit
        self.store = _open_store(directory, size_limit)

    @property
    def mode(self) -> str:
        """ "disk", "read-only" or "memory"."""
        return self.store.mode

    def get(self, key, parse=lambda value: value):
        """``parse(value)`` of the entry at ``key``, or None (a miss, or a fault: logged, then a miss)."""
        try:
            value = self.store.get(key)
            return None if value is None else parse(value)
        except (sqlite3.Error, diskcache.Timeout) as err:
            self._store_fault(err)
        except FAULTS as err:  # this entry cannot be read or is not what the key promises
            _fault("value", f"an invalid cache entry was ignored and deleted ({_describe(err)})")
            self.delete(key)
        return None

    def set(self, key, value) -> None:
        """Store a JSON document (a fault is logged and the value kept in memory instead)."""
        try:
            self.store.set(key, value)
        except FAULTS as err:
            self._store_fault(err)
            if self.store.mode == "memory":
                self.store.set(key, value)

    def delete(self, key) -> None:
        try:
            self.store.delete(key)
        except FAULTS as err:
            self._store_fault(err)

    def volume(self) -> int:
        return self.store.volume()

    def __len__(self) -> int:
        return len(self.store)

    def _store_fault(self, err: Exception) -> None:
        """A read or write of the store failed: rebuild a corrupt database once, else use memory."""
        if isinstance(err, diskcache.Timeout):
            _fault("busy", "the cache database was busy; the result was computed")
            return
        if self.store.mode == "disk" and isinstance(err, sqlite3.DatabaseError) and _corrupt(err):
            self.store = _rebuild(self.directory, self.size_limit, err)
            return
        if self.store.mode != "memory":
            _fault("store", f"the cache at {self.directory} failed ({_describe(err)}); using memory")
            self.store = _Memory()


def _describe(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"[:200]


def _corrupt(err: sqlite3.DatabaseError) -> bool:
    text = str(err).lower()
    return "malformed" in text or "not a database" in text or "no such table" in text


def _writable(directory: Path) -> bool:
    db = directory / DB_NAME
    return os.access(directory, os.W_OK | os.X_OK) and (not db.exists() or os.access(db, os.W_OK))


def _open_store(directory: Path, size_limit: int):
    """The best store the directory allows: disk, read-only disk, or memory."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        _fault("directory", f"the cache folder {directory} cannot be used ({_describe(err)}); using memory")
        return _Memory()
    if not _writable(directory):
        if (directory / DB_NAME).exists():
            _fault("read-only", f"the cache at {directory} is read-only: read, new results kept in memory")
            try:
                return _ReadOnly(directory)
            except FAULTS as err:
                _fault("directory", f"the read-only cache at {directory} is unreadable ({_describe(err)})")
        else:
            _fault("directory", f"the cache folder {directory} is not writable; results stay in memory")
        return _Memory()
    try:
        return _Disk(directory, size_limit)
    except sqlite3.DatabaseError as err:
        return _rebuild(directory, size_limit, err)
    except FAULTS as err:
        _fault("directory", f"the cache at {directory} cannot be opened ({_describe(err)}); using memory")
        return _Memory()


def _rebuild(directory: Path, size_limit: int, err: Exception):
    """Replace a corrupt cache database by an empty one (memory if even that fails)."""
    _fault("rebuilt", f"the cache database at {directory} was damaged ({_describe(err)}) and was rebuilt")
    try:
        for suffix in ("", "-wal", "-shm"):
            (directory / (DB_NAME + suffix)).unlink(missing_ok=True)
        return _Disk(directory, size_limit)
    except FAULTS as again:
        _fault("store", f"the cache at {directory} cannot be rebuilt ({_describe(again)}); using memory")
        return _Memory()


def default_directory() -> Path:
    """``$IMBALANCE_CACHE_DIR``, else the per-user cache folder ``<XDG cache>/imbalance-solver``."""
    env = os.environ.get("IMBALANCE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or Path.home() / ".cache"
    return Path(base) / "imbalance-solver"


def size_limit_bytes() -> int:
    """``$IMBALANCE_CACHE_SIZE_MB`` (default ``SIZE_LIMIT_MB``) in bytes; a bad value means the default."""
    text = os.environ.get("IMBALANCE_CACHE_SIZE_MB", str(SIZE_LIMIT_MB))
    try:
        size_mb = float(text)
        if not (math.isfinite(size_mb) and size_mb >= 0):
            raise ValueError
    except ValueError:
        _fault("size", f"IMBALANCE_CACHE_SIZE_MB={text[:40]!r} is not a size in MB; using {SIZE_LIMIT_MB} MB")
        size_mb = SIZE_LIMIT_MB
    return int(size_mb * 2**20)


_open: dict[tuple[str, int], SafeCache] = {}


def get_cache(directory: str | os.PathLike | None = None) -> SafeCache:
    """The process-wide cache at ``directory`` (default: ``default_directory()``), holding at most
    ``$IMBALANCE_CACHE_SIZE_MB`` megabytes (least recently used entries are evicted first)."""
    path = Path(directory) if directory is not None else default_directory()
    key = (str(path), size_limit_bytes())
    if key not in _open:
        if len(_open) >= 4:
            _open.pop(next(iter(_open)))
        _open[key] = SafeCache(path, key[1])
    return _open[key]


def _round(x: float | None) -> float | None:
    return None if x is None else float(f"{x:.12g}")


def _params(b0, alpha, T, rho_train, fix_b) -> dict:
    p = dict(b0=check("b0", b0), alpha=check("alpha", alpha), T=check("T", T))
    p["rho_train"] = check("rho_train", rho_train)
    p["fix_b"] = None if fix_b is None else check("fix_b", fix_b)
    return {k: _round(v) for k, v in p.items()}


_FIELDS = {f.name for f in fields(Solution)}
_NUMBERS = ("q", "R", "phi", "train_error", "residual")


def parse_solution(d, params: dict) -> Solution:
    """A cached Solution document checked field by field (ValueError/TypeError/KeyError if it is not one
    for ``params``): exactly the Solution fields, finite numbers, a converged informative or dummy phase."""
    if not isinstance(d, dict) or set(d) != _FIELDS:
        raise ValueError("not a Solution document")
    for name in _NUMBERS:
        if not _finite(d[name]):
            raise ValueError(f"{name} is not a finite number")
    b = float(d["b"]) if d["b"] in ("inf", "-inf") else d["b"]
    if not (_finite(b) or (d["phase"] == "dummy" and math.isinf(b))):
        raise ValueError("b is not a number")
    if d["phase"] not in ("informative", "dummy") or d["converged"] is not True:
        raise ValueError("not a converged solution")
    if any(type(d[k]) is not int for k in ("iterations", "evaluations")) or not isinstance(d["extra"], dict):
        raise TypeError("wrong types")
    if any(not isinstance(d[k], str) for k in ("message", "method")):
        raise TypeError("wrong types")
    if any(d[k] != params[k] for k in ("b0", "alpha", "T", "rho_train")):
        raise ValueError("the entry belongs to other parameters")
    return Solution.from_dict(d)


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def cached_solve(b0: float, alpha: float, T: float, rho_train: float, fix_b: float | None = None) -> Solution:
    """``solve`` through the disk cache (unsolved points are returned but never stored)."""
    params = _params(b0, alpha, T, rho_train, fix_b)
    key = ["solve", SOLVER_VERSION, params]
    cache = get_cache()
    hit = cache.get(key, lambda d: parse_solution(d, params))
    if hit is not None:
        return hit
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
    values = [_round(check(over, v)) for v in check_values(over, values)]
    base = _params(b0, alpha, T, rho_train, fix_b)
    key = ["sweep", SOLVER_VERSION, over, values, base]
    cache = get_cache()
    hit = cache.get(key, lambda docs: _parse_sweep(docs, over, values, base))
    if hit is not None:
        return hit
    sols = sweep(over, values, **base)
    if all(s.converged for s in sols):
        cache.set(key, [s.to_dict() for s in sols])
    return sols


def _parse_sweep(docs, over: str, values: list, base: dict) -> list[Solution]:
    if not isinstance(docs, list) or len(docs) != len(values):
        raise ValueError("not a sweep of this length")
    return [parse_solution(d, {**base, over: v}) for d, v in zip(docs, values, strict=True)]

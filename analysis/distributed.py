"""Maps on Dask: a state or optimum map (``analysis.maps``), optionally over a third axis, computed in
chunks of grid lines on Dask and written incrementally to a Parquet dataset (resumable) and a CSV.

* Where: local worker processes by default (one per core, loopback only), an existing cluster by address
  (``scheduler="tcp://host:8786"``), or this process alone (``serial=True``: no Dask needed). Workers
  import this project: on a remote cluster they need the same code (``code_version``: the solver
  version, a hash of ``solver/`` and of the analysis modules a chunk runs, the numpy and scipy versions),
  checked on every worker once the cluster is up and on every result: other code is refused, not written.
* Chunks: each chunk is a few grid lines of one slab (one value of the third axis), computed by
  ``maps.state_map`` / ``maps.optimum_map`` on that sub-grid, so continuation works inside a chunk as in
  an in-process map (state lines are independent sweeps: the values are identical; an optimum chunk's
  first pixel is located on a full rho_train sweep instead of continued from the previous row: the same
  optimum to the Brent tolerance ``maps.XTOL``).
* Output: ``out/`` is a Parquet dataset, one file per finished chunk named after its lines (written by
  the client as results arrive, renamed into place, so an interrupted or killed run leaves only whole
  chunks); ``out/_grid.json`` holds the grid and solver version. Run again with the same ``out`` to
  resume: only the lines not in a file are computed (with any chunk size); a different grid there is
  refused. The long table (``Map.frame`` columns, plus the third axis) is returned and, if asked,
  written as CSV once complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import scipy

from solver.cache import SOLVER_VERSION

from . import maps

# Points per chunk by default: about half a second of solver work (a state point is one solve of a sweep, an
# optimum pixel a few dozen), so that Dask's cost per task (~15 ms of CPU here) stays a few percent.
CHUNK_POINTS = {"state": 2000, "optimum": 60}
GRID_FILE = "_grid.json"  # leading "_": ignored by Parquet readers of the folder
PART = re.compile(r"part-(\d{4})-(\d{5})-(\d{5})\.parquet")
NO_DASK = (
    "Dask is not installed here: pip install dask distributed (both are in requirements.txt), "
    "or compute in this process with --serial (Python: serial=True)"
)


@dataclass(frozen=True)
class Grid:
    """What to compute: ``kind`` ("state" or "optimum") over x, y (and optionally z) at ``base``."""

    kind: str
    x: str
    xs: tuple
    y: str
    ys: tuple
    base: dict
    rho_test: float = 0.5
    z: str | None = None
    zs: tuple = ()

    def check(self) -> None:
        """ValueError naming what is wrong (axes, kind), before anything is computed."""
        if self.kind not in ("state", "optimum"):
            raise ValueError(f"kind must be state or optimum, got {self.kind!r}")
        maps._check_axes(self.x, self.y)
        if self.kind == "optimum" and "rho_train" in (self.x, self.y, self.z):
            raise ValueError("an optimum map optimises over rho_train: it cannot be an axis")
        if self.z is not None:
            names = {self.x, self.y, self.z}
            if self.z not in maps.AXES or len(names) < 3 or {"b0", "rho0"} <= names:
                raise ValueError(f"z must be a third parameter among {', '.join(maps.AXES)}, got {self.z}")
            if not self.zs:
                raise ValueError("z needs at least one value")

    def slabs(self) -> list:
        """Values of the third axis (one slab each), or [None] for a plain map."""
        return list(self.zs) if self.z is not None else [None]

    def lines(self) -> tuple[str, tuple]:
        """The axis whose values are split into chunks: the lines of ``maps.state_map`` / rows of an
        optimum map (y), or x when rho_train is y (state lines then run along rho_train)."""
        return ("x", self.xs) if self.kind == "state" and self.y == "rho_train" else ("y", self.ys)

    def to_json(self) -> dict:
        return {**asdict(self), "xs": list(self.xs), "ys": list(self.ys), "zs": list(self.zs)}


@dataclass(frozen=True)
class Chunk:
    slab: int  # index into Grid.slabs()
    start: int  # first line (index along Grid.lines())
    stop: int

    @property
    def name(self) -> str:
        return f"part-{self.slab:04d}-{self.start:05d}-{self.stop:05d}.parquet"


def default_lines(grid: Grid) -> int:
    """Lines per chunk for about ``CHUNK_POINTS`` points (at least one line)."""
    return max(1, round(CHUNK_POINTS[grid.kind] / _across(grid)))


def chunks(grid: Grid, lines_per_chunk: int | None = None, done: frozenset = frozenset()) -> list[Chunk]:
    """The lines of every slab not in ``done`` ((slab, line) pairs), in chunks of at most
    ``lines_per_chunk`` (default: ``default_lines``) consecutive lines."""
    n, step, out = len(grid.lines()[1]), max(1, int(lines_per_chunk or default_lines(grid))), []
    for k in range(len(grid.slabs())):
        run: list[int] = []
        for i in (i for i in range(n) if (k, i) not in done):
            if run and (i != run[-1] + 1 or len(run) == step):
                out.append(Chunk(k, run[0], run[-1] + 1))
                run = []
            run.append(i)
        if run:
            out.append(Chunk(k, run[0], run[-1] + 1))
    return out


def done_lines(out: Path) -> frozenset:
    """(slab, line) pairs already in the part files of ``out``."""
    found = (PART.fullmatch(p.name) for p in out.glob("part-*.parquet"))
    return frozenset((int(m[1]), i) for m in found if m for i in range(int(m[2]), int(m[3])))


def compute_chunk(grid: Grid, chunk: Chunk) -> pd.DataFrame:
    """The long table of one chunk: the map on the chunk's sub-grid."""
    zv = grid.slabs()[chunk.slab]
    base = dict(grid.base) if zv is None else {**grid.base, **maps.params_at(grid.base, **{grid.z: zv})}
    xs, ys = list(grid.xs), list(grid.ys)
    if grid.lines()[0] == "x":
        xs = xs[chunk.start : chunk.stop]
    else:
        ys = ys[chunk.start : chunk.stop]
    make = maps.state_map if grid.kind == "state" else maps.optimum_map
    df = make(grid.x, xs, grid.y, ys, base, grid.rho_test).frame()
    if zv is not None:
        df[grid.z] = float(zv)
    return df


CODE = ("solver", "analysis/maps.py", "analysis/optima.py", "analysis/boundary.py", "analysis/distributed.py")


def code_version() -> str:
    """What a chunk's numbers depend on, as the files are now: the solver version, a hash of the source of
    ``solver/`` (with its start-point table) and of the analysis modules a chunk runs, and the numpy and
    scipy versions. A run on Dask takes its reference once the workers are up; a worker takes its own once,
    when it first imports this module."""
    root, h = Path(__file__).parent.parent, hashlib.sha256()
    files = [
        p for name in CODE for p in ([root / name] if name.endswith(".py") else (root / name).rglob("*"))
    ]
    for path in sorted(p for p in files if p.suffix in (".py", ".json")):
        h.update(f"{path.relative_to(root).as_posix()}\n".encode() + path.read_bytes())
    libs = f"numpy {np.__version__}, scipy {scipy.__version__}"
    return f"solver {SOLVER_VERSION}, code {h.hexdigest()[:12]}, {libs}"


@cache
def _worker_code() -> str:
    """``code_version`` once per worker process, right after its imports."""
    return code_version()


def chunk_task(grid: Grid, chunk: Chunk) -> tuple[str, pd.DataFrame]:
    """What a worker runs: (its code version, the chunk's long table)."""
    return _worker_code(), compute_chunk(grid, chunk)


@contextmanager
def client_for(scheduler: str | None = None, workers: int | None = None) -> Iterator:
    """A Dask client: to the cluster at ``scheduler``, or to ``workers`` local worker processes (default:
    one per core) listening on loopback only, closed afterwards. ValueError if Dask is not installed."""
    Client = _dask("Client")
    if scheduler:
        try:
            client = Client(scheduler)
        except OSError as err:
            raise ValueError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
        with client:
            yield client
        return
    with local_cluster(workers or cores()) as cluster, Client(cluster) as client:
        yield client


def local_cluster(workers: int):
    """A LocalCluster of ``workers`` processes of one thread each, every port on loopback only (the
    scheduler, the workers and the HTTP status page, on a free port), without the workers' statistical
    profiler (it samples the busy thread every 10 ms for a dashboard that nobody reads here)."""
    import dask  # noqa: PLC0415

    LocalCluster = _dask("LocalCluster")  # first: it adds Dask's defaults that config.set then overrides
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        )


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one): the default number
    of local workers."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _dask(name: str):
    """``dask.distributed.<name>``; ValueError saying how to install Dask or do without it."""
    try:
        import dask.distributed  # noqa: PLC0415 (only maps on Dask need it)
    except ImportError:
        raise ValueError(NO_DASK) from None
    return getattr(dask.distributed, name)


def _prepare(out: Path, grid: Grid) -> None:
    """Create ``out`` with its grid file, or check that an existing one holds the same grid."""
    meta = {"solver_version": SOLVER_VERSION, "grid": grid.to_json()}
    path = out / GRID_FILE
    if path.exists():
        try:
            old = json.loads(path.read_text())
        except (OSError, ValueError):
            old = None
        if old != json.loads(json.dumps(meta)):
            raise ValueError(
                f"{out} holds another map (other grid or solver version): choose another output or delete it"
            )
        return
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(meta))


def _write_part(out: Path, chunk: Chunk, df: pd.DataFrame) -> None:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    tmp = out / f".{chunk.name}.tmp"
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp)
    os.replace(tmp, out / chunk.name)


def read(out: Path | str) -> pd.DataFrame:
    """The finished chunks of a map folder as one long table, sorted by (z,) y, x."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    out = Path(out)
    grid = json.loads((out / GRID_FILE).read_text())["grid"]
    parts = sorted(p for p in out.glob("part-*.parquet") if PART.fullmatch(p.name))
    if not parts:
        return pd.DataFrame()
    df = pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)
    keys = [k for k in (grid["z"], grid["y"], grid["x"]) if k]
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def run(
    grid: Grid,
    out: Path | str,
    csv: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    lines_per_chunk: int | None = None,
    progress: bool = True,
    serial: bool = False,
) -> tuple[pd.DataFrame, int]:
    """Compute the lines of ``grid`` not yet in ``out``; return (long table, chunks computed).

    On Dask (local processes, or the cluster at ``scheduler``) unless ``serial``. Each chunk is written
    to ``out`` as soon as it arrives; the CSV (if asked) once all are done. From a script, call it under
    ``if __name__ == "__main__":`` (local workers are started as new Python processes)."""
    grid.check()
    if not serial:
        _dask("Client")  # installed? (before the folder is made)
    out = Path(out)
    _prepare(out, grid)
    todo = chunks(grid, lines_per_chunk, done_lines(out))
    if todo:
        bar = _bar(grid, todo, progress)
        with bar:
            if serial:
                for c in todo:
                    _write_part(out, c, compute_chunk(grid, c))
                    bar.update(_points(grid, c))
            else:
                _compute(grid, out, todo, (scheduler, workers), bar)
    df = read(out)
    if csv:
        df.to_csv(csv, index=False)
    return df, len(todo)


def _compute(grid: Grid, out: Path, todo: list[Chunk], cluster: tuple, bar) -> None:
    """The chunks on Dask. The code reference is taken once the workers are up, as they import the code
    (a worker that joins later is checked on its results)."""
    as_completed = _dask("as_completed")
    with client_for(*cluster) as client:
        ours = code_version()
        for theirs in _worker_codes(client):
            _same_code(theirs, ours)
        futures = {client.submit(chunk_task, grid, c, pure=False): c for c in todo}
        for fut in as_completed(futures):
            theirs, df = fut.result()
            _same_code(theirs, ours)
            _write_part(out, futures[fut], df)
            bar.update(_points(grid, futures[fut]))


def _worker_codes(client) -> list[str]:
    """The code version of every worker now; ValueError if one cannot import this project."""
    try:
        return list(client.run(_worker_code).values())
    except Exception as err:  # Dask hands on a worker's failed import as a bare Exception
        if "No module named" not in str(err):
            raise
        raise ValueError(
            f"a worker cannot import this project ({err}): start every worker in a checkout of the same "
            "commit, with the checkout on its PYTHONPATH"
        ) from None


def _same_code(theirs: str, ours: str) -> None:
    if theirs != ours:
        raise ValueError(
            f"a worker runs other code ({theirs}) than this checkout ({ours}): start every worker from the "
            "same commit with the same numpy and scipy (local workers read the files as they are: were "
            "they edited while the map started?)"
        )


def _bar(grid: Grid, todo: list[Chunk], progress: bool):
    from tqdm import tqdm  # noqa: PLC0415

    total = sum(_points(grid, c) for c in todo)
    return tqdm(total=total, desc=f"{grid.kind} map", unit="pt", file=sys.stderr, disable=not progress)


def _across(grid: Grid) -> int:
    """Points on one line."""
    return len(grid.ys) if grid.lines()[0] == "x" else len(grid.xs)


def _points(grid: Grid, chunk: Chunk) -> int:
    return (chunk.stop - chunk.start) * _across(grid)


def points(grid: Grid) -> int:
    """Grid points (solver work) of a map: for the progress text and the benchmarks."""
    return len(grid.xs) * len(grid.ys) * max(1, len(grid.zs))


def default_out(grid: Grid) -> str:
    """A folder name that says what the map is, with a hash of the whole grid (so that the same command
    resumes its own folder and another map never lands in it)."""
    axes = "_".join(a for a in (grid.x, grid.y, grid.z) if a)
    size = "x".join(str(n) for n in (len(grid.xs), len(grid.ys), len(grid.zs)) if n)
    key = hashlib.sha256(json.dumps(grid.to_json(), sort_keys=True).encode()).hexdigest()[:8]
    return f"map_{grid.kind}_{axes}_{size}_{key}.parquet"

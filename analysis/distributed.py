"""Maps on Dask: a state or optimum map (``analysis.maps``), optionally over a third axis, computed in
chunks of grid lines on a Dask cluster and written incrementally to a Parquet dataset (resumable) and a CSV.

* Cluster: local worker processes by default (one per core, loopback only), or an existing cluster by
  address (``scheduler="tcp://host:8786"``). Workers import this project: on a remote cluster they need
  the same checkout on their ``PYTHONPATH`` (the solver version is checked before anything runs).
* Chunks: each chunk is a few grid lines of one slab (one value of the third axis), computed by
  ``maps.state_map`` / ``maps.optimum_map`` on that sub-grid, so continuation works inside a chunk as in
  an in-process map (state lines are independent sweeps: the values are identical; an optimum chunk's
  first pixel is located on a full rho_train sweep instead of continued from the previous row: the same
  optimum to the Brent tolerance ``maps.XTOL``).
* Output: ``out/`` is a Parquet dataset, one file per finished chunk (written by the client as results
  arrive, renamed into place, so an interrupted run leaves only whole chunks); ``out/_grid.json`` holds
  the grid and solver version. Run again with the same ``out`` to resume: finished chunks are skipped; a
  different grid there is refused. The long table (``Map.frame`` columns, plus the third axis) is
  returned and, if asked, written as CSV.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from solver.cache import SOLVER_VERSION

from . import maps

GRID_FILE = "_grid.json"  # leading "_": ignored by Parquet readers of the folder


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


def chunks(grid: Grid, lines_per_chunk: int) -> list[Chunk]:
    n = len(grid.lines()[1])
    step = max(1, int(lines_per_chunk))
    return [Chunk(k, s, min(n, s + step)) for k in range(len(grid.slabs())) for s in range(0, n, step)]


def compute_chunk(grid: Grid, chunk: Chunk) -> pd.DataFrame:
    """The long table of one chunk (runs on a worker): the map on the chunk's sub-grid."""
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


def _solver_version() -> str:
    return SOLVER_VERSION


@contextmanager
def client_for(scheduler: str | None = None, workers: int | None = None) -> Iterator:
    """A Dask client: to the cluster at ``scheduler``, or to local worker processes (default: one per
    core) listening on loopback only, closed afterwards."""
    from dask.distributed import Client, LocalCluster  # noqa: PLC0415 (only the map command needs Dask)

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,  # fmt: skip
        Client(cluster) as client,
    ):
        yield client


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
    parts = sorted(out.glob("part-*.parquet"))
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
    lines_per_chunk: int = 2,
    progress: bool = True,
) -> tuple[pd.DataFrame, int]:
    """Compute the chunks of ``grid`` not yet in ``out`` on Dask; return (long table, chunks computed).

    Each chunk is written to ``out`` as soon as it arrives; the CSV (if asked) once all are done."""
    grid.check()
    out = Path(out)
    _prepare(out, grid)
    todo = [c for c in chunks(grid, lines_per_chunk) if not (out / c.name).exists()]
    if todo:
        _compute(grid, out, todo, scheduler, workers, progress)
    df = read(out)
    if csv:
        df.to_csv(csv, index=False)
    return df, len(todo)


def _compute(grid: Grid, out: Path, todo: list[Chunk], scheduler, workers, progress: bool) -> None:
    from dask.distributed import as_completed  # noqa: PLC0415
    from tqdm import tqdm  # noqa: PLC0415

    with client_for(scheduler, workers) as client:
        theirs = client.submit(_solver_version, pure=False).result()
        if theirs != SOLVER_VERSION:
            raise ValueError(f"the cluster's workers run solver {theirs}, this checkout {SOLVER_VERSION}")
        futures = {client.submit(compute_chunk, grid, c, pure=False): c for c in todo}
        bar = tqdm(total=len(todo), desc=f"{grid.kind} map chunks", file=sys.stderr, disable=not progress)
        with bar:
            for fut in as_completed(futures):
                _write_part(out, futures[fut], fut.result())
                bar.update(1)


def points(grid: Grid) -> int:
    """Grid points (solver work) of a map: for the progress text and the benchmarks."""
    return len(grid.xs) * len(grid.ys) * max(1, len(grid.zs))


def default_out(grid: Grid) -> str:
    """A folder name that says what the map is (for the command line)."""
    axes = "_".join(a for a in (grid.x, grid.y, grid.z) if a)
    size = "x".join(str(n) for n in (len(grid.xs), len(grid.ys), len(grid.zs)) if n)
    return f"map_{grid.kind}_{axes}_{size}.parquet"

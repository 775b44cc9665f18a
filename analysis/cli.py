"""``python -m analysis map ...``: a map (``analysis.maps``) or its dummy-phase boundary, written as CSV.

State and optimum maps run on Dask by default (``analysis.distributed``): local worker processes, one
per core, or an existing cluster with ``--scheduler``; written chunk by chunk to a Parquet folder that
the same command resumes, then to the CSV. ``--serial`` computes in this process instead (small maps,
tests; no Dask needed), the boundary curve always does.

(The map moved from ``python -m solver map`` to here with the maps themselves: ``solver`` is the theory
only and imports nothing of the project.)

Examples::

    python -m analysis map --x alpha 0.2 10 201 --y b0 -3 0 201 --T 0.5 --rho-train 0.3 --csv map.csv
    python -m analysis map --x alpha 0.2 10 41 --y b0 -3 0 41 --rho-train 0.3 --serial --csv map.csv
    python -m analysis map --kind optimum --x alpha 0.5 10 200 --y rho0 0.01 0.5 200 --scheduler tcp://10.0.0.5:8786
    python -m analysis map --kind boundary --x alpha 0.5 10 21 --b0 -0.6 --T 0.5 --csv boundary.csv
    python -m analysis transition --b0 -0.6 --alpha 1.1 8 --T 0.5   (rho*, spinodal, jumps: Markdown)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from solver.cli import Parser, output, run_main
from solver.params import b0_from_rho0, check

from . import maps, transition

MAX_NUM = 201  # grid points per axis (a third axis, --z, multiplies the work)


def parser() -> argparse.ArgumentParser:
    """``python -m analysis`` with its one subcommand ``map``."""
    top = Parser(prog="python -m analysis", description="maps of the RS solution")
    sub = top.add_subparsers(dest="command", required=True)
    m = sub.add_parser("map", help="a map over two parameters (or a boundary curve), written as CSV")
    kinds = "state at fixed rho_train, optima over rho_train, or the dummy-phase boundary along x"
    m.add_argument("--kind", choices=("state", "optimum", "boundary"), default="state", help=kinds)
    axis = dict(nargs=4, metavar=("NAME", "LO", "HI", "NUM"))
    m.add_argument("--x", required=True, help=f"x axis: one of {', '.join(maps.AXES)}", **axis)
    m.add_argument("--y", help="y axis (not for --kind boundary)", **axis)
    m.add_argument("--b0", type=float, default=-0.6, help="teacher bias (fixed unless an axis)")
    m.add_argument("--alpha", type=float, default=1.1, help="samples per dimension (fixed unless an axis)")
    m.add_argument("--T", type=float, default=0.5, help="temperature (fixed unless an axis)")
    m.add_argument("--rho-train", type=float, default=0.5, help="train imbalance (fixed unless an axis)")
    m.add_argument("--rho-test", type=float, default=0.5, help="test imbalance for the metrics")
    m.add_argument("--csv", default="-", help="output file (default: stdout)")
    d = m.add_argument_group("on Dask (the default for state and optimum maps): resumable Parquet output")
    d.add_argument("--scheduler", help="address of an existing cluster, e.g. tcp://host:8786")
    d.add_argument("--workers", type=int, help="local worker processes (default: one per core)")
    d.add_argument("--serial", action="store_true", help="compute in this process, without Dask")
    d.add_argument("--z", help="a third axis: one slab per value", **axis)
    d.add_argument("--out", help="Parquet folder, resumed if it exists (default: named after the map)")
    chunk = "grid lines per chunk (default: about 2000 points of a state map, 60 of an optimum map)"
    d.add_argument("--lines-per-chunk", type=int, help=chunk)
    t = sub.add_parser("transition", help="the first-order transition to the dummy: rho*, spinodal, jumps")
    t.add_argument("--b0", type=float, default=-0.6, help="teacher bias")
    t.add_argument("--alpha", type=float, nargs="+", default=[0.5, 1.1, 2.0, 4.0, 8.0], help="one row each")
    t.add_argument("--T", type=float, default=0.5, help="temperature")
    t.add_argument("--N", type=int, default=transition.N_REF, help="system size for 'resolvable at N'")
    return top


def _axis(spec) -> tuple[str, list]:
    """(name, grid values) of an axis given as NAME LO HI NUM, each checked (ValueError naming it)."""
    name, lo, hi, num = spec
    if name not in maps.AXES:
        raise ValueError(f"axis NAME must be one of {', '.join(maps.AXES)}, got {name!r}")
    if not num.isdigit() or not 1 <= int(num) <= MAX_NUM:
        raise ValueError(f"NUM of the {name} axis must be an integer in [1, {MAX_NUM}], got {num!r}")
    ends = [_number(name, v) for v in (lo, hi)]
    for v in ends:
        b0_from_rho0(v) if name == "rho0" else check(name, v)
    return name, list(maps.axis_values(name, *ends, int(num)))


def _number(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"LO and HI of the {name} axis must be numbers, got {text!r}") from None


def _check(a: argparse.Namespace) -> tuple:
    """Every argument, before anything is computed: (x, xs, y, ys)."""
    x, xs = _axis(a.x)
    if a.kind == "boundary":
        if x == "rho_train":
            raise ValueError("--kind boundary runs along alpha, b0, rho0 or T, not rho_train")
        y, ys = None, None
    elif a.y is None:
        raise ValueError("--y is required for a state or optimum map")
    else:
        y, ys = _axis(a.y)
        if x == y or {x, y} == {"b0", "rho0"} or (a.kind == "optimum" and "rho_train" in (x, y)):
            raise ValueError(
                f"--x and --y must be two different axes (not rho_train for an optimum map), got {x}, {y}"
            )
    for name in ("b0", "alpha", "T", "rho_train", "rho_test"):
        check(name, getattr(a, name))
    return x, xs, y, ys


def run(a: argparse.Namespace) -> None:
    """Compute the requested map and write it as CSV (progress bar on stderr), or the transition table."""
    if a.command == "transition":
        for name, v in (("b0", a.b0), ("T", a.T), *(("alpha", x) for x in a.alpha)):
            check(name, v)
        if a.N < 1:
            raise ValueError(f"--N must be a positive integer, got {a.N}")
        print(transition.markdown(a.b0, a.alpha, a.T, a.N))
        return
    x, xs, y, ys = _check(a)
    base = dict(b0=a.b0, alpha=a.alpha, T=a.T, rho_train=a.rho_train)
    if _mode(a) != "plain":
        _run_chunked(a, x, xs, y, ys, base)
        return
    with output(a.csv) as fh:
        with tqdm(
            total=1.0, desc=f"map {a.kind}", file=sys.stderr, bar_format="{desc}: {percentage:3.0f}%|{bar}|"
        ) as bar:

            def progress(fraction: float, text: str) -> None:
                bar.n = fraction
                bar.set_description(text)

            if a.kind == "boundary":
                df = maps.boundary_curve(x, xs, base, progress=progress)
            else:
                df = maps.cached_map(a.kind, x, xs, y, ys, base, a.rho_test, progress).frame()
        df.to_csv(fh, index=False)


def _mode(a: argparse.Namespace) -> str:
    """How to compute: on "dask" (the default), "serial" (chunks in this process) or "plain" (the map in
    one piece in this process: --serial without --out or --z, and the boundary curve). Options that do not
    apply are refused."""
    dask_only = [n for n, v in (("--scheduler", a.scheduler), ("--workers", a.workers)) if v is not None]
    chunked = [n for n, v in (("--z", a.z), ("--out", a.out), ("--lines-per-chunk", a.lines_per_chunk)) if v]
    if a.kind == "boundary" and dask_only + chunked:
        raise ValueError(f"--kind boundary runs in this process: drop {', '.join(dask_only + chunked)}")
    if a.serial and dask_only:
        raise ValueError(f"--serial computes in this process: drop {', '.join(dask_only)}")
    if a.workers is not None and a.workers < 1:
        raise ValueError(f"--workers must be a positive integer, got {a.workers}")
    if a.lines_per_chunk is not None and a.lines_per_chunk < 1:
        raise ValueError(f"--lines-per-chunk must be a positive integer, got {a.lines_per_chunk}")
    if a.kind == "boundary" or (a.serial and not chunked):
        return "plain"
    return "serial" if a.serial else "dask"


def _run_chunked(a: argparse.Namespace, x, xs, y, ys, base: dict) -> None:
    """The map in chunks (on Dask unless --serial), written to a Parquet folder (resumable) and the CSV."""
    from . import distributed  # noqa: PLC0415 (only chunked maps need it)

    z, zs = _axis(a.z) if a.z else (None, [])
    grid = distributed.Grid(a.kind, x, tuple(xs), y, tuple(ys), base, a.rho_test, z, tuple(zs))
    grid.check()
    out = Path(a.out or distributed.default_out(grid))
    where = f"on {a.workers or distributed.cores()} local processes"
    where = "in this process" if a.serial else f"on the cluster at {a.scheduler}" if a.scheduler else where
    with output(a.csv) as fh:  # checked before anything runs or is said
        print(
            f"{distributed.points(grid)} points {where}, each chunk saved to {out} when done", file=sys.stderr
        )
        try:
            df, done = distributed.run(
                grid, out, None, a.scheduler, a.workers, a.lines_per_chunk, serial=a.serial
            )
        except KeyboardInterrupt:
            print(f"interrupted: the finished chunks are in {out}; the same command resumes", file=sys.stderr)
            raise
        print(f"{done} chunks computed, {len(df)} points in {out}", file=sys.stderr)
        df.to_csv(fh, index=False)


def main(argv=None) -> int:
    """Errors are one line on stderr and exit code 2, as for ``python -m solver``; Ctrl-C exits with 130."""
    try:
        return run_main(run, parser().parse_args(argv))
    except KeyboardInterrupt:
        return 130

"""``python -m analysis map ...``: a map (``analysis.maps``) or its dummy-phase boundary, written as CSV.

(The map moved from ``python -m solver map`` to here with the maps themselves: ``solver`` is the theory
only and imports nothing of the project.)

Examples::

    python -m analysis map --x alpha 0.2 10 41 --y b0 -3 0 41 --T 0.5 --rho-train 0.3 --csv map.csv
    python -m analysis map --kind optimum --x alpha 0.5 10 11 --y rho0 0.01 0.5 11 --T 0.5 --csv opt.csv
    python -m analysis map --kind boundary --x alpha 0.5 10 21 --b0 -0.6 --T 0.5 --csv boundary.csv
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from tqdm import tqdm

from . import maps


def parser() -> argparse.ArgumentParser:
    """``python -m analysis`` with its one subcommand ``map``."""
    top = argparse.ArgumentParser(prog="python -m analysis", description="maps of the RS solution")
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
    return top


def _axis(spec) -> tuple[str, list]:
    name, lo, hi, num = spec
    if int(num) < 1:
        raise ValueError(f"NUM must be a positive integer, got {num}")
    return name, list(maps.axis_values(name, float(lo), float(hi), int(num)))


def run(a: argparse.Namespace) -> None:
    """Compute the requested map and write it as CSV (progress bar on stderr)."""
    base = dict(b0=a.b0, alpha=a.alpha, T=a.T, rho_train=a.rho_train)
    x, xs = _axis(a.x)
    with tqdm(
        total=1.0, desc=f"map {a.kind}", file=sys.stderr, bar_format="{desc}: {percentage:3.0f}%|{bar}|"
    ) as bar:

        def progress(fraction: float, text: str) -> None:
            bar.n = fraction
            bar.set_description(text)

        if a.kind == "boundary":
            df = maps.boundary_curve(x, xs, base, progress=progress)
        else:
            if a.y is None:
                raise ValueError("--y is required for a state or optimum map")
            y, ys = _axis(a.y)
            df = maps.cached_map(a.kind, x, xs, y, ys, base, a.rho_test, progress).frame()
    with open(a.csv, "w", newline="") if a.csv != "-" else nullcontext(sys.stdout) as fh:
        df.to_csv(fh, index=False)


def main(argv=None) -> int:
    """Errors are one line on stderr and exit code 2, as for ``python -m solver``."""
    args = parser().parse_args(argv)
    try:
        run(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0

"""Command line: ``python -m solver solve ...``, ``python -m solver sweep ...``.

Maps: ``python -m analysis map``.

Errors are one line on stderr and exit code 2. ``sweep`` shows a progress bar on stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from contextlib import nullcontext

import numpy as np
from tqdm import tqdm

from .api import SWEEPABLE, solve, sweep
from .metrics import METRIC_NAMES
from .params import check
from .solution import Solution

COLUMNS = (
    "b0",
    "alpha",
    "T",
    "rho_train",
    "fix_b",
    "rho_test",
    "phase",
    "converged",
    "q",
    "R",
    "b",
    "phi",
    "free_energy",
    "train_error",
    "residual",
    "iterations",
) + METRIC_NAMES


def _row(sol: Solution, rho_test: float) -> dict:
    row = {k: getattr(sol, k) for k in COLUMNS if hasattr(sol, k)}
    row["rho_test"] = rho_test
    row.update(sol.metrics(rho_test) if sol.converged else dict.fromkeys(METRIC_NAMES))
    return row


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--b0", type=float, required=True, help="teacher bias; rho0 = Phi(b0)")
    p.add_argument("--alpha", type=float, required=True, help="samples per dimension")
    p.add_argument("--T", type=float, required=True, help="temperature (training noise)")
    p.add_argument("--fix-b", type=float, default=None, help="hold the student bias at this value (App. D)")
    p.add_argument("--rho-test", type=float, default=0.5, help="test imbalance for the metrics")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m solver", description="RS solution of the imbalanced perceptron"
    )
    sub = top.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="one parameter point")
    _common(s)
    s.add_argument("--rho-train", type=float, required=True, help="fraction of anomalies in the train set")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    w = sub.add_parser("sweep", help="a sweep of one parameter, written as CSV")
    w.add_argument("--over", choices=SWEEPABLE, default="rho_train")
    w.add_argument("--start", type=float, required=True)
    w.add_argument("--stop", type=float, required=True)
    w.add_argument("--num", type=int, default=91)
    _common(w)
    w.add_argument("--rho-train", type=float, default=0.5, help="fixed value when not swept")
    w.add_argument("--csv", default="-", help="output file (default: stdout)")
    return top


def _solve(a) -> None:
    sol = solve(a.b0, a.alpha, a.T, a.rho_train, fix_b=a.fix_b)
    row = _row(sol, a.rho_test)
    if a.json:
        print(json.dumps({**sol.to_dict(), "rho0": sol.rho0, "metrics": {k: row[k] for k in METRIC_NAMES}}))
        return
    for k, v in row.items():
        print(f"{k:>22}  {v:.10g}" if isinstance(v, float) else f"{k:>22}  {v}")


def _sweep(a) -> None:
    if a.num < 1:
        raise ValueError(f"num must be a positive integer, got {a.num}")
    base = dict(b0=a.b0, alpha=a.alpha, T=a.T, rho_train=a.rho_train, fix_b=a.fix_b)
    base.pop(a.over)
    check(a.over, a.start), check(a.over, a.stop)  # fail before the progress bar starts
    with tqdm(total=a.num, desc=f"sweep {a.over}", disable=a.num < 20, file=sys.stderr) as bar:
        sols = sweep(a.over, np.linspace(a.start, a.stop, a.num), **base, progress=bar.update)
    with open(a.csv, "w", newline="") if a.csv != "-" else nullcontext(sys.stdout) as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(_row(s, a.rho_test) for s in sols)


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        {"solve": _solve, "sweep": _sweep}[args.command](args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0

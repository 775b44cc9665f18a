"""Command line: ``python -m solver solve ...``, ``python -m solver sweep ...``.

Maps: ``python -m analysis map``.

Every argument is checked before anything is computed; errors (also argparse's) are one line on stderr
and exit code 2. ``--csv FILE`` is checked up front by creating the file's temporary twin in the same
folder, written at the end and renamed into place, so a failure never leaves a partial file. Output piped
into a reader that stops early (``| head``) ends quietly. ``--json`` is strict JSON: non-finite numbers are
written as null (NaN) or the strings "inf"/"-inf". ``sweep`` shows a progress bar on stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

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
MAX_NUM = 100_000  # points of one sweep


class Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line (``error: ...``) and exit code 2."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def _row(sol: Solution, rho_test: float) -> dict:
    row = {k: getattr(sol, k) for k in COLUMNS if hasattr(sol, k)}
    row["rho_test"] = rho_test
    row.update(sol.metrics(rho_test) if sol.converged else dict.fromkeys(METRIC_NAMES))
    return row


def strict(value):
    """``value`` with every non-finite float replaced: NaN -> None, +-inf -> "inf"/"-inf" (strict JSON)."""
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    return value


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--b0", type=float, required=True, help="teacher bias; rho0 = Phi(b0)")
    p.add_argument("--alpha", type=float, required=True, help="samples per dimension")
    p.add_argument("--T", type=float, required=True, help="temperature (training noise)")
    p.add_argument("--fix-b", type=float, default=None, help="hold the student bias at this value (App. D)")
    p.add_argument("--rho-test", type=float, default=0.5, help="test imbalance for the metrics")


def parser() -> argparse.ArgumentParser:
    name = os.path.basename(sys.argv[0])  # the installed command, or python -m solver
    prog = "python -m solver" if name in ("__main__.py", "-c", "") else name
    top = Parser(prog=prog, description="RS solution of the imbalanced perceptron")
    sub = top.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="one parameter point")
    _common(s)
    s.add_argument("--rho-train", type=float, required=True, help="fraction of anomalies in the train set")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    w = sub.add_parser("sweep", help="a sweep of one parameter, written as CSV")
    w.add_argument("--over", choices=SWEEPABLE, default="rho_train")
    w.add_argument("--start", type=float, required=True)
    w.add_argument("--stop", type=float, required=True)
    w.add_argument("--num", type=int, default=91, help=f"number of points, 1 to {MAX_NUM}")
    _common(w)
    w.add_argument("--rho-train", type=float, default=0.5, help="fixed value when not swept")
    w.add_argument("--csv", default="-", help="output file (default: stdout)")
    return top


def _check(a) -> None:
    """Every argument of the command (the swept parameter's too), before anything is computed."""
    names = ["b0", "alpha", "T", "rho_train", "rho_test"] + (["fix_b"] if a.fix_b is not None else [])
    if a.command == "sweep":
        if not 1 <= a.num <= MAX_NUM:
            raise ValueError(f"num must be an integer in [1, {MAX_NUM}], got {a.num}")
        check(a.over, a.start), check(a.over, a.stop)
    for name in names:
        check(name, getattr(a, name))


@contextmanager
def output(path: str, newline: str | None = None):
    """A text stream for ``path`` ("-": stdout). The file is created now as a temporary twin in the same
    folder (ValueError naming the path if it cannot be), renamed into place only when the body succeeds."""
    if path == "-":
        yield sys.stdout
        return
    target = Path(path)
    try:
        if target.is_dir():
            raise IsADirectoryError("it is a folder")
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise ValueError(f"cannot write --csv {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "w", newline=newline) as fh:
            yield fh
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _solve(a) -> None:
    sol = solve(a.b0, a.alpha, a.T, a.rho_train, fix_b=a.fix_b)
    row = _row(sol, a.rho_test)
    if a.json:
        doc = {**sol.to_dict(), "rho0": sol.rho0, "metrics": {k: row[k] for k in METRIC_NAMES}}
        print(json.dumps(strict(doc), allow_nan=False))
        return
    for k, v in row.items():
        print(f"{k:>22}  {_cell(v)}")


def _cell(v) -> str:
    """A table cell: numbers to 10 digits, a missing or NaN value as "undefined"."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "undefined"
    return f"{v:.10g}" if isinstance(v, float) else str(v)


def _sweep(a) -> None:
    base = dict(b0=a.b0, alpha=a.alpha, T=a.T, rho_train=a.rho_train, fix_b=a.fix_b)
    base.pop(a.over)
    with output(a.csv, newline="") as fh:
        with tqdm(total=a.num, desc=f"sweep {a.over}", disable=a.num < 20, file=sys.stderr) as bar:
            sols = sweep(a.over, np.linspace(a.start, a.stop, a.num), **base, progress=bar.update)
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(_row(s, a.rho_test) for s in sols)


def run_main(run, args: argparse.Namespace) -> int:
    """Run a command: ValueError -> one line on stderr and exit code 2; a closed pipe ends quietly."""
    try:
        run(args)
        sys.stdout.flush()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (e.g. | head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main(argv=None) -> int:
    args = parser().parse_args(argv)

    def run(a):
        _check(a)
        {"solve": _solve, "sweep": _sweep}[a.command](a)

    return run_main(run, args)

"""Hostile input at the command lines (issue 15): ``python -m solver`` and ``python -m analysis``.

Every argument is checked before anything is computed (so stderr holds one line and no progress bar),
an unusable ``--csv`` is reported up front and leaves no file, a reader that stops early ends the output
quietly, ``--json`` is strict JSON.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from solver import solve
from solver.cli import strict

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # about 40 command-line processes
SOLVE = ["solve", "--b0", "-0.6", "--alpha", "1.1", "--T", "0.5", "--rho-train", "0.3"]
SWEEP = [
    "sweep",
    "--start",
    "0.05",
    "--stop",
    "0.95",
    "--num",
    "40",
    "--b0",
    "-0.6",
    "--alpha",
    "1.1",
    "--T",
    "0.5",
]
MAP = ["map", "--x", "alpha", "0.5", "2", "3", "--y", "b0", "-1", "0", "3"]


def cli(module: str, *args, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        **kw,
    )


def assert_one_line_error(out: subprocess.CompletedProcess, word: str) -> None:
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1, out.stderr
    assert word in out.stderr and out.stdout == ""


def replace(args: list[str], flag: str, value: str) -> list[str]:
    i = args.index(flag)
    return [*args[: i + 1], value, *args[i + 2 :]]


@pytest.mark.parametrize(
    "args, word",
    [
        ([*SOLVE, "--rho-test", "1"], "rho_test"),
        ([*SOLVE, "--rho-test", "nan"], "rho_test"),
        ([*SOLVE, "--fix-b", "99"], "fix_b"),
        (replace(SOLVE, "--alpha", "1e400"), "alpha"),
        ([*SWEEP, "--rho-test", "0"], "rho_test"),  # the sweep starts in the dummy phase: checked anyway
        ([*SWEEP, "--rho-train", "2"], "rho_train"),
        (replace(SWEEP, "--num", "0"), "num"),
        (replace(SWEEP, "--num", "10000000"), "num"),
        (replace(SWEEP, "--stop", "1.5"), "rho_train"),
        ([*SWEEP, "--over", "T", "--rho-test", "-1"], "rho_test"),
    ],
)
def test_every_argument_is_checked_before_computing(args, word):
    assert_one_line_error(cli("solver", *args), word)  # one line: no progress bar was started


@pytest.mark.parametrize(
    "args, word",
    [
        ([], "required"),
        (["solve"], "required"),
        (["solve", "--b0", "x"], "--b0"),
        (["sweep", "--over", "gamma"], "--over"),
        (["frobnicate"], "frobnicate"),
        ([*SWEEP, "--num", "2.5"], "--num"),
    ],
)
def test_argparse_errors_are_one_line(args, word):
    assert_one_line_error(cli("solver", *args), word)


@pytest.mark.parametrize("where", ["missing-folder", "a-folder", "under-a-file"])
def test_unwritable_csv_is_reported_up_front_and_leaves_no_file(tmp_path, where):
    (tmp_path / "file").write_text("")
    path = {
        "missing-folder": tmp_path / "no" / "out.csv",
        "a-folder": tmp_path,
        "under-a-file": tmp_path / "file" / "x",
    }[where]
    before = sorted(p.name for p in tmp_path.iterdir())
    out = cli("solver", *SWEEP, "--csv", str(path))
    assert_one_line_error(out, "cannot write --csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failed_run_keeps_the_old_file(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old\n")
    assert cli("solver", *[*SWEEP, "--rho-test", "7"], "--csv", str(path)).returncode == 2
    assert path.read_text() == "old\n" and sorted(tmp_path.iterdir()) == [path]
    assert cli("solver", *SWEEP, "--csv", str(path)).returncode == 0
    assert len(path.read_text().splitlines()) == 41 and sorted(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    "module, args", [("solver", SWEEP), ("solver", [*SOLVE, "--json"]), ("analysis", [*MAP, "--serial"])]
)
def test_a_reader_that_stops_early_ends_quietly(module, args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    proc.stdout.close()  # like `| head -0`: the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0
    assert "Traceback" not in err and "Broken" not in err


def _no_constants(name):
    raise ValueError(f"not strict JSON: {name}")


def test_json_is_strict():
    out = cli("solver", *replace(SOLVE, "--rho-train", "0.02"), "--json")  # dummy: b = -inf
    doc = json.loads(out.stdout, parse_constant=_no_constants)
    assert doc["b"] == "-inf" and doc["phase"] == "dummy"
    assert strict({"a": [math.nan, math.inf, -math.inf, 1.5]}) == {"a": [None, "inf", "-inf", 1.5]}


def test_table_says_undefined_not_nan():
    from solver.cli import _cell

    assert _cell(math.nan) == _cell(None) == "undefined" and _cell(0.25) == "0.25"


@pytest.mark.parametrize(
    "args, word",
    [
        (replace(MAP, "--x", "gamma"), "NAME"),
        ([*MAP[:5], "x", *MAP[6:]], "NUM"),
        ([*MAP[:5], "100000", *MAP[6:]], "NUM"),
        ([*MAP[:3], "0", *MAP[4:]], "alpha"),
        (["map", "--x", "alpha", "0.5", "2", "3"], "--y"),
        (["map", "--x", "alpha", "0.5", "2", "3", "--y", "alpha", "1", "2", "3"], "different"),
        (["map", "--x", "rho0", "0", "0.5", "3", "--y", "alpha", "1", "2", "3"], "rho0"),
        ([*MAP, "--rho-test", "1"], "rho_test"),
        ([*MAP, "--T", "-1"], "T"),
        ([*MAP, "--csv", "/proc/nowhere/map.csv"], "cannot write --csv"),
        (["map", "--kind", "nope"], "--kind"),
        (["map", "--x", "alpha"], "--x"),
    ],
)
def test_analysis_map_checks_every_argument_first(args, word):
    assert_one_line_error(cli("analysis", *args), word)


def test_solve_output_unchanged():
    out = cli("solver", *SOLVE, "--json")
    assert json.loads(out.stdout)["R"] == pytest.approx(solve(-0.6, 1.1, 0.5, 0.3).R, rel=1e-8)

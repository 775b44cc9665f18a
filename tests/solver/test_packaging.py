"""``pip install .`` gives researchers the theory package alone: ``solver``, its data file and a command.

The slow test installs a copy of the repository into a fresh virtual environment (offline: the build
uses the setuptools and the dependencies already installed, seen through --system-site-packages) and
runs one solve through the console command and through ``import solver`` from outside the repository.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from solver import solve

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DIST = PROJECT["name"].replace("-", "_")
POINT = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)


def requirement_names() -> set[str]:
    return {re.match(r"[A-Za-z0-9_.-]+", r).group(0).lower() for r in PROJECT["dependencies"]}


def imported_top_level(package: Path) -> set[str]:
    """Top-level names of the absolute imports in a package's modules."""
    names = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_declared_dependencies_cover_the_imports_of_solver():
    third_party = (
        imported_top_level(ROOT / "solver") - set(sys.stdlib_module_names) - {"__future__", "solver"}
    )
    assert third_party <= requirement_names(), third_party - requirement_names()
    assert {"numpy", "scipy"} <= requirement_names()


def test_console_command_is_the_module_command():
    assert PROJECT["scripts"] == {"imbalance-solver": "solver.cli:main"}


def _clean_env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, "IMBALANCE_CACHE_DIR": str(tmp / "cache"), "PIP_NO_INDEX": "1"}


def _run(cmd, cwd: Path, env: dict) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh venv with the package installed from a copy of the repository (the build writes
    build/ and *.egg-info into its source tree, which must not be the working tree)."""
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    skip = shutil.ignore_patterns(".git", "cache", "__pycache__", ".venv", "build", "*.egg-info", ".*_cache")
    shutil.copytree(ROOT, src, ignore=skip)
    env = _clean_env(tmp)
    # --without-pip: Python 3.11's bundled setuptools (65) cannot build wheels without `wheel`;
    # the outer pip installs into the venv with --python and builds with the newer setuptools.
    _run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(tmp / "venv")], tmp, env
    )
    python = tmp / "venv" / "bin" / "python"
    pip = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--no-deps",
        "--no-build-isolation",
    ]
    _run([*pip, str(src)], tmp, env)
    outside = tmp / "elsewhere"
    outside.mkdir()
    return python, outside, env


@pytest.mark.slow
def test_install_packages_solver_only(venv):
    python, outside, env = venv
    code = "import importlib.metadata as m, sys; print('\\n'.join(map(str, m.files(sys.argv[1]))))"
    files = _run([python, "-c", code, PROJECT["name"]], outside, env).split()
    top = {f.split("/")[0] for f in files if not f.startswith("../")}
    assert top == {"solver", f"{DIST}-{_installed_version(python, outside, env)}.dist-info"}
    assert "solver/data/guess_table.json" in files
    assert [f for f in files if f.startswith("../")] == ["../../../bin/imbalance-solver"]


def _installed_version(python, cwd, env) -> str:
    code = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))"
    return _run([python, "-c", code, PROJECT["name"]], cwd, env).strip()


@pytest.mark.slow
def test_installed_solver_runs_outside_the_repository(venv):
    python, outside, env = venv
    expected = solve(**POINT)
    code = (
        "import json, pathlib, solver\n"
        "s = solver.solve(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)\n"
        "here = pathlib.Path(solver.__file__).parent\n"
        "print(json.dumps(dict(file=str(here), table=(here / 'data' / 'guess_table.json').is_file(),"
        " q=s.q, R=s.R, b=s.b, converged=s.converged)))"
    )
    got = json.loads(_run([python, "-c", code], outside, env))
    site = Path(
        _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], outside, env).strip()
    )
    assert Path(got["file"]) == site / "solver"  # the venv's copy, not the repository's
    assert got["table"] and got["converged"]
    assert [got["q"], got["R"], got["b"]] == pytest.approx([expected.q, expected.R, expected.b], rel=1e-12)


@pytest.mark.slow
def test_console_command_solves_one_point(venv):
    python, outside, env = venv
    command = python.parent / "imbalance-solver"
    args = ["solve", "--b0", "-0.6", "--alpha", "1.1", "--T", "0.5", "--rho-train", "0.3", "--json"]
    got = json.loads(_run([command, *args], outside, env))
    expected = solve(**POINT)
    assert got["phase"] == "informative" and got["converged"]
    assert [got["q"], got["R"], got["b"]] == pytest.approx([expected.q, expected.R, expected.b], rel=1e-12)
    bad = subprocess.run([command, *args[:-2], "2"], cwd=outside, env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "rho_train" in bad.stderr and "Traceback" not in bad.stderr

"""The layer contract: views -> dashboard -> analysis -> solver; solver imports nothing of the project.

The dashboard may use the solver's public top-level names (parameter ranges, the b0 <-> rho0 map, the
cached entry points), never its modules; everything else it shows comes from ``analysis``.

Read from the source with ``ast`` (imports inside functions count too), so a violation fails here
before it can surface as a slow page or a Streamlit import in a notebook.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {"solver", "analysis", "dashboard", "views", "experiments", "benchmarks", "app", "tests"}
# package -> the project packages and third-party modules it must not import
FORBIDDEN = {
    "solver": PROJECT | {"pandas", "streamlit", "plotly", "torch"},
    "analysis": {"dashboard", "views", "app", "benchmarks", "tests", "streamlit", "plotly", "torch"},
    "dashboard": {"views", "app", "benchmarks", "tests", "torch"},
    "views": {"solver", "analysis", "experiments", "benchmarks", "tests", "torch"},
}


def modules(path: Path) -> set[str]:
    """Every module imported anywhere in ``path``, dotted (relative imports excluded)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def imported(path: Path) -> set[str]:
    """Top-level names of every module imported anywhere in ``path``."""
    return {name.split(".")[0] for name in modules(path)}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(package):
    bad = {
        str(path.relative_to(ROOT)): sorted(imported(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert not {k: v for k, v in bad.items() if v}, "imports against the layer contract"


def test_dashboard_uses_only_the_solvers_public_names():
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        assert not {m for m in modules(path) if m.startswith("solver.")}, path


def test_app_router_imports_only_streamlit_and_dashboard():
    assert imported(ROOT / "app.py") <= {"streamlit", "dashboard", "__future__", "pathlib"}


def test_solver_names_no_repository_path():
    """The theory package works when installed alone: no path above its own folder."""
    for path in (ROOT / "solver").rglob("*.py"):
        text = path.read_text()
        assert "parent.parent" not in text and "parents[" not in text, path

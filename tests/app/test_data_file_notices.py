"""Result files that are valid JSON of the wrong structure (issue 15): a notice naming the file and what is
wrong, never a crash. Every committed file of the experiment pages is replaced by each variant in turn."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import experiments_backend

APP = str(Path(__file__).resolve().parents[2] / "app.py")
FILES = ("gibbs_mc", "sgd_fig13", "sgd_fig13_peak", "sgd_fig14", "cifar")
PAGES = {"simulations": ("gibbs_mc", "sgd_fig13", "sgd_fig14"), "cifar": ("cifar",)}
pytestmark = pytest.mark.timeout(600)


def _meta(d: dict) -> dict:
    return d["metadata"] if "metadata" in d else d["meta"]


def _first_measure(d: dict) -> str:
    return "auc" if "metadata" in d else "R"


# name -> (change to a valid document, words the notice must contain)
VARIANTS = {
    "list": (lambda d: [], "the file is a list"),
    "null": (lambda d: None, "the file is null"),
    "no schema": (lambda d: {k: v for k, v in d.items() if k != "schema"}, "unknown schema None"),
    "no runs": (lambda d: {k: v for k, v in d.items() if k != "runs"}, "no field 'runs'"),
    "empty runs": (lambda d: {**d, "runs": []}, "runs is empty"),
    "runs an object": (lambda d: {**d, "runs": {"0": d["runs"][0]}}, "runs is an object"),
    "run a number": (lambda d: {**d, "runs": [*d["runs"][:2], 7]}, "runs[2] is a number"),
    "text value": (lambda d: _set_run(d, 1, _first_measure(d), "0.5"), "is a text"),
    "missing field": (lambda d: _drop_run(d, 3, "rho_train"), "runs[3] has no field 'rho_train'"),
    "boolean rho": (lambda d: _set_run(d, 0, "rho_train", True), "runs[0].rho_train is a boolean"),
    "meta a list": (lambda d: _set_meta(d, []), "is a list, expected an object"),
}


def _set_run(d, i, key, value):
    d = copy.deepcopy(d)
    d["runs"][i][key] = value
    return d


def _drop_run(d, i, key):
    d = copy.deepcopy(d)
    del d["runs"][i][key]
    return d


def _set_meta(d, value):
    return {**d, ("metadata" if "metadata" in d else "meta"): value}


@pytest.fixture(scope="module")
def originals() -> dict:
    """Every result file the pages read that exists (the five committed ones at least)."""
    paths = {name: Path(path) for name, path in experiments_backend.PATHS.items() if Path(path).exists()}
    assert set(FILES) <= set(paths)
    return {name: json.loads(path.read_text()) for name, path in paths.items()}


def broken_files(tmp_path, monkeypatch, originals, variant: str) -> None:
    change, _ = VARIANTS[variant]
    for name in originals:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(change(originals[name])))
        monkeypatch.setitem(experiments_backend.PATHS, name, path)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_each_file_and_variant_gives_a_notice(tmp_path, monkeypatch, originals, name, variant):
    broken_files(tmp_path, monkeypatch, originals, variant)
    data, notice = experiments_backend.load(name)
    assert data is None
    assert f"{name}.json" in notice and VARIANTS[variant][1] in notice, notice


@pytest.mark.parametrize(
    "variant",
    [
        "list",
        pytest.param("text value", marks=pytest.mark.slow),
        pytest.param("meta a list", marks=pytest.mark.slow),
    ],
)
@pytest.mark.parametrize("page", ["cifar", pytest.param("simulations", marks=pytest.mark.slow)])
def test_pages_render_notices_not_errors(tmp_path, monkeypatch, originals, page, variant):
    broken_files(tmp_path, monkeypatch, originals, variant)
    at = AppTest.from_file(APP, default_timeout=300)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notices = [w.value for w in at.warning if VARIANTS[variant][1] in w.value]
    assert any(f"{name}.json" in " ".join(notices) for name in PAGES[page]), notices


def test_the_committed_files_pass_their_schema(originals):
    for name in FILES:
        data, notice = experiments_backend.load(name)
        assert notice is None and data["runs"], name

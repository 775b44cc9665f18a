"""The view export and the CSV convention (``test_view_export``) on the experiment pages: Simulations on the
small SGD files written by the generator (``test_app_pages_experiments``), Your data after a small run."""

from __future__ import annotations

import pytest

from tests.app.conftest import run_page
from tests.app.test_app_pages_experiments import sgd_dir, small_sgd_files  # noqa: F401  (fixtures)
from tests.app.test_view_export import check_csv, check_summary, content, offered  # noqa: F401  (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _check(at, page: str, files: dict) -> None:
    assert not at.exception, at.exception
    [md] = [n for n in files if n.endswith("_view.md")]
    check_summary(at, page, content(files[md]), content(files[md[:-3] + ".html"]))
    csvs = [n for n in files if n.endswith(".csv")]
    assert csvs
    for name in csvs:
        check_csv(name, content(files[name]))


def test_simulations_exports_its_view_and_csvs(offered):  # noqa: F811
    _check(run_page("simulations"), "simulations", offered)


def test_your_data_exports_its_view_and_csvs_after_a_small_run(offered):  # noqa: F811
    at = run_page("yourdata", {"reps": "2", "n_rho": "5", "perceptron": "0"})
    [button] = [b for b in at.button if b.label == "Run the analysis"]
    button.click().run()
    _check(at, "yourdata", offered)

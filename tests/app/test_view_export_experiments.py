"""The view export and the CSV convention (``test_view_export``) on the experiment pages: Simulations on the
small SGD files written by the generator (``test_app_pages_experiments``), Your data after a small run."""

from __future__ import annotations

import pytest

from tests.app import test_app_pages_experiments as sims
from tests.app.conftest import run_page
from tests.app.test_app_pages_experiments import sgd_dir, small_sgd_files  # noqa: F401  (fixtures)
from tests.app.test_view_export import check_csv, check_summary, content, offered, section  # noqa: F401

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


def test_simulations_export_covers_every_tab(offered):  # noqa: F811
    """The export lists the findings of the whole page whichever tab is open: the same sentences on every
    tab, each one the page shows in its tab (closed tabs draw no charts, their sentences are computed)."""
    at = run_page("simulations")
    exported, shown = {}, set()
    for tab in sims.SECTIONS:
        sims.open_tab(at, tab)
        assert not at.exception, at.exception
        exported[tab] = section(content(offered["simulations_view.md"]), "Findings")
        if tab != "transition":  # the transition files' sentences are not part of the export
            shown |= {line[2:] for m in at.markdown for line in m.value.splitlines() if line.startswith("- ")}
    assert all(found == exported["mc"] for found in exported.values())
    assert set(exported["mc"]) == shown and len(shown) >= 10

"""AppTests of the files a page offers: the export of the current view on every page (parameters, key
numbers shown on the page, date, app version, the link that reproduces the view; never nan/None/inf) and
the one CSV convention of every CSV download (``dashboard.downloads``).

The files are taken where Streamlit stores them (its media file manager, wrapped by ``offered``), so the
test reads what a click on the button would download, including the CSVs made on click.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard.downloads import csv_frame
from solver import SOLVER_VERSION
from tests.app.conftest import BAD, WIDGETS, run_page, url
from tests.app.test_pages import registered_pages

pytestmark = pytest.mark.timeout(900)

PREFIX = {"fig3_8": "fig3", "fig9_10": "fig9", "fig11_12": "fig11"}  # session-state prefix if not the name
PAGES = {  # page -> URL of the run (small where a page's default view is a long computation)
    "explorer": {},
    "sketch": {},
    "fig3_8": {},
    "fig4": {},
    "fig5": {"n_T": "11"},
    "fig6": {},
    "fig7": {},
    "fig9_10": {"n_alpha": "3", "n_b0": "3"},
    "fig11_12": {},
    "maps": {"n": "11"},
    "tour": {"step": "3"},
    "claims": {},
    "cifar": {},
}
PHASES = {"informative", "dummy", "unsolved"}
NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@pytest.fixture
def offered(monkeypatch) -> dict:
    """The files the page offers for download, by file name (the latest run's version): bytes, or the
    function Streamlit calls on click."""
    files: dict = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def recording_add(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if file_name:
            files[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, is_for_static_download)

    def recording_deferred(self, make, mimetype, coordinates, file_name=None, *, element_id=""):
        files[file_name] = make
        return add_deferred(self, make, mimetype, coordinates, file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return files


def content(data) -> str:
    data = data() if callable(data) else data
    return data.decode("utf-8") if isinstance(data, bytes) else str(data)


def shown_numbers(at) -> list[tuple[float, float]]:
    """(value, half a unit of its last digit) of every number on the page: tables, tiles, text."""
    out = []
    for d in at.dataframe:
        for v in d.value.to_numpy().ravel():
            if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
                out.append((float(v), 1e-12))
    texts = [m.value for m in at.metric] + [
        e.value for kind in ("markdown", "info", "caption") for e in at.get(kind)
    ]
    texts += [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel() if isinstance(v, str)]
    for t in texts:
        for s in NUMBER.findall(str(t)):
            decimals = len(s.split(".")[1]) if "." in s and "e" not in s else 0
            out.append((float(s.replace("−", "-")), 0.5 * 10.0**-decimals))
    return out


def section(markdown: str, title: str) -> list[str]:
    """The bullet lines of a ``## title`` section."""
    part = markdown.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return [line[2:] for line in part.splitlines() if line.startswith("- ")]


def check_summary(at, page: str, markdown: str, html: str) -> None:
    assert markdown.startswith("# ") and not at.exception
    head = markdown.split("## Parameters", 1)[0]
    assert f"- App version: {SOLVER_VERSION}" in head
    assert f"- Date: {datetime.now(UTC):%Y-%m-%d}" in head
    [link] = [line.split(": ", 1)[1] for line in head.splitlines() if line.startswith("- Link to this view")]
    parts = urlsplit(link)
    assert parts.path == ("/" if page == "explorer" else f"/{page}")
    assert dict(parse_qsl(parts.query)) == url(at), "the link does not reproduce the view"
    assert f'<a href="{link.replace("&", "&amp;")}">' in html
    prefix = PREFIX.get(page, page) + "."
    controls = {
        w.key[len(prefix) :] for kind in WIDGETS for w in getattr(at, kind) if w.key.startswith(prefix)
    }
    parameters = "\n".join(section(markdown, "Parameters"))
    assert all(f"({name}): " in parameters for name in controls), (controls, parameters)
    numbers = section(markdown, "Key numbers")
    assert numbers, "no key numbers"
    shown = shown_numbers(at)
    for line in numbers:
        value = line.rsplit(": ", 1)[1]
        if NUMBER.fullmatch(value):
            x = float(value)
            assert any(abs(x - s) <= max(tol, 5e-4 * abs(s)) + 1e-12 for s, tol in shown), (
                f"not shown: {line}"
            )
    body = markdown.replace(link, "")
    assert not BAD.search(body), BAD.findall(body)


def check_csv(name: str, text: str) -> None:
    """The CSV convention: phase in words; the dummy's bias -inf (all normal, rho_train < 0.5) or inf;
    other missing numbers empty; never "nan" or "None"."""
    df = pd.read_csv(StringIO(text), keep_default_na=False, dtype=str)
    cells = df.to_numpy().ravel().tolist()
    assert not {"nan", "NaN", "None", "<NA>", "+inf", "-Infinity"} & set(cells), name
    if "phase" in df:
        assert set(df["phase"]) <= PHASES | {""}, (name, set(df["phase"]))
    for col in df.columns:
        infinite = df[col].isin(["inf", "-inf"])
        if not infinite.any():
            continue
        assert col == "b" or col.startswith("b_"), f"{name}: infinite {col}"
        if col == "b" and "phase" in df:
            assert (df.loc[infinite, "phase"] == "dummy").all(), name
            if "rho_train" in df:
                rho = df.loc[infinite, "rho_train"].astype(float)
                assert ((rho < 0.5) == (df.loc[infinite, "b"] == "-inf")).all(), (
                    f"{name}: sign of the dummy b"
                )
    if {"phase", "b"} <= set(df.columns):
        dummy = df["phase"] == "dummy"
        assert df.loc[dummy, "b"].isin(["inf", "-inf"]).all(), f"{name}: a dummy b not written as -inf/inf"
        assert (df.loc[df["phase"] == "unsolved", "b"] == "").all(), name


def test_every_registered_page_is_checked():
    """Simulations and Your data are checked in ``test_view_export_experiments``; the Advisor offers its
    own report (the advice, with date, version and link) instead of the view summary."""
    assert set(registered_pages()) == set(PAGES) | {"simulations", "yourdata", "advisor"}


@pytest.mark.slow
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_exports_its_view_and_its_csvs_follow_one_convention(page, offered):
    at = run_page(page, PAGES[page])
    assert not at.exception, at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Export this view (Markdown)" in labels and "Export this view (HTML)" in labels, labels
    [md] = [n for n in offered if n.endswith("_view.md")]
    check_summary(at, page, content(offered[md]), content(offered[md[:-3] + ".html"]))
    for name in (n for n in offered if n.endswith(".csv")):
        check_csv(name, content(offered[name]))


@pytest.mark.slow
def test_the_advisor_csv_follows_the_convention_and_its_report_links_back(offered):
    at = run_page("advisor")
    assert not at.exception, at.exception
    report = content(offered["rebalancing_advice.md"])
    assert f"app version {SOLVER_VERSION}" in report and "/advisor?" in report
    for name in (n for n in offered if n.endswith(".csv")):
        check_csv(name, content(offered[name]))


def test_the_convention_check_fails_on_a_raw_table_and_passes_after_csv_frame():
    """A maps-like table written as it is (phase 1/0, the dummy's b missing, an undefined ratio as inf)
    breaks the convention; the same table through ``csv_frame`` follows it."""
    nan, inf = math.nan, math.inf
    raw = pd.DataFrame({"rho_train": [0.05, 0.5, 0.95, 0.5], "phase": [0.0, 1.0, 0.0, nan],
                        "b": [nan, 0.1, nan, nan], "rel_se": [0.1, inf, 0.2, 0.3]})  # fmt: skip
    with pytest.raises(AssertionError):
        check_csv("raw", raw.to_csv(index=False))
    with pytest.raises(AssertionError):
        check_csv("raw", raw.assign(phase=["dummy", "informative", "dummy", "unsolved"]).to_csv(index=False))
    text = csv_frame(raw).to_csv(index=False)
    check_csv("converted", text)
    assert text.splitlines()[1:] == ["0.05,dummy,-inf,0.1", "0.5,informative,0.1,", "0.95,dummy,inf,0.2",
                                     "0.5,unsolved,,0.3"]  # fmt: skip

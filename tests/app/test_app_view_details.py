"""AppTests of the reading details: jump labels, the CSV convention, advisor losses and report, export,
presentation mode kept in the URL across pages."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.downloads import csv_frame, summary_html
from dashboard.layout import jump_label

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.timeout(600)


def run(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update(query or {})
    if page != "explorer":
        at.switch_page(f"views/{page}.py")
    return at.run()


def url(at: AppTest) -> dict:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def test_jump_labels_say_balanced_and_clamped_targets():
    assert jump_label("0.5", 0.5, 0.5) == "balanced: ρtrain = 0.5"
    assert jump_label("ρ₀", 2.87e-7, 0.001) == "ρ₀ = 2.9e-07: outside the range, go to 0.001"
    at = run("explorer", {"b0": "-5"})
    labels = [b.label for b in at.button]
    assert any(label.startswith("ρ₀ = 2.9e-07: outside the range, go to 0.001") for label in labels), labels
    assert not any(label.startswith("0.5 = ") for label in labels)


def test_one_csv_convention_for_phase_and_the_dummy_bias():
    maps_like = pd.DataFrame(
        {"rho_train": [0.05, 0.5, 0.95], "phase": [0.0, 1.0, 0.0], "b": [math.nan, 0.1, math.nan]}
    )
    sweep_like = pd.DataFrame(
        {"rho_train": [0.05, 0.5], "phase": ["dummy", "informative"], "b": [-math.inf, 0.1]}
    )
    a, b = csv_frame(maps_like), csv_frame(sweep_like)
    assert list(a["phase"]) == ["dummy", "informative", "dummy"] and list(a["b"]) == [
        -math.inf,
        0.1,
        math.inf,
    ]
    assert a.to_csv(index=False).splitlines()[1] == b.to_csv(index=False).splitlines()[1] == "0.05,dummy,-inf"


def test_advisor_losses_have_digits_and_the_report_links_back():
    at = run("advisor")
    tiles = {m.label: m.value for m in at.metric}
    assert "0.0000" not in tiles["loss at ρtrain = 0.5"] and "of R*" in tiles["loss at ρtrain = ρ₀"]
    report = " ".join(m.value for m in at.markdown)
    assert not re.search(r"(?<![?&])rho0", report) and "0.0000" not in report  # rho0 only in the link
    assert "with app version" in report and "This view: http" in report and "/advisor?" in report


def test_export_summary_html_is_a_page_with_a_link():
    page = summary_html("# T\n\n- Link to this view: http://x/?a=1&b=2\n\n## Key numbers\n\n- R: 0.4\n")
    assert '<a href="http://x/?a=1&amp;b=2">' in page and "<h2>Key numbers</h2>" in page


def test_presentation_mode_stays_in_the_url_when_the_page_changes():
    at = run("explorer", {"present": "1"})
    assert url(at)["present"] == "1" and at.session_state["_present"] is True
    at.switch_page("views/fig5.py").run()
    assert url(at)["present"] == "1" and "b0" in url(at)
    at.toggle(key="_present").set_value(False).run()
    assert "present" not in url(at)

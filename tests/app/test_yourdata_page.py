"""AppTests of the "Your data" page: overview before a run, a small run end to end (charts, sentences,
downloads), bad settings and URLs answered in words, the upload mode without a file."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import yourdata

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SMALL = {"reps": "2", "n_rho": "5", "perceptron": "0"}
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(autouse=True)
def cold_cache(tmp_path_factory, monkeypatch):
    """An empty disk cache, and none of the analyses an earlier test of this process left in the page's
    server-wide memory (the export test runs the same small analysis)."""
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "yourdata-cache"))
    monkeypatch.setattr(yourdata, "_SHARED", OrderedDict())


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update(query or {})
    at.switch_page("views/yourdata.py")
    return at.run()


def texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_overview_before_any_run():
    at = run()
    assert not at.exception and not at.error
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["samples"] == "1,797"
    assert tiles["features d / d_eff"].startswith("61 / ")  # three constant pixels are dropped
    assert [b.label for b in at.button] == ["Run the analysis"]
    assert at.get("plotly_chart")  # the covariance spectrum


@pytest.mark.slow  # trains and solves the theory (~20 s)
def test_a_small_run_draws_curves_sentences_and_downloads():
    at = run(SMALL)
    [button] = [b for b in at.button if b.label == "Run the analysis"]
    button.click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("plotly_chart")) == 7  # spectrum + six metrics
    words = texts(at)
    assert "b0 = Φ⁻¹(ρ0)" in words and "d_eff" in words and "T = " in words
    assert "balanced accuracy (ρtest = 0.5) best at" in words
    assert "Measured in" in at.success[0].value
    assert len(at.get("download_button")) >= 4
    for word in (" nan", "None", " inf"):
        assert word not in words
    # a rerun (another test set for the charts) reuses the result instead of training again
    at.radio(key="yourdata.test").set_value("rho0").run()
    assert not at.exception and len(at.get("plotly_chart")) == 7
    assert not [b for b in at.button if b.label == "Run the analysis"]


def test_breast_cancer_and_a_grid_too_demanding_for_its_anomalies():
    at = run({"data": "breast_cancer", "n_train": "400"})
    assert not at.exception
    [err] = at.error
    assert "Too few anomalies for the requested ρtrain grid" in err.value
    assert not at.button


def test_malformed_url_gives_a_notice_and_the_default():
    at = run({"reps": "many", "digit": "12"})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "reps" in notes and "digit" in notes and "must be" in notes
    assert at.session_state["yourdata.reps"] == 10


def test_upload_mode_asks_for_a_file_and_states_the_limits():
    at = run({"data": "upload"})
    assert not at.exception
    assert any("Upload a file" in i.value for i in at.info)
    assert "10 MB" in texts(at) and "never written to disk" in texts(at)


def test_no_model_chosen():
    at = run({"logistic": "0", "perceptron": "0"})
    assert not at.exception
    assert "Choose at least one model" in at.error[0].value


def test_messages_quoting_an_uploads_names_stay_inert():
    from dashboard.yourdata import plain  # noqa: PLC0415

    message = "Feature columns must be numeric; '[x](http://e.com) :red[y] **z**' is not."
    shown = plain(message)
    assert shown.replace("\\", "") == message
    assert all(shown[i - 1] == "\\" for i, c in enumerate(shown) if c in "[]():*")

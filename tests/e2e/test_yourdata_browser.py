"""End-to-end: upload a small CSV on the "Your data" page in Chromium, run the analysis, see the curves."""

from __future__ import annotations

import harness
import numpy as np
import pandas as pd
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
QUERY = "data=upload&reps=2&n_rho=4&rho_hi=0.6&n_train=60&perceptron=0"


def small_csv(path) -> None:
    rng = np.random.default_rng(1)
    y = rng.random(300) < 0.25
    df = pd.DataFrame(rng.standard_normal((300, 4)) + 1.2 * y[:, None], columns=["a", "b", "c", "d"])
    df["kind"] = np.where(y, "anomaly", "normal")
    df.to_csv(path, index=False)


def test_upload_a_csv_and_see_the_curves(page, app_url, tmp_path):
    path = tmp_path / "small.csv"
    small_csv(path)
    page.goto(f"{app_url}/yourdata?{QUERY}")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=120_000)
    harness.wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.wait_for_selector('[data-testid="stMetric"]', timeout=120_000)
    harness.wait_idle(page)
    assert harness.metric(page, "samples") == "300"
    page.get_by_role("button", name="Run the analysis").click()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 6", timeout=300_000)
    harness.wait_idle(page, timeout_ms=300_000)
    assert page.get_by_role("heading", name="Where the theory agrees, and where not").is_visible()
    assert page.get_by_text("balanced accuracy (ρtest = 0.5) best at", exact=False).count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0
    traces = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(g => (g.data || []).length)"
    )
    assert max(traces) >= 3  # measured band, curve and optimum at least


def test_a_bad_upload_is_answered_in_words(page, app_url, tmp_path):
    path = tmp_path / "text.csv"
    path.write_text("only one column\nof text\n")
    page.goto(f"{app_url}/yourdata?data=upload")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=120_000)
    harness.wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.wait_for_selector('[data-testid="stAlert"]:has-text("not a table")', timeout=120_000)
    assert page.locator('[data-testid="stException"]').count() == 0

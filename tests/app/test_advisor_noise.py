"""The Advisor's noise inputs in the page: lr, batch size and N through the project's SGD calibration, and a
measured train error inverted through the theory's eps_t(T)."""

import pytest

from analysis import calibration
from solver import rho0_from_b0
from tests.app.conftest import run_page, shown_text

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # AppTests of the Advisor (about 30 s)
PROJECT_RUN = dict(noise="sgd", lr="0.05", batch="5", n_samples="10000", n_features="5000",
                   rho0=f"{rho0_from_b0(-0.6):.6f}")  # fmt: skip


def test_lr_and_batch_size_of_the_projects_own_run_give_high_noise():
    """lr = 0.05, BS = 5, N = 5000, P = 10000 lost ~65 % of the overlap in the project's SGD: high noise."""
    at = run_page("advisor", PROJECT_RUN)
    assert not at.exception, at.exception
    notes = [i.value for i in at.info]
    assert any("N·lr/BS = 50" in n and calibration.project_law().validity() in n for n in notes), notes
    assert any("High-noise regime" in w.value for w in at.warning)
    assert not any("Low-noise regime" in t for t in shown_text(at))


def test_measured_train_error_is_inverted_directly():
    at = run_page("advisor", dict(noise="train_error", train_error="0.05", train_rho="0.3", n_samples="2000",
                                  n_features="1000"))  # fmt: skip
    assert not at.exception, at.exception
    [note] = [i.value for i in at.info if "Your train error" in i.value]
    assert "ε = 0.05 (trained at ρtrain = 0.3) is reproduced by the theory at T = " in note
    assert "train_error" in at.query_params and "lr" not in at.query_params

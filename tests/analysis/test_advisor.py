"""The rebalancing advisor (analysis.advisor) at the parameters of the paper's Fig. 8 and at the edges."""

import numpy as np
import pytest

from analysis.advisor import LOW_NOISE_T, advise, temperature
from experiments.results import load
from solver import rho0_from_b0, solve


@pytest.fixture(scope="module")
def fig8():
    """alpha = 8 (8000 samples, 1000 features), T = lr / BS = 0.5, b0 = -2 (App. C, Fig. 8 right)."""
    return advise(rho0_from_b0(-2.0), n_samples=8000, n_features=1000, T=0.5)


def test_fig8_overlap_optimum_below_half_balanced_accuracy_optimum_above(fig8):
    assert (fig8.alpha, fig8.T, fig8.b0) == pytest.approx((8.0, 0.5, -2.0))
    assert 0.44 < fig8.rho_R < 0.47  # Fig. 8(a'): "around 0.45"
    assert 0.5 < fig8.rho_abal < 0.55  # Fig. 8(c'): "around 0.55, on the other side of 0.5"


def test_fig8_losses_bias_and_noise(fig8):
    assert fig8.loss_at_half > 0 and fig8.loss_at_rho0 > fig8.loss_at_half
    assert fig8.rho_b is None  # |b0| = 2 is under-estimated at every rho_train (App. C, "Strong biases")
    assert fig8.rho_precision < fig8.rho_R and fig8.curvature > 0
    assert not fig8.high_noise and fig8.T_star > 0.5  # at alpha = 8 the descent of a_bal(T) starts later


def test_fig5_parameters_are_in_the_high_noise_regime():
    a = advise(rho0_from_b0(-0.6), n_samples=1100, n_features=1000, T=0.5)  # alpha = 1.1, T = 0.5
    assert 0.15 < a.T_star < 0.5 and a.high_noise
    assert "High-noise regime" in a.markdown()


def test_report_has_the_answers_and_limits(fig8):
    md = fig8.markdown()
    for text in ("ρ(R*) = **0.45", "Balanced accuracy", "Precision", "Low-noise regime", "Limits"):
        assert text in md


def test_low_noise_and_clipped_alpha_give_notices():
    a = advise(0.27, n_samples=100_000, n_features=10)
    assert a.T == LOW_NOISE_T and not a.high_noise
    assert a.alpha == 50.0 and any("alpha" in n for n in a.notices)
    assert a.rho_b is not None and 0.0 < a.rho_b < 0.5


def test_temperature_inputs_T_train_error_and_their_limits():
    notices = []
    assert temperature(T=0.5) == 0.5 and temperature(T=50.0, notices=notices) == 10.0 and notices
    assert temperature() == LOW_NOISE_T
    eps = solve(b0=-0.6, alpha=2.0, T=0.7, rho_train=0.3).train_error  # inverted directly: T back
    notices = []
    assert temperature(train_error=eps, train_rho=0.3, notices=notices) == pytest.approx(0.7, rel=1e-3)
    assert "is reproduced by the theory at T = 0.7" in notices[0]
    with pytest.raises(ValueError, match="train_error"):
        temperature(train_error=1.5)
    with pytest.raises(ValueError, match="number of features"):
        temperature(0.05, 20)  # lr/BS alone does not set the noise: N*lr/BS does


def _measured_R(file: str, BS: int, rho_train: float) -> float:
    runs = [
        r for r in load(file)["runs"] if r["BS"] == BS and r["rho_train"] == rho_train and r["lr"] == 0.05
    ]
    assert len(runs) >= 10
    return float(np.mean([r["R"] for r in runs]))


def test_lr_and_batch_size_advice_agrees_with_the_projects_own_sgd_run():
    """lr = 0.05, BS = 5, N = 5000, P = 10000: the project's SGD lost ~65 % of the overlap there (R = 0.29 vs
    0.82 at BS = 2000); T = lr/BS = 0.01 would call this low noise. The calibrated advice must not."""
    a = advise(rho0_from_b0(-0.6), n_samples=10_000, n_features=5000, lr=0.05, batch_size=5)
    R_sgd = _measured_R("sgd_fig14", 5, 0.5)
    assert R_sgd < 0.5 * _measured_R("sgd_fig14", 2000, 0.5)  # the data: most of the overlap is lost
    assert a.high_noise and a.T > a.T_star
    assert a.R_at["0.5"] == pytest.approx(R_sgd, abs=0.05)  # the advice's R at rho_train = 0.5 is the data's
    assert any("N·lr/BS = 50" in n and "calibrated range" in n for n in a.notices)
    assert "High-noise regime" in a.markdown()


def test_lr_and_batch_size_outside_the_calibrated_range_say_so():
    notices = []
    temperature(1e-4, 4096, notices, n_features=100)
    assert "below the calibrated range" in notices[0] and "T ≤ " in notices[0]

    with pytest.raises(ValueError):
        advise(0.2, 0, 10)

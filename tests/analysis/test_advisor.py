"""The rebalancing advisor (analysis.advisor) at the parameters of the paper's Fig. 8 and at the edges."""

import pytest

from analysis.advisor import LOW_NOISE_T, advise, temperature
from solver import rho0_from_b0


@pytest.fixture(scope="module")
def fig8():
    """alpha = 8 (8000 samples, 1000 features), T = lr / BS = 0.5, b0 = -2 (App. C, Fig. 8 right)."""
    return advise(rho0_from_b0(-2.0), n_samples=8000, n_features=1000, lr=0.5, batch_size=1)


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
    a = advise(
        rho0_from_b0(-0.6), n_samples=1100, n_features=1000, lr=0.5, batch_size=1
    )  # alpha = 1.1, T = 0.5
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


def test_temperature_from_lr_and_batch_size():
    notices = []
    assert temperature(0.05, 20, notices) == LOW_NOISE_T and notices  # 2.5e-3 (App. F) is below the range
    assert temperature(0.5, 5) == pytest.approx(0.1)
    assert temperature() == LOW_NOISE_T
    with pytest.raises(ValueError):
        advise(0.2, 0, 10)

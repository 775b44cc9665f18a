"""The calibrated noise scale (analysis.calibration): inversion of eps_t(T), (R, b) fits, pooled fits,
the N study's families and the noise law, against direct solver calls."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import calibration as cal
from solver import solve

B0, ALPHA = -0.6, 2.0


@pytest.fixture(scope="module")
def curves():
    return {rho: cal.Curve(cal.theory_curve(B0, ALPHA, rho)) for rho in (0.3, 0.5)}


def _keyed(curves):
    return {(B0, ALPHA, rho): c for rho, c in curves.items()}


def test_train_error_increases_with_T_on_the_informative_branch(curves):
    for c in curves.values():
        assert np.all(np.diff(c.eps) > 0) and np.all(np.diff(c.T) > 0)
    assert curves[0.3].T_dummy is not None and curves[0.5].T_dummy is None  # rho = 0.3 turns dummy


@pytest.mark.parametrize("rho", [0.3, 0.5])
@pytest.mark.parametrize("T", [0.047, 0.23, 0.71, 1.33])
def test_round_trip_T_to_eps_t_to_T_fit(curves, rho, T):
    """T -> eps_t(T) by a direct (off-grid) solve -> T_fit recovers T."""
    sol = solve(b0=B0, alpha=ALPHA, T=T, rho_train=rho)
    if sol.phase != "informative":
        assert T > curves[rho].T[-1]
        return
    fit = curves[rho].invert(sol.train_error)
    assert fit.status == "fit" and fit.T == pytest.approx(T, rel=1e-3)
    assert curves[rho].train_error(T) == pytest.approx(sol.train_error, rel=1e-3)
    rb, chi2 = curves[rho].fit_Rb(sol.R, sol.b)
    assert rb.T == pytest.approx(T, rel=0.02) and chi2 < 1e-6


def test_inversion_bounds_say_what_the_data_allow(curves):
    c3, c5 = curves[0.3], curves[0.5]
    zero = c5.invert(0.0, P=10_000)  # no error on 10^4 samples: below the T of one expected error
    assert zero.status == "upper bound" and c5.train_error(zero.T) == pytest.approx(1e-4, rel=1e-3)
    assert zero.text().startswith("T ≤ ")
    jump = c3.invert(0.9 * 0.3 + 0.1 * c3.eps[-1])  # between the branch's end and the dummy's 0.3
    assert jump.status == "transition" and c3.T[-1] < jump.T < c3.T_dummy
    worse = c3.invert(0.31)  # more training errors than the dummy student (0.3 at rho_train = 0.3)
    assert worse.status == "worse than dummy" and worse.T == c3.T_dummy and "no T" in worse.text()
    assert c5.invert(0.49).status == "lower bound"  # eps_t(T = 10) = 0.453 at rho = 0.5
    f = c5.invert(0.05, 0.04, 0.06)
    assert f.lo < f.T < f.hi and "nan" not in f.text()
    top = solve(b0=B0, alpha=ALPHA, T=0.02, rho_train=0.5)
    assert c5.fit_Rb(top.R + 0.05, top.b)[0].status == "upper bound"  # better than Gibbs at T -> 0


def _points(rows):
    base = dict(source="test", N=5000, lr=0.05, BS=20, alpha=ALPHA, b0=B0, n=40)
    return pd.DataFrame([{**base, **r} for r in rows])


def _theory_row(rho, T, se=1e-4):
    s = solve(b0=B0, alpha=ALPHA, T=T, rho_train=rho)
    return dict(rho_train=rho, train_error_mean=s.train_error, train_error_sem=se, R_mean=s.R, R_sem=se,
                b_mean=s.b, b_sem=se)  # fmt: skip


def test_pooled_fit_recovers_one_T_and_flags_points_no_single_T_describes(curves):
    pts = _points([_theory_row(0.3, 0.6), _theory_row(0.5, 0.6)])
    for by in ("train_error", "Rb"):
        fit, chi2 = cal.pooled_fit(pts, _keyed(curves), by)
        assert fit.status == "fit" and fit.T == pytest.approx(0.6, rel=0.02) and chi2 < 1.0
    mixed = _points([_theory_row(0.3, 0.3), _theory_row(0.5, 1.2)])
    assert cal.pooled_fit(mixed, _keyed(curves))[1] > 100


def test_n_study_families_and_verdicts():
    rows = []
    for N, lr, R in ((1000, 0.05, 0.85), (2000, 0.05, 0.83), (5000, 0.05, 0.73), (1000, 0.25, 0.731),
                     (2000, 0.125, 0.732)):  # fmt: skip
        rows.append(dict(source="N study", N=N, lr=lr, BS=20, rho_train=0.5, R_mean=R, R_sem=0.004,
                         lr_over_BS=lr / 20, N_lr_over_BS=N * lr / 20))  # fmt: skip
    study = cal.n_study(pd.DataFrame(rows))
    fam = study.groupby("family")["N"].apply(sorted).to_dict()
    assert fam == {"same lr/BS": [1000, 2000, 5000], "same N·lr/BS": [1000, 2000, 5000]}
    text = cal.n_statements(study)
    assert len(text) == 2
    assert "lr/BS = 0.0025 fixed" in text[0] and "**does not hold**" in text[0]
    assert "N·lr/BS = 12.5 fixed" in text[1] and "**holds**" in text[1]


def test_noise_law_interpolates_inside_its_range_and_bounds_outside():
    pts = pd.DataFrame(
        dict(T_fit=[0.2, 0.4, 0.5, 1.6], T_fit_status=["fit"] * 4, N_lr_over_BS=[1.0, 10.0, 10.0, 100.0],
             N=[5000, 1000, 5000, 5000], lr_over_BS=[2e-4, 1e-2, 2e-3, 2e-2], alpha=ALPHA, b0=B0,
             rho_train=0.5)
    )  # fmt: skip
    law = cal.noise_law(pts)
    assert (law.x_lo, law.x_hi) == (1.0, 100.0)
    assert law.temperature(5000, 0.02, 10).T == pytest.approx(0.45)  # x = 10: median of 0.4, 0.5
    expected = 0.2 * (0.45 / 0.2) ** (math.log(5) / math.log(10))  # x = 5: log-log
    assert law.temperature(5000, 0.01, 10).T == pytest.approx(expected)
    assert law.temperature(100, 0.01, 10).status == "upper bound"
    assert law.temperature(5000, 1.0, 1).status == "lower bound"
    assert "N·lr/BS from 1 to 100" in law.validity()
    assert cal.spread(pts, "N_lr_over_BS") == pytest.approx(1.25) and cal.spread(pts, "lr_over_BS") is None


def test_per_run_and_per_point_tables_from_records(curves):
    runs = []
    for k, T in enumerate((0.5, 0.55, 0.6)):
        s = solve(b0=B0, alpha=ALPHA, T=T, rho_train=0.5)
        runs.append(dict(source="test", N=5000, lr=0.5, BS=20, rho_train=0.5, alpha=ALPHA, b0=B0,
                         lr_over_BS=0.025, N_lr_over_BS=125.0, R=s.R, b=s.b, train_error=s.train_error,
                         balanced_accuracy=s.metrics(0.5)["balanced_accuracy"],
                         seed=k))  # fmt: skip
    runs = pd.DataFrame(runs)
    cs = {(B0, ALPHA, 0.5): curves[0.5]}
    each = cal.per_run(runs, cs)
    assert np.allclose(each["T_fit"], [0.5, 0.55, 0.6], rtol=1e-3) and set(each["T_fit_status"]) == {"fit"}
    assert np.allclose(each["T_Rb"], [0.5, 0.55, 0.6], rtol=0.02)
    pt = cal.per_point(runs, cs).iloc[0]
    assert pt["n"] == 3 and pt["T_fit_lo"] < pt["T_fit"] < pt["T_fit_hi"]
    assert pt["R_at_T_fit"] == pytest.approx(
        solve(b0=B0, alpha=ALPHA, T=pt["T_fit"], rho_train=0.5).R, abs=1e-4
    )


def test_pooled_fit_without_any_finite_chi2_says_so_in_words():
    fit, chi2 = cal._minimise(lambda T: np.full_like(T, np.inf), 3)
    assert fit.status == "no fit" and math.isnan(chi2) and "nan" not in fit.text()
    fit, _ = cal._minimise(lambda T: (np.log(T) - math.log(0.8)) ** 2 / 0.01**2, 1)
    assert fit.T == pytest.approx(0.8, rel=1e-4) and fit.lo == pytest.approx(0.8 * math.exp(-0.01), rel=3e-3)


def test_noise_law_below_its_range_uses_the_measured_upper_bound_and_hotter_ratio():
    pts = pd.DataFrame(
        dict(T_Rb=[0.02, 0.8, 2.0], T_Rb_status=["upper bound", "fit", "fit"],
             N_lr_over_BS=[12.5, 25.0, 50.0], T_fit=[0.7, 1.6, 3.0], T_fit_status=["fit"] * 3, N=5000,
             lr_over_BS=[0.0025, 0.005, 0.01], alpha=ALPHA, b0=B0, rho_train=0.5)
    )  # fmt: skip
    law = cal.noise_law(pts, "T_Rb")
    assert (law.x_lo, law.below) == (25.0, 0.02)
    low = law.temperature(5000, 0.05, 20)  # x = 12.5
    assert low.status == "upper bound" and low.T == 0.02 and low.text() == "T ≤ 0.02"
    assert cal.hotter(pts) == pytest.approx(1.75)  # median of 1.6/0.8 and 3.0/2.0


def test_a_setting_whose_R_and_b_no_T_reproduces_is_a_poor_fit(curves):
    s = solve(b0=B0, alpha=ALPHA, T=0.5, rho_train=0.5)
    runs = pd.DataFrame(
        [dict(source="test", N=5000, lr=0.5, BS=20, rho_train=0.5, alpha=ALPHA, b0=B0, lr_over_BS=0.025,
              N_lr_over_BS=125.0, R=s.R + 0.001 * k, b=s.b + 0.3 + 0.001 * k, train_error=s.train_error,
              seed=k, balanced_accuracy=0.7) for k in range(3)]
    )  # fmt: skip
    pt = cal.per_point(runs, {(B0, ALPHA, 0.5): curves[0.5]}).iloc[0]
    assert pt["T_Rb_status"] == "poor fit" and pt["T_Rb_chi2"] > cal.CHI2_OK
    assert pt["T_Rb_text"].startswith("no T reproduces both R and b (closest: T = ")
    assert pt["T_fit_status"] == "fit"  # the train error alone is still reproduced

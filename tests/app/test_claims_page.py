"""AppTest of "Paper claims, checked": every verdict on the page against direct solver calls.

The expected verdicts are computed here from ``solver.solve`` alone (bounded scalar searches and root
finding written in this file), with the thresholds the page states, so the page's own pipeline
(analysis.optima, analysis.claims) is checked, not repeated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scipy.optimize import brentq, minimize_scalar
from scipy.special import ndtr
from streamlit.testing.v1 import AppTest

from solver import solve

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = [pytest.mark.timeout(1200), pytest.mark.slow]
HOLDS, COND, FAILS = "holds", "holds under conditions", "does not hold"


def verdict(passed: list[bool]) -> str:
    return HOLDS if all(passed) else FAILS if not any(passed) else COND


def peak(quantity: str, b0: float, alpha: float, T: float, lo=0.2, hi=0.8, rho_test=0.5) -> float:
    def loss(r: float) -> float:
        s = solve(b0, alpha, T, r)
        v = s.R if quantity == "R" else s.metrics(rho_test)[quantity]
        return -v if s.phase == "informative" else 0.0

    return float(minimize_scalar(loss, bounds=(lo, hi), method="bounded", options={"xatol": 1e-7}).x)


def curvature(b0: float, alpha: float, T: float) -> float:
    x = peak("balanced_accuracy", b0, alpha, T)
    a = [solve(b0, alpha, T, x + d).metrics(0.5)["balanced_accuracy"] for d in (-0.01, 0.0, 0.01)]
    return -(a[0] - 2 * a[1] + a[2]) / 0.01**2


def steps(ks: list[float], sign: int) -> str:
    changes = [(b - a) / abs(a) for a, b in zip(ks, ks[1:], strict=False)]
    return verdict([c * sign > 0 for c in changes if abs(c) > 0.01] or [False])


def rho_b_star(b0: float, alpha: float) -> float | None:
    f = lambda r: solve(b0, alpha, 0.5, r).b - b0  # noqa: E731
    lo, hi = 0.12 if alpha < 2 else 0.07, 0.9
    return brentq(f, lo, hi, xtol=1e-7) if f(lo) * f(hi) < 0 else None


def expected() -> dict[str, str]:
    out = {}
    out["rho_R_star"] = verdict(
        [abs(peak("R", b0, 8.0, 0.5) - 0.45) <= 0.025 for b0 in (-1.5, -2, -3, -4, -5)]
    )
    cases = [(b0, 0.5) for b0 in (-0.2, -0.6, -1.0, -1.5, -2.0, -3.0, -5.0)] + [
        (-1.0, T) for T in (0.01, 0.1, 1, 2)
    ]
    out["abal_above_half"] = verdict([peak("balanced_accuracy", b0, 1.1, T) > 0.5 + 1e-5 for b0, T in cases])
    sides = [peak("R", -1.0, 1.1, 0.5), peak("R", -2.0, 8.0, 0.5)]
    out["optimum_both_sides"] = verdict([max(sides) > 0.5 + 1e-5, min(sides) < 0.5 - 1e-5])
    bounded = dict(bounds=(0.3, 0.7), method="bounded")
    r_star = lambda a: -minimize_scalar(lambda r: -solve(-0.6, a, 0.5, r).R, **bounded).fun  # noqa: E731
    best = [r_star(a) for a in (0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)]
    out["R_star_alpha"] = verdict([b > a for a, b in zip(best, best[1:], strict=False)])
    out["rho_a_star"] = verdict([abs(peak("balanced_accuracy", -0.6, 8.0, 0.5) - 0.55) <= 0.025])
    between = []
    for alpha in (1.1, 8.0):
        for b0 in (-0.2, -0.6, -1.0, -1.5):
            p, rb, r0 = peak("precision", b0, alpha, 0.5, lo=0.05, hi=0.6), rho_b_star(b0, alpha), ndtr(b0)
            between.append(rb is not None and min(r0, rb) <= p <= max(r0, rb))
    out["precision_between"] = verdict(between)
    pp = lambda a, rt: peak("precision", -0.6, a, 0.5, 0.05, 0.6, rt)  # noqa: E731
    same = [abs(pp(a, 0.5) - pp(a, 0.1)) <= 1e-5 for a in (1.1, 8.0)]
    out["precision_rho_test"] = verdict(same)
    rho0_R = [abs(peak("R", -0.6, a, T) - ndtr(-0.6)) > 1e-5 for a in (1.1, 8.0) for T in (0.005, 0.5)]
    out["rho0_never_best_R"] = verdict(rho0_R)
    gaps = [abs(solve(-0.6, a, T, ndtr(-0.6)).b + 0.6) for a in (1.1, 8.0) for T in (0.005, 0.05, 0.5, 1.0)]
    out["rho0_never_b0"] = verdict([g > 1e-6 for g in gaps])
    out["sharper_low_noise"] = steps([curvature(-1.0, 1.1, T) for T in (0.01, 0.1, 0.5, 1.0, 2.0)], -1)
    out["sharper_more_data"] = steps([curvature(-1.0, a, 0.5) for a in (0.5, 1.1, 2.0, 5.0, 8.0)], +1)
    jumps = [solve(b0, 1.1, 0.5, 0.1).phase == "dummy" and solve(b0, 1.1, 0.5, 0.12).phase == "informative"
             for b0 in (0.0, -0.2, -0.4, -0.6)]  # fmt: skip
    out["no_transition"] = verdict([not j for j in jumps])
    return out


def test_every_verdict_matches_direct_solver_calls(tmp_path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    at = AppTest.from_file(APP, default_timeout=1200)
    at.switch_page("views/claims.py")
    at.run()
    assert not at.exception, at.exception
    shown = [re.match(r"Verdict: \*\*(.+?)\*\*", m.value) for m in at.markdown]
    shown = [m.group(1) for m in shown if m]
    want = expected()
    assert len(shown) == len(want)
    order = ["rho_R_star", "optimum_both_sides", "R_star_alpha", "abal_above_half", "rho_a_star",
             "precision_between", "precision_rho_test", "rho0_never_best_R", "rho0_never_b0",
             "sharper_low_noise", "sharper_more_data", "no_transition"]  # fmt: skip
    assert shown == [want[k] for k in order], dict(zip(order, shown, strict=True))
    text = " ".join(m.value for m in at.markdown)
    assert "nan" not in text.split() and "None" not in text and "inf" not in text.split()
    assert "ρ* = 0.1141, spinodal 0.1130, q jumps by 0.0169" in text  # the reference numbers

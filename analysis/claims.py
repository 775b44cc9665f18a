"""The paper's quantitative statements, each checked against the exact solution.

A check evaluates the statement on a set of cases (parameter points the paper names, or the
neighbourhood it generalises to), decides per case with an explicit, computed threshold and returns:

* ``verdict``: "holds" (every case passes), "does not hold" (none passes) or "holds under conditions"
  (some pass: ``finding`` names which);
* ``rule``: the threshold in words, ``finding``: sentences generated from the numbers, ``cases``: one
  row per case (JSON-safe), ``page``: the dashboard page that shows it.

Thresholds. "About x" (a value the paper reads off a figure, to two decimals) passes within
``APPROX`` = 0.025, half the 0.05 step at which such values are quoted. Optima along rho_train come
from ``optima.argmax`` (Brent to 1e-6); "the same" optimum means within ``SAME`` = 1e-5. "b = b0"
means |b - b0| <= ``B_TOL`` = 1e-6 (the solver converges to 1e-10). Sharpness is the curvature
-d^2 a_bal / d rho_train^2 at the peak (central difference, step ``H``); two curvatures within
``FLAT_REL`` = 1 % count as equal.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.special import ndtr

from solver import solve, sweep

from . import optima, transition
from .memo import disk

APPROX = 0.025
SAME = 1e-5
B_TOL = 1e-6
H = 0.01
FLAT_REL = 0.01
FIG8_B0 = (-1.5, -2.0, -3.0, -4.0, -5.0)
HOLDS, COND, FAILS = "holds", "holds under conditions", "does not hold"


def _verdict(passed: list[bool]) -> str:
    return HOLDS if all(passed) else FAILS if not any(passed) else COND


def _fmt(x: float, d: int = 3) -> str:
    return f"{x:.{d}f}"


# The tab of a page that shows a claim, where it is not the page's first (the pages' ``tab=`` control).
TABS = {"rho_a_star": "metrics", "precision_between": "metrics", "precision_rho_test": "fig12",
        "R_star_alpha": "fig10"}  # fmt: skip


def _result(key, claim, source, page, rule, cases, finding, passed=None) -> dict:
    """One checked claim; ``page`` and ``query`` (its URL parameters) say where the app shows it."""
    passed = [c["passes"] for c in cases] if passed is None else passed
    query = {"tab": TABS[key]} if key in TABS else {}
    return dict(key=key, claim=claim, source=source, page=page, query=query, rule=rule, cases=cases,
                finding=finding, verdict=_verdict(passed))  # fmt: skip


@lru_cache(maxsize=64)
def _sols(b0: float, alpha: float, T: float) -> tuple:
    """The rho_train sweep on ``optima.DEFAULT_GRID`` at (b0, alpha, T), shared by every search there."""
    return tuple(sweep("rho_train", optima.DEFAULT_GRID, b0=b0, alpha=alpha, T=T))


def _pair(value) -> None:
    if not (isinstance(value, list) and len(value) == 2 and all(v is None or float(v) == v for v in value)):
        raise ValueError("not an optimum")


def _peak(
    q: str, b0: float, alpha: float, T: float, rho_test: float = 0.5
) -> tuple[float | None, float | None]:
    """(rho_train, value) of ``optima.argmax`` on the shared sweep, (None, None) when there is none;
    kept in the disk cache (``memo.disk``)."""

    def compute(q, b0, alpha, T, rho_test):
        f = optima.argmax(q, b0, alpha, T, rho_test=rho_test, sols=list(_sols(b0, alpha, T)))
        return [f.x, f.value] if f.found else [None, None]

    return tuple(disk("argmax", compute, q, b0, alpha, T, rho_test, check=_pair))


def _argmax(q: str, b0: float, alpha: float, T: float, rho_test: float = 0.5) -> float | None:
    return _peak(q, b0, alpha, T, rho_test)[0]


def _rho_b_star(b0: float, alpha: float, T: float) -> float | None:
    """``optima.rho_b_star`` on the shared sweep (None when b never reaches b0), disk-cached."""

    def compute(b0, alpha, T):
        f = optima.rho_b_star(b0, alpha, T, sols=list(_sols(b0, alpha, T)))
        return [f.x if f.found else None, None]

    return disk("rho_b_star", compute, b0, alpha, T, check=_pair)[0]


def _approx(key, claim, source, page, quantity, stated, points) -> dict:
    cases = []
    for b0, alpha, T in points:
        x = _argmax(quantity, b0, alpha, T)
        ok = x is not None and abs(x - stated) <= APPROX
        cases.append(dict(b0=b0, alpha=alpha, T=T, value=x, passes=ok))
    vals = [c["value"] for c in cases if c["value"] is not None]
    lo, hi = min(vals), max(vals)
    span = _fmt(lo) if lo == hi else f"{_fmt(lo)}–{_fmt(hi)}"
    off = max(abs(v - stated) for v in vals)
    finding = (f"The solver gives {span} (largest distance from {stated:g}: {off:.3f}, tolerance {APPROX:g}) "
               f"over {len(cases)} case(s).")  # fmt: skip
    rule = f"holds in a case when |value − {stated:g}| ≤ {APPROX:g}"
    return _result(key, claim, source, page, rule, cases, finding)


def rho_R_star_alpha8() -> dict:
    """App. E, Fig. 8 (a'): rho(R*) around 0.45 at alpha = 8 (b0 = -1.5 ... -5, T = 0.5)."""
    return _approx("rho_R_star", "At α = 8 the ρtrain at which R peaks, ρ(R*), is around 0.45.",
                   "App. E, Fig. 8 (a′): α = 8, T = 0.5, b0 = −1.5 … −5", "views/fig3_8.py", "R", 0.45,
                   [(b0, 8.0, 0.5) for b0 in FIG8_B0])  # fmt: skip


def rho_a_star_alpha8() -> dict:
    """App. E, Fig. 8 (c'): rho(a*) around 0.55 at alpha = 8 (b0 = -0.6, T = 0.5)."""
    return _approx("rho_a_star", "At α = 8 the balanced accuracy peaks around ρtrain = 0.55.",
                   "App. E, Fig. 8 (c′): α = 8, T = 0.5, b0 = −0.6", "views/fig3_8.py", "balanced_accuracy",
                   0.55, [(-0.6, 8.0, 0.5)])  # fmt: skip


def abal_above_half() -> dict:
    """Sec. 3.2, Fig. 4: for b0 < 0 and alpha = 1.1 the balanced accuracy peaks at rho_train > 0.5."""
    points = [(b0, 1.1, 0.5) for b0 in (-0.2, -0.6, -1.0, -1.5, -2.0, -3.0, -5.0)]
    points += [(-1.0, 1.1, T) for T in (0.01, 0.1, 1.0, 2.0)]
    cases = []
    for b0, alpha, T in points:
        x = _argmax("balanced_accuracy", b0, alpha, T)
        cases.append(dict(b0=b0, alpha=alpha, T=T, value=x, passes=x is not None and x > 0.5 + SAME))
    bad = [c for c in cases if not c["passes"]]
    vals = [c["value"] for c in cases if c["value"] is not None]
    finding = f"ρ(a*) ranges over {_fmt(min(vals))}–{_fmt(max(vals))} in {len(cases)} cases"
    finding += (
        "; it is above 0.5 in every one."
        if not bad
        else ("; it is not above 0.5 at " + ", ".join(f"b0 = {c['b0']:g}, T = {c['T']:g}" for c in bad) + ".")
    )
    rule = f"holds in a case when ρ(a*) > 0.5 + {SAME:g}"
    claim = "When b0 < 0 and α = 1.1, the balanced accuracy peaks at ρtrain > 0.5."
    return _result(
        "abal_above_half", claim, "Sec. 3.2, Fig. 4: α = 1.1, b0 < 0", "views/fig4.py", rule, cases, finding
    )


def precision_between() -> dict:
    """Sec. 3.2: the precision peaks between rho0 and rho(b*)."""
    cases = []
    for alpha in (1.1, 8.0):
        for b0 in (-0.2, -0.6, -1.0, -1.5):
            p, rb = _argmax("precision", b0, alpha, 0.5), _rho_b_star(b0, alpha, 0.5)
            rho0 = float(ndtr(b0))
            ok = p is not None and rb is not None and min(rho0, rb) <= p <= max(rho0, rb)
            cases.append(dict(b0=b0, alpha=alpha, T=0.5, rho0=rho0, rho_b_star=rb, rho_p_star=p, passes=ok))
    good = [c for c in cases if c["passes"]]
    where = ", ".join(f"b0 = {c['b0']:g}, α = {c['alpha']:g}" for c in good) or "none"
    none_b = [c for c in cases if c["rho_b_star"] is None]
    finding = f"ρ(p*) lies between ρ0 and ρ(b*) in {len(good)} of {len(cases)} cases (where: {where})."
    if none_b:
        finding += f" In {len(none_b)} case(s) b never reaches b0, so ρ(b*) does not exist."
    rule = "holds in a case when ρ(p*) lies in the closed interval between ρ0 and ρ(b*) (ρtest = 0.5)"
    claim = "The precision peaks between ρ0 and ρ(b*), making it the best candidate to identify b0."
    src = "Sec. 3.2, Fig. 3 (c, d): T = 0.5"
    return _result("precision_between", claim, src, "views/fig3_8.py", rule, cases, finding)


def precision_rho_test() -> dict:
    """Sec. 3.2: the position of the precision's peak does not seem to depend strongly on rho_test."""
    cases = []
    for b0, alpha in ((-0.6, 1.1), (-0.6, 8.0), (-1.5, 1.1)):
        xs = [_argmax("precision", b0, alpha, 0.5, rho_test=rt) for rt in (0.5, float(ndtr(b0)), 0.1, 0.9)]
        spread = max(xs) - min(xs) if None not in xs else math.inf
        cases.append(dict(b0=b0, alpha=alpha, T=0.5, rho_p_star=xs[0], spread=spread, passes=spread <= SAME))
    worst = max(c["spread"] for c in cases)
    finding = (
        f"Across ρtest = 0.5, ρ0, 0.1 and 0.9 the peak moves by at most {worst:.1e} (the optimiser's "
        "tolerance): the position is exactly independent of ρtest. Precision = 1 / (1 + (1 − s)/r · "
        "(1 − ρtest)/ρtest) is a monotone function of r / (1 − s), which does not involve ρtest; only its "
        "value depends on ρtest."
    )
    rule = f"holds in a case when ρ(p*) moves by ≤ {SAME:g} across the four ρtest values"
    claim = "The position of the precision's peak does not seem to have a strong dependence on ρtest."
    return _result(
        "precision_rho_test", claim, "Sec. 3.2, Fig. 3 (c, d)", "views/fig11_12.py", rule, cases, finding
    )


def rho0_never_b0() -> dict:
    """Sec. 3.2: training at rho_train = rho0 never gives the right bias b = b0."""
    cases = []
    for alpha in (1.1, 8.0):
        for T in (0.005, 0.01, 0.05, 0.1, 0.5, 1.0):
            sol = solve(-0.6, alpha, T, float(ndtr(-0.6)))
            gap = abs(sol.b - sol.b0) if sol.phase == "informative" else math.inf
            cases.append(dict(b0=-0.6, alpha=alpha, T=T, b=sol.b, gap=gap, passes=gap > B_TOL))
    exact = [c for c in cases if not c["passes"]]
    hot = next(c for c in cases if c["T"] == 0.5)
    if not exact:
        finding = "At ρtrain = ρ0 the learned bias differs from b0 in every case."
    else:
        where = ", ".join(f"T = {c['T']:g} (α = {c['alpha']:g})" for c in exact)
        finding = (
            f"At ρtrain = ρ0 the learned bias equals b0 (|b − b0| ≤ {max(c['gap'] for c in exact):.0e}) at "
            f"{where}: at low noise the student trained at ρ0 learns b0 to the solver's precision (on the "
            "Nishimori line, T → 0 at ρtrain = ρ0, the Gibbs student is the Bayes posterior and b = b0 "
            f"exactly); at T = 0.5 the gap is {_fmt(hot['gap'])} (α = {hot['alpha']:g})."
        )
    rule = f"holds in a case when |b(ρ0) − b0| > {B_TOL:g} (b0 = −0.6, T from 0.005 to 1)"
    claim = "Training at ρtrain = ρ0 never gives the best model: it never learns b = b0."
    src = "Sec. 3.2 (Fig. 3 b) and “Optimal train imbalance”"
    return _result("rho0_never_b0", claim, src, "views/fig5.py", rule, cases, finding)


def curvature(b0: float, alpha: float, T: float) -> tuple[float | None, float | None]:
    """(rho(a*), -d^2 a_bal / d rho_train^2 there) by a central difference of step H."""
    x = _argmax("balanced_accuracy", b0, alpha, T)
    if x is None:
        return None, None

    def compute(b0, alpha, T, x):
        a = [optima.informative_value(solve(b0, alpha, T, x + d), "balanced_accuracy") for d in (-H, 0.0, H)]
        k = -(a[0] - 2 * a[1] + a[2]) / H**2
        return [x, k if math.isfinite(k) else None]

    return tuple(disk("curvature", compute, b0, alpha, T, x, check=_pair))


def _sharper(key, claim, over, values, fixed, claimed_sign) -> dict:
    """Curvature at the peak along a family; each step that changes it by > FLAT_REL is one test."""
    cases = []
    for v in values:
        p = {"b0": -1.0, **fixed, over: v}
        x, k = curvature(p["b0"], p["alpha"], p["T"])
        cases.append(dict(**p, rho_peak=x, curvature=k, passes=None))
    passed = []
    for c, d in zip(cases, cases[1:], strict=False):
        if c["curvature"] is not None and d["curvature"] is not None:
            change = (d["curvature"] - c["curvature"]) / max(abs(c["curvature"]), 1e-12)
            if abs(change) > FLAT_REL:
                passed.append(bool(np.sign(change) == claimed_sign))
    ks = ", ".join(f"{c[over]:g}: {c['curvature']:.3g}" for c in cases if c["curvature"] is not None)
    up, sym = sum(passed), "T" if over == "T" else "α"
    finding = (
        f"Curvature of a_bal at its peak for {sym} = {ks}. Of {len(passed)} steps up in {sym} that change it "
        f"by more than {FLAT_REL:.0%}, {up} follow(s) the statement and {len(passed) - up} go(es) the "
        "other way."
    )
    rule = (
        f"compares the curvature at neighbouring {sym} values (b0 = −1, the Fig. 4 families); holds when "
        f"every change larger than {FLAT_REL:.0%} has the stated sign, does not hold when none has"
    )
    return _result(key, claim, "Sec. 3.2, Fig. 4", "views/fig4.py", rule, cases, finding, passed or [False])


def sharper_low_noise() -> dict:
    """Sec. 3.2: decreasing T makes the a_bal curves more peaked."""
    claim = "Decreasing T (less noise) makes the balanced-accuracy curves more peaked."
    return _sharper("sharper_low_noise", claim, "T", (0.01, 0.1, 0.5, 1.0, 2.0), {"alpha": 1.1}, -1)


def sharper_more_data() -> dict:
    """Sec. 3.2: increasing alpha makes the a_bal curves more peaked."""
    claim = "Increasing α (more data) makes the balanced-accuracy curves more peaked."
    return _sharper("sharper_more_data", claim, "alpha", (0.5, 1.1, 2.0, 5.0, 8.0), {"T": 0.5}, 1)


def no_transition() -> dict:
    """Sec. 4: varying rho_train causes smooth variations, no phase transitions."""
    cases = []
    for b0 in (0.0, -0.2, -0.4, -0.6):
        t = transition.cached(b0, 1.1, 0.5)
        cases.append({**t, "passes": t["rho_star"] is None})
    jumps = [c for c in cases if not c["passes"]]
    if not jumps:
        finding = "No jump was found on the ρtrain range."
    else:
        below = all(c["rho_star"] < min(c["rho0"], 0.5) for c in jumps)
        each = "; ".join(
            f"b0 = {c['b0']:g}: ρ* = {_fmt(c['rho_star'], 4)}, spinodal {_fmt(c['rho_spinodal'], 4)}, "
            f"q jumps by {_fmt(c['q_jump'], 4)}"
            for c in jumps
        )
        finding = (
            ("The jump lies below ρ0 and 0.5 in every case: crossing those values is smooth, as the paper "
             "says. " if below else "")
            + f"Below ρc = 1/(1 + e^(1/T)) = {_fmt(cases[0]['rho_c'], 4)} the student jumps to the "
            f"all-normal dummy (R = q = 0, b → −∞) through a first-order transition: {each}."
        )  # fmt: skip
    rule = "holds in a case when the solver finds no jump of (q, R, b) along ρtrain (α = 1.1, T = 0.5)"
    claim = "Varying ρtrain causes smooth variations in the solutions, with no abrupt changes."
    return _result("no_transition", claim, "Sec. 4 (Discussion)", "views/maps.py", rule, cases, finding)


def optimum_both_sides() -> dict:
    """App. E: rho(R*) can be larger or smaller than 0.5 (Fig. 4 above, Fig. 8 below)."""
    cases = []
    for b0, alpha in ((-1.0, 1.1), (-2.0, 8.0)):
        x = _argmax("R", b0, alpha, 0.5)
        cases.append(dict(b0=b0, alpha=alpha, T=0.5, value=x, passes=None))
    xs = [c["value"] for c in cases if c["value"] is not None]
    above, below = any(x > 0.5 + SAME for x in xs), any(x < 0.5 - SAME for x in xs)
    each = (f"{_fmt(c['value'])} (b0 = {c['b0']:g}, α = {c['alpha']:g})" for c in cases if c["value"])
    finding = "ρ(R*) = " + ", ".join(each)
    finding += ": " + ("one above and one below 0.5." if above and below else "all on one side of 0.5.")
    rule = f"holds when one case has ρ(R*) > 0.5 + {SAME:g} and another ρ(R*) < 0.5 − {SAME:g}"
    claim = "The optimal ρtrain(R*) can be larger or smaller than 0.5."
    src = "Sec. 3.2 and App. E (Figs. 4, 8, 9)"
    return _result("optimum_both_sides", claim, src, "views/fig9_10.py", rule, cases, finding, [above, below])


def R_star_grows_with_alpha() -> dict:
    """App. E, Fig. 10 (a): R* is an increasing function of alpha."""
    cases = []
    for alpha in (0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0):
        cases.append(dict(b0=-0.6, alpha=alpha, T=0.5, value=_peak("R", -0.6, alpha, 0.5)[1], passes=None))
    vals = [c["value"] for c in cases]
    passed = [b > a for a, b in zip(vals, vals[1:], strict=False) if a is not None and b is not None]
    finding = "R* = " + ", ".join(f"{_fmt(c['value'])} (α = {c['alpha']:g})" for c in cases if c["value"])
    finding += f": {sum(passed)} of {len(passed)} steps up in α increase it."
    rule = "holds when every step up in α (b0 = −0.6, T = 0.5) increases R*"
    claim = "The optimal overlap R* is an increasing function of the amount of data α."
    src = "App. E, Fig. 10 (a)"
    return _result("R_star_alpha", claim, src, "views/fig9_10.py", rule, cases, finding, passed or [False])


def rho0_never_best_R() -> dict:
    """Sec. 3.2: training at rho_train = rho0 never gives the best overlap."""
    cases = []
    for alpha in (1.1, 8.0):
        for T in (0.005, 0.05, 0.5, 1.0):
            x = _argmax("R", -0.6, alpha, T)
            gap = abs(x - float(ndtr(-0.6))) if x is not None else None
            cases.append(
                dict(b0=-0.6, alpha=alpha, T=T, value=x, gap=gap, passes=gap is not None and gap > SAME)
            )
    gaps = [c["gap"] for c in cases if c["gap"] is not None]
    finding = f"|ρ(R*) − ρ0| ranges over {_fmt(min(gaps))}–{_fmt(max(gaps))} in {len(cases)} cases "
    finding += "(T from 0.005 to 1)."
    rule = f"holds in a case when |ρ(R*) − ρ0| > {SAME:g}"
    claim = "Training at ρtrain = ρ0 never gives the best overlap R."
    return _result("rho0_never_best_R", claim, "Sec. 3.2", "views/fig3_8.py", rule, cases, finding)


CHECKS = {
    "rho_R_star": rho_R_star_alpha8,
    "optimum_both_sides": optimum_both_sides,
    "R_star_alpha": R_star_grows_with_alpha,
    "abal_above_half": abal_above_half,
    "rho_a_star": rho_a_star_alpha8,
    "precision_between": precision_between,
    "precision_rho_test": precision_rho_test,
    "rho0_never_best_R": rho0_never_best_R,
    "rho0_never_b0": rho0_never_b0,
    "sharper_low_noise": sharper_low_noise,
    "sharper_more_data": sharper_more_data,
    "no_transition": no_transition,
}


def check(key: str) -> dict:
    """Run one check by key (``CHECKS``); ValueError names the known keys."""
    if key not in CHECKS:
        raise ValueError(f"unknown claim {key!r}; known: {', '.join(CHECKS)}")
    return CHECKS[key]()


def sampled_curvature(x, y) -> float | None:
    """-d^2 y / dx^2 at the maximum of a sampled curve (parabola through it and its two neighbours);
    None at an end point or with fewer than three finite points."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(y)
    x, y = x[ok], y[ok]
    i = int(np.argmax(y)) if len(y) else 0
    if len(y) < 3 or i in (0, len(y) - 1):
        return None
    return float(-2.0 * np.polyfit(x[i - 1 : i + 2], y[i - 1 : i + 2], 2)[0])


def sharpness_sentence(symbol: str, values, curvatures) -> str:
    """How the peak's curvature changes along a family, in words, from the numbers."""
    pairs = [(v, k) for v, k in zip(values, curvatures, strict=True) if k is not None]
    if len(pairs) < 2:
        return "Too few curves with an interior peak to compare their sharpness."
    ks = [k for _, k in pairs]
    listing = ", ".join(f"{symbol} = {v:g}: {k:.3g}" for v, k in pairs)
    d = np.diff(ks) / np.abs(ks[:-1])
    big = d[np.abs(d) > FLAT_REL]
    if len(big) == 0:
        trend = f"the peaks are equally sharp (within {FLAT_REL:.0%}) for every {symbol}"
    elif (big > 0).all():
        trend = f"larger {symbol} gives a sharper peak: missing the best ρtrain costs more"
    elif (big < 0).all():
        trend = f"larger {symbol} gives a flatter peak: missing the best ρtrain costs less"
    else:
        trend = f"the sharpness is not monotonic in {symbol}"
    return f"Curvature −d²a_bal/dρtrain² at the peak: {listing}. Here {trend}."


def shape(x, y, name: str, over: str) -> str:
    """'name increases with over' / '... is not monotonic in over: it turns at over ≈ ...' from samples
    (steps smaller than 1e-4 of the range count as flat)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(y)
    x, y = x[ok], y[ok]
    if len(y) < 3:
        return f"{name}: too few points to tell its shape in {over}."
    d = np.diff(y)
    s = np.sign(np.where(np.abs(d) < 1e-4 * (np.ptp(y) or 1.0), 0.0, d))
    nz = np.flatnonzero(s)
    turns = [x[nz[k + 1]] for k in range(len(nz) - 1) if s[nz[k]] != s[nz[k + 1]]]
    if not turns:
        trend = "increases" if s[nz].sum() > 0 else "decreases" if len(nz) else "is flat"
        return f"{name} {trend} with {over} on this range."
    return (
        f"{name} is not monotonic in {over}: it turns at {over} ≈ "
        + ", ".join(f"{t:.3g}" for t in turns)
        + "."
    )

"""Plain-language sentences about a solved point: its phase and the take-away line."""

from __future__ import annotations

import math

PHASE_WORDS = {
    "informative": "**Informative phase**: the student has learnt something about the teacher's direction "
    "(R > 0).",
    "dummy": "**Dummy phase**: the student ignores the inputs and predicts the {majority} class for every "
    "sample (R = 0, b = {b}). Far from balance this costs few training errors and is entropically favoured.",
    "unsolved": "**No solution found here**: {message} No numbers are shown for this point.",
}


def fmt(x, digits: int = 3) -> str:
    """A number for display: fixed digits, ±∞ spelled out, NaN as an en dash."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float) and math.isinf(x):
        return "+∞" if x > 0 else "−∞"
    return f"{x:.{digits}f}"


def phase_sentence(pt: dict) -> str:
    """The phase of the current point, in words."""
    majority = "positive (anomaly)" if pt["b"] > 0 else "negative (normal)"
    return PHASE_WORDS[pt["phase"]].format(majority=majority, b=fmt(pt["b"]), message=pt.get("message", ""))


def takeaway(pt: dict, opt: dict, rho0: float) -> str:
    """One line stating what matters at the current point (best overlap, distance from it)."""
    rho_star, r_star = opt.get("rho_R_star"), opt.get("R_star")
    if pt["phase"] == "unsolved":
        return "The solver did not converge at this point; try a nearby value."
    if rho_star is None:
        return "No interior optimum of the overlap R along ρtrain for these parameters."
    best = f"Best overlap R* = {r_star:.3f} at ρtrain = {rho_star:.3f}"
    others = [f"{v}" for v, x in (("0.5", 0.5), (f"ρ0 = {rho0:.3g}", rho0)) if abs(rho_star - x) >= 5e-4]
    if others:
        best += ", not " + " and not ".join(others)
    if pt["phase"] == "dummy":
        return f"{best}; here the student is a dummy (R = 0): move ρtrain towards {rho_star:.3f}."
    share = pt["R"] / r_star if r_star else math.nan
    return f"{best}; here R = {pt['R']:.3f} ({share:.0%} of R*)."

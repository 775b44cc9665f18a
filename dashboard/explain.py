"""Plain-language sentences about a solved point (its phase, the take-away line, missing optima) and
display helpers that say in words what a missing or infinite number means (never "nan", "None", "inf")."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

PHASE_WORDS = {
    "informative": "**Informative phase**: the student has learnt something about the teacher's direction "
    "(R > 0).",
    "dummy": "**Dummy phase**: the student ignores the inputs and predicts the {majority} class for every "
    "sample (R = 0, b = {b}). Far from balance this costs few training errors and is entropically favoured.",
    "unsolved": "**No solution found here**: {message} No numbers are shown for this point.",
}


def fmt(x, digits: int = 3, missing: str = "none") -> str:
    """A number for display: fixed digits, ±∞ as symbols, a missing value (None, NaN) as ``missing``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return missing
    if isinstance(x, float) and math.isinf(x):
        return "+∞" if x > 0 else "−∞"
    return f"{x:.{digits}f}"


def fmt_b(b, digits: int = 3) -> str:
    """The student's bias in words where it is infinite (the dummy phase)."""
    if isinstance(b, float) and math.isinf(b):
        return "+∞ (calls everything an anomaly)" if b > 0 else "−∞ (calls everything normal)"
    return fmt(b, digits, "none (not solved)")


MISSING = "none"


def display(df: pd.DataFrame, words: dict | None = None, digits: int = 4) -> pd.DataFrame:
    """A table for the reader: in every column holding a missing (None, NaN) or infinite number, numbers
    become text and the gaps words (``words[column]``, default "none"); other columns are unchanged."""
    words = words or {}
    out = df.copy()
    for col in out.columns:
        values = out[col].tolist()
        if any(_gap(v) for v in values):
            miss = words.get(col, MISSING)
            out[col] = [v if isinstance(v, str) else _cell(v, digits, miss) for v in values]
    return out


def _gap(v) -> bool:
    return v is None or (isinstance(v, (float, np.floating)) and not math.isfinite(v))


def _cell(v, digits: int, missing: str) -> str:
    if v is None or isinstance(v, (bool, np.bool_)):
        return missing if v is None else str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return fmt(float(v), digits, missing) if not math.isfinite(float(v)) else f"{float(v):.{digits}g}"


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
        why = opt.get("found", {}).get("R")
        return f"No optimum of the overlap R along ρtrain: {why.reason}." if why else "No optimum of R."
    best = f"Best overlap R* = {r_star:.3f} at ρtrain = {rho_star:.3f}"
    others = [f"{v}" for v, x in (("0.5", 0.5), (f"ρ0 = {rho0:.3g}", rho0)) if abs(rho_star - x) >= 5e-4]
    if others:
        best += ", not " + " and not ".join(others)
    if pt["phase"] == "dummy":
        return f"{best}; here the student is a dummy (R = 0): move ρtrain towards {rho_star:.3f}."
    if not r_star:
        return f"{best}; here R = {pt['R']:.3f}."
    return f"{best}; here R = {pt['R']:.3f} ({pt['R'] / r_star:.0%} of R*)."


OPTIMUM_NAMES = {"R": "ρ(R*)", "b": "ρ(b*)"}


def optimum_notes(opt: dict, keys=("R", "b"), labels: dict | None = None) -> list[str]:
    """Sentences for the optima of ``opt`` (``analysis.figures.optima``) that are missing or found in a
    special way, e.g. "ρ(b*): none (b stays above b0 = -3 on the whole informative range ...)";
    ``labels`` names the metrics among ``keys``."""
    out = []
    for k in keys:
        f = opt.get("found", {}).get(k)
        if f is None or not f.reason:
            continue
        name = OPTIMUM_NAMES.get(k) or f"peak of {(labels or {}).get(k, k)}"
        out.append(f"{name} = {f.x:.3f}: {f.reason}." if f.found else f"{name}: none ({f.reason}).")
    return out

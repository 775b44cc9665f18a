"""Validation of the control parameters and the b0 <-> rho0 map (Eq. 5).

Every public entry point validates its inputs here, so that out-of-range, NaN or
infinite values raise one ``ValueError`` that names the parameter and its range.
"""

from __future__ import annotations

import math

from scipy.special import ndtr, ndtri

# Allowed ranges of the control parameters (closed intervals unless noted).
RANGES = {
    "b0": (-5.0, 5.0),
    "alpha": (0.05, 50.0),
    "T": (0.005, 10.0),
    "rho_train": (0.001, 0.999),
    "rho_test": (0.0, 1.0),  # open interval
    "fix_b": (-10.0, 10.0),
}
OPEN = {"rho_test"}
RHO0_RANGE = (float(ndtr(RANGES["b0"][0])), float(ndtr(RANGES["b0"][1])))


def check(name: str, value) -> float:
    """Return ``value`` as a float, or raise ValueError naming ``name`` and its allowed range."""
    lo, hi = RANGES[name]
    brackets = "()" if name in OPEN else "[]"
    allowed = f"{brackets[0]}{lo:g}, {hi:g}{brackets[1]}"
    shown = repr(value) if isinstance(value, str) else str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in {allowed}, got {shown}") from None
    inside = lo < x < hi if name in OPEN else lo <= x <= hi
    if not math.isfinite(x) or not inside:
        raise ValueError(f"{name} must be a finite number in {allowed}, got {shown}")
    return x


def rho0_from_b0(b0: float) -> float:
    """Intrinsic anomaly fraction rho0 = Phi(b0) (Eq. 5)."""
    return float(ndtr(check("b0", b0)))


def b0_from_rho0(rho0: float) -> float:
    """Teacher bias b0 = Phi^-1(rho0), the inverse of Eq. 5."""
    lo, hi = RHO0_RANGE
    try:
        x = float(rho0)
    except (TypeError, ValueError):
        x = math.nan
    if not (math.isfinite(x) and lo <= x <= hi):
        raise ValueError(f"rho0 must be a finite number in [{lo:.3g}, {hi:.7g}], got {rho0}")
    return float(ndtri(x))

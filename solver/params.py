"""Validation of the control parameters and the b0 <-> rho0 map (Eq. 5).

Every public entry point validates its inputs here, so that out-of-range, NaN or
infinite values raise one ``ValueError`` that names the parameter and its range.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr, ndtri

# Allowed ranges of the control parameters (closed intervals unless noted).
RANGES = {
    "b0": (-5.0, 5.0),
    "alpha": (0.05, 50.0),
    "T": (0.005, 10.0),
    "rho_train": (0.001, 0.999),
    "rho_test": (0.0, 1.0),  # open interval
    "fix_b": (-5.0, 5.0),  # App. D holds b at the teacher's b0, whose range this is
}
OPEN = {"rho_test"}
RHO0_RANGE = (float(ndtr(RANGES["b0"][0])), float(ndtr(RANGES["b0"][1])))


def check(name: str, value) -> float:
    """Return ``value`` as a float, or raise ValueError naming ``name`` and its allowed range.

    Booleans, strings and bytes are refused (``True`` is not 1.0 and ``"1_0"`` is not 10); integers too
    large for a float (``10**400``) are refused like any other value out of range."""
    lo, hi = RANGES[name]
    if type(value) is float and (lo < value < hi or (name not in OPEN and value in (lo, hi))):
        return value  # the common case, without building the message
    brackets = "()" if name in OPEN else "[]"
    allowed = f"{brackets[0]}{lo:g}, {hi:g}{brackets[1]}"
    x = _number(name, value, allowed)
    inside = lo < x < hi if name in OPEN else lo <= x <= hi
    if not math.isfinite(x) or not inside:
        raise ValueError(f"{name} must be a finite number in {allowed}, got {_shown(value)}")
    return x


def check_values(name: str, values) -> list:
    """The values of a sweep over ``name`` as a list (each is checked later), or a ValueError."""
    if values is None or isinstance(values, (str, bytes, bytearray)) or not hasattr(values, "__iter__"):
        raise ValueError(f"values of {name} must be a sequence of numbers, got {_shown(values)}")
    return list(values)


def _number(name: str, value, allowed: str) -> float:
    """``float(value)`` for a real number; a ValueError naming ``name`` for anything else."""
    if isinstance(value, (bool, np.bool_, str, bytes, bytearray)):
        kind = type(value).__name__
        raise ValueError(f"{name} must be a number in {allowed}, got the {kind} {_shown(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite number in {allowed}, got {_shown(value)}") from None
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in {allowed}, got {_shown(value)}") from None


def _shown(value) -> str:
    """A short printable form of any value (a huge integer by its number of digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    text = repr(value) if isinstance(value, (str, bytes, bytearray)) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def rho0_from_b0(b0: float) -> float:
    """Intrinsic anomaly fraction rho0 = Phi(b0) (Eq. 5)."""
    return float(ndtr(check("b0", b0)))


def b0_from_rho0(rho0: float) -> float:
    """Teacher bias b0 = Phi^-1(rho0), the inverse of Eq. 5."""
    lo, hi = RHO0_RANGE
    allowed = f"[{lo:.3g}, {hi:.7g}]"
    x = _number("rho0", rho0, allowed)
    if not (math.isfinite(x) and lo <= x <= hi):
        raise ValueError(f"rho0 must be a finite number in {allowed}, got {_shown(rho0)}")
    return float(ndtri(x))

"""The first-order transition to the all-normal dummy along rho_train, in numbers (not in the paper).

For rho_train < rho_c(T) = 1/(1 + e^(1/T)) the dummy (R = q = 0, b = -inf) is locally stable; the
informative branch wins down to rho* (equal free energies) and ends at the spinodal below it
(``analysis.boundary``, bisection to ``TOL``). At rho* the order parameters jump from the informative
values (q, R, b) to the dummy's (0, 0, -inf).

Whether a finite system can show it: a sampler with N weights and P = alpha N samples sees rho_train
in steps of 1/P, so the coexistence window [spinodal, rho*] holds ``(rho* - spinodal) alpha N`` class
counts; it is *unresolvable* at that N when this is below one. The jump in R is *too small to resolve*
when it is below 2/sqrt(N), twice the O(1/sqrt(N)) spread of one chain's overlap.

``table`` is what ``python -m analysis transition`` prints and the README shows; the pages read it
through the disk cache (``cached``), which the background warm-up fills.
"""

from __future__ import annotations

import math

from scipy.special import ndtr

from solver import saddle, solve

from .boundary import dummy_boundary
from .memo import disk

TOL = 1e-6  # bisection tolerance in rho_train
N_REF = 800  # the system size of the Monte Carlo check (experiments/gibbs_transition.py)
COLUMNS = ("alpha", "rho_c", "rho_star", "rho_spinodal", "window", "q_jump", "R_jump", "b_at_rho_star")


def transition(b0: float, alpha: float, T: float, tol: float = TOL) -> dict:
    """rho_c, rho*, spinodal, window width and the jumps of q and R at rho* (None where there is none)."""
    bd = dummy_boundary(b0, alpha, T, "lower", tol=tol)
    out = dict(b0=b0, alpha=alpha, T=T, rho0=float(ndtr(b0)), rho_c=saddle.rho_c(T), rho_star=bd.rho_star)
    out |= dict(rho_spinodal=bd.rho_spinodal, window=None, q_jump=None, R_jump=None, b_at_rho_star=None)
    if bd.rho_star is not None:
        above = solve(b0, alpha, T, bd.rho_star + tol)
        if above.phase == "informative":
            out |= dict(q_jump=above.q, R_jump=above.R, b_at_rho_star=above.b)
        if bd.rho_spinodal is not None:
            out["window"] = bd.rho_star - bd.rho_spinodal
    return out


def _check(t) -> None:
    """A cached ``transition``: its keys, numbers or None (ValueError otherwise)."""
    if set(t) != {"b0", "alpha", "T", "rho0", *COLUMNS[1:]}:
        raise ValueError("not a transition")
    if not all(v is None or float(v) == v for v in t.values()):
        raise ValueError("not a transition")


def cached(b0: float, alpha: float, T: float) -> dict:
    """``transition`` at the default tolerance, kept in the solver's disk cache (``memo.disk``)."""
    return disk("transition", transition, b0, alpha, T, check=_check)


def resolution(t: dict, N: int = N_REF) -> str:
    """What a system of N weights can see of the transition ``t``, in words."""
    if t["rho_star"] is None or t["window"] is None or t["R_jump"] is None:
        return "no transition on the rho_train range"
    counts = t["window"] * t["alpha"] * N
    small = [
        *([f"the coexistence window holds {counts:.1f} class counts (< 1)"] if counts < 1 else []),
        *([f"the jump in R ({t['R_jump']:.3f}) is below 2/sqrt(N) = {2 / math.sqrt(N):.3f}"]
          if t["R_jump"] < 2 / math.sqrt(N) else []),
    ]  # fmt: skip
    return f"too small to resolve at N = {N}: " + " and ".join(small) if small else f"resolvable at N = {N}"


def table(b0: float, alphas, T: float, N: int = N_REF, cache: bool = False) -> list[dict]:
    """One row per alpha: the transition and what N weights can resolve of it (``cache``: through
    ``cached``)."""
    rows = []
    for alpha in alphas:
        t = (cached if cache else transition)(b0, float(alpha), T)
        rows.append({k: t[k] for k in COLUMNS} | {"at_N": resolution(t, N)})
    return rows


def markdown(b0: float, alphas, T: float, N: int = N_REF, cache: bool = False) -> str:
    """The table as Markdown (4 decimals; "–" where there is no value)."""
    rows = table(b0, alphas, T, N, cache)
    head = [*COLUMNS, f"at N = {N}"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in rows:
        cells = ["–" if r[c] is None else f"{r[c]:g}" if c == "alpha" else f"{r[c]:.4f}" for c in COLUMNS]
        lines.append("| " + " | ".join([*cells, r["at_N"]]) + " |")
    return "\n".join(lines)

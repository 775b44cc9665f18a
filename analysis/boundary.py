"""The boundary of the dummy phase along rho_train, located by bisection (a result of this tool).

The paper does not describe this boundary. For rho_train < rho_c(T) = 1/(1 + e^(1/T)) the all-normal
dummy (R = q = 0, b = -inf) is locally stable (``solver.saddle``), and the transition to it is first
order: the informative branch survives below rho_c, wins while phi_informative > phi_dummy and ends
at a spinodal further down. Two numbers describe the lower side:

* ``rho_star``: where the phase returned by the solver changes (phi_informative = phi_dummy), and
* ``rho_spinodal``: where the informative branch itself ends (continuation from it fails).

Both are found by bisection on rho_train to ``TOL``, every step continued from the nearest point
known to be on the informative branch (so the bisection never loses the branch by a bad start).
The upper side (the all-anomaly dummy, b = +inf) follows from the exact symmetry
(b0, b, rho_train) -> (-b0, -b, 1 - rho_train), which maps solutions to solutions.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver import RANGES, Problem, Solution, rho_c, solve, solve_near, start_from

TOL = 1e-4
RHO_MIN, RHO_MAX = RANGES["rho_train"]
NEAR = 0.01  # half-width of the first bracket when continuing from a neighbouring boundary


@dataclass(frozen=True)
class Boundary:
    """Dummy-phase boundary on one side; None where there is none, and ``reason`` says why in words."""

    side: str  # "lower" (all-normal dummy, b = -inf) or "upper" (all-anomaly dummy, b = +inf)
    rho_star: float | None  # phase change: the dummy has the lower free energy beyond it
    rho_spinodal: float | None  # end of the (metastable) informative branch
    reason: str = ""


def _at(near: Solution, rho: float) -> Solution:
    """The Solution at rho_train = rho, continued from ``near`` (a point on the informative branch)."""
    return solve_near(Problem.of(near).at(rho_train=rho), near)


def _start(b0: float, alpha: float, T: float, hint: float | None) -> Solution | None:
    """A point on the informative branch inside (rho_c, 1/2], or near ``hint`` (a neighbour's rho*)."""
    for rho in ([hint + NEAR] if hint is not None else []) + [min(rho_c(T), 0.5)]:
        sol = solve(b0, alpha, T, min(rho, 0.5))
        if sol.phase == "informative":
            return sol
    return None


def _bisect(hi: Solution, lo: float, inside, tol: float) -> tuple[float, Solution]:
    """Bisect rho_train in [lo, hi] where ``inside(sol)`` holds at hi and fails at lo.

    Returns (lo, the last point found inside); the answer lies within tol of both."""
    while hi.rho_train - lo > tol:
        mid = 0.5 * (lo + hi.rho_train)
        sol = _at(hi, mid)
        if inside(sol):
            hi = sol
        else:
            lo = mid
    return lo, hi


def _informative(sol: Solution) -> bool:
    return sol.phase == "informative"


def _branch(sol: Solution) -> bool:
    """On the informative branch, winning or metastable beside the dummy."""
    return start_from(sol) is not None


def _edge(start: Solution, inside, hint: float | None, tol: float) -> tuple[float | None, Solution]:
    """Lower end of the region where ``inside`` holds, below ``start`` (None: it reaches RHO_MIN)."""
    lo = RHO_MIN
    if hint is not None and RHO_MIN < hint - NEAR < start.rho_train:
        sol = _at(start, hint - NEAR)
        if not inside(sol):
            lo = hint - NEAR
        else:
            start = sol
    if lo == RHO_MIN and inside(_at(start, RHO_MIN)):
        return None, start
    lo, last = _bisect(start, lo, inside, tol)
    return 0.5 * (lo + last.rho_train), last


def lower_boundary(
    b0: float, alpha: float, T: float, near: Boundary | None = None, tol: float = TOL
) -> Boundary:
    """rho_star and rho_spinodal of the all-normal dummy (rho_train below rho_c(T)).

    ``near`` (the boundary at a neighbouring parameter point) narrows the first brackets."""
    if rho_c(T) <= RHO_MIN:
        return Boundary("lower", None, None, f"at T = {T:g} the dummy is unstable on the whole ρtrain range")
    start = _start(b0, alpha, T, near.rho_star if near else None)
    if start is None:
        return Boundary("lower", None, None, "no informative solution between ρc(T) and 0.5 to start from")
    rho_star, last = _edge(start, _informative, near.rho_star if near else None, tol)
    if rho_star is None:
        return Boundary("lower", None, None, f"the student is informative down to ρtrain = {RHO_MIN:g}")
    rho_spin, _ = _edge(last, _branch, near.rho_spinodal if near else None, tol)
    why = "" if rho_spin is not None else f"the informative branch reaches ρtrain = {RHO_MIN:g} (no spinodal)"
    return Boundary("lower", rho_star, rho_spin, why)


def dummy_boundary(
    b0: float, alpha: float, T: float, side: str = "lower", near: Boundary | None = None, tol: float = TOL
) -> Boundary:
    """The dummy-phase boundary on one side; the upper side by the symmetry b0 -> -b0, rho -> 1 - rho."""
    if side == "lower":
        return lower_boundary(b0, alpha, T, near, tol)
    if side != "upper":
        raise ValueError(f"side must be 'lower' or 'upper', got {side!r}")
    mirrored = _mirror(near) if near else None
    return _mirror(lower_boundary(-b0, alpha, T, mirrored, tol))


def _mirror(bd: Boundary) -> Boundary:
    flip = {"lower": "upper", "upper": "lower"}[bd.side]
    rhos = (None if r is None else 1.0 - r for r in (bd.rho_star, bd.rho_spinodal))
    why = bd.reason.replace(f"ρtrain = {RHO_MIN:g}", f"ρtrain = {RHO_MAX:g}").replace("down to", "up to")
    return Boundary(flip, *rhos, why)

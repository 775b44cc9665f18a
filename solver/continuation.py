"""Homotopy continuation of a stationary point from one parameter point to another.

The path is a straight line in (b0, log alpha, log T, logit rho_train); steps double after a
success and halve after a failure. A free-bias point is accepted only if it is a local maximum
of Phi*(b) (see ``saddle``), so the path never jumps to another branch silently. If the step
falls below ``min_step`` the branch has ended (a spinodal) before the target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .free_energy import Model
from .newton import NewtonResult, is_local_max_in_b, newton, to_x

STEP_ITER = 15  # a continuation step that needs more Newton iterations is too long: halve it
STEP_LM_TRIES = 3  # or more damping increases in one iteration (a factor 512)


@dataclass
class Path:
    """End of a continuation: the result at the target (None if the branch ended before it)."""

    result: NewtonResult | None
    evaluations: int


def accept(res: NewtonResult, fix_b: float | None) -> bool:
    """A converged point on a maximising branch of Phi*(b) (always, for a fixed bias)."""
    return res.converged and (fix_b is not None or is_local_max_in_b(res))


def continue_to(
    start: Model,
    x0,
    target: Model,
    fix_b: float | None = None,
    first_step: float = 1.0,
    min_step: float = 1e-3,
    step_iter: int = STEP_ITER,
) -> Path:
    """Follow the stationary point at ``start`` (order parameters x0 = (q, r, b)) to ``target``.

    With a fixed bias the path also moves b linearly from x0's b to ``fix_b``, so that a free-bias
    solution can serve as the start.
    """
    a, z = start.coords(), target.coords()
    t, dt, x, evals = 0.0, first_step, np.asarray(x0, dtype=float), 0
    b_start, result = float(x[2]), None
    while t < 1.0 and dt >= min_step:
        t_new = min(1.0, t + dt)
        m = Model.from_coords(a + t_new * (z - a)) if t_new < 1.0 else target
        b_t = None if fix_b is None else (fix_b if t_new >= 1.0 else b_start + t_new * (fix_b - b_start))
        res = newton(m, x, fix_b=b_t, max_iter=step_iter, lm_tries=STEP_LM_TRIES)
        evals += res.evaluations
        if accept(res, fix_b):
            t, x, dt = t_new, res.x, 2.0 * dt
            result = res if t >= 1.0 else None
        else:
            dt *= 0.5
    return Path(result=result, evaluations=evals)


def secant(history: list[tuple[float, np.ndarray]], c: float):
    """Start point at coordinate c from the last (coordinate, theta) pairs of a path: the last
    solution, or the secant through the last two; None without history."""
    if not history:
        return None
    if len(history) == 1 or history[-1][0] == history[-2][0]:
        return to_x(history[-1][1])
    (c0, t0), (c1, t1) = history[-2:]
    return to_x(t1 + (t1 - t0) * (c - c1) / (c1 - c0))

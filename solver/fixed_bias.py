"""The App. D problem (bias held at b) as a bracketed one-dimensional solve.

With b fixed the unknowns are (q, r), r = R / sqrt(q). For each r the q-equation (Eqs. 72, 74)

    h(q) = q (1 - r^2) - alpha (1 - q) s2(q, r)

is negative as q -> 0 (h -> -alpha s2 < 0) and positive as q -> 1 (h -> 1 - r^2 > 0): it has a
root q(r), found by safeguarded Newton in logit q. What is left is the R-equation (Eq. 71) along
that curve, g(r) = (1 - q) dphi/dR at (q(r), r). At r = 0 it is positive (dphi/dr = E[F' lambda] > 0:
a student correlated with the teacher fits better), so the stationary point is the first sign change
of g in atanh r on [0, RHO_MAX], found by safeguarded Newton with a bracket. Newton's 2-D iteration
can run r to 1 when q and r approach 1 together (bias near b0, low T, large alpha); this cannot.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from .free_energy import Model, evaluate, residual
from .newton import NewtonResult, newton

LOGIT_Q = (-60.0, 30.0)  # q between 1e-26 and 1 - 1e-13 (expit(40) rounds to 1)
RHO_MAX = 12.0  # atanh r: r up to 1 - 8e-11
MAX_ITER = 60
INNER_TOL = 1e-11  # |h| at q(r): tight, since g is sensitive to q where q -> 1
OUTER_TOL = 1e-8  # |g| at the bracketed root; Newton's 2-D iteration then converges to TOL from there


def _rows(model: Model, q: float, r: float, b: float):
    ev = evaluate(model, q, r, b)
    res, jac = residual(model, q, r, ev)
    return res, jac


def _safe_newton(f, lo: float, hi: float, x: float, tol: float, counter: list):
    """Root of f in [lo, hi] with f(lo) < 0 < f(hi): Newton steps kept inside the shrinking bracket,
    bisection when a step leaves it or does not halve |f|. f returns (value, derivative, payload)."""
    x = min(max(x, lo), hi)
    last = np.inf
    for _ in range(MAX_ITER):
        counter[0] += 1
        val, der, payload = f(x)
        if not np.isfinite(val):
            return None
        if abs(val) <= tol:
            return x, payload
        lo, hi = (x, hi) if val < 0 else (lo, x)
        step = -val / der if der != 0 and np.isfinite(der) else np.nan
        new = x + step
        if not (lo < new < hi) or abs(val) > 0.5 * last:
            new = 0.5 * (lo + hi)
        last, x = abs(val), new
        if hi - lo < 1e-12 * max(1.0, abs(x)):  # a jump of f (another branch of q(r)), not a root
            return None
    return None


def solve(model: Model, fix_b: float, start) -> tuple[NewtonResult | None, int]:
    """Stationary point at bias ``fix_b`` by the bracketed reduction above, finished by Newton
    (None if there is no sign change or the bracket closes on a jump), and the evaluations spent.

    Where h has several roots, q(r) depends on where its solve starts: first each solve starts from
    the last root (a continuous branch), then, if that fails, every solve starts from the same q
    (the start's, then q near 0, then q near 1), which makes g a fixed function of r."""
    counter = [0]
    lq0 = float(np.log(start[0] / (1.0 - start[0])))
    for lq, follow in ((lq0, True), (lq0, False), (-30.0, False), (10.0, False)):
        res = _bracketed(model, fix_b, start, lq, follow, counter)
        if res is not None:
            return res, counter[0]
    return None, counter[0]


def _bracketed(model: Model, fix_b: float, start, lq_start: float, follow: bool, counter: list):
    lq = [lq_start]

    def minus_g(rho: float):
        """-g and its derivative in atanh r along the curve q(r): negative at 0, positive past the root."""
        r = float(np.tanh(rho))

        def h(x):
            q = expit(x)
            res, jac = _rows(model, q, r, fix_b)
            return res[0], jac[0, 0] * q * (1.0 - q), (q, res, jac)

        inner = _safe_newton(h, *LOGIT_Q, lq[0], INNER_TOL, counter)
        if inner is None:
            return np.nan, np.nan, None
        if follow:
            lq[0] = inner[0]
        q, res, jac = inner[1]
        slope = (jac[1, 1] - jac[1, 0] * jac[0, 1] / jac[0, 0]) * (1.0 - r * r)
        return -res[1], -slope, (q, r)

    if not minus_g(RHO_MAX)[0] > 0.0:
        return None  # no sign change: r would be closer to 1 than RHO_MAX allows
    rho = float(np.clip(np.arctanh(min(abs(start[1]), 1.0 - 1e-12)), 0.0, RHO_MAX))
    out = _safe_newton(minus_g, 0.0, RHO_MAX, rho, OUTER_TOL, counter)
    if out is None:
        return None
    q, r = out[1]
    res = newton(model, np.array([q, r, fix_b]), fix_b=fix_b)
    counter[0] += res.evaluations
    return res if res.converged else None

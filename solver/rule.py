"""The quadrature rule of the energetic integrals (``integrals``): composite Gauss-Legendre on the support
of each class, with panels sized to the sharpest feature of the integrand at each place and point.

Features, each a centre and a width in z, with a ladder of breakpoints centre + width * t:
- the step of Phi(s k) at k = 0, width sqrt(1-r^2)/|r| (K_STEPS in k);
- the smooth part of F around u = s m = 0, width sqrt(1-q)/sqrt(q) per unit of u (M_STEPS);
- the kink of F at u = m* = Phi^-1(e^-beta), width sqrt(1-q)/sqrt(q)/|m*| (KINK_STEPS).
Each ladder step carries the panel width it allows there (its gap to the next step inwards, times the
width). The rule is built in three moves:
1. keep a ladder step only where that allowed width is below the fill width h = support / BASE_PANELS
   (a feature wider than the panels around it needs no breakpoint);
2. thin: a step closer than THETA times its allowed width to a neighbour that allows less is dropped
   (ladders of nearby features would otherwise cut slivers; the panel left is about 1 + THETA allowed
   widths of the coarser step, and the ladders are spaced inside what N_GL nodes resolve);
3. fill: every gap between the breakpoints left is cut into ceil(gap / h) equal panels.
So the node count follows the sharpness of the features: 16-18 panels per class at the Fig. 3 point
(q ~ 0.29, r ~ 0.67, T = 0.5) where the earlier rule computed 45, more where T is small, r -> 1 or q -> 1.

Breakpoints move continuously with (q, r, b); a step that enters or leaves (moves 1 and 2) or a gap
that gains a panel (move 3) switches between two rules that are both accurate to ~1e-14 there, so the
discretised integrals jump by far less than the Newton tolerance. ``tests/solver/test_rule.py`` checks
the rule against the dense one (every ladder step, no thinning: ``FINE = inf``, ``THETA = 0``) with
30 nodes per panel, and the jumps along lines in q, r and b.

Works on P points at once: nodes and weights of shape (P, 2, M), class +1 then class -1, M the largest
need among the P points; the others are padded with zero-weight panels (at z = 0) so that all share
one shape.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

N_GL = 10  # Gauss-Legendre nodes per panel
_X, _W = np.polynomial.legendre.leggauss(N_GL)
BASE_PANELS = 10  # fill width h = support / BASE_PANELS (short supports are steep Gaussian tails)
FINE = 1.0  # keep a ladder step where the width it allows is below FINE * h (inf: every step)
THETA = 0.5  # drop a step closer than THETA allowed widths to a neighbour that allows less (0: none)
K_STEPS = (0.5, 1.5, 2.5, 3.5, 4.5, 6.0, 8.0, 10.0, 12.0)  # in k: k^3 phi(k) (h_rr) matters out to |k| = 12
M_STEPS = (1.0, 2.0, 3.0, 4.5, 6.0, 8.0)  # in u: F' ~ phi(u) is a Gaussian in u
KINK_STEPS = (0.7, 1.5, 3.0, 6.0, 12.0, 20.0, 32.0)  # x 1/|m*|: out to where F' has reached -u
TAIL = 81.0  # y-range of a class: relative tail mass below exp(-TAIL/2)
CLASSES = np.array([1.0, -1.0])
_NEVER = 1e300  # the width a step left out allows


def _ladder(steps) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric steps t (0 and +-steps) and the gap of each to the next step inwards (first gap at 0)."""
    t = np.array((0.0, *steps))
    gap = np.diff(t, prepend=-t[1])
    return np.concatenate([-t[:0:-1], t]), np.concatenate([gap[:0:-1], gap])


def _ladders() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All ladder steps, their gaps and the feature (0: step, 1: smooth F, 2: kink) each belongs to."""
    parts = [_ladder(s) for s in (K_STEPS, M_STEPS, KINK_STEPS)]
    feature = np.concatenate([np.full(len(t), i) for i, (t, _) in enumerate(parts)])
    return np.concatenate([t for t, _ in parts]), np.concatenate([g for _, g in parts]), feature


_STEPS, _GAPS, _FEATURE = _ladders()


def _supports(r, b0) -> tuple[np.ndarray, np.ndarray]:
    """Intervals of z that carry the mass of class +1 and -1 (y restricted to s y > -s b0), (P, 2) each."""
    sr = np.sqrt(np.maximum(1.0 - r * r, 0.0))[:, None]
    a = -CLASSES * b0[:, None]  # (P, 2)
    lo, hi = np.maximum(a, -9.0), np.sqrt(np.maximum(a, 0.0) ** 2 + TAIL)
    lo_y, hi_y = np.where(CLASSES > 0, lo, -hi), np.where(CLASSES > 0, hi, -lo)
    ends_lo, ends_hi = r[:, None] * lo_y, r[:, None] * hi_y
    return np.minimum(ends_lo, ends_hi) - 9.0 * sr, np.maximum(ends_lo, ends_hi) + 9.0 * sr


def _features(q, r, b, b0, beta) -> tuple[np.ndarray, np.ndarray]:
    """Centre (P, 2, 3) and width (P, 1, 3) in z of each feature: step of Phi(s k), smooth F, kink of F."""
    sq, s1q = np.sqrt(q), np.sqrt(1.0 - q)
    mstar = np.where(beta > 0.7, ndtri(np.exp(-np.maximum(beta, 0.7))), -1.0)
    ar = np.maximum(np.abs(r), 1e-300)  # r = 0: Phi(s k) is flat, its width infinite
    centre, width = np.empty(q.shape + (2, 3)), np.empty(q.shape + (1, 3))
    centre[:, :, 0] = (-b0 * np.sign(r) / ar)[:, None]
    centre[:, :, 1] = (-b / sq)[:, None]
    centre[:, :, 2] = (CLASSES * (mstar * s1q)[:, None] - b[:, None]) / sq[:, None]
    width[:, 0, 0] = np.sqrt(1.0 - r * r) / ar
    width[:, 0, 1] = s1q / sq
    width[:, 0, 2] = width[:, 0, 1] / np.maximum(1.0, np.abs(mstar))
    return centre, width


def _breakpoints(centre, width, h, lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """Ladder steps kept (move 1), sorted with lo and hi, and the width each allows (lo, hi: 0)."""
    w = width[..., _FEATURE]
    allow = w * _GAPS
    keep = allow < FINE * h
    z = np.concatenate([lo, hi, np.where(keep, centre[..., _FEATURE] + w * _STEPS, lo)], axis=2)
    allow = np.concatenate([0.0 * lo, 0.0 * hi, np.where(keep, allow, _NEVER)], axis=2)
    order = np.argsort(z, axis=2, kind="stable")  # ties: lo, hi, then the steps
    z = np.minimum(np.maximum(np.take_along_axis(z, order, axis=2), lo), hi)
    return z, np.take_along_axis(allow, order, axis=2)


def _thin(z, allow) -> np.ndarray:
    """Sorted breakpoints, those closer than THETA x their allowed width to a finer neighbour moved to lo
    (move 2); lo and hi allow 0 and always stay."""
    d = z[:, :, 1:] - z[:, :, :-1]
    near = THETA * allow
    drop = np.zeros(z.shape, dtype=bool)
    drop[:, :, :-1] = (d < near[:, :, :-1]) & (allow[:, :, :-1] >= allow[:, :, 1:])
    drop[:, :, 1:] |= (d < near[:, :, 1:]) & (allow[:, :, 1:] > allow[:, :, :-1])
    return np.sort(np.where(drop, z[:, :, :1], z), axis=2)


def _fill(edges, h) -> tuple[np.ndarray, np.ndarray]:
    """Each gap cut into ceil(gap / h) equal panels (move 3): centres and half-widths, packed to the
    front in order, (P, 2, most panels of any point); padding panels have half-width 0."""
    gap = edges[:, :, 1:] - edges[:, :, :-1]
    n = np.minimum(np.ceil(gap / h), BASE_PANELS).astype(np.intp).ravel()  # gap <= BASE_PANELS h
    gid = np.repeat(np.arange(n.size), n)  # the gap of each panel, over all rows
    first = np.cumsum(n) - n
    sub = gap.ravel()[gid] / n[gid]
    left = edges[:, :, :-1].ravel()[gid] + sub * (np.arange(gid.size) - first[gid])
    count = n.reshape(-1, gap.shape[2]).sum(axis=1)
    row = gid // gap.shape[2]
    col = np.arange(gid.size) - (np.cumsum(count) - count)[row]
    mid, half = np.zeros((2, count.size, count.max()))
    mid[row, col], half[row, col] = left + 0.5 * sub, 0.5 * sub
    return mid.reshape(gap.shape[:2] + (-1,)), half.reshape(gap.shape[:2] + (-1,))


def nodes_many(q, r, b, b0, beta) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z and weights w of the composite rule, shape (P, 2, M): class +1, then class -1."""
    zlo, zhi = _supports(r, b0)
    h = ((zhi - zlo) / BASE_PANELS)[..., None]
    lo, hi = zlo[..., None], zhi[..., None]
    edges = _thin(*_breakpoints(*_features(q, r, b, b0, beta), h, lo, hi))
    mid, half = _fill(edges, h)
    shape = half.shape[:2] + (-1,)
    return (mid[..., None] + half[..., None] * _X).reshape(shape), (half[..., None] * _W).reshape(shape)

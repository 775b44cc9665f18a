"""Statistics of repeated runs for the experiment pages (pure numpy/pandas, no Streamlit).

Error bars follow the paper: the relative standard error std/sqrt(n)/|mean| (std with ddof=1) of the n
runs of a point. Charts draw it in the units of the plotted quantity, ±SE = ±(relative SE)·|mean|; the
tables and CSV files carry both.

The peak of a noisy measured curve (SGD, CIFAR, Monte Carlo) is located by one method everywhere,
``peak``: a weighted quadratic fit to the points around the arg-max, with a parametric bootstrap of the
curve (each mean redrawn from N(mean, SE^2)) for its confidence interval; ``versus`` turns that interval
and a theory range into a verdict.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from experiments.results import point_stats

from . import optima


def stats_frame(runs: list[dict], by: tuple[str, ...], fields: tuple[str, ...]) -> pd.DataFrame:
    """Per-point n, mean, std, SE (``_sem``) and relative SE (``_rel_se``) of ``fields`` grouped by ``by``
    (fields absent from the records are skipped; None counts as NaN)."""
    present = tuple(f for f in fields if runs and f in runs[0])
    clean = [{**r, **{f: _num(r[f]) for f in present}} for r in runs]
    return pd.DataFrame(point_stats(clean, by, present))


def _num(x) -> float:
    return math.nan if x is None else float(x)


LEVEL = 0.95  # confidence level of peak intervals
HALF = 2  # a peak fit uses the arg-max and HALF grid points on each side (2 * HALF + 1 points)


def peak(x, mean, sem, *, half: int = HALF, level: float = LEVEL, n_boot: int = 2000, seed: int = 0) -> dict:
    """Peak of a measured curve: vertex of a weighted quadratic fit around the arg-max, bootstrap CI.

    The fit uses the 2 * half + 1 grid points around the arg-max (shifted inwards at the grid's ends),
    weights 1/SE^2. The vertex is clipped to the fitted window; a fit that is not concave gives the
    arg-max. The same procedure runs on ``n_boot`` curves redrawn from N(mean, SE^2) (seeded: the
    result is reproducible), and the interval is their central ``level`` quantile range.

    Keys: rho (vertex), lo, hi (the interval), value and value_se (fitted maximum and its bootstrap SE),
    argmax (raw arg-max), edge (the arg-max is an end point or the interval reaches one: the peak may
    lie outside the grid), level, n_fit (points in a fit). Raises ValueError below 3 finite points."""
    x, mean, sem = (np.asarray(a, float) for a in (x, mean, sem))
    ok = np.isfinite(mean) & np.isfinite(x)
    x, mean, sem = x[ok], mean[ok], sem[ok]
    if len(x) < 3:
        raise ValueError(f"a peak fit needs at least 3 measured points, got {len(x)}")
    order = np.argsort(x)
    x, mean, sem = x[order], mean[order], sem[order]
    good = np.isfinite(sem) & (sem > 0)
    sem = np.where(good, sem, sem[good].max() if good.any() else 0.0)
    w = min(2 * half + 1, len(x))
    fits = _window_fits(x, sem, w)
    rho, value = _vertex(x, mean[None, :], fits, w)
    z = np.random.default_rng(seed).standard_normal((n_boot, len(x)))
    boot_rho, boot_val = _vertex(x, mean + sem * z, fits, w)
    lo, hi = np.quantile(boot_rho, [(1 - level) / 2, (1 + level) / 2])
    i = int(np.argmax(mean))
    edge = i in (0, len(x) - 1) or lo <= x[0] or hi >= x[-1]
    return dict(rho=float(rho[0]), lo=float(lo), hi=float(hi), value=float(value[0]),
                value_se=float(boot_val.std(ddof=1)), argmax=float(x[i]), edge=bool(edge), level=level,
                n_fit=w)  # fmt: skip


def _window_fits(x, sem, w: int) -> list[tuple[np.ndarray, float, float]]:
    """Per window start: the weighted least-squares map from w values to quadratic coefficients in the
    scaled coordinate u = (x - centre) / scale, and (centre, scale)."""
    out = []
    for s in range(len(x) - w + 1):
        xs = x[s : s + w]
        c, h = xs.mean(), (xs[-1] - xs[0]) / 2 or 1.0
        u, wt = (xs - c) / h, 1.0 / sem[s : s + w] if (sem > 0).all() else np.ones(w)
        design = np.vander(u, 3, increasing=True) * wt[:, None]
        out.append((np.linalg.pinv(design) * wt[None, :], c, h))
    return out


def _vertex(x, ys: np.ndarray, fits, w: int) -> tuple[np.ndarray, np.ndarray]:
    """Vertex location and fitted maximum for each row of ``ys`` (window around each row's arg-max)."""
    n = len(x)
    start = np.clip(np.argmax(ys, axis=1) - w // 2, 0, n - w)
    rho, val = np.empty(len(ys)), np.empty(len(ys))
    for s in np.unique(start):
        rows = start == s
        pinv, c, h = fits[s]
        a0, a1, a2 = pinv @ ys[rows, s : s + w].T
        concave = a2 < 0
        u = np.where(concave, -a1 / np.where(concave, 2 * a2, 1.0), 0.0)
        u = np.clip(u, -1.0, 1.0)  # a vertex beyond the window is not located by this window's fit
        best = np.argmax(ys[rows], axis=1)
        rho[rows] = np.where(concave, c + h * u, x[best])
        val[rows] = np.where(concave, a0 + a1 * u + a2 * u * u, ys[rows, best])
    return rho, val


def peak_method(half: int = HALF, level: float = LEVEL) -> str:
    """The sentence that says how ``peak`` locates a measured optimum."""
    return (
        f"peak = vertex of a weighted quadratic fit to the {2 * half + 1} grid points around the best mean, "
        f"with a {level:.0%} bootstrap interval; the verdict follows the interval"
    ).replace("%", " %")


def versus(p: dict, lo: float, hi: float) -> str:
    """Verdict of a measured peak ``p`` (from ``peak``) against a theory range [lo, hi]: "agrees" when the
    confidence interval overlaps it, "lower" or "higher" when it lies entirely below or above it,
    "at the grid's edge" when the peak may lie outside the measured grid."""
    if p["edge"]:
        return "at the grid's edge"
    if p["hi"] < lo:
        return "lower"
    if p["lo"] > hi:
        return "higher"
    return "agrees"


def fmt_peak(p: dict, digits: int = 2) -> str:
    """'0.49 (95 % CI 0.48–0.51)' for a ``peak`` dict."""
    f = f".{digits}f"
    return f"{p['rho']:{f}} ({p['level']:.0%} CI {p['lo']:{f}}–{p['hi']:{f}})".replace("%", " %")


def z_score(a: float, se_a: float, b: float, se_b: float = 0.0) -> float:
    """(a - b) / sqrt(se_a^2 + se_b^2); NaN when the error is zero or undefined."""
    se = math.hypot(se_a, se_b)
    return (a - b) / se if se > 0 and math.isfinite(se) else math.nan


def trend(x, mean) -> float:
    """Spearman rank correlation of ``mean`` with ``x`` (+1: increasing, -1: decreasing)."""
    x, mean = np.asarray(x, float), np.asarray(mean, float)
    ok = np.isfinite(mean)
    if ok.sum() < 3:
        return math.nan
    rx, ry = (pd.Series(v).rank().to_numpy() for v in (x[ok], mean[ok]))
    return float(np.corrcoef(rx, ry)[0, 1])


def crossing(x, y, level: float) -> float | None:
    """First x where the measured y crosses ``level`` (``analysis.optima.crossing``), or None."""
    found = optima.crossing(x, y, level)
    return found.x if found.found else None


def span(counts) -> str:
    """'24' or '24–48': the range of run counts per point, for captions."""
    lo, hi = int(min(counts)), int(max(counts))
    return f"{lo}" if lo == hi else f"{lo}–{hi}"

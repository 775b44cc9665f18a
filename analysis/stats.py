"""Statistics of repeated runs for the experiment pages (pure numpy/pandas, no Streamlit).

Error bars follow the paper: the relative standard error std/sqrt(n)/|mean| (std with ddof=1) of the n
runs of a point. Charts draw it in the units of the plotted quantity, ±SE = ±(relative SE)·|mean|; the
tables and CSV files carry both.

An optimum measured with noise is reported as its arg-max and the range of grid points whose mean is
not significantly below the best one (within ``Z_TIE`` combined standard errors): a wide range means
the data cannot locate the optimum.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from experiments.results import point_stats

Z_TIE = 2.0


def stats_frame(runs: list[dict], by: tuple[str, ...], fields: tuple[str, ...]) -> pd.DataFrame:
    """Per-point n, mean, std, SE (``_sem``) and relative SE (``_rel_se``) of ``fields`` grouped by ``by``
    (fields absent from the records are skipped; None counts as NaN)."""
    present = tuple(f for f in fields if runs and f in runs[0])
    clean = [{**r, **{f: _num(r[f]) for f in present}} for r in runs]
    return pd.DataFrame(point_stats(clean, by, present))


def _num(x) -> float:
    return math.nan if x is None else float(x)


def optimum(x, mean, sem) -> dict:
    """Arg-max of ``mean`` over ``x`` and the range of points within Z_TIE combined SEs of it.

    Keys: rho (arg-max), value, sem, lo, hi (range of statistically tied points), edge (the arg-max is
    the first or last grid point, so the true optimum may lie outside the grid)."""
    x, mean, sem = (np.asarray(a, float) for a in (x, mean, sem))
    ok = np.isfinite(mean)
    i = int(np.nanargmax(np.where(ok, mean, -np.inf)))
    sem = np.where(np.isfinite(sem), sem, 0.0)
    tied = ok & (mean >= mean[i] - Z_TIE * np.hypot(sem, sem[i]))
    return dict(
        rho=float(x[i]), value=float(mean[i]), sem=float(sem[i]),
        lo=float(x[tied].min()), hi=float(x[tied].max()), edge=i in (0, len(x) - 1),
    )  # fmt: skip


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
    """First x where the measured y crosses ``level`` (linear interpolation), or None."""
    x, d = np.asarray(x, float), np.asarray(y, float) - level
    for i in range(len(x) - 1):
        if np.isfinite(d[i]) and np.isfinite(d[i + 1]) and d[i] * d[i + 1] <= 0 and d[i] != d[i + 1]:
            return float(x[i] - d[i] * (x[i + 1] - x[i]) / (d[i + 1] - d[i]))
    return None


def fmt_range(opt: dict) -> str:
    """'0.55 (tied within 2 SE: 0.40-0.60)' for an ``optimum`` dict."""
    if opt["lo"] == opt["hi"]:
        return f"{opt['rho']:g}"
    return f"{opt['rho']:g} (tied within {Z_TIE:g} SE: {opt['lo']:g}–{opt['hi']:g})"


def span(counts) -> str:
    """'24' or '24–48': the range of run counts per point, for captions."""
    lo, hi = int(min(counts)), int(max(counts))
    return f"{lo}" if lo == hi else f"{lo}–{hi}"

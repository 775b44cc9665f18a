"""Statistics of a "Your data" run: per-point means with bootstrap intervals, optima and gains.

Each point (model, rho_train, metric) has the mean over repetitions, its standard error and a
percentile-bootstrap interval of the mean (resampling repetitions, seeded). The optimum of a metric
along rho_train is ``analysis.stats.peak`` (weighted local quadratic fit, bootstrap interval: the
method of the SGD and CIFAR pages); the gain of the optimum over training at 0.5 and at the grid point
nearest rho0 comes with a normal interval from the combined standard errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats import LEVEL, peak

from .protocol import BASE_METRICS, MODELS, TESTS

Z95 = 1.959963984540054  # normal quantile of the 95 % intervals
N_BOOT = 1000


def metric_columns() -> list[str]:
    """Result columns: each metric at the balanced test set (@0.5) and at the population's (@rho0)."""
    return [f"{m}@{t}" for t in TESTS for m in BASE_METRICS]


def runs_frame(result: dict) -> pd.DataFrame:
    """Every run of a result as a table (the CSV download), with the model's name in words."""
    df = pd.DataFrame(result["runs"])
    df.insert(1, "model_label", df["model"].map(MODELS))
    return df


def points(result: dict, n_boot: int = N_BOOT, seed: int = 0) -> pd.DataFrame:
    """Long table: model, rho_train, metric, mean, sem, lo, hi (bootstrap interval of the mean), n."""
    df = pd.DataFrame(result["runs"])
    cols = [*metric_columns(), "train_error"]
    rng = np.random.default_rng(seed)
    rows = []
    for (model, rho), g in df.groupby(["model", "rho_train"], sort=True):
        values = g[cols].to_numpy(dtype=float)  # (n, metrics)
        n = len(values)
        means = values[rng.integers(0, n, size=(n_boot, n))].mean(axis=1)  # (n_boot, metrics)
        lo, hi = np.quantile(means, [(1 - LEVEL) / 2, (1 + LEVEL) / 2], axis=0)
        mean, sem = values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(n)
        for j, c in enumerate(cols):
            rows.append(dict(model=model, rho_train=float(rho), metric=c, mean=mean[j], sem=sem[j],
                             lo=lo[j], hi=hi[j], n=n))  # fmt: skip
    return pd.DataFrame(rows)


def _nearest(x: np.ndarray, at: float) -> int:
    return int(np.argmin(np.abs(x - at)))


def optima(pts: pd.DataFrame, rho0: float) -> pd.DataFrame:
    """Per model and metric: the measured optimum (``stats.peak``) and its gains over 0.5 and rho0."""
    rows = []
    for (model, metric), g in pts[pts["metric"] != "train_error"].groupby(["model", "metric"], sort=False):
        g = g.sort_values("rho_train")
        x, mean, sem = (g[c].to_numpy(float) for c in ("rho_train", "mean", "sem"))
        p = peak(x, mean, sem)
        p["value"] = min(p["value"], 1.0)  # every metric is at most 1; a fit at the grid's edge can overshoot
        row = dict(model=model, metric=metric, best_rho_train=p["rho"], ci_lo=p["lo"], ci_hi=p["hi"],
                   best=p["value"], best_se=p["value_se"], edge=p["edge"], argmax=p["argmax"],
                   grid_lo=float(x[0]), grid_hi=float(x[-1]),
                   reaches_low=bool(p["argmax"] == x[0] or p["lo"] <= x[0]),
                   reaches_high=bool(p["argmax"] == x[-1] or p["hi"] >= x[-1]))  # fmt: skip
        for name, at in (("half", 0.5), ("rho0", rho0)):
            j = _nearest(x, at)
            gain, se = p["value"] - mean[j], float(np.hypot(p["value_se"], sem[j]))
            row |= {f"at_{name}": float(x[j]), f"gain_vs_{name}": gain,
                    f"gain_vs_{name}_lo": gain - Z95 * se, f"gain_vs_{name}_hi": gain + Z95 * se}  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)

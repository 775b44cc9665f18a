"""Read the precomputed simulation files in ``data/`` and reduce them to per-point statistics.

Plain numpy/json (no torch, no streamlit) so that the dashboard can import it. Error bars follow the
paper: the relative standard error std/sqrt(n)/|mean| (std with ddof=1) of the n runs of a point.

    >>> from experiments.results import load, point_stats
    >>> d = load("data/sgd_fig13_v1.json")
    >>> s = point_stats(d["runs"], by=("rho_train",), fields=("balanced_accuracy", "R", "b"))
    >>> s["rho_train"], s["R_mean"], s["R_rel_se"]

Fig. 13 (left) at the paper's lr = 0.5, BS = 20 is ``sgd_fig13_v2``; the lr = 0.05 set (an extra, not
the paper's setting) is ``concat_runs("sgd_fig13", "sgd_fig13_peak")``: the second file adds rho_train
points near its measured peak with the same parameters and other seeds. Fig. 14 is ``sgd_fig14``
(rho_train = 0.5) and ``sgd_fig14_v2`` (0.3, 0.7); ``sgd_nstudy`` holds the N study. Schema v2 runs
also record N and the 0/1 ``train_error``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCHEMAS = {"gibbs_mc/v1", "sgd_perceptron/v1", "sgd_perceptron/v2"}
FILES = {
    "gibbs_mc": "gibbs_mc_v1.json",
    "sgd_fig13": "sgd_fig13_v1.json",
    "sgd_fig13_peak": "sgd_fig13_peak_v1.json",
    "sgd_fig14": "sgd_fig14_v1.json",
    "sgd_fig13_v2": "sgd_fig13_v2.json",
    "sgd_fig14_v2": "sgd_fig14_v2.json",
    "sgd_nstudy": "sgd_nstudy_v1.json",
}


def load(path: str | Path) -> dict:
    """Load a simulation file: {"schema", "meta", "runs"}; a name from FILES resolves under data/."""
    path = DATA_DIR / FILES[path] if path in FILES else Path(path)
    with open(path) as f:
        data = json.load(f)
    if data.get("schema") not in SCHEMAS:
        raise ValueError(f"{path}: unknown schema {data.get('schema')!r}")
    return data


def concat_runs(*names: str) -> list[dict]:
    """Runs of several files (names from FILES or paths) as one list, e.g. the two Fig. 13 files."""
    return [run for name in names for run in load(name)["runs"]]


def point_stats(runs: list[dict], by: tuple[str, ...], fields: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Group runs by the keys ``by`` (sorted) and return columns of per-point statistics.

    Columns: each key of ``by``, ``n``, and for each field ``<field>_mean``, ``<field>_std``,
    ``<field>_sem`` (std/sqrt(n)) and ``<field>_rel_se`` (sem/|mean|, the paper's error bar).
    """
    groups: dict[tuple, list[dict]] = {}
    for run in runs:
        groups.setdefault(tuple(run[k] for k in by), []).append(run)
    keys = sorted(groups)
    out = {k: np.array([key[i] for key in keys]) for i, k in enumerate(by)}
    out["n"] = np.array([len(groups[key]) for key in keys])
    for field in fields:
        stats = np.array([_stats([r[field] for r in groups[key]]) for key in keys]).reshape(-1, 4)
        for j, name in enumerate(("mean", "std", "sem", "rel_se")):
            out[f"{field}_{name}"] = stats[:, j]
    return out


def _stats(values: list[float]) -> tuple[float, float, float, float]:
    """Mean, std (ddof=1), standard error and relative standard error of one point."""
    x = np.asarray(values, dtype=float)
    mean = float(x.mean())
    std = float(x.std(ddof=1)) if x.size > 1 else float("nan")
    sem = std / np.sqrt(x.size)
    rel = sem / abs(mean) if mean != 0 else float("inf")
    return mean, std, sem, rel

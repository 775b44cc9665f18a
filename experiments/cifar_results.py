"""Reader of the AD CIFAR-10 results (``data/cifar_ad_v1.json``) for the dashboard: json + numpy only.

Never imports torch (the dashboard must not). Error bars follow the paper: the relative standard error
std/sqrt(n)/|mean| (std with ddof=1) over the n re-samplings of a rho_train; undefined values (null precision
or F1 when a model predicts no anomaly) are left out of n.

    >>> from experiments.cifar_results import load, summary, argmax_rho
    >>> data = load()
    >>> s = summary(data)            # s["linear_head"]["balanced_accuracy"]["mean"], ...["rel_se"]
    >>> argmax_rho(s["mlp"], "auc")  # rho_train of the largest mean
"""

import json
from pathlib import Path

import numpy as np

from .results import KINDS, SchemaError, check, check_runs, kind

SCHEMA = "cifar_ad/v1"
META = dict(protocol="object", models="object", metrics="list", created="text", git_commit="text")
PROTOCOL = dict(
    rho0="number", n_train="integer", seeds="list", test_anomalies="integer", test_normals="integer"
)
RUN = dict(model="text", rho_train="number", seed="integer")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "cifar_ad_v1.json"


def load(path: str | Path = DEFAULT_PATH) -> dict:
    """Load and check a results file: {"schema", "metadata", "runs"} (``SchemaError`` says what is wrong)."""
    with open(path) as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise SchemaError(
            f"unknown schema {data.get('schema')!r}"
            if isinstance(data, dict)
            else f"the file is {kind(data)}"
        )
    check(data, {"metadata": "object", "runs": "list"}, "the file")
    meta = data["metadata"]
    check(meta, META, "metadata")
    check(meta["protocol"], PROTOCOL, "metadata.protocol")
    for name, spec in meta["models"].items():
        check(spec, {"label": "text"}, f"metadata.models.{name}")
    metrics = [m for m in meta["metrics"] if KINDS["text"](m)]
    if not metrics or len(metrics) != len(meta["metrics"]):
        raise SchemaError("metadata.metrics must be a non-empty list of metric names")
    check_runs(data["runs"], RUN | dict.fromkeys(metrics, "number or null"))
    unknown = {r["model"] for r in data["runs"]} - set(meta["models"])
    if unknown:
        raise SchemaError(f"runs name models not described in metadata.models: {sorted(unknown)}")
    return data


def _column(runs: list[dict], key: str) -> np.ndarray:
    """Float column of a key over runs (None -> NaN)."""
    return np.array([np.nan if r[key] is None else r[key] for r in runs], dtype=float)


def _stats(values: np.ndarray) -> tuple[float, float, int]:
    """Mean, relative standard error and count of the finite values."""
    values = values[np.isfinite(values)]
    n = len(values)
    if n == 0:
        return np.nan, np.nan, 0
    mean = float(values.mean())
    std = float(values.std(ddof=1)) if n > 1 else np.nan
    rel_se = std / np.sqrt(n) / abs(mean) if mean != 0 else np.nan
    return mean, rel_se, n


def model_summary(runs: list[dict], metrics: list[str]) -> dict:
    """Per-rho_train mean, rel_se and n of each metric for the runs of one model."""
    rhos = np.array(sorted({r["rho_train"] for r in runs}))
    out = {"rho_train": rhos}
    for m in metrics:
        per_rho = [_stats(_column([r for r in runs if r["rho_train"] == rho], m)) for rho in rhos]
        out[m] = {
            k: np.array(v) for k, v in zip(("mean", "rel_se", "n"), zip(*per_rho, strict=True), strict=True)
        }
    return out


def summary(data: dict) -> dict:
    """{model: {"rho_train": array, metric: {"mean", "rel_se", "n": arrays}}} for every model and metric."""
    metrics = data["metadata"]["metrics"]
    models = list(data["metadata"]["models"])
    return {m: model_summary([r for r in data["runs"] if r["model"] == m], metrics) for m in models}


def argmax_rho(model_stats: dict, metric: str) -> float:
    """rho_train where the mean of ``metric`` is largest (NaN means ignored)."""
    means = model_stats[metric]["mean"]
    return float(model_stats["rho_train"][np.nanargmax(means)])


def optima(data: dict) -> dict:
    """{model: {metric: argmax rho_train}} for every model and metric."""
    stats = summary(data)
    return {m: {k: argmax_rho(s, k) for k in data["metadata"]["metrics"]} for m, s in stats.items()}

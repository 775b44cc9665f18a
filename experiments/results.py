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
SCHEMAS = {"gibbs_mc/v1", "gibbs_transition/v1", "sgd_perceptron/v1", "sgd_perceptron/v2"}
FILES = {
    "gibbs_mc": "gibbs_mc_v1.json",
    "sgd_fig13": "sgd_fig13_v1.json",
    "sgd_fig13_peak": "sgd_fig13_peak_v1.json",
    "sgd_fig14": "sgd_fig14_v1.json",
    "sgd_fig13_v2": "sgd_fig13_v2.json",
    "sgd_fig14_v2": "sgd_fig14_v2.json",
    "sgd_nstudy": "sgd_nstudy_v1.json",
    "gibbs_transition": "gibbs_transition_v1.json",
    "gibbs_transition_a8": "gibbs_transition_a8_v1.json",
    "gibbs_transition_n1600": "gibbs_transition_n1600_v1.json",
}


def load(path: str | Path) -> dict:
    """Load a simulation file: {"schema", "meta", "runs"}; a name from FILES resolves under data/.

    The structure is checked against its schema (``SchemaError`` saying what is wrong and where)."""
    path = DATA_DIR / FILES[path] if path in FILES else Path(path)
    with open(path) as f:
        data = json.load(f)
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema not in SCHEMAS:
        raise SchemaError(
            f"unknown schema {schema!r}" if isinstance(data, dict) else f"the file is {kind(data)}"
        )
    params, run = SPECS.get(schema.partition("/")[0], ({}, {}))
    check(data, {"meta": "object", "runs": "list"}, "the file")
    check(data["meta"], {"parameters": "object"}, "meta")
    check(data["meta"]["parameters"], params, "meta.parameters")
    check_runs(data["runs"], run)
    return data


# ---------------------------------------------------------------- schemas (checked on load)


class SchemaError(ValueError):
    """A result file that is valid JSON but not of its schema; the message says what is wrong and where."""


KINDS = {
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "number or null": lambda v: v is None or KINDS["number"](v),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "text": lambda v: isinstance(v, str),
    "list": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
MEASURED = ("recall", "specificity", "balanced_accuracy", "precision", "f1", "auc", "R", "b")
# (meta.parameters, one run) of each schema family: the fields the pages and the statistics use.
SPECS = {
    "gibbs_mc": (
        dict(b0="number", alpha="number", T="number", N="integer", n_datasets="integer", n_sweeps="integer"),
        dict(rho_train="number", dataset="integer", init="text", R="number", b="number"),
    ),
    "gibbs_transition": (
        dict(b0="number", alpha="number", T="number", N="integer", n_datasets="integer", n_sweeps="integer"),
        dict(rho_train="number", b_max="number", init="text", R="number", b="number")
        | dict(dummy_frac="number", trace_b="list", trace_R="list", P="integer"),
    ),
    "sgd_perceptron": (
        dict(N="integer", alpha="number", b0="number", lr="number", BS="integer", n_runs="integer"),
        dict(
            rho_train="number", BS="integer", lr="number", T_eff="number", seed="integer", converged="boolean"
        )
        | dict.fromkeys(MEASURED, "number or null"),
    ),
}


def kind(value) -> str:
    """What a JSON value is, in words ("a list", "the text '3'", ...)."""
    names = {dict: "an object", list: "a list", str: "a text", bool: "a boolean", type(None): "null"}
    text = names.get(type(value), "a number")
    return f"{text} {json.dumps(value)[:20]}" if isinstance(value, (str, int, float)) else text


def check(obj, spec: dict, where: str) -> None:
    """``obj`` is an object with every field of ``spec`` (name -> a key of KINDS), else SchemaError."""
    if not isinstance(obj, dict):
        raise SchemaError(f"{where} is {kind(obj)}, expected an object")
    for name, want in spec.items():
        if name not in obj:
            raise SchemaError(f"{where} has no field {name!r}")
        if not KINDS[want](obj[name]):
            field = name if where == "the file" else f"{where}.{name}"
            article = "an" if want[0] in "aeiou" else "a"
            raise SchemaError(f"{field} is {kind(obj[name])}, expected {article} {want}")


def check_runs(runs, spec: dict) -> None:
    """A non-empty list of runs, each with the fields of ``spec``."""
    if not isinstance(runs, list) or not runs:
        raise SchemaError(
            "runs is empty" if isinstance(runs, list) else f"runs is {kind(runs)}, expected a list"
        )
    for i, run in enumerate(runs):
        check(run, spec, f"runs[{i}]")


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

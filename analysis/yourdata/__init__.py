"""'Your data': measure the best train imbalance on a real data set and hold the theory against it.

A notebook can call it without Streamlit::

    from analysis import yourdata as yd
    ds = yd.digits(anomaly=8)                       # or yd.from_table(df, "label", "1")
    result = yd.run(ds, yd.Settings(reps=10))       # JSON-safe dict of every run
    summary = yd.summarise(result)                  # per-point means, CIs, optima, gains
    theory = yd.compare(ds, result, summary)        # theory's parameters, curves, optima, sentences
    everything = yd.analyse(ds, yd.Settings())      # the three at once, with progress and cancel
"""

from __future__ import annotations

import base64

import pandas as pd

from .data import (
    BUNDLED,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MB,
    MAX_ROWS,
    DataError,
    Dataset,
    breast_cancer,
    digits,
    from_table,
    label_values,
    read_table,
)
from .protocol import DEFAULT_GRID, MODELS, Cancelled, Settings, plan, rho_grid, run, standardised
from .report import label
from .report import table as comparison_table
from .summary import metric_columns, optima, points, runs_frame
from .theory import ALPHA_KINDS, comparison, curves, eigenvalues, fit_T, mapping, with_auc_at
from .theory import TS as THEORY_TS
from .theory import optimum as theory_optimum

__all__ = [
    "ALPHA_KINDS",
    "BUNDLED",
    "DEFAULT_GRID",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_MB",
    "MAX_ROWS",
    "MODELS",
    "THEORY_TS",
    "theory_optimum",
    "Cancelled",
    "DataError",
    "Dataset",
    "Settings",
    "analyse",
    "analyse_request",
    "breast_cancer",
    "bundled",
    "compare",
    "dataset_from",
    "comparison_table",
    "digits",
    "from_table",
    "label",
    "label_values",
    "metric_columns",
    "overview",
    "plan",
    "read_table",
    "rho_grid",
    "run",
    "runs_frame",
    "standardised",
    "summarise",
]


def bundled(name: str, anomaly: int = 8) -> Dataset:
    """A bundled data set by name ("digits" with its anomaly digit, or "breast_cancer")."""
    if name == "digits":
        return digits(anomaly)
    if name == "breast_cancer":
        return breast_cancer()
    raise DataError(f"data set must be one of {', '.join(BUNDLED)}, got {name!r}")


def overview(ds: Dataset, n_train: int) -> dict:
    """Before any run: sizes, the theory's parameters (``mapping``) and the covariance spectrum."""
    Z, keep = standardised(ds)
    m = mapping(Z, ds.rho0, n_train)
    return dict(n=len(ds.y), d=ds.X.shape[1], d_kept=len(keep), anomalies=int(ds.y.sum()), mapping=m,
                eigenvalues=eigenvalues(Z))  # fmt: skip


def summarise(result: dict) -> dict:
    """Per-point statistics (``points``) and per-metric optima with gains (``optima``) of a run."""
    pts = points(result)
    return {"points": pts, "optima": optima(pts, result["dataset"]["rho0"])}


def compare(ds: Dataset, result: dict, summary: dict, progress=None) -> dict:
    """The theory beside the measurement: parameters, curves, fitted T per model, optima, sentences."""
    from . import report  # noqa: PLC0415

    Z, _ = standardised(ds)
    info = result["dataset"]
    m = mapping(Z, info["rho0"], result["settings"]["n_train"])
    th = curves(m, result["settings"]["rho_train"], progress)
    pts = summary["points"]
    fits = pd.concat([fit_T(pts, th, model) for model in pts["model"].unique()], ignore_index=True)
    th = with_auc_at(th, zip(fits["alpha_kind"], fits["T_curve"], strict=True))
    comp = comparison(summary["optima"], th, fits)
    bal = pts[pts["metric"] == "balanced_accuracy@0.5"]
    sem = bal.groupby("model")["sem"].median().to_dict()
    sentences = {
        "run": report.run_sentence(result),
        "mapping": report.mapping_sentences(m, info),
        "fit": report.fit_sentences(fits, sem),
        "optima": report.optimum_sentences(comp, info["rho0"]),
    }
    return {"mapping": m, "curves": th, "fits": fits, "comparison": comp, "sentences": sentences}


def dataset_from(source: dict) -> Dataset:
    """The data set a JSON ``source`` names: {"name": "digits", "anomaly": 8}, {"name": "breast_cancer"},
    or an upload {"upload": base64 of the file, "filename", "label", "anomaly", "drop_missing"} (parsed in
    memory). DataError when it cannot be analysed."""
    if "upload" in source:
        raw = base64.b64decode(source["upload"])
        table = read_table(raw, source["filename"])
        return from_table(
            table, source["label"], source["anomaly"], source["drop_missing"], source["filename"]
        )
    return bundled(source["name"], source.get("anomaly", 8))


def analyse_request(source: dict, settings: dict, progress=None) -> dict:
    """``analyse`` from JSON keyword arguments (a job run in another process): the data set of
    ``dataset_from(source)`` and the settings of ``Settings.key()``."""
    return analyse(dataset_from(source), Settings.from_json(settings).check(), progress)


def analyse(ds: Dataset, settings: Settings, progress=None, cancel=None) -> dict:
    """The whole analysis of a data set: the run (``result``), its ``summary`` and the ``theory`` beside
    it. ``progress(fraction, text)`` and ``cancel()`` as in ``run`` (the run is 80 % of the bar)."""

    def part(lo: float, hi: float):
        return None if progress is None else (lambda f, text: progress(lo + (hi - lo) * f, text))

    result = run(ds, settings, part(0.0, 0.8), cancel)
    if progress is not None:
        progress(0.8, "statistics and optima")
    summary = summarise(result)
    theory = compare(ds, result, summary, part(0.85, 1.0))
    return {"result": result, "summary": summary, "theory": theory}

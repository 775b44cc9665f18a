"""st.cache_data layer of the experiment pages: the result files in ``data/`` and the matching theory.

Result files are read only through ``load``, which says in words when a file is missing (another
engineer may still be producing it) or unreadable, instead of raising. ``PATHS`` is the single place
that names the files (tests point it elsewhere). Cache keys include the file's modification time, so a
newly committed file shows up without restarting the app. Never imports torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import calibration, cifar, live_runs, sims  # noqa: F401  (the pages' analysis)
from analysis.figures import log_grid, scan_table, table
from analysis.stats import span  # noqa: F401
from experiments import cifar_results, results
from solver import b0_from_rho0, cached_solve, cached_sweep

from . import backend

ROOT = Path(__file__).resolve().parent.parent
PATHS = {
    "gibbs_mc": ROOT / "data" / results.FILES["gibbs_mc"],
    "sgd_fig13": ROOT / "data" / results.FILES["sgd_fig13"],
    "sgd_fig13_peak": ROOT / "data" / results.FILES["sgd_fig13_peak"],
    "sgd_fig14": ROOT / "data" / results.FILES["sgd_fig14"],
    "sgd_fig13_v2": ROOT / "data" / results.FILES["sgd_fig13_v2"],
    "sgd_fig14_v2": ROOT / "data" / results.FILES["sgd_fig14_v2"],
    "sgd_nstudy": ROOT / "data" / results.FILES["sgd_nstudy"],
    "cifar": ROOT / "data" / cifar_results.DEFAULT_PATH.name,
    "gibbs_transition": ROOT / "data" / results.FILES["gibbs_transition"],
    "gibbs_transition_a8": ROOT / "data" / results.FILES["gibbs_transition_a8"],
    "gibbs_transition_n1600": ROOT / "data" / results.FILES["gibbs_transition_n1600"],
}
GENERATORS = {
    "gibbs_mc": "python -m experiments.gibbs_mc",
    "sgd_fig13": "python -m experiments.sgd_perceptron --figure 13",
    "sgd_fig13_peak": "python -m experiments.sgd_perceptron --figure 13 --seed 14 --rho-train ...",
    "sgd_fig14": "python -m experiments.sgd_perceptron --figure 14",
    "sgd_fig13_v2": "python -m experiments.sgd_perceptron --figure 13 --lr 0.5 --seed 15 ...",
    "sgd_fig14_v2": "python -m experiments.sgd_perceptron --figure 14 --rho-fig14 0.3 0.7 --seed 16 ...",
    "sgd_nstudy": "python -m experiments.sgd_perceptron --figure N --seed 17 ...",
    "cifar": "python -m experiments.cifar",
    "gibbs_transition": "python -m experiments.gibbs_transition",
    "gibbs_transition_a8": "python -m experiments.gibbs_transition --alpha 8 ...",
    "gibbs_transition_n1600": "python -m experiments.gibbs_transition --N 1600 ...",
}
SUPPLEMENTS = {"sgd_fig13": "sgd_fig13_peak"}  # optional files with more points of the same figure
N_GRID = 61
cache = st.cache_data(show_spinner=False, max_entries=64)


def load(name: str) -> tuple[dict | None, str | None]:
    """(data, None) for a readable result file, else (None, a notice saying what is missing and why).

    A file with a supplement (``SUPPLEMENTS``: same parameters, other seeds, more points) comes with the
    supplement's runs appended and its metadata under ``meta["supplements"]`` when the supplement exists."""
    data, notice = _load_one(name)
    extra = SUPPLEMENTS.get(name)
    if data is None or extra is None or not Path(PATHS[extra]).exists():
        return data, notice
    more, notice = _load_one(extra)
    if more is None:
        return data, notice
    meta = {**data["meta"], "supplements": [more["meta"]]}
    return {**data, "meta": meta, "runs": data["runs"] + more["runs"]}, None


def _load_one(name: str) -> tuple[dict | None, str | None]:
    path = Path(PATHS[name])
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not path.exists():
        return None, (
            f"`{shown}` is not available yet (it is produced by `{GENERATORS[name]}` and committed when "
            "the run finishes), so this part of the page is empty."
        )
    try:
        return _read(str(path), name, path.stat().st_mtime), None
    except results.SchemaError as err:
        return None, f"`{shown}` does not have the structure of its schema ({err}), so this part is empty."
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as err:
        return None, f"`{shown}` could not be read ({type(err).__name__}: {err})."


@cache
def _read(path: str, name: str, mtime: float) -> dict:
    """The parsed file (``mtime`` only keys the cache)."""
    return cifar_results.load(path) if name == "cifar" else results.load(path)


def runs_frame(data: dict) -> pd.DataFrame:
    """The per-run records of a file as a table (for the CSV download)."""
    return pd.DataFrame(data["runs"])


@cache
def theory_rho_train(b0: float, alpha: float, T: float) -> tuple[pd.DataFrame, dict]:
    """Theory sweep along rho_train (metrics at rho_test = 0.5, with AUC) and its refined optima."""
    df, opt = backend.rho_train_curves(b0, alpha, T, None, N_GRID, 0.5)
    return sims.with_auc(df), opt


@cache
def theory_temperature(b0: float, alpha: float, rho_train: float, t_lo: float, t_hi: float) -> pd.DataFrame:
    """Theory sweep along T in [t_lo, t_hi] (log grid) at one rho_train, metrics at rho_test = 0.5."""
    sols = cached_sweep(
        over="T", values=list(log_grid(t_lo, t_hi, 31)), b0=b0, alpha=alpha, rho_train=rho_train
    )
    return sims.with_auc(table(sols, 0.5))


@cache
def mc_tables(data: dict, init: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-point MC statistics with theory and z-scores, random-vs-teacher agreement) of a Gibbs file."""
    p = data["meta"]["parameters"]
    points = sims.mc_points(data["runs"], init)
    res = sims.mc_residuals(points, p["b0"], p["alpha"], p["T"])
    return res, sims.init_agreement(data["runs"])


@cache
def sgd_tables(data: dict, by: str) -> pd.DataFrame:
    """Per-point statistics of an SGD file, grouped by rho_train (Fig. 13) or T_eff (Fig. 14)."""
    return sims.sgd_points(data["runs"], by)


@cache
def cifar_tables(data: dict, rho_test: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(long per-point table, model x metric comparison with the theory) of the AD CIFAR-10 file."""
    rho0 = data["metadata"]["protocol"]["rho0"]
    long = cifar.tables(data)
    metrics = cifar.panel_metrics(rho_test)
    return long, cifar.comparison(long, cifar_theory(rho0), metrics, rho0)


def cifar_theory(rho0: float) -> dict[tuple[float, float, float], pd.DataFrame]:
    """Theory sweep tables at the experiment's rho0 over the (alpha, T) grid, at rho_test = 0.5 and rho0."""
    b0 = b0_from_rho0(rho0)
    out = {}
    for alpha in cifar.THEORY_ALPHAS:
        for T in cifar.THEORY_TS:
            scan = backend.rho_train_scan(b0, alpha, T, None, N_GRID)
            for rt in (0.5, rho0):
                out[(alpha, T, rt)] = scan_table(scan, rt)
    return out


# ---------------------------------------------------------------- the calibrated noise scale

FIT_WORDS = {"train_error": "the measured 0/1 train error", "Rb": "the measured (R, b)"}


def sgd_files() -> dict[str, list[dict]]:
    """The readable SGD files of each calibration source (``calibration.SOURCES``), by source label."""
    out = {}
    for label, names in calibration.SOURCES.items():
        datas = [d for d, _ in (_load_one(n) for n in names if Path(PATHS[n]).exists()) if d is not None]
        if datas:
            out[label] = datas
    return out


def stamp() -> tuple:
    """(name, modification time) of every readable SGD file: keys the calibration caches."""
    names = [n for names in calibration.SOURCES.values() for n in names]
    readable = [n for n in names if Path(PATHS[n]).exists() and _load_one(n)[0] is not None]
    return tuple((n, Path(PATHS[n]).stat().st_mtime) for n in readable)  # a broken file is left out


@st.cache_resource(show_spinner=False, max_entries=2)
def _curves_and_runs(key: tuple):
    """(every SGD run, the theory curve of each setting) for the files stamped ``key``: built once per
    server process and shared by the calibration tables below (read only: nothing mutates them)."""
    runs = calibration.runs_table(sgd_files())
    return runs, calibration.curves(runs) if len(runs) else {}  # no readable SGD file: nothing to fit


@cache
def calibration_points(key: tuple) -> pd.DataFrame:
    """Per-setting table of every SGD source with T_fit (train error) and T_Rb ((R, b)); ``key`` is
    ``stamp()``. Empty when no SGD file is present."""
    runs, cs = _curves_and_runs(key)
    return calibration.per_point(runs, cs) if len(runs) else pd.DataFrame()


@cache
def calibration_runs(key: tuple) -> pd.DataFrame:
    """Every SGD run with its own T_fit and T_Rb (for the CSV download)."""
    runs, cs = _curves_and_runs(key)
    return calibration.per_run(runs, cs) if len(runs) else pd.DataFrame()


@cache
def pooled_T(key: tuple, source: str, by: str) -> tuple[calibration.Fit, float]:
    """One T for all points of ``source`` fitted to their train errors or (R, b), and chi^2/dof."""
    runs, cs = _curves_and_runs(key)
    points = calibration.per_point(runs[runs["source"] == source], cs)
    return calibration.pooled_fit(points, cs, by)


@cache
def theory_at(b0: float, alpha: float, T: float, rho_train: float) -> dict:
    """The theory's test metrics at rho_test = 0.5 and R, b at one point (for T_fit overlays)."""
    sol = cached_solve(b0=b0, alpha=alpha, T=T, rho_train=rho_train)
    return {"phase": sol.phase, "R": sol.R, "b": sol.b, **sol.metrics(0.5)}


def pooled_words(key: tuple, source: str, fit_by: str, has_error: bool) -> tuple[float | None, str]:
    """(T rounded to 3 digits, a caption fragment) of the one temperature fitted to all points of
    ``source``: to their train errors, or to (R, b) when asked or when the file has no train error
    (T is None when no temperature fits)."""
    by = fit_by if has_error else "Rb"
    fit, chi2 = pooled_T(key, source, by)
    if fit.status == "no fit":
        return None, f"no temperature: {fit.text()}"
    words = (
        f"T_fit: {fit.text()}, the one temperature that best reproduces {FIT_WORDS[by]} at every point "
        f"(χ²/dof = {chi2:.3g}"
        + ("; a single T does not describe all points)" if chi2 > 4 else ")")
        + ("" if by == fit_by else "; this file has no train error, so the fit uses (R, b)")
    )
    return float(f"{fit.T:.3g}"), words


@cache
def fig14_points(key: tuple, col: str) -> pd.DataFrame:
    """The Fig. 14 settings (every rho_train) of the calibration table with the theory's balanced
    accuracy and b at each setting's fitted T (``col``, or T_Rb where ``col`` is only a bound)."""
    cal = calibration_points(key)
    f14 = cal[cal["source"].str.startswith("Fig. 14")].copy()
    own = f14[f"{col}_status"].eq("fit")
    f14["T_used"] = f14[col].where(own, f14["T_Rb"]).astype(float)
    use = own | f14["T_Rb_status"].eq("fit")
    for m in ("balanced_accuracy", "b"):
        f14[f"{m}_theory"] = [
            theory_at(r.b0, r.alpha, float(f"{r.T_used:.4g}"), r.rho_train)[m] if ok else float("nan")
            for r, ok in zip(f14.itertuples(), use, strict=True)
        ]
    return f14


CAL_COLUMNS = {
    "source": "data set", "N": "N", "lr": "lr", "BS": "BS", "rho_train": "ρtrain", "n": "runs",
    "lr_over_BS": "lr/BS", "N_lr_over_BS": "N·lr/BS", "train_error_mean": "train error", "R_mean": "R",
    "b_mean": "b", "T_fit_text": "T fitted to the train error", "T_Rb_text": "T fitted to (R, b)",
}  # fmt: skip


def calibration_table(cal: pd.DataFrame) -> pd.DataFrame:
    """The calibration table for the reader (named columns, one row per SGD setting)."""
    return cal[list(CAL_COLUMNS)].rename(columns=CAL_COLUMNS)

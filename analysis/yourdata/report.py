"""Sentences about a "Your data" comparison, computed from its numbers (never typed results)."""

from __future__ import annotations

import math

import pandas as pd

from .. import sims
from .protocol import MODELS
from .theory import ALPHA_KINDS, TS

NAMES = {**{m: sims.NAMES[m] for m in sims.SGD_METRICS}, "train_error": "training error"}  # one label table


def label(column: str, rho0: float | None = None) -> str:
    """'f1@rho0' -> 'F1 (ρtest = 0.101)'; 'balanced_accuracy@0.5' -> 'balanced accuracy (ρtest = 0.5)'."""
    base, _, test = column.partition("@")
    if not test:
        return NAMES[base]
    where = "0.5" if test == "0.5" else (f"ρ0 = {rho0:.3g}" if rho0 is not None else "ρ0")
    return f"{NAMES[base]} (ρtest = {where})"


# the distinct metrics: recall, specificity, balanced accuracy and AUC do not depend on the test imbalance
DISTINCT = (*(f"{m}@0.5" for m in ("recall", "specificity", "balanced_accuracy", "auc", "precision", "f1")),
            "precision@rho0", "f1@rho0")  # fmt: skip


def run_sentence(result: dict) -> str:
    """What was measured, how long it took, and how many perceptron runs did not settle."""
    s, runs = result["settings"], result["runs"]
    models = len({r["model"] for r in runs})
    text = (
        f"Measured in {result['wall_time_s']:.1f} s: {len(runs)} trained models ({s['reps']} repetitions × "
        f"{len(s['rho_train'])} values of ρtrain × {models} model{'s' if models > 1 else ''})."
    )
    sgd = [r for r in runs if r["model"] == "perceptron"]
    stuck = sum(not r["converged"] for r in sgd)
    if stuck:
        text += (
            f" {stuck} of {len(sgd)} perceptron runs hit the limit of {s['max_epochs']} epochs before "
            "their loss settled (relative change of the 5-epoch mean loss below 10⁻³); they count as trained."
        )
    elif sgd:
        text += f" Every perceptron run settled within {s['max_epochs']} epochs."
    return text


def mapping_sentences(m: dict, info: dict) -> list[str]:
    """What the data set is in the theory's parameters (``info``: the run's data set record)."""
    dropped = info["d"] - info["d_kept"]
    const = f" ({dropped} constant feature{'s' if dropped > 1 else ''} dropped)" if dropped else ""
    raw = m["alpha_raw"]
    out = [
        f"ρ0 = {m['rho0']:.3f} from the labels ({info['anomalies']} anomalies among {info['n']} samples), "
        f"so b0 = Φ⁻¹(ρ0) = {m['b0']:.2f}.",
        f"With n_train = {m['n_train']} and d = {m['d']} features{const}, α = n_train / d = "
        f"{raw['features']:.3g}. Correlated features count less: the participation ratio of the covariance "
        f"is d_eff = {m['d_eff']:.1f}, so α = n_train / d_eff = {raw['effective']:.3g}.",
    ]
    for kind in m["clipped"]:
        out.append(
            f"{ALPHA_KINDS[kind]} = {raw[kind]:.3g} lies outside the solver's range; the theory is drawn "
            f"at α = {m['alpha'][kind]:.3g}."
        )
    return out


def fit_sentences(fits: pd.DataFrame, sem_typical: dict[str, float]) -> list[str]:
    """The effective T of each model and how well the best theory curve matches the measured one."""
    out = []
    for model, g in fits.groupby("model", sort=False):
        parts = []
        for _, f in g.iterrows():
            if math.isnan(f["T_curve"]):
                parts.append(f"{ALPHA_KINDS[f['alpha_kind']]}: no theory curve could be compared")
                continue
            edge = " (the edge of the T grid)" if f["T_curve"] in (TS[0], TS[-1]) else ""
            ratio = f["rms_curve"] / sem_typical[model] if sem_typical[model] > 0 else math.inf
            parts.append(
                f"{ALPHA_KINDS[f['alpha_kind']]} (α = {f['alpha']:.3g}): T = {f['T_curve']:g}{edge}, "
                f"the curves differ by {f['rms_curve']:.3f} r.m.s., {_times(ratio)} the typical standard "
                f"error; the training error matches best at T = {f['T_train_error']:g}"
            )
        out.append(f"**{MODELS[model]}**, balanced accuracy: " + "; ".join(parts) + ".")
    return out


def _times(ratio: float) -> str:
    if not math.isfinite(ratio):
        return "far more than"
    return "within" if ratio <= 1.5 else f"{ratio:.1f} times"


VERDICTS = {
    "agrees": "agrees",
    "lower": "the data's optimum is lower",
    "higher": "the data's optimum is higher",
    "at the grid's edge": "the data's optimum is at the grid's edge",
    "differs": "differs (the theory is monotone the other way)",
    "no theory": "no converged theory",
    "too flat to tell": "too flat to tell (the interval spans half the grid or more)",
}
COLUMNS = {
    "model_label": "model", "metric_label": "metric", "verdict": "verdict", "best_rho_train": "best ρtrain",
    "ci_lo": "CI from", "ci_hi": "CI to", "best": "best value", "theory_features": "theory (α = n/d)",
    "theory_effective": "theory (α = n/d_eff)", "gain_vs_half": "gain over 0.5",
    "gain_vs_rho0": "gain over ρ0",
}  # fmt: skip


def optimum_sentences(comp: pd.DataFrame, rho0: float) -> dict[str, list[str]]:
    """Per model: where each metric is best, with its interval and the theory's prediction, the verdict
    counts, and what training at 0.5 or at rho0 costs in balanced accuracy."""
    out = {}
    for model, g in comp[comp["metric"].isin(DISTINCT)].groupby("model", sort=False):
        agree, flat = int((g["verdict"] == "agrees").sum()), int((g["verdict"] == "too flat to tell").sum())
        flat_note = f" ({flat} too flat to tell)" if flat else ""
        lines = [f"The theory's optimum is consistent with the measured one for {agree} of {len(g) - flat} "
                 f"metrics whose optimum the data locate{flat_note}."]  # fmt: skip
        for verdict, h in g.groupby("verdict", sort=False):
            items = "; ".join(_optimum(r, rho0) for _, r in h.iterrows())
            lines.append(f"**{VERDICTS.get(verdict, verdict).capitalize()}** — {items}.")
        bal = g[g["metric"] == "balanced_accuracy@0.5"]
        if len(bal):
            r = bal.iloc[0]
            lines.append(
                f"Training at the best ρtrain instead of at {r['at_half']:g} gains {_gain(r, 'half')} in "
                f"balanced accuracy; instead of at ρ0 ≈ {r['at_rho0']:g}, {_gain(r, 'rho0')}."
            )
        out[MODELS[model]] = lines
    return out


def table(comp: pd.DataFrame, rho0: float) -> pd.DataFrame:
    """The comparison for the reader: distinct metrics, named columns, theory shapes in words."""
    out = comp[comp["metric"].isin(DISTINCT)].copy()
    out["model_label"] = out["model"].map(MODELS)
    out["metric_label"] = [label(c, rho0) for c in out["metric"]]
    for k in ALPHA_KINDS:
        rho = out.get(f"theory_{k}", pd.Series(math.nan, index=out.index))
        shape = out.get(f"theory_{k}_shape", pd.Series(None, index=out.index))
        out[f"theory_{k}"] = [_theory(r, s) for r, s in zip(rho, shape, strict=True)]
    return out[list(COLUMNS)].rename(columns=COLUMNS).round(3)


def _optimum(r: pd.Series, rho0: float) -> str:
    a, b = (_theory(r.get(f"theory_{k}"), r.get(f"theory_{k}_shape")) for k in ALPHA_KINDS)
    theory = f"{a} at both α" if a == b else f"{a} at α = n/d, {b} at α = n/d_eff"
    return (
        f"{label(r['metric'], rho0)} best at {r['best_rho_train']:.2f} (95 % CI {r['ci_lo']:.2f}–"
        f"{r['ci_hi']:.2f}), theory {theory}"
    )


def _theory(rho, shape) -> str:
    """A theory optimum in words: its location, the direction of a monotone curve, or "not computed"."""
    return f"{rho:.2f}" if shape == "peak" else (shape or "not computed")


def _gain(r: pd.Series, name: str) -> str:
    gain, lo, hi = (round(r[f"gain_vs_{name}{end}"], 3) + 0.0 for end in ("", "_lo", "_hi"))  # no -0.000
    sig = "significant" if lo > 0 else "not significant"
    return f"{gain:+.3f} (95 % CI {lo:+.3f} to {hi:+.3f}, {sig})"

"""AD CIFAR-10 results (App. F, Fig. 13 right) against the theory's qualitative prediction.

Pure numpy/pandas over ``experiments.cifar_results`` (json + numpy: torch is never imported) and
solver sweep tables. The theory is not fitted to the images: its prediction is the location of each
metric's optimum along rho_train (or the direction of its trend) over a grid of data amounts alpha and
noises T at the experiment's rho0, and the data are compared with that range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from experiments.cifar_results import summary

from . import stats
from .optima import peak
from .stats import fmt_peak, trend, versus, z_score

THEORY_ALPHAS = (1.0, 2.0, 5.0)
THEORY_TS = (0.1, 0.5)
BASE = ("recall", "specificity", "balanced_accuracy", "auc")
AT_RHO_TEST = {"0.5": ("precision", "f1"), "0.1": ("precision", "f1", "accuracy")}  # accuracy@0.5 = a_bal
NAMES = {
    "recall": "recall",
    "specificity": "specificity",
    "balanced_accuracy": "balanced accuracy",
    "auc": "AUC",
    "precision": "precision",
    "f1": "F1",
    "accuracy": "accuracy",
}
WIDE = 0.4  # a confidence interval this wide (in rho_train) cannot locate an optimum
PEAK_NOTE = stats.peak_method()


def panel_metrics(rho_test: str) -> list[str]:
    """Column names of the metrics shown at a test imbalance ("0.5" or "0.1")."""
    return [*BASE, *(f"{m}@{rho_test}" for m in AT_RHO_TEST[rho_test])]


def label(name: str) -> str:
    """Display name of a result column: "precision@0.1" -> "precision (ρtest = 0.1)"."""
    base, _, rt = name.partition("@")
    return f"{NAMES[base]} (ρtest = {rt})" if rt else NAMES[base]


def model_label(meta: dict, model: str) -> str:
    """The model as the file describes it (the backbone for the frozen-feature head)."""
    return meta["models"][model]["label"]


def backbone_sentence(meta: dict) -> str:
    """Which backbone produced the results, its ImageNet accuracy and the image size, from the metadata."""
    parts = []
    for spec in meta["models"].values():
        if "backbone" in spec:
            top1 = f", ImageNet top-1 {spec['imagenet_top1']:g} %" if "imagenet_top1" in spec else ""
            parts.append(
                f"frozen **{spec['backbone']}** backbone (ImageNet-pretrained{top1}) at image size "
                f"{spec['image_size']} px with a trained linear layer"
            )
    return "; ".join(parts) if parts else "no pretrained backbone"


def tables(data: dict) -> pd.DataFrame:
    """Long table: model, its label, rho_train, metric, mean, SE, relative SE, n."""
    meta, rows = data["metadata"], []
    for model, s in summary(data).items():
        for metric in meta["metrics"]:
            st = s[metric]
            for i, rho in enumerate(s["rho_train"]):
                mean, rel = float(st["mean"][i]), float(st["rel_se"][i])
                rows.append(
                    dict(model=model, model_label=model_label(meta, model), rho_train=float(rho),
                         metric=metric, mean=mean, sem=rel * abs(mean), rel_se=rel, n=int(st["n"][i]))
                )  # fmt: skip
    return pd.DataFrame(rows)


def _theory_column(metric: str) -> tuple[str, float]:
    """(sweep-table column, rho_test) of a result column; AUC follows R (it depends on R only)."""
    base, _, rt = metric.partition("@")
    return ("R" if base == "auc" else base), float(rt or 0.5)


def theory_prediction(scans: dict[tuple[float, float, float], pd.DataFrame], metric: str) -> dict:
    """The theory's prediction for one result column over the (alpha, T) grid.

    ``scans`` maps (alpha, T, rho_test) to a sweep table. Returns kind "peak" with the range [lo, hi] of
    interior optima, or kind "increasing"/"decreasing" when no grid point has an interior optimum."""
    column, rho_test = _theory_column(metric)
    peaks, trends = [], []
    for (_, _, rt), df in scans.items():
        if rt != rho_test:
            continue
        ok = (df["phase"] == "informative").to_numpy()
        top = peak(df["rho_train"], df[column], ok)
        if top.found:
            peaks.append(top.x)
        trends.append(trend(df["rho_train"][ok], df[column][ok]))
    if peaks:
        return dict(kind="peak", lo=min(peaks), hi=max(peaks), share=len(peaks) / len(trends))
    return dict(kind="increasing" if np.mean(trends) > 0 else "decreasing")


def _describe(pred: dict) -> str:
    if pred["kind"] != "peak":
        return f"{pred['kind']} in ρtrain (no interior optimum)"
    lo, hi = f"{pred['lo']:.2f}", f"{pred['hi']:.2f}"
    where = lo if lo == hi else f"{lo}–{hi}"
    some = "" if pred["share"] == 1 else f" (for {pred['share']:.0%} of the grid; monotone otherwise)"
    return f"optimum at ρtrain ≈ {where}{some}"


def verdict(pred: dict, p: dict, tr: float) -> str:
    """Agrees / differs / too weak to tell, for one model and metric: the measured peak's confidence
    interval (``stats.peak``) against the theory's range of optima (``stats.versus``), or the trend
    (Spearman |rank correlation| > 0.8 with the theory's sign) where the theory is monotone."""
    if pred["kind"] != "peak":
        want = 1 if pred["kind"] == "increasing" else -1
        return "agrees" if np.sign(tr) == want and abs(tr) > 0.8 else "differs"
    if p["hi"] - p["lo"] >= WIDE:
        return "too weak to tell (flat)"
    where = versus(p, pred["lo"], pred["hi"])
    return {
        "agrees": "agrees",
        "lower": "differs (data peak lower)",
        "higher": "differs (data peak higher)",
    }.get(where, "differs (best at the grid's edge)")


def comparison(long: pd.DataFrame, scans: dict, metrics: list[str], rho0: float) -> pd.DataFrame:
    """One row per model and metric: the data's peak (``stats.peak``: local quadratic fit, 95 % bootstrap
    interval, raw arg-max), gains of the fitted peak over rho0 and 0.5, theory, verdict."""
    rows = []
    for (_, mlabel), g in long.groupby(["model", "model_label"], sort=False):
        for metric in metrics:
            d = g[g["metric"] == metric].sort_values("rho_train")
            x, mean, sem = d["rho_train"].to_numpy(), d["mean"].to_numpy(), d["sem"].to_numpy()
            p, pred, tr = stats.peak(x, mean, sem), theory_prediction(scans, metric), trend(x, mean)
            row = dict(model=mlabel, metric=label(metric), best_rho_train=p["rho"], ci_lo=p["lo"],
                       ci_hi=p["hi"], argmax=p["argmax"], edge=p["edge"], best=p["value"],
                       best_se=p["value_se"], rank_corr=tr, peak_text=fmt_peak(p))  # fmt: skip
            for name, at in (("rho0", rho0), ("half", 0.5)):
                j = int(np.argmin(np.abs(x - at)))
                row[f"gain_vs_{name}"] = p["value"] - mean[j]
                row[f"z_best_vs_{name}"] = z_score(p["value"], p["value_se"], mean[j], sem[j])
            row["theory"] = _describe(pred)
            row["verdict"] = verdict(pred, p, tr)
            rows.append(row)
    first = ["model", "metric", "verdict", "best_rho_train", "ci_lo", "ci_hi", "argmax", "theory"]
    df = pd.DataFrame(rows)
    return df[first + [c for c in df.columns if c not in first]]


def statements(table: pd.DataFrame, rho0: float) -> dict[str, list[str]]:
    """Per model, plain sentences from the comparison table: what agrees, what differs, what is too weak
    to tell, and what training at rho0 or at 0.5 costs in balanced accuracy."""
    out = {}
    for model, g in table.groupby("model", sort=False):
        parts = {"agrees": [], "differs": [], "weak": []}
        for _, r in g.iterrows():
            key = "weak" if r["verdict"].startswith("too weak") else r["verdict"].split(" ")[0]
            best = f"{r['metric']} (" + (
                f"best at the grid's edge, ρtrain = {r['argmax']:.2f}"
                if r["edge"]
                else f"peak at {r['peak_text']}, raw arg-max {r['argmax']:.2f}"
            )
            why = r["verdict"].partition(" (")[2].rstrip(")")
            parts[key].append(best + f"; theory: {r['theory']}" + (f"; {why})" if why else ")"))
        heads = {
            "agrees": "**Agrees** with the theory",
            "differs": "**Differs**",
            "weak": "**Statistics too weak** to locate the optimum",
        }
        lines = [f"{heads[k]}: " + "; ".join(v) + "." for k, v in parts.items() if v]
        bal = g[g["metric"] == label("balanced_accuracy")].iloc[0]
        lines.append(
            f"**Balanced accuracy**: training at ρtrain = ρ0 = {rho0:g} instead of the best "
            f"{bal['best_rho_train']:.2f} costs {_gap(bal, 'rho0')}; at ρtrain = 0.5 it costs "
            f"{_gap(bal, 'half')}."
        )
        out[model] = lines
    return out


def _gap(row: pd.Series, name: str) -> str:
    gain, z = row[f"gain_vs_{name}"], row[f"z_best_vs_{name}"]
    word = "significant" if z >= 2 else "not significant"
    return f"{gain:.3f} (z = {z:.1f}, {word})"

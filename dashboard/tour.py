"""The guided tour: each step sets the controls (so its URL can be shared), says one sentence, asks
one question, and names the chart and the controls it needs (teacher mode hides the others)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from analysis.boundary import dummy_boundary
from solver import rho0_from_b0

from .backend import rho_train_curves


@dataclass(frozen=True)
class Step:
    title: str
    text: str  # a template: {name} fields are numbers computed by ``facts`` at the step's controls
    question: str  # a template, as ``text``
    chart: str  # "overlap", "bias" or "metrics"
    controls: dict  # the values the step sets
    needed: tuple  # controls shown in teacher mode


STEPS = (
    Step("Three anomaly fractions",
         "ρ₀ = Φ(b₀) is the fraction of anomalies in the population, ρtrain the fraction in the training set "
         "(which you choose by resampling) and ρtest the fraction in the test set used to score the model.",
         "Move ρtrain and then ρtest: which one changes the learned bias b, and which one only the score "
         "(precision and accuracy below)?",
         "bias", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.27, rho_test=0.5), ("rho_train", "rho_test")),
    Step("A bias, not a direction",
         "With few anomalies in training, many students with a too-negative bias make few errors, so noise "
         "(entropy) favours them over the right direction (energy-entropy, Fig. 1).",
         "Lower ρtrain from {rho_train} towards 0.1: does R or b change faster, and where does R drop to 0?",
         "overlap", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3, rho_test=0.5), ("rho_train",)),
    Step("ρtrain = ρ₀ is never best",
         "The diamond (training at the population's ρ₀ = {rho0}) is not on the star (the best overlap R* at "
         "ρtrain = {rho_R_star}).",
         "Change b₀: can you find a teacher for which the diamond reaches the star?",
         "overlap", dict(b0=-1.0, alpha=1.1, T=0.5, rho_train=0.16, rho_test=0.5), ("b0", "rho_train")),
    Step("The optimum is not 0.5",
         "With more data (α = {alpha}) and b₀ = {b0} the best overlap is at ρtrain = {rho_R_star}, {side} "
         "0.5 (Fig. 8).",
         "Lower α to 1.1: on which side of 0.5 is ρ(R*) now?",
         "overlap", dict(b0=-2.0, alpha=8.0, T=0.5, rho_train=0.455, rho_test=0.5), ("alpha", "rho_train")),
    Step("Low and high noise",
         "Below a crossover T* the noise hardly matters; above it the overlap degrades (Fig. 5), and the "
         "width of the peak in ρtrain changes with T (Fig. 4).",
         "Press “Pin these curves” at T = {T}, then move T to 0.01: how much does R* change, and does the "
         "peak get sharper or wider?",
         "overlap", dict(b0=-0.6, alpha=1.1, T=1.0, rho_train=0.5, rho_test=0.5), ("T", "rho_train")),
    Step("Which metric to trust",
         "Balanced accuracy peaks near ρ(R*) (the direction); the paper proposes precision for the bias, but "
         "its peak lies between ρ0 and ρ(b*) only in some cases ('Paper claims, checked'); accuracy and "
         "recall reward students that always predict one class (Sec. 3.2).",
         "Set ρtest = ρ₀ = {rho0}: which peaks move and which stay where they were?",
         "metrics", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.5, rho_test=0.5), ("rho_test", "rho_train")),
    Step("The dummy phase (a result of this tool)",
         "Below ρtrain = {dummy} (α = {alpha}, T = {T}) the student predicts 'normal' for every input: a "
         "first-order transition that the Maps page locates by bisection.",
         "Step ρtrain from {rho_train} down to {below}: does R fall to 0 smoothly or jump?",
         "overlap", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.12, rho_test=0.5), ("rho_train",)),
)  # fmt: skip


def step_values(n: int) -> dict:
    """The control values that step ``n`` (1-based) sets, including the step itself."""
    return {"step": str(n), **STEPS[n - 1].controls}


def number(x: float, digits: int = 3) -> str:
    """A number as the tour writes it: up to ``digits`` significant digits, a true minus sign."""
    return f"{x:.{digits}g}".replace("-", "−")


@st.cache_data(show_spinner=False, max_entries=64)
def facts(n: int) -> dict[str, str]:
    """The numbers that step ``n``'s sentences quote, solved at the step's own controls (never typed)."""
    c = STEPS[n - 1].controls
    out = {k: number(v) for k, v in c.items()}
    out["rho0"] = number(rho0_from_b0(c["b0"]))
    _, opt = rho_train_curves(c["b0"], c["alpha"], c["T"], None, 61, c["rho_test"])
    star = opt.get("rho_R_star")
    out["rho_R_star"] = "nowhere inside (0, 1)" if star is None else number(star)
    out["side"] = "" if star is None else ("below" if star < 0.5 else "above")
    if "{dummy}" in STEPS[n - 1].text:
        edge = dummy_boundary(c["b0"], c["alpha"], c["T"]).rho_star
        out["dummy"] = "no boundary found" if edge is None else number(edge)
        out["below"] = number(math.floor(edge * 100) / 100 if edge is not None else 0.01)
    return out


def escape(markdown: str) -> str:
    """Text safe inside Markdown emphasis: the * of R* and T* shown, not taken as a marker."""
    return markdown.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def sentences(n: int) -> tuple[str, str]:
    """Step ``n``'s text and question with its computed numbers (plain text, not yet escaped)."""
    step, f = STEPS[n - 1], facts(n)
    return step.text.format(**f), step.question.format(**f)

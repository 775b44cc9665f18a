"""The guided tour: each step sets the controls (so its URL can be shared), says one sentence, asks
one question, and names the chart and the controls it needs (teacher mode hides the others)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    question: str
    chart: str  # "overlap", "bias" or "metrics"
    controls: dict  # the values the step sets
    needed: tuple  # controls shown in teacher mode


STEPS = (
    Step("Three anomaly fractions",
         "ρ₀ = Φ(b₀) is the fraction of anomalies in the population, ρtrain the fraction in the training set "
         "(which you choose by resampling) and ρtest the fraction in the test set used to score the model.",
         "Move ρtrain and then ρtest: which one changes the learned bias b, and which one only the score?",
         "bias", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.27, rho_test=0.5), ("rho_train", "rho_test")),
    Step("A bias, not a direction",
         "With few anomalies in training, many students with a too-negative bias make few errors, so noise "
         "(entropy) favours them over the right direction (energy-entropy, Fig. 1).",
         "Lower ρtrain from 0.3 towards 0.1: does R or b change faster, and where does R drop to 0?",
         "overlap", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.15, rho_test=0.5), ("rho_train",)),
    Step("ρtrain = ρ₀ is never best",
         "The diamond (training at the population's ρ₀) never sits on the star (the best overlap R*).",
         "Change b₀: can you find a teacher for which the diamond reaches the star?",
         "overlap", dict(b0=-1.0, alpha=1.1, T=0.5, rho_train=0.16, rho_test=0.5), ("b0", "rho_train")),
    Step("The optimum is not 0.5",
         "With more data (α = 8) and b₀ = −2 the best overlap is at ρtrain ≈ 0.45, below 0.5 (Fig. 8).",
         "Lower α to 1.1: on which side of 0.5 is ρ(R*) now?",
         "overlap", dict(b0=-2.0, alpha=8.0, T=0.5, rho_train=0.455, rho_test=0.5), ("alpha", "rho_train")),
    Step("Low and high noise",
         "Below a crossover T* the noise hardly matters; above it performance degrades and the peak in "
         "ρtrain gets narrower (Figs. 4-5).",
         "Compare T = 0.01 and T = 1: how much does R* drop, and how much sharper is the peak?",
         "overlap", dict(b0=-0.6, alpha=1.1, T=1.0, rho_train=0.5, rho_test=0.5), ("T", "rho_train")),
    Step("Which metric to trust",
         "Balanced accuracy peaks near ρ(R*) (the direction); the paper proposes precision for the bias, but "
         "its peak lies between ρ0 and ρ(b*) only in some cases ('Paper claims, checked'); accuracy and "
         "recall reward students that always predict one class (Sec. 3.2).",
         "Set ρtest = ρ₀ = 0.27: which peaks move and which stay where they were?",
         "metrics", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.5, rho_test=0.5), ("rho_test", "rho_train")),
    Step("The dummy phase (a result of this tool)",
         "Below ρtrain ≈ 0.114 (α = 1.1, T = 0.5) the student predicts 'normal' for every input: a "
         "first-order transition that the Maps page locates by bisection.",
         "Step ρtrain from 0.12 down to 0.11: does R fall to 0 smoothly or jump?",
         "overlap", dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.115, rho_test=0.5), ("rho_train",)),
)  # fmt: skip


def step_values(n: int) -> dict:
    """The control values that step ``n`` (1-based) sets, including the step itself."""
    return {"step": str(n), **STEPS[n - 1].controls}

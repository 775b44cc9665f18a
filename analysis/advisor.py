"""The rebalancing advisor: what the theory says about choosing rho_train for one practitioner's problem.

Inputs in the practitioner's terms: the anomaly fraction rho0 of the population (or of the raw data,
taken as an estimate of it), the number of training samples and of features (alpha = samples /
features, Sec. 2), and the noise as T, as a measured train error (inverted through eps_t(T), Eq. 80),
as lr, batch size and N (through the calibration of this project's SGD, ``analysis.calibration``),
or "low noise". The answer
(``advise``): rho(R*) (best direction), rho(b*) (right bias), what training at 0.5 and at rho0
costs, which metric to monitor (Sec. 3.2: balanced accuracy for the direction; the paper proposes
precision for the bias, and the report says whether its peak does locate rho(b*) at this point),
the curvature of the R peak, whether T is above the crossover T* of Fig. 5
(``analysis.optima.crossover_T`` at rho(R*), the same T* as on the Fig. 5 page), and the limits
of the advice. ``Advice.markdown()`` is the exportable report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from solver.api import solve, sweep
from solver.params import RANGES, RHO0_RANGE, b0_from_rho0

from . import calibration
from .optima import DEFAULT_GRID, Found, argmax, crossover_T, rho_b_star, value_of

LOW_NOISE_T = RANGES["T"][0]
CURVATURE_STEP = 0.01
LIMITS = (
    "The theory is exact for a linear classifier (perceptron) on Gaussian inputs in the limit of many "
    "features (replica-symmetric solution), with labels from a linear teacher; real data and deep networks "
    "are only qualitatively described (the paper's Sec. 3.3 finds the same trends on CIFAR-10).",
    "Training is modelled as equilibrium Langevin dynamics at temperature T; SGD noise is correlated, and "
    "the paper's T ~ lr / batch size does not hold for this project's SGD (its noise grows with N·lr/BS): "
    "the calibration is measured on one setting and its range is stated with the advice.",
    "ρ0 is the population's anomaly fraction; a raw-data fraction is used as its estimate.",
    "Precision depends on the test imbalance, the location of its peak does not: precision is a monotone "
    "function of recall / (1 − specificity), which does not involve ρtest ('Paper claims, checked').",
)


@dataclass
class Advice:
    """The advisor's answer; rho values are train imbalances, losses are in overlap R."""

    rho0: float
    b0: float
    alpha: float
    T: float
    rho_test: float
    rho_R: float  # rho(R*)
    R_star: float
    rho_b: float | None  # rho(b*): b = b0 (None: never reached)
    rho_b_closest: float  # rho_train where |b - b0| is smallest
    rho_abal: float | None
    rho_precision: float | None
    R_at: dict  # {"0.5": R, "rho0": R, "abal peak": R}
    curvature: float  # -d2R/drho2 at rho(R*)
    T_star: float | None
    notices: list = field(default_factory=list)
    why: dict = field(default_factory=dict)  # {"R", "b", "T_star"}: why an optimum is missing, in words

    @property
    def loss_at_half(self) -> float:
        return self.R_star - self.R_at["0.5"]

    @property
    def loss_at_rho0(self) -> float:
        return self.R_star - self.R_at["rho0"]

    @property
    def high_noise(self) -> bool:
        return self.T_star is not None and self.T > self.T_star

    def tolerance(self, loss: float = 0.01) -> float:
        """Shift of rho_train away from rho(R*) that costs ``loss`` in R (parabola at the peak)."""
        return math.sqrt(2 * loss / self.curvature) if self.curvature > 0 else math.inf

    def markdown(self) -> str:
        """The answer as a short Markdown report."""
        return "\n".join(report_lines(self))


def _clip(name: str, value: float, lo: float, hi: float, notices: list) -> float:
    if lo <= value <= hi:
        return value
    clipped = min(max(value, lo), hi)
    notices.append(f"{name} = {value:.4g} is outside the theory's range [{lo:g}, {hi:g}]; using {clipped:g}.")
    return clipped


def temperature(
    lr: float | None = None,
    batch_size: float | None = None,
    notices: list | None = None,
    *,
    n_features: int | None = None,
    T: float | None = None,
    train_error: float | None = None,
    train_rho: float = 0.5,
    b0: float = -0.6,
    alpha: float = 2.0,
    n_samples: int | None = None,
) -> float:
    """The theory's T for the practitioner's noise, in this order of preference:

    ``T`` itself; else the T whose train error eps_t (Eq. 80) equals the measured ``train_error`` at
    (b0, alpha, train_rho), inverted directly; else lr, batch size and N (``n_features``) mapped
    through the calibration of this project's SGD (``calibration.project_law``: T against N*lr/BS),
    whose range of validity goes into ``notices``; low noise when nothing is given."""
    notices = [] if notices is None else notices
    if T is not None:
        return _clip("T", T, *RANGES["T"], notices)
    if train_error is not None:
        return _from_train_error(train_error, train_rho, b0, alpha, n_samples, notices)
    if lr is None or batch_size is None:
        return LOW_NOISE_T
    if n_features is None:
        raise ValueError("lr and batch size need the number of features N (the noise scales with N·lr/BS)")
    law = calibration.project_law()
    if law is None:
        notices.append("No calibrated SGD data is available: low noise is assumed.")
        return LOW_NOISE_T
    fit = law.temperature(n_features, lr, batch_size)
    x = n_features * lr / batch_size
    where = {"fit": "inside", "upper bound": "below", "lower bound": "above"}[fit.status]
    notices.append(
        f"lr = {lr:g}, batch size = {batch_size:g} and N = {n_features:g} give N·lr/BS = {x:.3g}, {where} "
        f"the calibrated range; this project's SGD there corresponds to {fit.text()}"
        + ("" if fit.status == "fit" else " (the advice uses that bound)")
        + f". Calibration: {law.validity()}. A measured train error is a better input than lr and batch size."
    )
    return _clip("T", fit.T, *RANGES["T"], notices)


def _from_train_error(eps: float, rho: float, b0: float, alpha: float, n_samples, notices: list) -> float:
    """T with eps_t(T) = eps at (b0, alpha, rho_train = rho), with what the inversion means."""
    if not 0 <= eps <= 1:
        raise ValueError(f"train_error must be a fraction in [0, 1], got {eps}")
    rho = _clip("ρtrain of the measured train error", rho, *RANGES["rho_train"], notices)
    fit = calibration.Curve(calibration.theory_curve(b0, alpha, rho)).invert(eps, P=n_samples)
    notices.append(
        f"Your train error ε = {eps:.3g} (trained at ρtrain = {rho:g}) is reproduced by the theory at "
        f"{fit.text()}" + ("." if fit.status == "fit" else "; the advice uses that temperature.")
    )
    pts = calibration.project_points()
    ratio = calibration.hotter(pts) if len(pts) else None
    if ratio is not None:
        notices.append(
            f"In this project's SGD runs the train error's temperature is {ratio:.2g}× the one that "
            "reproduces the learned overlap and bias (median), so R at this T is "
            f"{'lower' if ratio > 1 else 'higher'} than such a run would reach."
        )
    return _clip("T", fit.T, *RANGES["T"], notices)


def peak_curvature(b0: float, alpha: float, T: float, rho: float, h: float = CURVATURE_STEP) -> float:
    """-d2R/drho_train2 at rho by central differences (larger: a sharper, less forgiving peak)."""
    R = [value_of(solve(b0, alpha, T, rho + d), "R") for d in (-h, 0.0, h)]
    return -(R[0] - 2 * R[1] + R[2]) / h**2


def advise(
    rho0: float,
    n_samples: int,
    n_features: int,
    lr: float | None = None,
    batch_size: float | None = None,
    rho_test: float = 0.5,
    T: float | None = None,
    train_error: float | None = None,
    train_rho: float = 0.5,
) -> Advice:
    """The theory's advice for a population with anomaly fraction rho0 and the given data and noise
    (the noise as in ``temperature``: T, a measured train error, or lr and batch size)."""
    notices: list[str] = []
    if n_samples <= 0 or n_features <= 0:
        raise ValueError("the numbers of samples and of features must be positive")
    alpha = _clip("alpha = samples / features", n_samples / n_features, *RANGES["alpha"], notices)
    rho0 = _clip("rho0", rho0, *RHO0_RANGE, notices)
    b0 = b0_from_rho0(rho0)
    T = temperature(lr, batch_size, notices, n_features=n_features, T=T, train_error=train_error,
                    train_rho=train_rho, b0=b0, alpha=alpha, n_samples=n_samples)  # fmt: skip
    sols = sweep("rho_train", DEFAULT_GRID, b0=b0, alpha=alpha, T=T)
    peaks = {
        q: argmax(q, b0, alpha, T, rho_test=rho_test, sols=sols)
        for q in ("R", "balanced_accuracy", "precision")
    }
    best = peaks["R"]
    if best.x is None:  # no informative point on the whole range: say so, at rho_train = 1/2
        best = Found(False, 0.5, value_of(sols[len(sols) // 2], "R"), best.reason)
    if not best.found:
        notices.append(
            f"The overlap R has no interior maximum: {best.reason}. The numbers below use that point."
        )
    interior = {q: (o.x if o.found else None) for q, o in peaks.items()}
    b_star = rho_b_star(b0, alpha, T, sols=sols)
    t_star = crossover_T(b0, alpha, round(best.x, 6))
    gaps = [abs(s.b - b0) if s.phase == "informative" else math.inf for s in sols]
    rho0_train = min(max(rho0, RANGES["rho_train"][0]), 0.999)
    R_at = {"0.5": value_of(solve(b0, alpha, T, 0.5), "R"), "rho0": _R_at(b0, alpha, T, rho0_train)}
    if interior["balanced_accuracy"] is not None:
        R_at["abal peak"] = value_of(peaks["balanced_accuracy"].solution, "R")
    return Advice(
        rho0=rho0, b0=b0, alpha=alpha, T=T, rho_test=rho_test,
        rho_R=best.x, R_star=best.value, rho_b=b_star.x if b_star.found else None,
        rho_b_closest=float(DEFAULT_GRID[int(np.argmin(gaps))]),
        rho_abal=interior["balanced_accuracy"], rho_precision=interior["precision"], R_at=R_at,
        curvature=peak_curvature(b0, alpha, T, best.x), T_star=t_star.x if t_star.found else None,
        notices=notices, why=dict(R=best.reason, b=b_star.reason, T_star=t_star.reason),
    )  # fmt: skip


def _precision_line(a: Advice) -> str:
    """Whether the precision's peak locates the right bias here (the paper's Sec. 3.2 proposal)."""
    head = f"- **Precision** (the paper proposes it for the bias): its peak (ρtest = {a.rho_test:.3g}) is at "
    head += f"ρtrain = {_f(a.rho_precision)}"
    if a.rho_precision is None or a.rho_b is None:
        why = "it has no interior peak" if a.rho_precision is None else "b never reaches b0 on this range"
        return head + f"; {why}, so it cannot point at the right bias here."
    gap = abs(a.rho_precision - a.rho_b)
    if min(a.rho0, a.rho_b) <= a.rho_precision <= max(a.rho0, a.rho_b):
        return head + f", between ρ0 and ρ(b*) = {a.rho_b:.3f} as the paper says ({gap:.3f} from ρ(b*))."
    return head + (
        f", outside [ρ0, ρ(b*)] (ρ(b*) = {a.rho_b:.3f}, {gap:.3f} away): here precision does not locate "
        "the right bias; use ρ(b*) above."
    )


def _R_at(b0: float, alpha: float, T: float, rho: float) -> float:
    """R at rho_train = rho, continued from rho_train = 1/2 (0 in the dummy phase)."""
    return value_of(sweep("rho_train", [0.5, rho], b0=b0, alpha=alpha, T=T)[1], "R")


def _loss(loss: float, r_star: float) -> str:
    """A loss in R with meaningful digits and as a share of R* (not "0.0000")."""
    if abs(loss) < 5e-7:
        return "nothing (it is the optimum)"
    return f"{loss:.2g} ({loss / r_star:.2%} of R*)"


def _f(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def report_lines(a: Advice) -> list[str]:
    """Markdown lines of the report."""
    lines = [
        "# Rebalancing advice (exact theory of the imbalanced perceptron, Pezzicoli et al., AISTATS 2025)",
        "",
        f"Problem: ρ0 = {a.rho0:.3g} (b0 = {a.b0:.3f}), α = {a.alpha:.3g} samples per feature, "
        f"T = {a.T:.3g}{' (low noise)' if a.T == LOW_NOISE_T else ''}, "
        f"test metrics at ρtest = {a.rho_test:.3g}.",
        *[f"> Note: {n}" for n in a.notices],
        "",
        "## Train imbalance ρtrain",
        f"- **Best direction**: ρ(R*) = **{a.rho_R:.3f}**, overlap R* = {a.R_star:.3f}.",
        _bias_line(a),
        f"- Training at ρtrain = 0.5 loses {_loss(a.loss_at_half, a.R_star)} in R; at ρtrain = ρ0 it loses "
        f"{_loss(a.loss_at_rho0, a.R_star)}"
        f"{' (the student there is a dummy, R = 0)' if a.R_at['rho0'] == 0 else ''}.",
        "",
        "## Which metric to monitor when tuning ρtrain (Sec. 3.2)",
        f"- **Balanced accuracy** for the direction: its peak is at ρtrain = {_f(a.rho_abal)}"
        + (
            f" where R = {a.R_at['abal peak']:.3f} ({a.R_at['abal peak'] / a.R_star:.1%} of R*)."
            if a.rho_abal
            else "."
        ),
        _precision_line(a),
        "- Not accuracy or recall: they are maximised by students that predict the majority "
        "(or minority) class.",
        "",
        "## Sensitivity",
        f"- Curvature of the R peak: −d²R/dρ² = {a.curvature:.3g}; moving ρtrain by "
        f"±{a.tolerance(0.01):.3f} from ρ(R*) costs 0.01 in R.",
        _noise_line(a),
        "",
        "## Limits of this advice",
        *[f"- {x}" for x in LIMITS],
    ]
    return lines


def _bias_line(a: Advice) -> str:
    if a.rho_b is not None:
        note = f" ({a.why['b']})" if a.why.get("b") else ""
        return f"- **Right bias** (b = b0): ρ(b*) = **{a.rho_b:.3f}**{note}."
    return (
        f"- **Right bias**: no ρtrain gives b = b0 (the student under-estimates |b0| everywhere, as in "
        f"App. C, Fig. 8); |b − b0| is smallest near ρtrain = {a.rho_b_closest:.2f}."
    )


def _noise_line(a: Advice) -> str:
    if a.T_star is None:
        return f"- Noise: no crossover T* at ρ(R*): {a.why.get('T_star', '')}."
    if a.high_noise:
        return (
            f"- ⚠️ **High-noise regime**: T = {a.T:.3g} is above the crossover T* ≈ {a.T_star:.3g} (Fig. 5). "
            "Performance degrades with noise and the peak is sharper: lower lr / raise the batch size."
        )
    return f"- Low-noise regime: T = {a.T:.3g} is below the crossover T* ≈ {a.T_star:.3g} (Fig. 5)."

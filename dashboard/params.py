"""The standard controls shared by pages (b0 or rho0, alpha, T, rho_train, rho_test, bias mode).

Ranges come from ``solver.RANGES``; alpha, T and rho0 move on log-spaced grids of round numbers that
contain the values used in the paper (alpha = 0.7, 1.1, 8; T = 0.01, 0.1, 0.5; ...).
"""

from __future__ import annotations

import math

from solver import RANGES, b0_from_rho0, rho0_from_b0

from .state import Param, switch_teacher

MANTISSAS = (1, 1.1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8)
RHO0_MANTISSAS = (1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9)


def round_log_values(lo: float, hi: float, mantissas=MANTISSAS) -> tuple[float, ...]:
    """Round numbers m * 10^k (m in ``mantissas``) within [lo, hi], ascending."""
    out = set()
    for k in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for m in mantissas:
            v = float(f"{m * 10.0**k:.6g}")
            if lo * (1 - 1e-12) <= v <= hi * (1 + 1e-12):
                out.add(v)
    return tuple(sorted(out))


ALPHAS = round_log_values(*RANGES["alpha"])
TS = round_log_values(*RANGES["T"])
_LOW_RHO0 = tuple(v for v in round_log_values(1e-6, 0.5, RHO0_MANTISSAS) if v < 0.5)
RHO0S = _LOW_RHO0 + (0.5,) + tuple(float(f"{1 - v:.9g}") for v in reversed(_LOW_RHO0))

HELP = {
    "set_by": "Choose the teacher by its bias b0 or, equivalently, by the fraction of anomalies "
    "ρ0 = Φ(b0) it produces in the population.",
    "b0": "Teacher bias b0: shifts the teacher's boundary away from the centre of the data. "
    "b0 < 0 makes anomalies (the positive class) rare.",
    "rho0": "Intrinsic anomaly fraction ρ0 = Φ(b0) of the population (log scale, down to 1e-6).",
    "alpha": "Amount of data: α = P/N training samples per weight (log scale).",
    "T": "Training noise (temperature of the Langevin dynamics, roughly learning rate / batch size). "
    "Log scale.",
    "rho_train": "Fraction of anomalies in the training set, set by resampling or reweighting.",
    "rho_test": "Fraction of anomalies in the test set used to compute the metrics "
    "(0.5 = balanced test set; ρ0 = test set drawn from the population).",
    "learn_b": "On: the student learns its own bias b. Off: its bias is held at the teacher's b0 "
    "(App. D of the paper).",
}


def _b0_shown(v: dict) -> bool:
    return v.get("set_by", "b0") == "b0"


def teacher(b0: float = -0.6) -> list[Param]:
    """Controls for the teacher: set by b0 (slider, with live rho0) or by rho0 (log scale)."""
    return [
        Param(
            "set_by", "Set the teacher by", "b0", kind="choice", options=("b0", "rho0"),
            option_labels={"b0": "bias b₀", "rho0": "anomaly fraction ρ₀"}, help=HELP["set_by"],
            on_change=switch_teacher,
        ),
        Param(
            "b0", "Teacher bias b₀", b0, lo=-5.0, hi=5.0, step=0.01, fmt="%.2f", help=HELP["b0"],
            show=_b0_shown, note=lambda v: f"ρ₀ = Φ(b₀) = {rho0_from_b0(v['b0']):.3g} (anomaly fraction)",
        ),
        Param(
            "rho0", "Anomaly fraction ρ₀", rho0_from_b0(b0), kind="log", options=RHO0S,
            help=HELP["rho0"], show=lambda v: not _b0_shown(v),
            note=lambda v: f"b₀ = Φ⁻¹(ρ₀) = {b0_from_rho0(v['rho0']):.3f}",
        ),
    ]  # fmt: skip


def teacher_b0(values: dict) -> float:
    """The teacher bias b0 selected by the ``teacher`` controls."""
    if values.get("set_by", "b0") == "rho0":
        return round(b0_from_rho0(values["rho0"]), 10)
    return values["b0"]


def alpha(default: float = 1.1) -> Param:
    return Param("alpha", "Data per weight α", default, kind="log", options=ALPHAS, help=HELP["alpha"])


def temperature(default: float = 0.5) -> Param:
    return Param("T", "Noise (temperature) T", default, kind="log", options=TS, help=HELP["T"])


def rho_train(default: float = 0.5) -> Param:
    lo, hi = RANGES["rho_train"]
    return Param("rho_train", "Train anomaly fraction ρtrain", default, lo=lo, hi=hi, step=0.001,
                 help=HELP["rho_train"])  # fmt: skip


def rho_test(default: float = 0.5) -> Param:
    return Param("rho_test", "Test anomaly fraction ρtest", default, lo=0.001, hi=0.999, step=0.001,
                 help=HELP["rho_test"])  # fmt: skip


def learn_bias(default: bool = True) -> Param:
    return Param("learn_b", "Student learns its bias", default, kind="toggle", help=HELP["learn_b"])


def family(name: str, label: str, default, options, help: str) -> Param:
    """A multi-select of values for a family of curves (e.g. several b0)."""
    return Param(name, label, list(default), kind="multi", options=tuple(options), help=help)


# The standard control of each shared name (state.SHARED): how a page that lacks one keeps it in its URL.
SHARED_PARAMS = [*teacher()[:2], alpha(), temperature(), rho_train(), rho_test(), learn_bias()]

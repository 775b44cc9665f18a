"""``Problem``: the control parameters of one point (bias held or learned); start points from a Solution."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np

from .free_energy import Model
from .params import check
from .solution import Solution


@dataclass(frozen=True)
class Problem:
    """Teacher bias b0, data ratio alpha, temperature T, train imbalance rho_train and, for App. D,
    the student's bias held at fix_b (None: b is learned). Validated on construction (ValueError
    naming the parameter and its range)."""

    b0: float
    alpha: float
    T: float
    rho_train: float
    fix_b: float | None = None

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None or f.name != "fix_b":
                object.__setattr__(self, f.name, check(f.name, value))

    @property
    def beta(self) -> float:
        """Inverse temperature 1/T."""
        return 1.0 / self.T

    @cached_property
    def model(self) -> Model:
        """The free energy's parameters (without the held bias)."""
        return Model(b0=self.b0, alpha=self.alpha, beta=self.beta, rho_train=self.rho_train)

    def at(self, **changes) -> Problem:
        """The same problem with some parameters changed (validated)."""
        return replace(self, **changes)

    @classmethod
    def of(cls, sol: Solution) -> Problem:
        """The problem a Solution solves."""
        return cls(b0=sol.b0, alpha=sol.alpha, T=sol.T, rho_train=sol.rho_train, fix_b=sol.fix_b)


def start_from(sol: Solution) -> np.ndarray | None:
    """Newton's start (q, r = R/sqrt(q), b) from a Solution: its informative point, or the metastable
    informative branch recorded beside a dummy equilibrium; None where there is no such point."""
    if sol.phase == "informative":
        q, R, b = sol.q, sol.R, sol.b
    elif "q_informative" in sol.extra:
        q, R, b = (sol.extra[k] for k in ("q_informative", "R_informative", "b_informative"))
    else:
        return None
    if not (0.0 < q < 1.0 and math.isfinite(b)):
        return None
    return np.array([q, R / math.sqrt(q), b])

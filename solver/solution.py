"""The ``Solution`` result object: order parameters, diagnostics and derived quantities."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from scipy.special import ndtr

from . import stability
from .metrics import dummy_rates, metrics, metrics_from_rates
from .params import check


@dataclass(frozen=True)
class Solution:
    """Saddle point of the RS free energy at one parameter point (like scipy's OptimizeResult).

    Attributes follow the paper: overlap ``R``, self-overlap ``q``, learned bias ``b``, conjugates
    ``R_hat = R/(1-q)`` (Eq. 71) and ``q_hat = (q-R^2)/(1-q)^2`` (Eqs. 71-72). ``phase`` is
    "informative" or "dummy" (the constant majority-class student, R = q = 0, b = +-inf).
    ``converged`` is True only for a stationary point whose scaled residual (Eqs. 71-72, 75),
    ``residual``, is at most ``solver.TOL`` = 1e-11, or for the dummy phase, which is exact.
    """

    b0: float
    alpha: float
    T: float
    rho_train: float
    fix_b: float | None
    q: float
    R: float
    b: float
    phi: float
    train_error: float
    phase: str
    converged: bool
    residual: float
    iterations: int
    evaluations: int
    message: str
    method: str
    extra: dict = field(default_factory=dict)

    @property
    def rho0(self) -> float:
        """Intrinsic anomaly fraction Phi(b0) (Eq. 5)."""
        return float(ndtr(self.b0))

    @property
    def R_hat(self) -> float:
        return self.R / (1.0 - self.q)  # Eq. 71

    @property
    def q_hat(self) -> float:
        return (self.q - self.R**2) / (1.0 - self.q) ** 2  # Eq. 72 with Eq. 71

    @property
    def free_energy(self) -> float:
        """Free-energy density f = -T phi at the stationary point (Eq. 26)."""
        return -self.T * self.phi

    def metrics(self, rho_test: float = 0.5) -> dict[str, float]:
        """Test metrics at imbalance rho_test in (0, 1) (Eqs. 8-14, 98-105)."""
        rho_test = check("rho_test", rho_test)
        if not self.converged:
            raise ValueError(f"no metrics at an unsolved point (converged = False: {self.message})")
        if self.phase == "dummy":
            return metrics_from_rates(dummy_rates(self.b), rho_test)
        return metrics(self.R, self.b, self.b0, rho_test)

    def replicon(self) -> float:
        """Replicon (de Almeida-Thouless) eigenvalue of the RS saddle point: RS is stable where it is
        positive (``solver.stability``; 1 in the dummy phase)."""
        if not self.converged:
            raise ValueError(f"no replicon at an unsolved point (converged = False: {self.message})")
        return stability.replicon(self.q, self.R, self.b, self.b0, self.alpha, self.T, self.rho_train)

    def to_dict(self) -> dict:
        """JSON-safe dict (infinite b written as the strings "inf"/"-inf")."""
        d = asdict(self)
        d["b"] = _json_float(self.b)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Solution:
        d = dict(d)
        d["b"] = float(d["b"])
        return cls(**d)


def _json_float(x: float):
    return str(x) if math.isinf(x) else x

"""The paper's printed equations, evaluated by adaptive 2-D quadrature, independently of ``solver``.

Each function is one printed formula of App. B-C (Eqs. 62-63, 73, 74, 75, 80) written with the
paper's symbols: teacher field y, Hubbard-Stratonovich field t, H(x) = erfc(x/sqrt 2)/2 and

    u = (t sqrt(q - R^2) - y R - b) / sqrt(1 - q).

The only rewriting is 1 - H(u) = H(-u) in the negative class (the printed ``(e^-beta - 1) H(u) + 1``
loses every digit when H(u) -> 1). Integration: ``scipy.integrate.dblquad`` (QUADPACK) to 1e-12.
Nothing here imports the solver, so a test comparing the two compares two computations.
"""

from __future__ import annotations

import math

from scipy import integrate
from scipy.special import erfc, ndtr

EPS = 1e-12  # absolute and relative tolerance of every quadrature
INF = math.inf


def H(x: float) -> float:
    """Gaussian tail H(x) = int_x^inf Dt."""
    return 0.5 * erfc(x / math.sqrt(2.0))


def gauss(x: float) -> float:
    """Standard normal density: Dx = gauss(x) dx."""
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


class Printed:
    """The printed forms at one point (q, R, b) of the order parameters and (b0, beta, rho) of the model."""

    def __init__(self, q: float, R: float, b: float, b0: float, beta: float, rho: float):
        self.q, self.R, self.b, self.b0, self.beta, self.rho = q, R, b, b0, beta, rho
        self.c_pos, self.c_neg = float(ndtr(b0)), float(ndtr(-b0))  # c+- = Phi(+-b0)
        self.sqrt_qR, self.sqrt_1q = math.sqrt(q - R * R), math.sqrt(1.0 - q)

    def u(self, y: float, t: float) -> float:
        return (t * self.sqrt_qR - y * self.R - self.b) / self.sqrt_1q

    def _class_mean(self, f_pos, f_neg) -> float:
        """rho/c+ int_{-b0}^inf Dy int Dt f_pos(u) + (1-rho)/c- int_{-inf}^{-b0} Dy int Dt f_neg(u)."""

        def over(f, lo, hi):
            g = lambda t, y: gauss(y) * gauss(t) * f(self.u(y, t))  # noqa: E731
            return integrate.dblquad(g, lo, hi, -INF, INF, epsabs=EPS, epsrel=EPS)[0]

        pos = over(f_pos, -self.b0, INF) / self.c_pos
        neg = over(f_neg, -INF, -self.b0) / self.c_neg
        return self.rho * pos + (1.0 - self.rho) * neg

    def _neg_den(self, u: float) -> float:
        """(e^-beta - 1) H(u) + 1 = H(-u) + e^-beta H(u), the argument of the log in Eq. 63."""
        return H(-u) + math.exp(-self.beta) * H(u)

    def energetic(self) -> float:
        """-[rho G+_r + (1-rho) G-_r] with G+-_r of Eqs. 62-63."""
        e = math.exp(-self.beta)
        log_pos = lambda u: math.log(e + (1.0 - e) * H(u))  # noqa: E731
        return self._class_mean(log_pos, lambda u: math.log(self._neg_den(u)))

    def q_hat_over_alpha(self) -> float:
        """Right-hand side of Eq. 74 divided by alpha."""
        k_pos = 1.0 / math.expm1(self.beta)  # (e^beta - 1)^-1
        k_neg = 1.0 - math.exp(-self.beta)  # (e^-beta - 1)^-1 + H(u) = -(H(-u) + e^-beta H(u)) / k_neg
        mean = self._class_mean(
            lambda u: math.exp(-u * u) / (k_pos + H(u)) ** 2,
            lambda u: math.exp(-u * u) * (k_neg / self._neg_den(u)) ** 2,
        )
        return mean / (2.0 * math.pi * (1.0 - self.q))

    def eq75(self) -> float:
        """Right-hand side of Eq. 75 (zero at the saddle point)."""
        k_pos = 1.0 / math.expm1(self.beta)
        k_neg = 1.0 - math.exp(-self.beta)
        return self._class_mean(
            lambda u: math.exp(-0.5 * u * u) / (k_pos + H(u)),
            lambda u: -math.exp(-0.5 * u * u) * k_neg / self._neg_den(u),
        )

    def train_error(self) -> float:
        """epsilon_t of Eq. 80."""
        e = math.expm1(self.beta)  # e^beta - 1
        return self._class_mean(
            lambda u: H(-u) / (1.0 + e * H(u)),
            lambda u: H(u) / (math.exp(self.beta) - e * H(u)),
        )

    def R_hat_over_alpha(self) -> float:
        """Right-hand side of Eq. 73 divided by alpha, with v = (t sqrt(q - R^2) - b) / sqrt(1 - q).

        The paper leaves v undefined: it is u at the class boundary y = -b0 with t shifted by
        -b0 R / sqrt(q - R^2), which turns the boundary's Gaussian weight into the printed prefactor.
        """
        q, R, b0 = self.q, self.R, self.b0
        k_pos, k_neg = 1.0 / math.expm1(self.beta), 1.0 - math.exp(-self.beta)

        def over_t(f) -> float:
            def g(t):
                v = (t * self.sqrt_qR - self.b) / self.sqrt_1q
                return gauss(t) * math.exp(-0.5 * v * v + b0 * R * t / self.sqrt_qR) * f(v)

            return integrate.quad(g, -INF, INF, epsabs=EPS, epsrel=EPS)[0]

        pos = over_t(lambda v: 1.0 / (k_pos + H(v)))
        neg = over_t(lambda v: -k_neg / self._neg_den(v))
        pref = math.exp(-b0 * b0 * q / (2.0 * (q - R * R))) / (2.0 * math.pi * self.sqrt_1q)
        return pref * (self.rho / self.c_pos * pos - (1.0 - self.rho) / self.c_neg * neg)

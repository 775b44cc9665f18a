"""st.cache_data layer over ``analysis.figures`` (itself on top of the solver's disk cache).

Pages call only these functions for numbers. Cached values are DataFrames/dicts, so every rerun with
the same controls is a memory lookup. Long computations are cached part by part, with progress
reported between parts (Streamlit elements must not be drawn inside a cached function).
"""

from __future__ import annotations

import streamlit as st

from analysis import figures

cache = st.cache_data(show_spinner=False, max_entries=512)


@cache
def point(b0: float, alpha: float, T: float, rho_train: float, rho_test: float, fix_b: float | None) -> dict:
    """Numbers at one point (order parameters, phase, metrics at rho_test)."""
    return figures.point(b0, alpha, T, rho_train, rho_test, fix_b)


@cache
def rho_train_scan(b0: float, alpha: float, T: float, fix_b: float | None, n: int) -> list[dict]:
    """One rho_train sweep as solution dicts (the expensive part, independent of rho_test)."""
    return figures.rho_train_scan(b0, alpha, T, fix_b, n)


@cache
def rho_train_curves(b0: float, alpha: float, T: float, fix_b: float | None, n: int, rho_test: float | None):
    """(table, refined optima) of a rho_train sweep with the metrics at rho_test (None: = rho_train)."""
    scan = rho_train_scan(b0, alpha, T, fix_b, n)
    return figures.scan_table(scan, rho_test), figures.refined_optima(scan, rho_test)


@cache
def family(b0s, alpha, T, n, rho_test, fixed_bias=False, alphas=None, Ts=None):
    """(long table, per-member optima) of rho_train sweeps for families in b0, alpha or T."""
    df = figures.family(
        list(b0s), alpha, T, n, rho_test, fixed_bias, alphas and list(alphas), Ts and list(Ts)
    )
    return df, figures.family_optima(df, fixed_bias=fixed_bias)


@cache
def peak_shift(over: str, values, b0: float, alpha: float, T: float, n: int):
    """Fig. 4: (curves against rho_train - rho_peak, peaks)."""
    return figures.peak_shift(over, list(values), b0, alpha, T, n)


@cache
def temperature(b0: float, alpha: float, rho_trains, n: int):
    """Fig. 5: (a_bal and b against T for each rho_train, crossover T* per rho_train)."""
    df = figures.temperature_scan(b0, alpha, list(rho_trains), n=n)
    return df, figures.crossovers(b0, alpha, list(rho_trains))


@cache
def boundary_densities(b0_lo: float, b0_hi: float, n: int):
    """Fig. 6: relative boundary densities of the two classes on a b0 grid."""
    return figures.boundary_densities(b0_lo, b0_hi, n)


@cache
def optimal_point(b0: float, alpha: float, T: float, n: int, near: float | None = None) -> dict:
    """rho(R*) and R* at one point (cached one by one, so that progress can be shown in between)."""
    return figures.optimal_point(b0, alpha, T, n, near)


def optimal_rho_train(over: str, values, b0=-0.6, alpha=1.1, T=0.5, n=31, progress=None):
    """Figs. 9-10: rho(R*) and R* against alpha or b0 (long: reports ``progress(fraction, text)``)."""
    return figures.optimal_rho_train(over, list(values), b0, alpha, T, n, progress, point=optimal_point)


@cache
def metrics_vs_R(b0: float, alphas, T: float, n: int):
    """Fig. 11: (metrics against R along rho_train, the metric peaks)."""
    return figures.metrics_vs_R(b0, list(alphas), T, n)


@cache
def metrics_vs_rho_test(b0: float, alphas, T: float, rho_train: float):
    """Fig. 12: metrics against rho_test at fixed rho_train."""
    return figures.metrics_vs_rho_test(b0, list(alphas), T, rho_train)


@cache
def sketch(b0: float, alpha: float, T: float, rho_train: float, n_train: int, seed: int):
    """Figs. 1-2: sampled points, class counts and the solved student's boundary."""
    return figures.sketch(b0, alpha, T, rho_train, n_train, seed=seed)


def log_values(lo: float, hi: float, n: int) -> list[float]:
    """Log-spaced grid (rounded, so that cache keys are stable)."""
    return [float(x) for x in figures.log_grid(lo, hi, n)]


def lin_values(lo: float, hi: float, n: int) -> list[float]:
    """Uniform grid rounded to 1e-6."""
    return [round(lo + (hi - lo) * k / max(n - 1, 1), 6) for k in range(n)]

"""st.cache_data layer over ``solver.figures`` (itself on top of the solver's disk cache).

Pages call only these functions for numbers. Cached values are DataFrames/dicts, so every rerun with
the same controls is a memory lookup; progress callbacks (argument ``_progress``) are not hashed.
"""

from __future__ import annotations

import streamlit as st

from solver import figures

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

""" "Pin these curves": keep the current rho_train sweep as a faded reference while alpha, T or b0 move.

The pin is the problem's parameters (not the curves), kept in session state and shared by the pages that
draw sweeps against rho_train (Explorer, Tour); the pinned curves come from the same cached solver calls.
"""

from __future__ import annotations

import streamlit as st

KEY = "_pin"


def _label(p: dict) -> str:
    bias = "learnt b" if p["fix_b"] is None else "b = b₀"
    return f"b₀ = {p['b0']:.3g}, α = {p['alpha']:g}, T = {p['T']:g}, {bias}"


def _pin(problem: dict) -> None:
    st.session_state[KEY] = dict(problem, label=_label(problem))


def controls(page: str, b0: float, alpha: float, T: float, fix_b: float | None) -> dict | None:
    """The pin and clear buttons; returns the pinned problem (b0, alpha, T, fix_b, label) or None."""
    pinned = st.session_state.get(KEY)
    problem = dict(b0=b0, alpha=alpha, T=T, fix_b=fix_b)
    left, right = st.columns(2)
    left.button(
        "Pin these curves", key=f"{page}.pin", icon=":material/push_pin:", on_click=_pin, args=(problem,),
        help="Keep the current curves as a faded reference, then move α, T or b₀ to compare.",
        width="stretch",
    )  # fmt: skip
    if pinned:
        right.button(
            "Clear the pinned curves", key=f"{page}.unpin", icon=":material/close:", width="stretch",
            on_click=st.session_state.pop, args=(KEY, None),
        )  # fmt: skip
        st.caption(f"Pinned (faded, dotted): {pinned['label']}.")
    return pinned

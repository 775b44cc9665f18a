"""A discreet note when an optional layer of the app is degraded (the solver's cache): the app still works.

The solver's cache logs each fault once and keeps working in a degraded mode (rebuilt, read-only or in
memory); the router calls ``note()`` after every page so that a reader learns why pages may be slower.
"""

from __future__ import annotations

import streamlit as st

from solver import cache_faults


def note() -> None:
    """A small caption at the bottom of the sidebar listing the cache's faults (nothing when healthy)."""
    faults = cache_faults()
    if faults:
        st.sidebar.caption(
            "Results cache degraded, so some pages compute afresh and may be slower (the numbers are the "
            "same): " + "; ".join(faults) + "."
        )

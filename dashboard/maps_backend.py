"""st.cache_data layer over ``analysis.maps`` and ``analysis.advisor`` (Maps, Advisor and Tour pages).

Maps go through the solver's disk cache (``maps.cached_map``), so ``grid`` needs no memory cache.
"""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import streamlit as st

from analysis import advisor, maps, memo
from analysis.maps import AXES, OPTIMA, STATE  # noqa: F401  (the page's choices)

cache = st.cache_data(show_spinner=False, max_entries=64)


def grid(kind: str, x: str, x_range: tuple, y: str, y_range: tuple, n: int, base: tuple, rho_test: float,
         _progress=None) -> tuple[dict, pd.DataFrame]:  # fmt: skip
    """(values {name: 2-D list}, long table) of a state or optimum map on an n x n grid.

    Not st.cache_data (it draws progress into a bar made by the page): the map's disk cache makes a
    repeated call a lookup."""
    xs, ys = maps.axis_values(x, *x_range, n), maps.axis_values(y, *y_range, n)
    m = maps.cached_map(kind, x, xs, y, ys, dict(base), rho_test, _progress)
    return {k: v.tolist() for k, v in m.values.items()} | {"xs": list(xs), "ys": list(ys)}, m.frame()


@cache
def crossings(x: str, x_range: tuple, y: str, y_range: tuple, n: int, base: tuple) -> pd.DataFrame:
    """Dummy-phase boundary points (bisection to 1e-4) between the grid points of a state map."""
    xs, ys = maps.axis_values(x, *x_range, n), maps.axis_values(y, *y_range, n)
    return maps.cached_crossings(maps.cached_map("state", x, xs, y, ys, dict(base)))


def noise_inputs(v: dict) -> tuple:
    """The Advisor's noise controls as (name, value) pairs for ``advice`` (empty for low noise)."""
    chosen = {
        "T": dict(T=v["T"]),
        "sgd": dict(lr=v["lr"], batch_size=v["batch"]),
        "train_error": dict(train_error=v["train_error"], train_rho=v["train_rho"]),
    }.get(v["noise"], {})
    return tuple(sorted(chosen.items()))


@cache
def advice(
    rho0: float, n_samples: int, n_features: int, rho_test: float, noise: tuple = ()
) -> advisor.Advice:
    """The advisor's answer (a small dataclass); ``noise``: (name, value) pairs of ``advisor.advise``'s
    noise inputs (T; train_error and train_rho; lr and batch_size), none for low noise. Kept in the disk
    cache too (``memo.disk``), which the background warm-up fills for a fresh server."""

    def compute(rho0, n_samples, n_features, rho_test, noise) -> dict:
        return asdict(advisor.advise(rho0, n_samples, n_features, rho_test=rho_test, **noise))

    d = memo.disk("advise", compute, rho0, n_samples, n_features, rho_test, dict(noise), check=_advice)
    return advisor.Advice(**d)


def _advice(d) -> None:
    """A cached ``Advice`` document: its fields, with the right kinds of containers."""
    advisor.Advice(**d)
    if not (isinstance(d["R_at"], dict) and isinstance(d["notices"], list) and isinstance(d["why"], dict)):
        raise TypeError("not an Advice")

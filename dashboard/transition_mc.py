"""The Monte Carlo section on the dummy transition (``analysis.transition_mc``) for the Simulations page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import transition, transition_mc

from . import experiments_backend as data
from . import layout, plots
from .downloads import csv_button

INITS = {"teacher": "teacher start (w0, b0)", "random": "random start (b = 0)"}
FILES = ("gibbs_transition", "gibbs_transition_n1600", "gibbs_transition_a8")  # data/ files, in page order


@st.cache_data(show_spinner=False, max_entries=8)
def tables(name: str, stamp: float) -> tuple[pd.DataFrame, pd.DataFrame, dict, float, list[str]]:
    """(summary, hysteresis, theory transition, b split, statements) of one file (``stamp``: its mtime)."""
    d, _ = data.load(name)
    p = d["meta"]["parameters"]
    trans = transition.cached(p["b0"], p["alpha"], p["T"])  # the disk cache the warm-up fills
    split = transition_mc.b_split(trans["b_at_rho_star"], d["runs"][0]["P"])
    table = transition_mc.summary(d, split)
    hyst = transition_mc.hysteresis(table)
    return table, hyst, trans, split, transition_mc.statements(table, hyst, d["meta"], trans, split)


def chart(table: pd.DataFrame, trans: dict, b_max: float) -> dict:
    """Share of chains in the dummy against rho_train for both starts, with rho*, spinodal and rho_c."""
    fig = plots.figure("rho_train", "share of chains in the dummy", height=340)
    t = table[table["b_max"] == b_max]
    for i, (init, label) in enumerate(INITS.items()):
        g = t[t["init"] == init].sort_values("rho_train")
        fig["data"].append(dict(
            type="scatter", mode="markers+lines", x=g["rho_train"].tolist(), y=g["dummy_share"].tolist(),
            name=label, error_y=dict(type="data", array=g["dummy_share_se"].tolist()),
            line=dict(color=plots.style(i)["color"], dash=plots.style(i)["dash"]),
        ))  # fmt: skip
    for key, label in (("rho_spinodal", "spinodal"), ("rho_star", "ρ*"), ("rho_c", "ρc")):
        plots.vline(fig, trans[key], label)
    return fig


def section(name: str) -> None:
    """Header, caption, chart, sentences and table of one transition file (a notice when missing)."""
    d, notice = data.load(name)
    if notice:
        st.warning(notice, icon=":material/hourglass_empty:")
        return
    p = d["meta"]["parameters"]
    st.subheader(f"Monte Carlo across the dummy transition: N = {p['N']}, α = {p['alpha']:g}")
    table, hyst, trans, split, lines = tables(name, data.PATHS[name].stat().st_mtime)
    b_ref = float(table["b_max"].mode()[0])
    st.caption(
        f"Exact Metropolis sampling at b0 = {p['b0']}, α = {p['alpha']:g}, T = {p['T']}, N = {p['N']}: "
        f"{p['n_datasets']} data sets per point, each with a teacher and a random start, {p['n_sweeps']} "
        "sweeps (averages over the second half); bias confined to |b| ≤ b_max. A chain is in the dummy when "
        f"it predicted no anomaly in more than half of its sampling sweeps. Chart at b_max = {b_ref:g}; "
        f"generator: `{d['meta'].get('command', 'python -m experiments.gibbs_transition')}`."
    )
    layout.chart(chart(table, trans, b_ref), f"{name}_dummy_share", table)
    st.markdown("\n".join(f"- {s}" for s in lines))
    layout.table(table.round(4), {"R_theory": "dummy (no R)", "R_informative": "none", "z_R": "none"})
    csv_button(hyst, f"{name}_hysteresis", "Download the teacher-vs-random differences (CSV)")


def compare(names: tuple[str, ...]) -> None:
    """Sentences comparing the same points at several N (files that are not there are skipped)."""
    tabs = {}
    for name in names:
        d, notice = data.load(name)
        if notice is None:
            tabs[d["meta"]["parameters"]["N"]] = tables(name, data.PATHS[name].stat().st_mtime)[0]
    lines = transition_mc.finite_size(tabs) if len(tabs) > 1 else []
    if lines:
        st.markdown("\n".join(f"- {s}" for s in lines))

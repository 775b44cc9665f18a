"""Cached checks of the paper's claims (``analysis.claims``) for the "Paper claims, checked" page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import claims, transition

from .backend import cache

KEYS = tuple(claims.CHECKS)
VERDICTS = (claims.HOLDS, claims.COND, claims.FAILS)
ICONS = {
    claims.HOLDS: ":material/check_circle:",
    claims.COND: ":material/rule:",
    claims.FAILS: ":material/cancel:",
}
COLUMNS = {"value": "solver", "rho_p_star": "ρ(p*)", "rho_b_star": "ρ(b*)", "rho0": "ρ0", "rho_peak": "ρ(a*)",
           "rho_star": "ρ*", "rho_spinodal": "spinodal", "rho_c": "ρc", "q_jump": "jump in q",
           "gap": "|b − b0|", "passes": "statement true here"}  # fmt: skip


@cache
def check(key: str) -> dict:
    """One claim's check (the solver's disk cache underneath; a few seconds cold)."""
    return claims.check(key)


def cases_frame(res: dict) -> pd.DataFrame:
    """The cases of a check as a table with the paper's symbols; per-case outcomes in words."""
    df = pd.DataFrame(res["cases"]).rename(columns=COLUMNS)
    col = COLUMNS["passes"]
    if df[col].isna().all():
        df = df.drop(columns=col)
    else:
        df[col] = df[col].map({True: "yes", False: "no"})
    return df


def sharpness(curves: pd.DataFrame, over: str, symbol: str, values) -> str:
    """The Fig. 4 caption: how sharp each curve's peak is, computed from the plotted curves."""
    ks = []
    for v in values:
        c = curves[(curves[over] == v) & (curves["phase"] == "informative")].sort_values("rho_train")
        ks.append(claims.sampled_curvature(c["rho_train"], c["balanced_accuracy"]))
    return claims.sharpness_sentence(symbol, values, ks)


def replicon_flag(pt: dict) -> None:
    """One line on replica-symmetry stability at a solved point (``pt["replicon"]``); a warning where
    the RS solution is unstable (replicon eigenvalue <= 0) and its numbers are not exact."""
    lam = pt.get("replicon")
    if lam is None:
        return
    if lam > 0:
        st.caption(f"Replica symmetry is stable here: replicon (AT) eigenvalue λ_AT = {lam:.3f} > 0.")
    else:
        text = f"Replica symmetry is **unstable** here (replicon eigenvalue λ_AT = {lam:.3f} ≤ 0): the "
        st.warning(text + "replica-symmetric numbers on this page are not exact.", icon=":material/warning:")


def precision_note(opt: dict, rho0: float) -> str:
    """Where balanced accuracy and precision peak against rho(R*) and rho(b*), from the optima."""
    peaks, r, rb = opt.get("peaks", {}), opt.get("rho_R_star"), opt.get("rho_b_star")
    a, p = (peaks.get(m, (None,))[0] for m in ("balanced_accuracy", "precision"))
    out = []
    if a is not None and r is not None:
        out.append(f"Balanced accuracy peaks at ρtrain = {a:.3f} (ρ(R*) = {r:.3f}).")
    if p is None:
        out.append("Precision has no interior peak here.")
    elif rb is None:
        out.append(f"Precision peaks at {p:.3f}; b never reaches b0 here, so nothing marks the right bias.")
    elif min(rho0, rb) <= p <= max(rho0, rb):
        out.append(f"Precision peaks at {p:.3f}, between ρ0 = {rho0:.3f} and ρ(b*) = {rb:.3f}.")
    else:
        lo, hi = min(rho0, rb), max(rho0, rb)
        out.append(f"Precision peaks at {p:.3f}, outside [ρ0, ρ(b*)] = [{lo:.3f}, {hi:.3f}]: here it does "
                   "not locate the right bias.")  # fmt: skip
    return " ".join(out)


@cache
def transition_markdown(b0: float, T: float, alphas: tuple[float, ...]) -> str:
    """The transition table (``analysis.transition``) at (b0, T) for each alpha, as Markdown."""
    return transition.markdown(b0, alphas, T, cache=True)


def map_replicon_note(frame: pd.DataFrame) -> None:
    """Under a state map: where the RS solution is unstable (replicon <= 0), or its smallest value."""
    if "replicon" not in frame or "phase" not in frame:
        return
    lam = frame.loc[frame["phase"] == 1, "replicon"].dropna()
    if lam.empty:
        return
    bad = int((lam <= 0).sum())
    if bad:
        text = f"Replica symmetry is **unstable** (replicon λ_AT ≤ 0) at {bad} of {len(lam)} informative "
        st.warning(text + "points of this map: the RS numbers there are not exact.", icon=":material/error:")
    else:
        st.caption(f"Replica symmetry is stable at all {len(lam)} informative points of this map (smallest "
                   f"replicon λ_AT = {lam.min():.3f} > 0; the quantity 'replicon' maps it).")  # fmt: skip


def shapes(table: pd.DataFrame, over: str, symbol: str) -> str:
    """How rho(R*) and R* change along a Fig. 9/10 panel, in words computed from its table."""
    return " ".join(
        claims.shape(table[over], pd.to_numeric(table[q], errors="coerce"), name, symbol)
        for q, name in (("rho_R_star", "ρ(R*)"), ("R_star", "R*"))
    )

"""Cached checks of the paper's claims (``analysis.claims``) for the "Paper claims, checked" page."""

from __future__ import annotations

import pandas as pd

from analysis import claims

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

"""Monte Carlo across the dummy transition (``experiments/gibbs_transition.py``) against the theory.

A chain counts as *in the dummy* when it predicted no anomaly at all in more than half of its sampling
sweeps (``dummy_frac`` > ``DUMMY_SHARE``). Per point (rho_train, b_max, start): the share of chains in
the dummy (binomial SE), the mean R and b over the chains and, for the chains not in the dummy, R
against the theory's informative branch (z-scores as they are). Hysteresis is the difference of the
dummy shares of teacher and random starts on the same data sets; the bias cutoff b_max enters through
the dummy's flat measure in b (its entropy grows like log b_max).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from solver import solve

from .stats import z_score

DUMMY_SHARE = 0.5
DRIFT_Z = 4.0  # a change of R between the quarters of the sampling half beyond this many SE is a drift


def b_split(b_informative: float, P: int) -> float:
    """A bias between the two states: midway between the informative b (at rho*) and -sqrt(2 ln P), the
    typical largest student field among P samples, below which the student predicts no anomaly."""
    return 0.5 * (b_informative - math.sqrt(2.0 * math.log(P)))


def switches(trace_b: list[float], split: float) -> int:
    """How often a chain's trace of b crosses ``split`` in the second half of the run."""
    side = np.asarray(trace_b[len(trace_b) // 2 :]) < split
    return int(np.count_nonzero(side[1:] != side[:-1]))


def drifts(trace: list[float]) -> bool:
    """Whether the means of the two quarters of the sampling half (the trace's second half) differ by
    more than DRIFT_Z standard errors (from the scatter within each quarter)."""
    half = np.asarray(trace[len(trace) // 2 :], float)
    a, b = half[: len(half) // 2], half[len(half) // 2 :]
    if min(len(a), len(b)) < 2:
        return False
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    return abs(b.mean() - a.mean()) > DRIFT_Z * max(se, 1e-9)


def _binomial_se(k: int, n: int) -> float:
    """SE of a share k/n from the add-one estimate (k + 1)/(n + 2): never zero for 0 or n of n."""
    p = (k + 1) / (n + 2)
    return math.sqrt(p * (1 - p) / n)


def _se(x: np.ndarray) -> float:
    return float(x.std(ddof=1) / math.sqrt(len(x))) if len(x) > 1 else math.nan


def summary(data: dict, split: float) -> pd.DataFrame:
    """One row per (rho_train, b_max, init): n, dummy share and its SE, chains whose b crosses ``split``
    in the sampling half, R and b means with SE, the theory's R and phase, and z of R (chains outside
    the dummy) against the informative theory."""
    p = data["meta"]["parameters"]
    df = pd.DataFrame(data["runs"])
    df["switches"] = [switches(t, split) for t in df["trace_b"]]
    df["drifting"] = [drifts(t) for t in df["trace_R"]]
    rows = []
    for (rho, b_max, init), g in df.groupby(["rho_train", "b_max", "init"], sort=True):
        dummy = (g["dummy_frac"] > DUMMY_SHARE).to_numpy()
        share = float(dummy.mean())
        sol = solve(p["b0"], p["alpha"], p["T"], float(rho))
        live = g.loc[~dummy, "R"].to_numpy()
        R_th = sol.R if sol.phase == "informative" else math.nan
        rows.append(dict(
            rho_train=float(rho), b_max=float(b_max), init=init, n=len(g), dummy_share=share,
            dummy_share_se=_binomial_se(int(dummy.sum()), len(g)),
            R_mean=float(g["R"].mean()), R_sem=_se(g["R"].to_numpy()), b_mean=float(g["b"].mean()),
            b_sem=_se(g["b"].to_numpy()), n_switching=int((g["switches"] > 0).sum()), theory_phase=sol.phase,
            R_theory=R_th, n_informative=len(live), n_drifting=int(g["drifting"].sum()),
            R_informative=float(live.mean()) if len(live) else math.nan,
            z_R=z_score(float(live.mean()), _se(live), R_th) if len(live) > 1 else math.nan,
        ))  # fmt: skip
    return pd.DataFrame(rows)


def hysteresis(table: pd.DataFrame) -> pd.DataFrame:
    """Teacher minus random dummy share per (rho_train, b_max), with its z-score."""
    rows = []
    for (rho, b_max), g in table.groupby(["rho_train", "b_max"], sort=True):
        by = g.set_index("init")
        if not {"teacher", "random"} <= set(by.index):
            continue
        t, r = by.loc["teacher"], by.loc["random"]
        diff = t["dummy_share"] - r["dummy_share"]
        z = z_score(t["dummy_share"], t["dummy_share_se"], r["dummy_share"], r["dummy_share_se"])
        rows.append(dict(rho_train=rho, b_max=b_max, teacher_minus_random=diff, z=z))
    return pd.DataFrame(rows)


def statements(table: pd.DataFrame, hyst: pd.DataFrame, meta: dict, trans: dict, split: float) -> list[str]:
    """What the Monte Carlo shows about the transition, from the tables and the theory's ``trans``
    (``analysis.transition.transition`` at the same b0, alpha, T)."""
    p = meta["parameters"]
    N, ref = p["N"], table[table["b_max"] == table["b_max"].mode()[0]]
    both = ref.groupby("rho_train")["dummy_share"].mean()
    out = [
        f"Theory at b0 = {p['b0']}, α = {p['alpha']}, T = {p['T']}: ρ* = {trans['rho_star']:.4f} (phase "
        f"change), spinodal {trans['rho_spinodal']:.4f}, ρc = {trans['rho_c']:.4f} (the dummy is locally "
        "stable below it)."
    ]  # fmt: skip
    mostly = [r for r, s in both.items() if s > 0.5]
    if mostly:
        above = [r for r in mostly if r > trans["rho_star"]]
        out.append(
            f"Chains (both starts, N = {N}, b_max = {ref['b_max'].iloc[0]:g}) sit mostly in the dummy at "
            "ρtrain = " + ", ".join(f"{r:g} ({both[r]:.0%})" for r in mostly)
            + (f": above ρ* at {', '.join(f'{r:g}' for r in above)}, where the theory's informative state "
               "wins — the finite system's transition lies higher than ρ*." if above else ".")
        )  # fmt: skip
    if len(hyst):
        sig = hyst[hyst["z"].abs() >= 2]
        if len(sig):
            cut = hyst["b_max"].nunique() > 1
            where = ", ".join(
                f"{r['rho_train']:g} ({f'b_max = {r.b_max:g}: ' if cut else ''}"
                f"{r['teacher_minus_random']:+.0%}, z = {r['z']:.1f})"
                for _, r in sig.iterrows()
            )
            lo, hi = trans["rho_spinodal"], trans["rho_c"]
            outside = ", ".join(f"{r:g}" for r in sig["rho_train"] if not lo <= r <= hi)
            tail = (
                f"; at {outside}, outside [spinodal, ρc] = [{lo:.4f}, {hi:.4f}] where the theory has one "
                "locally stable state, this is slow dynamics, not coexistence."
                if outside
                else ", all inside [spinodal, ρc], where both states are locally stable."
            )
            out.append(f"Hysteresis: teacher and random starts end in different states (difference of the "
                       f"dummy shares, teacher − random) at ρtrain = {where}{tail}")  # fmt: skip
        else:
            worst = hyst.loc[hyst["z"].abs().idxmax()]
            out.append(f"No significant hysteresis: the largest difference of the dummy shares (teacher − "
                       f"random) is {worst['teacher_minus_random']:+.0%} at ρtrain = {worst['rho_train']:g} "
                       f"(z = {worst['z']:.1f}).")  # fmt: skip
    cut = table.groupby(["rho_train", "b_max"])["dummy_share"].mean().unstack()
    cut = cut.dropna(thresh=2)
    for rho, row in cut.iterrows():
        vals = ", ".join(f"b_max = {b:g}: {s:.0%}" for b, s in row.dropna().items())
        out.append(f"Bias cutoff at ρtrain = {rho:g}: share of chains in the dummy {vals}.")
    n_sw, n_all = int(table["n_switching"].sum()), int(table["n"].sum())
    out.append(
        f"{n_sw} of {n_all} chains move b across {split:.2f} (between the informative b at ρ* and the largest"
        " student field) while sampling."
    )
    drifting = table[table["n_drifting"] > 0]
    if len(drifting):
        where = ", ".join(f"{r['init']} start at ρtrain = {r['rho_train']:g} ({int(r['n_drifting'])} of "
                          f"{int(r['n'])})" for _, r in drifting.iterrows())  # fmt: skip
        out.append(f"Not equilibrated: R moves between the two quarters of the sampling half by more than "
                   f"{DRIFT_Z:g} SE for the {where}; their averages depend on the run length.")  # fmt: skip
    zs = ref.dropna(subset=["z_R"])
    if len(zs):
        w = zs.loc[zs["z_R"].abs().idxmax()]
        out.append(
            f"R of the chains outside the dummy against the informative theory: largest "
            f"|z| = {abs(w['z_R']):.1f} at ρtrain = {w['rho_train']:g} ({w['init']} start: MC "
            f"{w['R_informative']:.3f}, theory {w['R_theory']:.3f}, {int(w['n_informative'])} chains)."
        )  # fmt: skip
    return out


def finite_size(tables: dict[int, pd.DataFrame]) -> list[str]:
    """Per (rho_train, b_max) measured at several N (same alpha): the dummy shares of both starts."""
    rows = pd.concat([t.assign(N=N) for N, t in tables.items()])
    out = []
    for (rho, b_max), g in rows.groupby(["rho_train", "b_max"]):
        if g["N"].nunique() < 2:
            continue
        parts = []
        for N, h in g.groupby("N"):
            share = h.set_index("init")["dummy_share"]
            parts.append(
                f"N = {N}: {share.get('teacher', math.nan):.0%} / {share.get('random', math.nan):.0%}"
            )
        head = f"Finite size at ρtrain = {rho:g}, b_max = {b_max:g} (in the dummy, teacher / random start): "
        out.append(head + "; ".join(parts) + ".")
    return out

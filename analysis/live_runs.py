"""Small live runs of the two generators ("run a small one now"): Gibbs Monte Carlo and SGD at small N.

A thin wrapper over the public functions of ``experiments.gibbs_mc`` (``simulate``) and
``experiments.sgd_perceptron`` (``parse_args``, ``run_chunk``) at the parameters of the precomputed
files: MC at b0 = -0.6, alpha = 1.1, T = 0.5 on a few rho_train; SGD at b0 = -0.6, alpha = 2, lr = 0.05,
BS = 20 on a coarse rho_train grid. ``cost`` is what the dashboard's job pool times runs by.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .sims import SGD_METRICS
from .stats import stats_frame

MC = dict(b0=-0.6, alpha=1.1, T=0.5)
MC_RHO = (0.3, 0.5, 0.7)
MC_SWEEPS = 1000
SGD_RHO = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SGD_BS = 20
SGD_N_TEST = 1000
MC_COST = 20  # an MC point costs about 20 SGD points (measured at N = 300)
FIRST_SEED = 900_000  # far from the seeds of the committed files
EMPTY = {"N": None, "clicks": 0, "mc": [], "sgd": []}
Progress = Callable[[float, str], None]


def run(N: int, n_seeds: int, seed: int, progress: Progress | None = None) -> dict[str, list[dict]]:
    """Run both generators once: {"mc": records, "sgd": records}, each record tagged with N and seed.

    ``seed`` makes each click independent (seeds ``seed``, ``seed + 1``, ...); ``progress(fraction,
    text)`` is called after each point. Runs in the job's child process: the generators (and scipy.stats,
    ~2 s to import) are imported here, not by the page that shows the points."""
    from experiments import gibbs_mc, sgd_perceptron  # noqa: PLC0415

    total = MC_COST * len(MC_RHO) + len(SGD_RHO)
    done, out = 0, {"mc": [], "sgd": []}
    args = sgd_perceptron.parse_args(["--N", str(N), "--BS", str(SGD_BS), "--n-test", str(SGD_N_TEST)])
    seeds = [seed + k for k in range(n_seeds)]
    for rho in SGD_RHO:
        recs = sgd_perceptron.run_chunk(seeds, rho, SGD_BS, args)
        out["sgd"] += [{**r, "N": N} for r in recs]
        done += 1
        _report(progress, done / total, f"SGD at ρtrain = {rho:g} ({n_seeds} seeds, N = {N})")
    for k, rho in enumerate(MC_RHO):
        recs = gibbs_mc.simulate(rho_train=rho, N=N, n_datasets=n_seeds, n_sweeps=MC_SWEEPS,
                                 seed=seed + 1000 * k, inits=("random",), **MC)  # fmt: skip
        out["mc"] += [{**r, "N": N, "seed": seed} for r in recs]
        done += MC_COST
        _report(progress, done / total, f"Monte Carlo at ρtrain = {rho:g} ({n_seeds} data sets, N = {N})")
    return out


def cost(N: int, n_seeds: int) -> float:
    """Cost of a run in SGD points (an MC point counts MC_COST) times N: at these small sizes the time grows
    about linearly in N (37 s at N = 100 with 2 seeds, 121 s at N = 300 with 4 on a loaded 2-core machine),
    not like the N² of the arithmetic."""
    return float(N) * n_seeds * (len(SGD_RHO) + MC_COST * len(MC_RHO))


def _report(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(fraction, 1.0), text)


def points(records: list[dict], kind: str) -> pd.DataFrame | None:
    """Per-rho_train statistics of live records (None when there are none)."""
    if not records:
        return None
    fields = ("R", "b") if kind == "mc" else (*SGD_METRICS, "R", "b")
    df = stats_frame(records, ("rho_train",), fields)
    df["N"] = records[0]["N"]
    return df


def next_seed(live: dict | None) -> int:
    """Seed of the next click: every click uses fresh seeds."""
    return FIRST_SEED + 10_000 * (live or EMPTY)["clicks"]


def merge(live: dict | None, new: dict[str, list[dict]], N: int) -> dict:
    """Add a click's records to the stored ones; a different N starts afresh (sizes are not pooled)."""
    live = live if live and live["N"] == N else {**EMPTY, "N": N}
    return {
        "N": N,
        "clicks": live["clicks"] + 1,
        "mc": live["mc"] + new["mc"],
        "sgd": live["sgd"] + new["sgd"],
    }


def summary(live: dict) -> str:
    """One line on what the live points are."""
    seeds = len({r["seed"] for r in live["sgd"]})
    return (
        f"Live points: N = {live['N']}, {live['clicks']} run(s), {seeds} SGD seeds per ρtrain and "
        f"{len(live['mc']) // len(MC_RHO)} Monte Carlo data sets per ρtrain."
    )

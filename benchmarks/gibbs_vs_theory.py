"""Exact finite-N Gibbs Monte Carlo vs the replica-symmetric theory (issues 2 and 6).

Prints, for each rho_train and initialisation, the theory's R and b (``solver.solve``), the MC mean
over data sets, its standard error and the z-score (MC - theory)/SE. The MC points come from the
committed ``data/gibbs_mc_v1.json`` (N = 300, 16 data sets, random and teacher initialisation), or,
with ``--run``, from fresh chains at the given N.

    python -m benchmarks.gibbs_vs_theory
    python -m benchmarks.gibbs_vs_theory --run --N 200 --rho-train 0.3 0.5 --n-sweeps 1500

Finite-N corrections are O(1/N) on top of the statistical error, so |z| of 2-3 at the most
informative points does not by itself mean disagreement.
"""

import argparse

import numpy as np

from experiments.gibbs_mc import simulate
from experiments.results import load, point_stats
from solver import solve


def mc_runs(args: argparse.Namespace) -> tuple[list[dict], dict]:
    """Per-chain records and their parameters, from the data file or from fresh chains."""
    if not args.run:
        data = load("gibbs_mc")
        return data["runs"], data["meta"]["parameters"]
    runs = []
    for k, rho in enumerate(args.rho_train):
        runs += simulate(
            args.b0, args.alpha, args.T, rho, args.N, args.n_datasets, args.n_sweeps, args.seed + k
        )
    return runs, vars(args)


def table(runs: list[dict], p: dict) -> list[dict]:
    """One row per (rho_train, init): theory, MC mean, SE and z for R and b."""
    s = point_stats(runs, by=("rho_train", "init"), fields=("R", "b"))
    rows = []
    for i, rho in enumerate(s["rho_train"]):
        sol = solve(b0=p["b0"], alpha=p["alpha"], T=p["T"], rho_train=float(rho))
        row = {"rho_train": float(rho), "init": s["init"][i], "n": int(s["n"][i]), "phase": sol.phase}
        for key, theory in (("R", sol.R), ("b", sol.b)):
            mean, se = s[f"{key}_mean"][i], s[f"{key}_sem"][i]
            row[key] = (theory, mean, se, (mean - theory) / se if np.isfinite(theory) else np.nan)
        rows.append(row)
    return rows


def main(argv=None) -> None:
    """Print the comparison table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--run", action="store_true", help="simulate now instead of reading data/gibbs_mc_v1.json")
    p.add_argument("--N", type=int, default=200)
    p.add_argument("--b0", type=float, default=-0.6)
    p.add_argument("--alpha", type=float, default=1.1)
    p.add_argument("--T", type=float, default=0.5)
    p.add_argument("--rho-train", type=float, nargs="+", default=[0.3, 0.5, 0.7])
    p.add_argument("--n-datasets", type=int, default=16)
    p.add_argument("--n-sweeps", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    runs, params = mc_runs(p.parse_args(argv))
    print(f"b0={params['b0']} alpha={params['alpha']} T={params['T']} N={params['N']}")
    head = f"{'rho':>5} {'init':>7} {'n':>3} {'phase':>11} |"
    head += "".join(f" {k + ' th':>8} {k + ' MC':>8} {'SE':>6} {'z':>6} |" for k in ("R", "b"))
    print(head)
    for r in table(runs, params):
        line = f"{r['rho_train']:5.2f} {r['init']:>7} {r['n']:3d} {r['phase']:>11} |"
        line += "".join(" {:8.4f} {:8.4f} {:6.4f} {:6.2f} |".format(*r[k]) for k in ("R", "b"))
        print(line)


if __name__ == "__main__":
    main()

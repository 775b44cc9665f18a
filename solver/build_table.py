"""Build ``data/guess_table.json``, the start-point table of ``guess_table`` (run once, offline).

    python -m solver.build_table            # about 10 minutes on one core

For each (b0, T) of the grid: solve at the smallest alpha and rho_train = 0.5 from a few simple
start points (there q is small and the solution is easy), continue in alpha up the grid, and
from each alpha continue in rho_train outwards from 0.5 until the informative branch ends.
Every stored entry is a converged, certified stationary point (see ``continuation.accept``).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from scipy.special import logit
from tqdm import tqdm

from .continuation import accept, continue_to
from .free_energy import Model
from .guess_table import TABLE_PATH
from .newton import newton, to_theta

AXES = {
    "b0": np.linspace(-5.0, 5.0, 11),
    "log_alpha": np.linspace(np.log(0.05), np.log(50.0), 9),
    "log_T": np.linspace(np.log(0.005), np.log(10.0), 9),
    "logit_rho": np.linspace(logit(0.001), logit(0.999), 21),
}
ANCHOR_ORDER = (4, 3, 5, 2, 6, 1, 7, 0, 8)  # alpha indices tried for the first solution


def anchor(model: Model):
    """Solve a small-alpha, balanced point from a handful of start points."""
    for q in (1e-3, 1e-2, 0.1):
        for r in (0.5, 0.9, 0.2):
            for b in (0.0, model.b0 / 2.0, model.b0):
                res = newton(model, np.array([q, r, b]))
                if accept(res, None):
                    return res.x
    return None


def rho_chain(models: list[Model], x_mid) -> list:
    """Continuation from the balanced point outwards along one rho grid line."""
    mid = len(models) // 2
    out = [None] * len(models)
    out[mid] = x_mid
    for step in (1, -1):
        x, prev = x_mid, models[mid]
        for i in range(mid + step, len(models) if step > 0 else -1, step):
            path = continue_to(prev, x, models[i], first_step=1.0, min_step=1e-2)
            if path.result is None:
                break
            x, prev, out[i] = path.result.x, models[i], path.result.x
    return out


def alpha_chain(models: list[Model]) -> list:
    """Balanced solutions along one alpha grid line: anchor where it works, continue both ways."""
    out = [None] * len(models)
    start = next((j for j in ANCHOR_ORDER if (x := anchor(models[j])) is not None), None)
    if start is None:
        return out
    out[start] = x
    for step in (1, -1):
        x_prev, prev = out[start], models[start]
        for j in range(start + step, len(models) if step > 0 else -1, step):
            path = continue_to(prev, x_prev, models[j], min_step=1e-2)
            if path.result is None:
                break
            x_prev, prev, out[j] = path.result.x, models[j], path.result.x
    return out


def build() -> dict:
    ax = AXES
    shape = [len(v) for v in ax.values()]
    theta = np.full(shape + [3], np.nan)
    mid = len(ax["logit_rho"]) // 2
    for i, b0 in enumerate(tqdm(ax["b0"], desc="b0")):
        for k, log_T in enumerate(ax["log_T"]):
            balanced = [Model.from_coords([b0, la, log_T, ax["logit_rho"][mid]]) for la in ax["log_alpha"]]
            for j, x in enumerate(alpha_chain(balanced)):
                if x is None:
                    continue
                models = [Model.from_coords([b0, ax["log_alpha"][j], log_T, lr]) for lr in ax["logit_rho"]]
                for n, xs in enumerate(rho_chain(models, x)):
                    if xs is not None:
                        theta[i, j, k, n] = to_theta(xs)
    return {
        "axes": {k: [round(float(v), 10) for v in vals] for k, vals in ax.items()},
        "theta": [
            None if not np.all(np.isfinite(t)) else [round(float(v), 6) for v in t]
            for t in theta.reshape(-1, 3)
        ],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(TABLE_PATH))
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    table = build()
    missing = sum(t is None for t in table["theta"])
    table["provenance"] = {
        "built_in_s": round(time.perf_counter() - t0, 1),
        "missing": missing,
        "date": time.strftime("%Y-%m-%d"),
    }
    with open(args.out, "w") as fh:
        json.dump(table, fh, separators=(",", ":"))
    print(f"wrote {args.out}: {len(table['theta'])} points, {missing} without an informative branch")


if __name__ == "__main__":
    main()

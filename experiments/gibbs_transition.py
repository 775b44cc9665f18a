"""Metropolis sampling across the first-order transition to the all-normal dummy: hysteresis and b cutoff.

The replica theory puts, at b0 = -0.6, alpha = 1.1, T = 0.5, the informative branch's end (spinodal) at
rho_train ~ 0.113, the phase change (equal free energies) at rho* ~ 0.114 and the end of the dummy's
local stability at rho_c(T) = 1/(1 + e^(1/T)) ~ 0.119 (``analysis.boundary``; the README prints the
exact numbers). Between the spinodal and rho_c both states are locally stable, so a sampler started at
the teacher (w0, b0) and one started at random (b = 0) may end in different states: hysteresis. The
dummy's bias runs to the cutoff |b| <= b_max of the sampler (its measure is flat in b there), so
``b_max`` is varied too.

Each point (rho_train, b_max) runs ``n_datasets`` data sets, each with a teacher and a random start
(same data), with the moves of ``experiments.gibbs_mc``; the record of a chain holds its averages over
the second half (R, b, train error), its final R and b and a trace of (R, b) every ``TRACE_EVERY``
sweeps, and ``dummy_frac``, the share of the sampling sweeps in which the student predicts no
anomaly at all (every h + b < 0: the finite-N all-normal dummy). The file is rewritten after every
point, so an interrupted run keeps what it finished and
``--resume`` skips the points already in the file.

CLI: ``python -m experiments.gibbs_transition --help`` (writes ``data/gibbs_transition_v1.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from .gibbs_mc import adapt, class_counts, draw_teacher, draw_train_set, init_chains, metadata, sweep

SCHEMA = "gibbs_transition/v1"
TRACE_EVERY = 20
INITS = ("random", "teacher")
POINTS = ["0.116:10", "0.1136:10", "0.125:10", "0.105:10", "0.14:10", "0.116:20", "0.116:5"]  # rho:b_max


def run_point(b0, alpha, T, rho_train, N, n_datasets, n_sweeps, seed, b_max) -> list[dict]:
    """One (rho_train, b_max) point: n_datasets data sets x (random, teacher) starts, one record each."""
    P, n_pos = class_counts(alpha, N, rho_train)
    X, labels, w0 = [], [], []
    for d in range(n_datasets):
        rng_d = np.random.default_rng([seed, d])
        w0_d = draw_teacher(rng_d, N)
        X_d, lab_d = draw_train_set(rng_d, w0_d, b0, n_pos, P - n_pos)
        X += [X_d] * len(INITS)
        labels += [lab_d] * len(INITS)
        w0 += [w0_d] * len(INITS)
    X, labels, w0 = np.stack(X), np.stack(labels), np.stack(w0)
    teacher = np.tile([i == "teacher" for i in INITS], n_datasets)
    rng = np.random.default_rng([seed, n_datasets])
    c = init_chains(X, labels, w0, b0, teacher, rng)
    del X
    burn, trace = n_sweeps // 2, []
    sums = {k: np.zeros(len(teacher)) for k in ("R", "b", "train_error", "dummy_frac")}
    for s in range(n_sweeps):
        acc_w, acc_b = sweep(c, T, rng, None, b_max, 4)
        R = np.einsum("bn,bn->b", c.w, w0) / N
        if s < burn:
            adapt(c, acc_w, acc_b)
        else:
            sums["R"] += R
            sums["b"] += c.b
            sums["train_error"] += c.E / P
            sums["dummy_frac"] += ~np.any(c.h + c.b[:, None] > 0, axis=1)
        if s % TRACE_EVERY == TRACE_EVERY - 1:
            trace.append((R.copy(), c.b.copy()))
    runs = []
    for k in range(len(teacher)):
        rec = dict(rho_train=rho_train, b_max=b_max, dataset=k // len(INITS), init=INITS[k % len(INITS)])
        rec |= {key: float(v[k] / (n_sweeps - burn)) for key, v in sums.items()}
        rec |= dict(R_final=float(R[k]), b_final=float(c.b[k]), n_pos=n_pos, P=P)
        rec["trace_R"] = [round(float(t[0][k]), 5) for t in trace]
        rec["trace_b"] = [round(float(t[1][k]), 4) for t in trace]
        runs.append(rec)
    return runs


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options; --points lists rho_train:b_max pairs, run in that order."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--b0", type=float, default=-0.6)
    p.add_argument("--alpha", type=float, default=1.1)
    p.add_argument("--T", type=float, default=0.5)
    p.add_argument("--N", type=int, default=800)
    p.add_argument("--points", nargs="+", default=POINTS)
    p.add_argument("--n-datasets", type=int, default=4)
    p.add_argument("--n-sweeps", type=int, default=1200)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--out", default="data/gibbs_transition_v1.json")
    p.add_argument("--resume", action="store_true", help="skip the points already in --out")
    return p.parse_args(argv)


def _points(specs: list[str]) -> list[tuple[float, float]]:
    out = []
    for spec in specs:
        rho, _, b_max = spec.partition(":")
        out.append((float(rho), float(b_max or 10.0)))
    return out


def main(argv=None) -> None:
    """Run the points in order, rewriting the JSON file (with provenance) after each."""
    args = parse_args(argv)
    done, wall = [], 0.0
    if args.resume and os.path.exists(args.out):
        with open(args.out) as f:
            old = json.load(f)
        done, wall = old["runs"], old["meta"]["wall_time_s"]
    have = {(r["rho_train"], r["b_max"]) for r in done}
    for k, (rho, b_max) in enumerate(_points(args.points)):
        if (rho, b_max) in have:
            continue
        t0 = time.perf_counter()
        done += run_point(args.b0, args.alpha, args.T, rho, args.N, args.n_datasets, args.n_sweeps,
                          args.seed + k, b_max)  # fmt: skip
        wall += time.perf_counter() - t0
        meta = metadata(args, wall)
        meta["point_seeds"] = {spec: args.seed + i for i, spec in enumerate(args.points)}
        meta["generator"] = "experiments/gibbs_transition.py"
        meta["command"] = "python -m experiments.gibbs_transition " + " ".join(
            f"--{k.replace('_', '-')} {' '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in vars(args).items()
            if k != "resume"
        )
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"schema": SCHEMA, "meta": meta, "runs": done}, f, indent=1)
        os.replace(tmp, args.out)
        print(f"rho_train={rho} b_max={b_max}: {len(done)} chains, {wall:.0f} s", flush=True)


if __name__ == "__main__":
    main()

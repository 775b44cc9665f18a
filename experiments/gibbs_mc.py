"""Exact Metropolis sampling of the Gibbs measure of the imbalanced teacher-student perceptron.

The student (w, b) has |w|^2 = N and b real; its energy E(w, b) is the number of misclassified
training samples and it is sampled from exp(-E/T) (Sec. 2 of the paper, the measure the replica
theory describes). Training sets follow the train measure of Eq. 4: exactly round(alpha*N*rho_train)
positives drawn from N(0, I) restricted to w0.S/sqrt(N) + b0 > 0, the rest from the other side.

Moves: rotations of w in the plane of two coordinates (i, j) (|w| is kept exactly) and Gaussian
moves of b; step sizes are adapted during the burn-in (first half of the chain) toward
``TARGET_ACCEPTANCE`` and frozen afterwards, and R = w.w0/N and b are averaged over the second half.
The fields h = w.S/sqrt(N) are updated incrementally (O(P) per move, O(P*N) per sweep) and all
chains (independent data sets, rho_train values and initialisations) run together along a
leading batch axis.

At finite N the measure over an unbounded b is not normalisable (for b -> +-inf the energy is
constant), so b is confined to |b| <= b_max (default 10); informative states have |b| = O(1).

CLI: ``python -m experiments.gibbs_mc --help`` (writes ``data/gibbs_mc_v1.json``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import time
from dataclasses import dataclass

import numpy as np
from scipy.stats import truncnorm
from tqdm import tqdm

SCHEMA = "gibbs_mc/v1"
TARGET_ACCEPTANCE = 0.4
ADAPT_GAIN = 1.0


def class_counts(alpha: float, N: int, rho_train: float) -> tuple[int, int]:
    """Return (P, n_pos): P = round(alpha*N) samples, n_pos = round(alpha*N*rho_train) positives."""
    P = round(alpha * N)
    n_pos = round(alpha * N * rho_train)
    if not 0 <= n_pos <= P:
        raise ValueError(f"rho_train={rho_train} gives {n_pos} positives out of {P}")
    return P, n_pos


def draw_teacher(rng: np.random.Generator, N: int) -> np.ndarray:
    """Teacher weights w0, uniform on the sphere |w0|^2 = N."""
    w0 = rng.standard_normal(N)
    return w0 * (np.sqrt(N) / np.linalg.norm(w0))


def draw_train_set(
    rng: np.random.Generator, w0: np.ndarray, b0: float, n_pos: int, n_neg: int, dtype=np.float64
) -> tuple[np.ndarray, np.ndarray]:
    """Draw exactly n_pos positives and n_neg negatives from the train measure of Eq. 4.

    The teacher field y = w0.S/sqrt(N) is drawn from a normal truncated to the class side
    (y > -b0 for positives, y < -b0 for negatives; exact, no rejection) and the part of S
    orthogonal to w0 is standard Gaussian. Returns X of shape (n_pos + n_neg, N) and labels +-1
    (positives first).
    """
    N = w0.size
    u0 = w0 / np.sqrt(N)
    y = np.concatenate(
        [
            truncnorm.rvs(-b0, np.inf, size=n_pos, random_state=rng),
            truncnorm.rvs(-np.inf, -b0, size=n_neg, random_state=rng),
        ]
    )
    X = rng.standard_normal((n_pos + n_neg, N), dtype=dtype)
    u0 = u0.astype(dtype)
    X += (y.astype(dtype) - X @ u0)[:, None] * u0
    labels = np.concatenate([np.ones(n_pos), -np.ones(n_neg)])
    return X, labels


@dataclass
class Chains:
    """State of a batch of Metropolis chains (leading axis: chain)."""

    Xs: np.ndarray  # (N, B, P) samples / sqrt(N), coordinate-major
    labels: np.ndarray  # (B, P) teacher labels +-1
    w: np.ndarray  # (B, N) student weights, |w|^2 = N
    b: np.ndarray  # (B,) student bias
    h: np.ndarray  # (B, P) student fields w.S/sqrt(N)
    E: np.ndarray  # (B,) number of training errors
    step_w: np.ndarray  # (B,) rotation angle scale
    step_b: np.ndarray  # (B,) bias step scale

    def refresh(self) -> None:
        """Renormalise w and recompute fields and energies from scratch (removes round-off drift)."""
        N = self.w.shape[1]
        self.w *= np.sqrt(N) / np.linalg.norm(self.w, axis=1, keepdims=True)
        self.h = np.einsum("nbp,bn->bp", self.Xs, self.w)
        self.E = errors(self.labels, self.h, self.b)


def errors(labels: np.ndarray, h: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Number of misclassified samples per chain, E = sum_mu [labels*(h+b) <= 0]."""
    return np.count_nonzero(labels * (h + b[:, None]) <= 0, axis=1)


def init_chains(
    X: np.ndarray,
    labels: np.ndarray,
    w0: np.ndarray,
    b0: float,
    teacher_init: np.ndarray,
    rng: np.random.Generator,
    fix_b: float | None = None,
) -> Chains:
    """Build chains from data X (B, P, N), labels (B, P), teachers w0 (B, N).

    Chains with ``teacher_init`` start at (w0, b0), the others at a uniform random w and b = 0;
    with ``fix_b`` the bias starts (and stays) at fix_b.
    """
    B, _, N = X.shape
    w = rng.standard_normal((B, N))
    w = np.where(teacher_init[:, None], w0, w)
    b = np.where(teacher_init, b0, 0.0) if fix_b is None else np.full(B, float(fix_b))
    Xs = np.ascontiguousarray(np.moveaxis(X, 2, 0)) / np.sqrt(N)
    chains = Chains(Xs, labels, w, b.astype(float), None, None, np.full(B, 0.3), np.full(B, 0.1))
    chains.refresh()
    return chains


def metropolis(acc_dE: np.ndarray, T: float, rng: np.random.Generator) -> np.ndarray:
    """Metropolis acceptance for energy changes dE at temperature T."""
    return rng.random(acc_dE.shape) < np.exp(-np.maximum(acc_dE, 0) / T)


def rotation_move(c: Chains, i: int, j: int, T: float, rng: np.random.Generator) -> np.ndarray:
    """Rotate w in the (i, j) plane by a Gaussian angle; return the acceptance mask."""
    theta = c.step_w * rng.standard_normal(c.b.shape)
    cos, sin = np.cos(theta), np.sin(theta)
    wi, wj = c.w[:, i], c.w[:, j]
    new_i, new_j = cos * wi - sin * wj, sin * wi + cos * wj
    h_new = c.h + (new_i - wi)[:, None] * c.Xs[i] + (new_j - wj)[:, None] * c.Xs[j]
    E_new = errors(c.labels, h_new, c.b)
    acc = metropolis(E_new - c.E, T, rng)
    c.w[:, i] = np.where(acc, new_i, wi)
    c.w[:, j] = np.where(acc, new_j, wj)
    c.h = np.where(acc[:, None], h_new, c.h)
    c.E = np.where(acc, E_new, c.E)
    return acc


def bias_move(c: Chains, T: float, rng: np.random.Generator, b_max: float) -> np.ndarray:
    """Gaussian move of b (proposals with |b| > b_max are rejected); return the acceptance mask."""
    b_new = c.b + c.step_b * rng.standard_normal(c.b.shape)
    E_new = errors(c.labels, c.h, b_new)
    acc = metropolis(E_new - c.E, T, rng) & (np.abs(b_new) <= b_max)
    c.b = np.where(acc, b_new, c.b)
    c.E = np.where(acc, E_new, c.E)
    return acc


def sweep(c: Chains, T: float, rng: np.random.Generator, fix_b: float | None, b_max: float, b_every: int):
    """One sweep: N/2 pair rotations covering every coordinate, plus a bias move every b_every rotations.

    Returns the per-chain acceptance rates of rotations and bias moves.
    """
    N = c.w.shape[1]
    order = rng.permutation(N)
    acc_w = np.zeros(c.b.shape)
    acc_b = np.zeros(c.b.shape)
    n_b = 0
    for k in range(N // 2):
        acc_w += rotation_move(c, order[2 * k], order[2 * k + 1], T, rng)
        if fix_b is None and k % b_every == 0:
            acc_b += bias_move(c, T, rng, b_max)
            n_b += 1
    c.refresh()
    return acc_w / (N // 2), acc_b / max(n_b, 1)


def adapt(c: Chains, acc_w: np.ndarray, acc_b: np.ndarray) -> None:
    """Move log step sizes toward the target acceptance (burn-in only)."""
    c.step_w = np.clip(c.step_w * np.exp(ADAPT_GAIN * (acc_w - TARGET_ACCEPTANCE)), 1e-4, np.pi)
    c.step_b = np.clip(c.step_b * np.exp(ADAPT_GAIN * (acc_b - TARGET_ACCEPTANCE)), 1e-5, 10.0)


def run_chains(
    c: Chains,
    w0: np.ndarray,
    T: float,
    n_sweeps: int,
    rng: np.random.Generator,
    fix_b: float | None = None,
    b_max: float = 10.0,
    b_every: int = 4,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Run n_sweeps sweeps; adapt steps in the first half, average observables over the second half.

    Returns per-chain arrays: R, b, train_error (E/P), acceptance rates of the sampling phase,
    and the final step sizes.
    """
    N = c.w.shape[1]
    burn = n_sweeps // 2
    sums = {k: np.zeros(c.b.shape) for k in ("R", "b", "train_error", "acc_w", "acc_b")}
    for s in tqdm(range(n_sweeps), disable=not progress, desc="sweeps", leave=False):
        acc_w, acc_b = sweep(c, T, rng, fix_b, b_max, b_every)
        if s < burn:
            adapt(c, acc_w, acc_b)
            continue
        sums["R"] += np.einsum("bn,bn->b", c.w, w0) / N
        sums["b"] += c.b
        sums["train_error"] += c.E / c.labels.shape[1]
        sums["acc_w"] += acc_w
        sums["acc_b"] += acc_b
    out = {k: v / (n_sweeps - burn) for k, v in sums.items()}
    out["step_w"], out["step_b"] = c.step_w.copy(), c.step_b.copy()
    return out


def simulate(
    b0: float,
    alpha: float,
    T: float,
    rho_train: float,
    N: int,
    n_datasets: int,
    n_sweeps: int,
    seed: int,
    inits: tuple[str, ...] = ("random", "teacher"),
    fix_b: float | None = None,
    progress: bool = False,
) -> list[dict]:
    """Sample the Gibbs measure for n_datasets data sets at one rho_train, each with every init.

    Data set d is drawn from ``np.random.default_rng([seed, d])``; the chains use
    ``np.random.default_rng([seed, n_datasets])``. Returns one record per (data set, init).
    """
    P, n_pos = class_counts(alpha, N, rho_train)
    X, labels, w0 = [], [], []
    for d in range(n_datasets):
        rng_d = np.random.default_rng([seed, d])
        w0_d = draw_teacher(rng_d, N)
        X_d, lab_d = draw_train_set(rng_d, w0_d, b0, n_pos, P - n_pos)
        for _ in inits:
            X.append(X_d)
            labels.append(lab_d)
            w0.append(w0_d)
    X, labels, w0 = np.stack(X), np.stack(labels), np.stack(w0)
    teacher_init = np.tile([i == "teacher" for i in inits], n_datasets)
    rng = np.random.default_rng([seed, n_datasets])
    chains = init_chains(X, labels, w0, b0, teacher_init, rng, fix_b)
    del X
    out = run_chains(chains, w0, T, n_sweeps, rng, fix_b, progress=progress)
    records = []
    for k in range(len(teacher_init)):
        rec = {"rho_train": rho_train, "dataset": k // len(inits), "init": inits[k % len(inits)]}
        rec.update({key: float(val[k]) for key, val in out.items()})
        rec["n_pos"], rec["P"] = n_pos, P
        records.append(rec)
    return records


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo, else the machine type."""
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def metadata(args: argparse.Namespace, wall_time_s: float) -> dict:
    """Provenance of a run: parameters, code version, date, machine."""
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    mine = ["experiments/gibbs_mc.py", "experiments/sgd_perceptron.py"]
    dirty = bool(
        subprocess.run(["git", "status", "--porcelain", "--", *mine], capture_output=True, text=True).stdout
    )
    return {
        "parameters": {k: v for k, v in vars(args).items() if k != "out"},
        "code_version": commit,
        "code_dirty": dirty,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "wall_time_s": round(wall_time_s, 1),
        "machine": {"platform": platform.platform(), "cpu": cpu_model(), "cpu_count": os.cpu_count()},
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--b0", type=float, default=-0.6)
    p.add_argument("--alpha", type=float, default=1.1)
    p.add_argument("--T", type=float, default=0.5)
    p.add_argument("--N", type=int, default=200)
    p.add_argument("--rho-train", type=float, nargs="+", default=[0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
    p.add_argument("--n-datasets", type=int, default=16)
    p.add_argument("--n-sweeps", type=int, default=1000)
    p.add_argument("--inits", nargs="+", default=["random", "teacher"], choices=["random", "teacher"])
    p.add_argument("--fix-b", type=float, default=None)
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--out", default="data/gibbs_mc_v1.json")
    return p.parse_args(argv)


def main(argv=None) -> None:
    """Run every rho_train point (seed of point k: seed + k) and write the JSON file."""
    args = parse_args(argv)
    t0 = time.perf_counter()
    runs = []
    for k, rho in enumerate(tqdm(args.rho_train, desc="rho_train")):
        runs += simulate(
            args.b0, args.alpha, args.T, rho, args.N, args.n_datasets, args.n_sweeps,
            args.seed + k, tuple(args.inits), args.fix_b, progress=True,
        )  # fmt: skip
    meta = metadata(args, time.perf_counter() - t0)
    meta["point_seeds"] = [args.seed + k for k in range(len(args.rho_train))]
    with open(args.out, "w") as f:
        json.dump({"schema": SCHEMA, "meta": meta, "runs": runs}, f, indent=1)
    print(f"wrote {args.out}: {len(runs)} chains in {meta['wall_time_s']} s")


if __name__ == "__main__":
    main()

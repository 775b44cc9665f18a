"""SGD teacher-student perceptron of App. F (Fig. 13 left, Fig. 14), vectorised over runs.

Setup: teacher (w0, b0) with |w0|^2 = N; training set of P = alpha*N samples from the train measure
of Eq. 4 (exactly round(alpha*N*rho_train) positives); teacher and data resampled for every run;
labels 0/1 (teacher sigmoid thresholded at 0.5, i.e. the sign rule). Student: linear with a learned
bias, output sigma(w.S/sqrt(N) + b), L2 loss 1/2 (sigma - label)^2 averaged over the mini-batch,
plain SGD with learning rate lr and batch size BS, effective temperature T_eff = lr/BS.

Spherical constraint: as App. F says ("weights' norm constrained to be O(1)"), SGD acts on the unit
vector u = w/sqrt(N), so the output is sigma(u.S + b), u is initialised normal and renormalised to
|u| = 1 after every step. This is the same student as |w|^2 = N with the field w.S/sqrt(N); in the w
variables it amounts to a learning rate N*lr on w (and lr on b). With lr on w itself the weights
move N times slower than b and training does not converge within 10^4 epochs at large BS.

Convergence: the epoch loss is the mean of the mini-batch losses of that epoch; training stops when
the mean epoch loss of the last ``window`` epochs differs from that of the ``window`` epochs before
by less than ``tol`` (relative), after at least 2*window epochs, or at ``max_epochs`` (recorded per
run as ``epochs`` and ``converged``). Runs of one chunk are trained together until all have stopped.

Metrics on a balanced test set (rho_test = 0.5) drawn from the same teacher: recall, specificity,
balanced accuracy, precision, F1 (threshold 0.5 on the sigmoid), AUC (rank statistic), and R, b.

CLI: ``python -m experiments.sgd_perceptron --help``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from tqdm import tqdm

from experiments.gibbs_mc import class_counts, draw_teacher, draw_train_set, metadata

SCHEMA = "sgd_perceptron/v1"
DENSE_RHO = [0.275, 0.325, 0.375, 0.425, 0.475, 0.525, 0.575, 0.625]  # around the measured peak
FIG13_RHO = [round(0.1 + 0.05 * k, 2) for k in range(17)] + DENSE_RHO
FIG14_BS = [2000, 200, 20, 10, 5, 2, 1]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sgd_epoch(X, t, u, b, lr, BS, rng):
    """One epoch of mini-batch SGD on K runs at once; updates u (K, N), b (K,) in place.

    X: (K, P, N) samples, t: (K, P) labels 0/1. Returns the mean mini-batch loss of each run.
    """
    K, P, _ = X.shape
    order = np.argsort(rng.random((K, P)), axis=1)
    rows = np.arange(K)[:, None]
    loss = np.zeros(K, dtype=np.float64)
    for s in range(P // BS):
        idx = order[:, s * BS : (s + 1) * BS]
        Xb, tb = X[rows, idx], t[rows, idx]
        out = sigmoid(np.einsum("kbn,kn->kb", Xb, u) + b[:, None])
        loss += 0.5 * np.mean((out - tb) ** 2, axis=1)
        g = (out - tb) * out * (1.0 - out) / BS
        u -= lr * np.einsum("kb,kbn->kn", g, Xb)
        u /= np.linalg.norm(u, axis=1, keepdims=True)
        b -= lr * g.sum(axis=1)
    return loss / (P // BS)


def train(X, t, lr, BS, rng, max_epochs, tol=1e-3, window=5):
    """Train K students to convergence (see module docstring); return u, b, epochs, converged, loss."""
    K, _, N = X.shape
    u = rng.standard_normal((K, N)).astype(X.dtype)
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    b = np.zeros(K, dtype=X.dtype)
    history, stop = [], np.full(K, max_epochs)
    for epoch in range(1, max_epochs + 1):
        history.append(sgd_epoch(X, t, u, b, lr, BS, rng))
        if epoch >= 2 * window:
            last = np.mean(history[-window:], axis=0)
            prev = np.mean(history[-2 * window : -window], axis=0)
            done = np.abs(last - prev) < tol * prev
            stop = np.where(done & (stop == max_epochs), epoch, stop)
            if np.all(stop < max_epochs) or epoch == max_epochs:
                break
    converged = stop < max_epochs
    return u, b, stop, converged, history[-1]


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve from average ranks (Mann-Whitney U), ties counted half."""
    _, inv, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inv]
    n_pos = np.count_nonzero(positive)
    n_neg = positive.size - n_pos
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def test_metrics(u, b, w0, b0, n_test, rng) -> dict[str, float]:
    """Metrics of one student (u, b) on a fresh balanced test set of 2*n_test samples."""
    X, labels = draw_train_set(rng, w0, b0, n_test, n_test, dtype=np.float32)
    z = X @ u + b
    pos, pred = labels > 0, z > 0
    tp, fp = np.count_nonzero(pred & pos), np.count_nonzero(pred & ~pos)
    recall = tp / n_test
    specificity = 1.0 - fp / n_test
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics = {
        "recall": recall,
        "specificity": specificity,
        "balanced_accuracy": 0.5 * (recall + specificity),
        "precision": precision,
        "f1": f1,
        "auc": auc(z, pos),
        "R": u @ w0 / np.sqrt(w0.size),
        "b": b,
    }
    return {k: float(v) for k, v in metrics.items()}


def run_chunk(seeds, rho_train, BS, args) -> list[dict]:
    """Train one chunk of runs (one per seed) at (rho_train, BS) and return their records.

    Run seed s draws teacher, train and test data from ``default_rng([s, 0])``; the student's
    initialisation and the SGD shuffles of the chunk come from ``default_rng([seeds[0], 1])``.
    """
    P, n_pos = class_counts(args.alpha, args.N, rho_train)
    rngs = [np.random.default_rng([s, 0]) for s in seeds]
    w0 = [draw_teacher(r, args.N) for r in rngs]
    data = [
        draw_train_set(r, w, args.b0, n_pos, P - n_pos, dtype=np.float32)
        for r, w in zip(rngs, w0, strict=True)
    ]
    X = np.stack([d[0] for d in data])
    t = np.stack([(d[1] > 0).astype(np.float32) for d in data])
    del data
    u, b, epochs, converged, loss = train(
        X, t, args.lr, BS, np.random.default_rng([seeds[0], 1]), args.max_epochs
    )
    del X
    records = []
    for k, s in enumerate(seeds):
        rec = {"rho_train": rho_train, "BS": BS, "lr": args.lr, "T_eff": args.lr / BS, "seed": int(s)}
        rec.update(test_metrics(u[k], float(b[k]), w0[k], args.b0, args.n_test, rngs[k]))
        rec.update({"epochs": int(epochs[k]), "converged": bool(converged[k]), "train_loss": float(loss[k])})
        records.append(rec)
    return records


def points(args) -> list[tuple[float, int]]:
    """(rho_train, BS) pairs of the requested figure."""
    if args.figure == "13":
        return [(rho, args.BS) for rho in args.rho_train]
    return [(args.rho_fig14, bs) for bs in args.batch_sizes]


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--figure", choices=["13", "14"], default="13")
    p.add_argument("--N", type=int, default=5000)
    p.add_argument("--alpha", type=float, default=2.0)
    p.add_argument("--b0", type=float, default=-0.6)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--BS", type=int, default=20, help="batch size of Fig. 13")
    p.add_argument("--rho-train", type=float, nargs="+", default=FIG13_RHO, help="grid of Fig. 13")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=FIG14_BS, help="batch sizes of Fig. 14")
    p.add_argument("--rho-fig14", type=float, default=0.5, help="rho_train of Fig. 14")
    p.add_argument("--n-runs", type=int, default=40, help="runs (seeds) per point")
    p.add_argument(
        "--chunk", type=int, default=8, help="runs trained together (memory ~ chunk*alpha*N^2*4 B)"
    )
    p.add_argument("--max-epochs", type=int, default=300)
    p.add_argument("--n-test", type=int, default=2000, help="test samples per class")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--note", default="", help="free text stored in the metadata")
    p.add_argument("--out", default=None, help="default data/sgd_fig{figure}_v1.json")
    return p.parse_args(argv)


def main(argv=None) -> None:
    """Run all points; run j of point i has seed = seed*10^6 + i*10^3 + j."""
    args = parse_args(argv)
    out = args.out or f"data/sgd_fig{args.figure}_v1.json"
    t0 = time.perf_counter()
    runs = []
    todo = points(args)
    with tqdm(total=len(todo) * args.n_runs, desc=f"Fig. {args.figure} runs") as bar:
        for i, (rho, BS) in enumerate(todo):
            seeds = [args.seed * 10**6 + i * 10**3 + j for j in range(args.n_runs)]
            for c in range(0, args.n_runs, args.chunk):
                runs += run_chunk(seeds[c : c + args.chunk], rho, BS, args)
                bar.update(len(seeds[c : c + args.chunk]))
    meta = metadata(args, time.perf_counter() - t0)
    meta["convergence"] = "relative change of the 5-epoch mean epoch loss < 1e-3, at least 10 epochs"
    with open(out, "w") as f:
        json.dump({"schema": SCHEMA, "meta": meta, "runs": runs}, f, indent=1)
    print(f"wrote {out}: {len(runs)} runs in {meta['wall_time_s']} s")


if __name__ == "__main__":
    main()

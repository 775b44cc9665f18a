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
``train_error`` is the theory's 0/1 training error (Eq. 80 is its Gibbs average): the fraction of the
run's own P training samples that the final student (u, b) misclassifies, sign(u.S + b) != label.

Figures: ``13`` (grid of rho_train at one lr, BS), ``14`` (batch sizes at each ``--rho-fig14``) and
``N`` (N study at each ``--rho-fig14`` and BS: for every N of ``--N-values`` and lr of ``--lr-values``
the same lr/BS and, separately, the same N*lr/BS as at the reference ``--N``).

Output is written after every chunk and is resumable: rerunning the same command skips the runs the
file already holds (the parameters must match, ``--n-runs`` may grow). Runs are done chunk-major (the
first chunk of every point, then the second, ...) so a stopped job (``--stop-at``) leaves every point
with about the same number of runs; ``meta`` records runs done and planned and the full command.

CLI: ``python -m experiments.sgd_perceptron --help``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from experiments.gibbs_mc import class_counts, draw_teacher, draw_train_set, metadata

SCHEMA = "sgd_perceptron/v2"
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
    wrong = (np.einsum("kpn,kn->kp", X, u) + b[:, None] > 0) != (t > 0.5)
    del X
    records = []
    for k, s in enumerate(seeds):
        rec = {"N": args.N, "rho_train": rho_train, "BS": BS, "lr": args.lr, "T_eff": args.lr / BS}
        rec["seed"] = int(s)
        rec.update(test_metrics(u[k], float(b[k]), w0[k], args.b0, args.n_test, rngs[k]))
        rec.update({"train_error": float(wrong[k].mean()), "train_loss": float(loss[k])})
        rec = {key: _compact(v) for key, v in rec.items()}
        rec.update({"epochs": int(epochs[k]), "converged": bool(converged[k])})
        records.append(rec)
    return records


def _compact(value):
    """Floats to 6 significant digits (keeps the data files small); other values unchanged."""
    return float(f"{value:.6g}") if isinstance(value, float) else value


def points(args) -> list[tuple[int, float, float, int]]:
    """(N, lr, rho_train, BS) of every point of the requested figure, without repeats."""
    if args.figure == "13":
        todo = [(args.N, args.lr, rho, args.BS) for rho in args.rho_train]
    elif args.figure == "14":
        todo = [(args.N, args.lr, rho, bs) for rho in args.rho_fig14 for bs in args.batch_sizes]
    else:
        todo = [
            (n, lr_n, rho, args.BS)
            for rho in args.rho_fig14
            for lr in args.lr_values
            for n in args.N_values
            for lr_n in (lr, _compact(lr * args.N / n))
        ]
    return list(dict.fromkeys(todo))


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--figure", choices=["13", "14", "N"], default="13")
    p.add_argument("--N", type=int, default=5000, help="N (reference N of the N study)")
    p.add_argument("--alpha", type=float, default=2.0)
    p.add_argument("--b0", type=float, default=-0.6)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--BS", type=int, default=20, help="batch size of Fig. 13 and of the N study")
    p.add_argument("--rho-train", type=float, nargs="+", default=FIG13_RHO, help="grid of Fig. 13")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=FIG14_BS, help="batch sizes of Fig. 14")
    p.add_argument(
        "--rho-fig14", type=float, nargs="+", default=[0.5], help="rho_train of Fig. 14 and of the N study"
    )
    p.add_argument("--N-values", type=int, nargs="+", default=[1000, 2000, 5000], help="N study")
    p.add_argument("--lr-values", type=float, nargs="+", default=[0.05, 0.5], help="N study")
    p.add_argument("--n-runs", type=int, default=40, help="runs (seeds) per point")
    p.add_argument(
        "--chunk", type=int, default=8, help="runs trained together (memory ~ chunk*alpha*N^2*4 B)"
    )
    p.add_argument("--max-epochs", type=int, default=300)
    p.add_argument("--n-test", type=int, default=2000, help="test samples per class")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--stop-at", default=None, help="UTC time (ISO): start no chunk that would end later")
    p.add_argument("--note", default="", help="free text stored in the metadata")
    p.add_argument("--out", default=None, help="default data/sgd_fig{figure}_v2.json")
    args = p.parse_args(argv)
    if args.stop_at is not None:
        try:
            args.stop_at = datetime.datetime.fromisoformat(args.stop_at).replace(tzinfo=datetime.UTC)
        except ValueError:
            p.error(f"--stop-at must be an ISO time such as 2026-11-28T02:20, got {args.stop_at!r}")
    return args


# parameters that may differ between the sessions of one resumable file
FREE = ("n_runs", "note", "stop_at", "out")


def _fixed(params: dict) -> dict:
    return {k: v for k, v in params.items() if k not in FREE}


def resume(out: Path, args) -> tuple[list[dict], list[dict]]:
    """Runs and sessions already in ``out`` (empty if absent); refuse a file of other parameters."""
    if not out.exists():
        return [], []
    with open(out) as f:
        data = json.load(f)
    mine = _fixed({k: v for k, v in vars(args).items()})
    if data.get("schema") != SCHEMA or _fixed(data["meta"]["parameters"]) != json.loads(json.dumps(mine)):
        sys.exit(f"{out} holds runs of other parameters or schema; choose another --out")
    return data["runs"], data["meta"].get("sessions", [])


def write(out: Path, prov: dict, runs: list[dict], sessions: list[dict], planned: int, argv) -> None:
    """Write ``out`` atomically: provenance ``prov`` of this session (code version and machine taken
    when it started), total wall time of all sessions, runs done and planned, the full command."""
    meta = {**prov, "wall_time_s": round(sum(s["wall_time_s"] for s in sessions), 3)}
    meta.update(
        {
            "runs_planned": planned,
            "runs_done": len(runs),
            "status": "complete" if len(runs) >= planned else "partial",
            "command": shlex.join(["python", "-m", "experiments.sgd_perceptron", *argv]),
            "sessions": sessions,
            "convergence": "relative change of the 5-epoch mean epoch loss < 1e-3, at least 10 epochs",
        }
    )
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w") as f:
        json.dump({"schema": SCHEMA, "meta": meta, "runs": runs}, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, out)


def schedule(todo, args) -> list[tuple[tuple, list[int]]]:
    """Chunk-major order: (point, seeds of one chunk); run j of point i has seed seed*10^6 + i*10^3 + j."""
    return [
        (point, [args.seed * 10**6 + i * 10**3 + j for j in range(c, min(c + args.chunk, args.n_runs))])
        for c in range(0, args.n_runs, args.chunk)
        for i, point in enumerate(todo)
    ]


def main(argv=None) -> None:
    """Run (or resume) all points, writing the file after every chunk."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(argv)
    out = Path(args.out or f"data/sgd_fig{args.figure}_v2.json")
    todo = points(args)
    runs, sessions = resume(out, args)
    done = {(r["N"], r["lr"], r["rho_train"], r["BS"], r["seed"]) for r in runs}
    prov = metadata(args, 0.0)
    prov["parameters"]["stop_at"] = None if args.stop_at is None else args.stop_at.isoformat()
    session = {"date": prov["date"], "code_version": prov["code_version"], "code_dirty": prov["code_dirty"]}
    session.update(runs_added=0, wall_time_s=0.0)
    sessions.append(session)
    t0, last = time.perf_counter(), 0.0
    planned = len(todo) * args.n_runs
    with tqdm(total=planned, initial=len(done), desc=f"Fig. {args.figure} runs") as bar:
        for (N, lr, rho, BS), seeds in schedule(todo, args):
            pending = [s for s in seeds if (N, lr, rho, BS, s) not in done]
            if not pending:
                continue
            if _past(args.stop_at, last):
                print(f"--stop-at {args.stop_at.isoformat()} reached", flush=True)
                break
            t1 = time.perf_counter()
            point_args = argparse.Namespace(**{**vars(args), "N": N, "lr": lr})
            runs += run_chunk(pending, rho, BS, point_args)
            last = time.perf_counter() - t1
            session.update(runs_added=session["runs_added"] + len(pending))
            session.update(wall_time_s=round(time.perf_counter() - t0, 3))
            write(out, prov, runs, sessions, planned, argv)
            bar.update(len(pending))
    if runs:
        write(out, prov, runs, sessions, planned, argv)
    print(f"wrote {out}: {len(runs)} of {planned} runs", flush=True)


def _past(stop_at: datetime.datetime | None, seconds: float) -> bool:
    """True when a chunk of ``seconds`` started now would end after ``stop_at``."""
    return stop_at is not None and time.time() + seconds > stop_at.timestamp()


if __name__ == "__main__":
    main()

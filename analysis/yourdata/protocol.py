"""The measurement protocol of "Your data" (the paper's App. F, generalised to any labelled table).

Every repetition draws a fresh held-out test split (``test_fraction`` of each class): the whole split is
the test set at the population's rho0, and all its anomalies with as many of its normals form the
balanced test set. From the rest (the train pool), for every rho_train of the grid, a training set of
exactly ``n_train`` samples with round(n_train * rho_train) anomalies is drawn without replacement
(subsampling), with a generator seeded by (seed, repetition, grid index).

Models: logistic regression (L2, scikit-learn, C = ``C``) and the paper's perceptron (sigmoid output,
L2 loss, SGD with |w| = 1 and a learned bias: ``experiments.sgd_perceptron.train``, unchanged). With
``reweight`` the logistic regression is also trained the other way practitioners balance classes:
on a training set drawn at the pool's own imbalance, with class weights that give anomalies the share
rho_train of the total weight (same n_train, same total weight, hence the same L2 strength).

Features are standardised with the whole data set's mean and standard deviation (no labels used);
constant features are dropped. Decisions are score > 0 (probability > 1/2).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from .data import DataError, Dataset

SCHEMA = "yourdata/v1"
DEFAULT_GRID = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85)
MODELS = {
    "logistic": "logistic regression (L2)",
    "perceptron": "perceptron (sigmoid, L2 loss, SGD)",
    "logistic_reweighted": "logistic regression, class-weighted instead of resampled",
}
BASE_METRICS = ("recall", "specificity", "balanced_accuracy", "precision", "f1", "auc")
PERCEPTRON_BATCH = 90  # perceptron runs trained together (rho_train points x repetitions)
TESTS = ("0.5", "rho0")  # test sets: balanced, and at the population's rho0
LIMITS = {"n_train": (10, 20_000), "reps": (2, 100), "test_fraction": (0.1, 0.5), "C": (1e-4, 1e4)}
LIMITS |= {"lr": (1e-4, 10.0), "batch": (1, 1000), "max_epochs": (10, 2000)}


def rho_grid(lo: float, hi: float, n: int) -> tuple[float, ...]:
    """``n`` evenly spaced values of rho_train from lo to hi, rounded to 3 decimals."""
    return tuple(float(x) for x in np.round(np.linspace(lo, hi, int(n)), 3))


class Cancelled(RuntimeError):
    """The run was cancelled through its ``cancel`` callback."""


@dataclass(frozen=True)
class Settings:
    """The protocol's controls (all JSON-serialisable: ``key()`` is their canonical JSON)."""

    n_train: int = 128
    rho_train: tuple[float, ...] = DEFAULT_GRID
    reps: int = 10
    models: tuple[str, ...] = ("logistic", "perceptron")
    reweight: bool = False
    test_fraction: float = 0.3
    C: float = 1.0
    lr: float = 0.05
    batch: int = 8
    max_epochs: int = 200
    seed: int = 0

    def check(self) -> Settings:
        """Self, or ValueError naming the first parameter outside its allowed range."""
        for name, (lo, hi) in LIMITS.items():
            value = getattr(self, name)
            if not lo <= value <= hi:
                raise ValueError(f"{name} must be in [{lo:g}, {hi:g}], got {value}")
        grid = np.asarray(self.rho_train, float)
        if len(grid) < 3 or not np.all((grid > 0) & (grid < 1)) or len(set(grid)) != len(grid):
            raise ValueError("rho_train must be at least 3 distinct values in (0, 1)")
        unknown = set(self.models) - {"logistic", "perceptron"}
        if unknown or not self.models:
            raise ValueError(f"models must be among logistic, perceptron, got {', '.join(self.models)}")
        return self

    def key(self) -> str:
        """Canonical JSON of the settings (with the dataset's fingerprint, the cache key of a run)."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, d: dict) -> Settings:
        """The settings of ``json.loads(key())``."""
        return cls(**{**d, "rho_train": tuple(d["rho_train"]), "models": tuple(d["models"])})

    def model_names(self) -> tuple[str, ...]:
        """Every model the run trains (the reweighted logistic regression when ``reweight``)."""
        extra = ("logistic_reweighted",) if self.reweight else ()
        return (*self.models, *extra)


def standardised(ds: Dataset) -> tuple[np.ndarray, list[int]]:
    """Features scaled to zero mean and unit variance over the data set; indices of the kept
    (non-constant) features."""
    sd = ds.X.std(axis=0)
    keep = np.flatnonzero(sd > 1e-12 * (1.0 + np.abs(ds.X).max(axis=0)))
    Z = (ds.X[:, keep] - ds.X[:, keep].mean(axis=0)) / sd[keep]
    return Z, [int(k) for k in keep]


def plan(ds: Dataset, s: Settings) -> dict:
    """Class counts of the split; DataError when the pool cannot supply the requested grid."""
    n_anom, n_norm = int(ds.y.sum()), int((~ds.y).sum())
    test = {"anomalies": round(s.test_fraction * n_anom), "normals": round(s.test_fraction * n_norm)}
    pool = {"anomalies": n_anom - test["anomalies"], "normals": n_norm - test["normals"]}
    need_a = round(s.n_train * max(s.rho_train))
    need_n = s.n_train - round(s.n_train * min(s.rho_train))
    if need_a > pool["anomalies"]:
        top = pool["anomalies"] / s.n_train
        raise DataError(
            f"Too few anomalies for the requested ρtrain grid: ρtrain = {max(s.rho_train):g} with "
            f"n_train = {s.n_train} needs {need_a} anomalies, but {pool['anomalies']} are left after holding "
            f"out {s.test_fraction:.0%} for testing. Lower the largest ρtrain to "
            f"{np.floor(top * 100) / 100:g} or n_train to {int(pool['anomalies'] / max(s.rho_train))}."
        )
    if need_n > pool["normals"]:
        raise DataError(
            f"Too few normal samples for the requested ρtrain grid: ρtrain = {min(s.rho_train):g} with "
            f"n_train = {s.n_train} needs {need_n} normals, but {pool['normals']} are left after holding out "
            f"{s.test_fraction:.0%} for testing. Raise the smallest ρtrain or lower n_train."
        )
    if min(test.values()) < 5:
        raise DataError(
            f"The held-out test split has only {min(test.values())} samples of a class; at least 5 are "
            "needed (raise the test fraction or use more data)."
        )
    return {"test": test, "pool": pool, "pool_rho": pool["anomalies"] / (pool["anomalies"] + pool["normals"])}


def _split(rng, y: np.ndarray, sizes: dict) -> dict:
    """Index arrays: test sets at rho0 and balanced, and the train pool of each class."""
    a, n = rng.permutation(np.flatnonzero(y)), rng.permutation(np.flatnonzero(~y))
    ta, tn = sizes["test"]["anomalies"], sizes["test"]["normals"]
    m = min(ta, tn)
    return {
        "rho0": np.concatenate([a[:ta], n[:tn]]),
        "0.5": np.concatenate([a[:m], n[:m]]),
        "pool_a": a[ta:],
        "pool_n": n[tn:],
    }


def _draw(rng, idx: dict, n_train: int, rho: float) -> np.ndarray:
    """A training set of n_train indices with round(n_train * rho) anomalies (subsampling)."""
    k = round(n_train * rho)
    return np.concatenate([rng.choice(idx["pool_a"], k, replace=False),
                           rng.choice(idx["pool_n"], n_train - k, replace=False)])  # fmt: skip


def metrics(score: np.ndarray, positive: np.ndarray) -> dict[str, float]:
    """Recall, specificity, balanced accuracy, precision, F1 (decision score > 0) and AUC (Eqs. 8-13)."""
    from experiments.sgd_perceptron import auc  # noqa: PLC0415  (the generators, with scipy.stats: runs only)

    pred = score > 0
    tp, fp = np.count_nonzero(pred & positive), np.count_nonzero(pred & ~positive)
    recall, specificity = tp / positive.sum(), 1.0 - fp / (~positive).sum()
    precision = tp / (tp + fp) if tp + fp else 0.0  # no positive prediction: precision 0 by convention
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dict(recall=recall, specificity=specificity, balanced_accuracy=0.5 * (recall + specificity),
                precision=precision, f1=f1, auc=auc(score, positive))  # fmt: skip


def _logistic(Z, y, idx_train, C, weights=None) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  (scikit-learn only when used)

    model = LogisticRegression(C=C, solver="newton-cholesky", max_iter=200)
    model.fit(Z[idx_train], y[idx_train], sample_weight=weights)
    return model.coef_[0], float(model.intercept_[0])


def _record(model, rho, rep, w, b, Z, y, idx, train_idx) -> dict:
    rec = {"model": model, "rho_train": float(rho), "rep": rep}
    for test in TESTS:
        m = metrics(Z[idx[test]] @ w + b, y[idx[test]])
        rec |= {f"{k}@{test}": float(v) for k, v in m.items()}
    rec["train_error"] = float(np.mean((Z[train_idx] @ w + b > 0) != y[train_idx]))
    return rec


def _prepared(y, s: Settings, sizes: dict, rep: int) -> tuple[dict, list[np.ndarray]]:
    """The test split of one repetition and its training draws, one per rho_train."""
    idx = _split(np.random.default_rng([s.seed, rep]), y, sizes)
    rngs = [np.random.default_rng([s.seed, rep, i]) for i in range(len(s.rho_train))]
    return idx, [_draw(g, idx, s.n_train, r) for g, r in zip(rngs, s.rho_train, strict=True)]


def _logistic_rep(Z, y, s: Settings, rep: int, idx: dict, draws: list) -> list[dict]:
    out = []
    for r, tr in zip(s.rho_train, draws, strict=True):
        out.append(_record("logistic", r, rep, *_logistic(Z, y, tr, s.C), Z, y, idx, tr))
    return out


def _perceptron_reps(Z, y, s: Settings, reps: list[int], prepared: dict) -> list[dict]:
    """The perceptron at every rho_train of several repetitions, trained together (one SGD batch axis)."""
    from experiments.sgd_perceptron import train  # noqa: PLC0415  (the generators: runs only, not the page)

    jobs = [(rep, r, tr) for rep in reps for r, tr in zip(s.rho_train, prepared[rep][1], strict=True)]
    X = np.stack([Z[tr] for _, _, tr in jobs])
    t = np.stack([y[tr].astype(np.float64) for _, _, tr in jobs])
    rng = np.random.default_rng([s.seed, reps[0], 10**6])
    u, b, epochs, conv, _ = train(X, t, s.lr, s.batch, rng, s.max_epochs)
    out = []
    for k, (rep, r, tr) in enumerate(jobs):
        rec = _record("perceptron", r, rep, u[k], float(b[k]), Z, y, prepared[rep][0], tr)
        out.append(rec | {"epochs": int(epochs[k]), "converged": bool(conv[k])})
    return out


def _tasks(s: Settings) -> list[tuple[str, list[int], float]]:
    """(kind, repetitions, relative cost) of every step of a run, in order."""
    tasks = []
    if "logistic" in s.models:
        tasks += [("logistic", [rep], 1.0) for rep in range(s.reps)]
    if "perceptron" in s.models:
        per = max(1, PERCEPTRON_BATCH // len(s.rho_train))
        tasks += [("perceptron", list(range(a, min(a + per, s.reps))), 3.0 * min(per, s.reps - a))
                  for a in range(0, s.reps, per)]  # fmt: skip
    if s.reweight:
        tasks += [("logistic_reweighted", [rep], 1.0) for rep in range(s.reps)]
    return tasks


def _reweighted(Z, y, s: Settings, idx: dict, rep: int) -> list[dict]:
    """Logistic regression on one draw at the pool's imbalance, class weights setting rho_train."""
    pool_rho = len(idx["pool_a"]) / (len(idx["pool_a"]) + len(idx["pool_n"]))
    tr = _draw(np.random.default_rng([s.seed, rep, 2 * 10**6]), idx, s.n_train, pool_rho)
    share = y[tr].mean()
    out = []
    for r in s.rho_train:
        wts = np.where(y[tr], r / share, (1.0 - r) / (1.0 - share))  # weights sum to n_train
        out.append(_record("logistic_reweighted", r, rep, *_logistic(Z, y, tr, s.C, wts), Z, y, idx, tr))
    return out


def run(
    ds: Dataset,
    s: Settings,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> dict:
    """Measure every metric along the rho_train grid (JSON-safe result: settings, data set, runs).

    ``progress(fraction, text)`` is called after each step (a repetition, or a batch of repetitions of
    the perceptron); ``cancel()`` returning True stops the run before the next step (``Cancelled``)."""
    s.check()
    sizes = plan(ds, s)
    Z, keep = standardised(ds)
    prepared = {rep: _prepared(ds.y, s, sizes, rep) for rep in range(s.reps)}
    tasks = _tasks(s)
    total, done, runs, t0 = sum(c for *_, c in tasks), 0.0, [], time.perf_counter()
    with threadpool_limits(1):  # one BLAS thread: fast on a shared machine, and BLAS-independent
        for kind, reps, cost in tasks:
            if cancel is not None and cancel():
                raise Cancelled(f"cancelled at {done / total:.0%}")
            if kind == "perceptron":
                runs += _perceptron_reps(Z, ds.y, s, reps, prepared)
            elif kind == "logistic":
                runs += _logistic_rep(Z, ds.y, s, reps[0], *prepared[reps[0]])
            else:
                runs += _reweighted(Z, ds.y, s, prepared[reps[0]][0], reps[0])
            done += cost
            if progress is not None:
                progress(done / total, f"{MODELS[kind]}: repetition {reps[-1] + 1} of {s.reps}")
    runs.sort(key=lambda r: (r["model"], r["rep"], r["rho_train"]))
    dataset = dict(name=ds.name, description=ds.description, n=int(len(ds.y)), d=int(ds.X.shape[1]),
                   d_kept=len(keep), anomalies=int(ds.y.sum()), rho0=ds.rho0,
                   fingerprint=ds.fingerprint())  # fmt: skip
    return dict(schema=SCHEMA, dataset=dataset, settings=json.loads(s.key()), split=sizes, runs=runs,
                wall_time_s=round(time.perf_counter() - t0, 2))  # fmt: skip

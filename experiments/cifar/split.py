"""Training pools, the fixed test set and per-run sampling at fixed N_train and varying rho_train.

Pool problem: rho_train = 0.95 at N_train = 6000 needs 5700 airplanes, but the train split holds only 5000.
Choice made here (and recorded in the results' metadata): the fixed held-out test set takes 300 airplanes and
300 images of each normal class from the test split (2700 normals, so its own composition is rho0 = 0.1); the
remaining 700 test-split airplanes join the 5000 train-split airplanes in the anomaly training pool (5700,
exactly enough for rho_train = 0.95, where every re-sampling therefore uses all of them). The normal training
pool is ``normal_per_class`` images of each normal class from the train split (all 5000 if None). Metrics
at any rho_test are computed from recall and specificity, so the test set's composition does not bias them.

Indices refer to the concatenation ``train split + test split`` (train first), as returned by ``concat``.
"""

from dataclasses import dataclass

import numpy as np

from experiments.cifar.data import ANOMALY_CLASS

POOL_SEED = 20250101  # fixed: the pools and the test set never change with the run seeds


@dataclass(frozen=True)
class Pools:
    """Index arrays into the concatenated splits."""

    anomaly: np.ndarray
    normal: np.ndarray
    test: np.ndarray
    test_labels: np.ndarray

    def union(self) -> np.ndarray:
        """Sorted indices of every image any run uses (what the feature cache must cover)."""
        return np.unique(np.concatenate([self.anomaly, self.normal, self.test]))


def concat(train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray]) -> tuple:
    """Concatenate (images, classes) of the two splits; also return the split length of train."""
    return np.concatenate([train[0], test[0]]), np.concatenate([train[1], test[1]]), len(train[1])


def _take(rng: np.random.Generator, idx: np.ndarray, n: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Random ``n`` of ``idx`` (sorted) and the rest; all of them if n is None."""
    perm = rng.permutation(idx)
    n = len(idx) if n is None else n
    if n > len(idx):
        raise ValueError(f"asked for {n} images, only {len(idx)} available")
    return np.sort(perm[:n]), np.sort(perm[n:])


def make_pools(
    classes: np.ndarray,
    n_train_split: int,
    test_anomalies: int = 300,
    test_normal_per_class: int = 300,
    normal_per_class: int | None = 2000,
) -> Pools:
    """Build the anomaly / normal training pools and the fixed test set (see the module docstring)."""
    rng = np.random.default_rng(POOL_SEED)
    is_test = np.arange(len(classes)) >= n_train_split
    tests, normals = [], []
    anomaly = np.flatnonzero(~is_test & (classes == ANOMALY_CLASS))
    for c in np.unique(classes):
        n_held = test_anomalies if c == ANOMALY_CLASS else test_normal_per_class
        held, rest = _take(rng, np.flatnonzero(is_test & (classes == c)), n_held)
        if c == ANOMALY_CLASS:
            anomaly = np.concatenate([anomaly, rest])
        else:
            normals.append(_take(rng, np.flatnonzero(~is_test & (classes == c)), normal_per_class)[0])
        tests.append(held)
    test = np.concatenate(tests)
    return Pools(
        np.sort(anomaly), np.sort(np.concatenate(normals)), test, (classes[test] == ANOMALY_CLASS) * 1
    )


def sample_run(pools: Pools, rho_train: float, n_train: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One re-sampling: ``round(rho_train * n_train)`` anomalies and the rest normals, without replacement.

    Returns (indices, labels) in random order; the generator depends on (seed, rho_train) only.
    """
    n_anom = int(round(rho_train * n_train))
    rng = np.random.default_rng([seed, int(round(rho_train * 1e6))])
    anom = _take(rng, pools.anomaly, n_anom)[0]
    norm = _take(rng, pools.normal, n_train - n_anom)[0]
    idx = np.concatenate([anom, norm])
    labels = np.r_[np.ones(n_anom, np.int8), np.zeros(n_train - n_anom, np.int8)]
    order = rng.permutation(n_train)
    return idx[order], labels[order]

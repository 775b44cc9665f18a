"""AD CIFAR-10 loaders, pools and metrics (numpy only; no torch needed)."""

import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from experiments.cifar.data import CLASSES, ad_labels, load_split, source_kind
from experiments.cifar.metrics import at_rho_test, auc, metric_names, run_metrics
from experiments.cifar.split import make_pools, sample_run

REPO = Path(__file__).resolve().parents[2]
CIFAR10_ZIP = Path(os.environ.get("CIFAR10_ZIP", REPO.parent / "shared" / "data" / "cifar10-jpeg.zip"))


def _image(seed: int) -> np.ndarray:
    """A deterministic random 32x32 RGB image."""
    return np.random.default_rng(seed).integers(0, 256, (32, 32, 3), dtype=np.uint8)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """``<split>/<class>/NNNN.png`` with 2 lossless images per class and split (plus one stray file)."""
    root = tmp_path_factory.mktemp("cifar_folder")
    for s, split in enumerate(("train", "test")):
        for c, name in enumerate(CLASSES):
            (root / split / name).mkdir(parents=True)
            for i in range(2):
                Image.fromarray(_image(100 * s + 10 * c + i)).save(root / split / name / f"{i:04d}.png")
    (root / "train" / "notes.txt").write_text("ignored")
    return root


def test_folder_loader_returns_uint8_sorted_by_class(folder):
    images, classes = load_split(folder, "test")
    assert images.shape == (20, 32, 32, 3) and images.dtype == np.uint8
    assert classes.tolist() == [c for c in range(10) for _ in range(2)]
    np.testing.assert_array_equal(images[3], _image(100 + 10 * 1 + 1))
    assert ad_labels(classes).tolist() == [1, 1] + [0] * 18


def test_zip_loader_matches_folder(folder, tmp_path):
    path = tmp_path / "cifar.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for f in sorted(folder.rglob("*.png")):
            zf.write(f, f"cifar/{f.relative_to(folder)}")
    assert source_kind(path) == "zip"
    for split in ("train", "test"):
        zipped, folded = load_split(path, split), load_split(folder, split)
        np.testing.assert_array_equal(zipped[0], folded[0])
        np.testing.assert_array_equal(zipped[1], folded[1])
    assert load_split(path, "train", per_class=1)[0].shape == (10, 32, 32, 3)


def test_python_batches_loader(tmp_path):
    rng = np.random.default_rng(0)
    for name, n in [*((f"data_batch_{i}", 20) for i in range(1, 6)), ("test_batch", 30)]:
        batch = {
            b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),
            b"labels": list(range(10)) * (n // 10),
        }
        with open(tmp_path / name, "wb") as fh:
            pickle.dump(batch, fh)
    assert source_kind(tmp_path) == "batches"
    images, classes = load_split(tmp_path, "test")
    assert images.shape == (30, 32, 32, 3) and images.dtype == np.uint8
    assert classes.tolist() == sorted(classes.tolist())
    with open(tmp_path / "test_batch", "rb") as fh:
        first = pickle.load(fh)[b"data"][0]
    np.testing.assert_array_equal(images[0], first.reshape(3, 32, 32).transpose(1, 2, 0))
    assert load_split(tmp_path, "train", per_class=3)[0].shape == (30, 32, 32, 3)


def test_bad_source_and_split(tmp_path, folder):
    with pytest.raises(FileNotFoundError):
        load_split(tmp_path, "train")
    with pytest.raises(ValueError):
        load_split(folder, "valid")


@pytest.mark.skipif(
    not CIFAR10_ZIP.is_file(), reason=f"CIFAR-10 zip not found at {CIFAR10_ZIP} (set CIFAR10_ZIP)"
)
def test_real_zip_slice():
    images, classes = load_split(CIFAR10_ZIP, "test", per_class=3)
    assert images.shape == (30, 32, 32, 3) and images.dtype == np.uint8
    assert np.bincount(classes).tolist() == [3] * 10
    assert 40 < images.mean() < 220


def test_pools_cover_rho_095_and_test_is_held_out():
    classes = np.r_[np.repeat(np.arange(10), 5000), np.repeat(np.arange(10), 1000)]
    pools = make_pools(classes, 50000)
    assert len(pools.anomaly) == 5700 and len(pools.normal) == 18000
    assert pools.test_labels.sum() == 300 and len(pools.test) == 3000
    assert not set(pools.test) & (set(pools.anomaly) | set(pools.normal))
    idx, labels = sample_run(pools, 0.95, 6000, seed=3)
    assert labels.sum() == 5700 and len(set(idx)) == 6000
    assert (classes[idx] == 0).sum() == 5700
    again = sample_run(pools, 0.95, 6000, seed=3)[0]
    np.testing.assert_array_equal(idx, again)
    assert not np.array_equal(sample_run(pools, 0.3, 6000, 0)[0], sample_run(pools, 0.3, 6000, 1)[0])


def test_metrics_formulas():
    assert auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1])) == 0.75
    m = at_rho_test(0.8, 0.9, 0.5)
    assert m["accuracy"] == pytest.approx(0.85)
    assert m["precision"] == pytest.approx(0.8 / 0.9)
    assert np.isnan(at_rho_test(0.0, 1.0, 0.1)["precision"])
    out = run_metrics(np.array([0.9, 0.2, 0.7, 0.1]), np.array([1, 1, 0, 0]))
    assert list(out) == metric_names()
    assert out["recall"] == 0.5 and out["specificity"] == 0.5 and out["accuracy@0.1"] == pytest.approx(0.5)

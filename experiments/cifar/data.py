"""CIFAR-10 loaders returning uint8 images (n, 32, 32, 3) and integer class labels (0..9).

Three sources are accepted, all local (nothing is ever downloaded):

* the JPEG zip ``cifar10-jpeg.zip`` with ``train/<class>/*.jpg`` and ``test/<class>/*.jpg``, read in place;
* the same layout unpacked into a folder;
* the original CIFAR-10 python batches (``data_batch_1..5``, ``test_batch``) in a folder.

The JPEG files are a re-encoding of CIFAR-10, so their pixel values differ slightly from the original arrays.
"""

import io
import pickle
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
ANOMALY_CLASS = 0  # airplane
SPLITS = ("train", "test")


def ad_labels(classes: np.ndarray) -> np.ndarray:
    """Anomaly-detection labels: 1 for airplane (the anomaly), 0 for the nine other classes."""
    return (np.asarray(classes) == ANOMALY_CLASS).astype(np.int8)


def _decode(data: bytes) -> np.ndarray:
    """Decode one image file's bytes to a (32, 32, 3) uint8 RGB array."""
    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert("RGB"), dtype=np.uint8)


def _stack(items: list[tuple[str, int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """Sort (name, class, bytes) items by class then name, decode and stack them."""
    items.sort(key=lambda t: (t[1], t[0]))
    images = np.stack([_decode(b) for _, _, b in items]) if items else np.zeros((0, 32, 32, 3), np.uint8)
    return images, np.array([c for _, c, _ in items], dtype=np.int64)


def _class_of(parts: tuple[str, ...], split: str) -> int | None:
    """Class index of a ``<split>/<class>/<file>.jpg|png`` path (as parts), else None."""
    ok = len(parts) >= 3 and parts[-3] == split and parts[-2] in CLASSES
    ok = ok and parts[-1].lower().endswith((".jpg", ".jpeg", ".png"))
    return CLASSES.index(parts[-2]) if ok else None


def _load_zip(path: Path, split: str, per_class: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Read ``<split>/<class>/*.jpg`` members of a zip in place."""
    with zipfile.ZipFile(path) as zf:
        chosen = _select([(n, _class_of(tuple(n.split("/")), split)) for n in zf.namelist()], per_class)
        return _stack([(n, c, zf.read(n)) for n, c in chosen])


def _load_folder(root: Path, split: str, per_class: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Read ``<root>/<split>/<class>/*.jpg`` files."""
    files = [(str(p.relative_to(root)), p) for p in (root / split).glob("*/*")]
    classes = {name: _class_of(Path(name).parts, split) for name, _ in files}
    chosen = dict(_select(list(classes.items()), per_class))
    return _stack([(n, chosen[n], p.read_bytes()) for n, p in files if n in chosen])


def _select(named: list[tuple[str, int | None]], per_class: int | None) -> list[tuple[str, int]]:
    """Keep the (name, class) pairs with a class; the first ``per_class`` names of each class if given."""
    kept = sorted((n, c) for n, c in named if c is not None)
    if per_class is None:
        return kept
    counts = dict.fromkeys(range(len(CLASSES)), 0)
    out = []
    for n, c in kept:
        if counts[c] < per_class:
            counts[c] += 1
            out.append((n, c))
    return out


def _unpickle(path: Path) -> dict:
    """Load one CIFAR-10 python batch (a pickle with bytes keys).

    WARNING: unpickling can execute arbitrary code. Only ever call this on the original CIFAR-10 batch files
    that you obtained yourself and keep on local disk; never on files from an untrusted source.
    """
    with path.open("rb") as fh:
        return pickle.load(fh, encoding="bytes")  # documented local-only CIFAR batches


def load_python_batches(
    root: str | Path, split: str, per_class: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Load the original CIFAR-10 python batches from a local folder the user gave.

    WARNING: these files are Python pickles, and unpickling can execute arbitrary code. Pass only a folder
    holding the original CIFAR-10 ``data_batch_1..5`` / ``test_batch`` files from a source you trust; this
    function never downloads anything and never reads from a URL.
    """
    names = [f"data_batch_{i}" for i in range(1, 6)] if split == "train" else ["test_batch"]
    batches = [_unpickle(Path(root) / n) for n in names]
    data = np.concatenate([b[b"data"] for b in batches]).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    labels = np.concatenate([np.asarray(b[b"labels"], dtype=np.int64) for b in batches])
    order = np.argsort(labels, kind="stable")
    if per_class is not None:
        order = np.concatenate([order[labels[order] == c][:per_class] for c in range(len(CLASSES))])
    return np.ascontiguousarray(data[order], dtype=np.uint8), labels[order]


def source_kind(path: str | Path) -> str:
    """Which loader a path needs: ``zip``, ``folder`` (JPEG layout) or ``batches`` (python pickles)."""
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return "zip"
    if path.is_dir() and (path / "test_batch").is_file():
        return "batches"
    if path.is_dir() and (path / "train").is_dir():
        return "folder"
    raise FileNotFoundError(f"no CIFAR-10 zip, JPEG folder or python batches at {path}")


def load_split(path: str | Path, split: str, per_class: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Load one split (``train`` or ``test``) from any accepted local source.

    Returns ``(images, classes)``: uint8 ``(n, 32, 32, 3)`` RGB and int64 class indices, sorted by class then
    file name (batches: by class, original order within a class). ``per_class`` keeps the first images of
    each class (for tests and quick runs).
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    kind = source_kind(path)
    if kind == "batches":
        return load_python_batches(path, split, per_class)
    loader = _load_zip if kind == "zip" else _load_folder
    return loader(Path(path), split, per_class)

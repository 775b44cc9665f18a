"""Inputs of the two models: normalised raw pixels (MLP) and cached frozen-backbone features (linear head).

Backbone features are extracted once per (backbone, image size, data source, image set) and cached as an npz
under a git-ignored folder (default ``experiments/features/``); the cache stores the indices it covers, the
image size and the extraction wall time.
"""

import hashlib
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from experiments.cifar.backbones import BACKBONES, make_backbone

FEATURES_DIR = Path(__file__).resolve().parents[1] / "features"


def pixels(images: np.ndarray) -> np.ndarray:
    """Flattened 3072-d float32 pixels in [0, 1] (channel-last order)."""
    return images.reshape(len(images), -1).astype(np.float32) / 255.0


def standardise(x: np.ndarray, fit_rows: np.ndarray) -> np.ndarray:
    """Per-column standardisation with mean and std of the ``fit_rows`` (the training pools only)."""
    mean, std = x[fit_rows].mean(0), x[fit_rows].std(0)
    return ((x - mean) / np.where(std > 1e-8, std, 1.0)).astype(np.float32)


def _prepare(batch: np.ndarray, size: int, mean, std) -> torch.Tensor:
    """uint8 (n, 32, 32, 3) -> bilinearly upsampled, normalised (n, 3, size, size) float tensor."""
    x = torch.from_numpy(batch).permute(0, 3, 1, 2).float() / 255.0
    if size != x.shape[-1]:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)


def extract(images: np.ndarray, backbone: str, size: int, weights: str | None = None, batch: int = 100):
    """Pooled features (n, dim) float32 of uint8 images, with a tqdm bar; returns (features, wall_s)."""
    net, spec = make_backbone(backbone, size, weights), BACKBONES[backbone]
    start, out = time.perf_counter(), []
    with torch.inference_mode():
        for i in tqdm(range(0, len(images), batch), desc=f"{backbone}@{size}", unit="batch"):
            out.append(net(_prepare(images[i : i + batch], size, spec["mean"], spec["std"])).numpy())
    feats = np.concatenate(out) if out else np.zeros((0, spec["dim"]), np.float32)
    return feats.astype(np.float32), time.perf_counter() - start


def cache_path(folder: Path, backbone: str, size: int, source: str, indices: np.ndarray) -> Path:
    """Cache file name from the backbone, size, data source name and a hash of the covered indices."""
    digest = hashlib.sha1(np.ascontiguousarray(indices, dtype=np.int64).tobytes()).hexdigest()[:10]
    return Path(folder) / f"{backbone}_{size}px_{Path(source).stem}_{digest}.npz"


def cached_features(images, indices, backbone, size, source, weights=None, folder=FEATURES_DIR) -> dict:
    """Features of ``images[indices]``, from the npz cache if present, else extracted and saved.

    Returns a dict with ``features`` (len(indices), dim), ``indices``, ``image_size``, ``wall_s`` (extraction
    time when it was computed) and ``cached`` (whether it came from disk).
    """
    path = cache_path(folder, backbone, size, source, indices)
    if path.exists():
        with np.load(path) as npz:
            if np.array_equal(npz["indices"], indices):
                return {k: npz[k] for k in ("features", "indices")} | {
                    "image_size": int(npz["image_size"]),
                    "wall_s": float(npz["wall_s"]),
                    "cached": True,
                }
    feats, wall = extract(images[indices], backbone, size, weights)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, features=feats, indices=indices, image_size=size, wall_s=wall)
    return {"features": feats, "indices": indices, "image_size": size, "wall_s": wall, "cached": False}

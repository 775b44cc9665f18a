"""Start points for Newton from a precomputed coarse table of solutions (``data/guess_table.json``).

The table holds theta = (logit q, atanh r, b) of the informative solution on a grid in
(b0, log alpha, log T, logit rho_train), built by ``python -m solver.build_table`` with
continuation (null where no informative branch exists). It only supplies start points and
nearby anchors for continuation: every returned solution is still converged by Newton.
"""

from __future__ import annotations

import json
from functools import lru_cache
from itertools import product
from pathlib import Path

import numpy as np

from .free_energy import Model
from .newton import to_x

TABLE_PATH = Path(__file__).resolve().parent / "data" / "guess_table.json"


@lru_cache(maxsize=1)
def load() -> dict | None:
    """The table as arrays, or None if the file is missing (then heuristics are used)."""
    if not TABLE_PATH.exists():
        return None
    raw = json.loads(TABLE_PATH.read_text())
    axes = [np.asarray(raw["axes"][k], dtype=float) for k in ("b0", "log_alpha", "log_T", "logit_rho")]
    values = np.array([[np.nan] * 3 if t is None else t for t in raw["theta"]], dtype=float)
    return {"axes": axes, "theta": values.reshape([len(a) for a in axes] + [3])}


def _cell(axes, c):
    """Lower grid index and fractional position along each axis (clamped to the grid)."""
    idx, frac = [], []
    for ax, x in zip(axes, c, strict=True):
        i = int(np.clip(np.searchsorted(ax, x) - 1, 0, len(ax) - 2))
        idx.append(i)
        frac.append(float(np.clip((x - ax[i]) / (ax[i + 1] - ax[i]), 0.0, 1.0)))
    return idx, frac


_CORNERS = np.array(list(product((0, 1), repeat=4)))  # the 16 corners of a cell, as offsets


def interpolate(model: Model) -> np.ndarray | None:
    """Multilinear interpolation of theta over the corners that have a solution; None if none."""
    x = interpolate_many(model.coords()[None])
    return None if x is None or np.isnan(x[0, 0]) else x[0]


def interpolate_many(coords: np.ndarray) -> np.ndarray | None:
    """``interpolate`` at P points given by their coordinates (P, 4) (``Model.coords``): (q, r, b) per
    point, NaN rows where no corner has a solution; None without a table."""
    table = load()
    if table is None:
        return None
    idx, frac = [], []
    for ax, x in zip(table["axes"], np.asarray(coords, dtype=float).T, strict=True):
        i = np.clip(np.searchsorted(ax, x) - 1, 0, len(ax) - 2)
        idx.append(i)
        frac.append(np.clip((x - ax[i]) / (ax[i + 1] - ax[i]), 0.0, 1.0))
    idx, frac = np.stack(idx, axis=1), np.stack(frac, axis=1)  # (P, 4)
    corner = idx[:, None, :] + _CORNERS  # (P, 16, 4)
    theta = table["theta"][tuple(np.moveaxis(corner, 2, 0))]  # (P, 16, 3)
    w = np.prod(np.where(_CORNERS == 1, frac[:, None, :], 1.0 - frac[:, None, :]), axis=2)
    w = np.where((w > 0.0) & np.all(np.isfinite(theta), axis=2), w, 0.0)
    weight = w.sum(axis=1)
    mean = np.einsum("pc,pck->pk", w, np.nan_to_num(theta)) / np.where(weight > 0.0, weight, 1.0)[:, None]
    return to_x(np.where((weight >= 1e-3)[:, None], mean, np.nan))


def tabulated_toward_half(model: Model) -> float | None:
    """The logit rho_train of the table line nearest to ``model``'s between it and 1/2 where all 8
    corners of the (b0, alpha, T) cell hold a solution (a point on the branch of the rho_train
    continuation the table was built by), or None."""
    table = load()
    if table is None:
        return None
    axes, c = table["axes"], model.coords()
    (i, j, k), _ = _cell(axes[:3], c[:3])
    lines = [n for n, v in enumerate(axes[3]) if abs(v) < abs(c[3]) and v * c[3] >= 0.0]
    for n in sorted(lines, key=lambda n: -abs(axes[3][n])):
        if np.all(np.isfinite(table["theta"][i : i + 2, j : j + 2, k : k + 2, n])):
            return float(axes[3][n])
    return None


def anchors(model: Model, limit: int = 4) -> list[tuple[Model, np.ndarray]]:
    """Grid points near ``model`` that hold a solution, nearest first (for continuation)."""
    table = load()
    if table is None:
        return []
    axes, c = table["axes"], model.coords()
    idx, _ = _cell(axes, c)
    found = []
    for corner in product((0, 1, -1, 2), repeat=4):
        pos = tuple(i + k for i, k in zip(idx, corner, strict=True))
        if any(p < 0 or p >= len(a) for p, a in zip(pos, axes, strict=True)):
            continue
        theta = table["theta"][pos]
        if np.all(np.isfinite(theta)):
            g = np.array([a[p] for a, p in zip(axes, pos, strict=True)])
            scale = np.array([1.0, 1.0, 1.0, 1.0]) / np.array([a[1] - a[0] for a in axes])
            found.append((float(np.sum(((g - c) * scale) ** 2)), g, theta))
    found.sort(key=lambda f: f[0])
    out = []
    for _, g, theta in found[:limit]:
        out.append((Model.from_coords(g), to_x(theta)))
    return out

"""Maps over two control parameters (pure numpy/scipy): the state at fixed rho_train and the optima.

Axes are two of ``AXES`` (alpha, b0 or rho0 = Phi(b0), T, rho_train); the other parameters are held
at ``base`` values. Two kinds of map:

* ``state_map``: R, q, b, balanced accuracy, precision (at rho_test) and the phase (1 informative,
  0 dummy, NaN unsolved) at every grid point, each row one ``solver.sweep`` along x (continuation:
  every point starts from its solved neighbour).
* ``optimum_map`` (axes other than rho_train): rho(R*), rho(abal*), rho(p*), the optimal values and
  the gain of training at rho(R*) over rho_train = 0.5 and over rho_train = rho0 (in R). The first
  pixel is located on a full rho_train sweep (``analysis.optima.argmax``); every other pixel by a
  bounded Brent search in a window around its neighbour's optimum, warm-started from it.

The dummy-phase boundary between grid points is located by bisection to ``boundary.TOL`` on the
phase that the solver returns (``phase_crossings``); along rho_train the spinodal too
(``boundary_curve``). Results are cached on disk (solver cache, JSON) by ``cached_map``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.special import ndtr

from solver import Problem, solve, solve_near, sweep
from solver.cache import SOLVER_VERSION, get_cache
from solver.params import RANGES, b0_from_rho0
from solver.solution import Solution

from .boundary import TOL, Boundary, dummy_boundary
from .optima import DEFAULT_GRID, argmax, informative_value, value_of

AXES = ("alpha", "b0", "rho0", "T", "rho_train")
LOG_AXES = ("alpha", "rho0", "T")
STATE = ("R", "q", "b", "balanced_accuracy", "precision", "phase", "replicon")
PEAKS = {"R": "rho_R_star", "balanced_accuracy": "rho_abal_star", "precision": "rho_p_star"}
VALUES = {"R": "R_star", "balanced_accuracy": "abal_star", "precision": "p_star"}
OPTIMA = (*PEAKS.values(), *VALUES.values(), "gain_vs_half", "gain_vs_rho0")
RHO_MIN, RHO_MAX = RANGES["rho_train"]
WINDOW = 0.03  # half-width of the Brent window around the neighbour's optimum
XTOL = 1e-4
Progress = Callable[[float, str], None] | None


@dataclass
class Map:
    """A map: ``values[name]`` has shape (len(ys), len(xs)); ``base`` holds the fixed parameters."""

    kind: str  # "state" or "optimum"
    x: str
    xs: np.ndarray
    y: str
    ys: np.ndarray
    base: dict
    rho_test: float
    values: dict

    def frame(self) -> pd.DataFrame:
        """Long table: one row per grid point, columns x, y, the fixed parameters and the quantities."""
        yy, xx = np.meshgrid(self.ys, self.xs, indexing="ij")
        df = pd.DataFrame({self.x: xx.ravel(), self.y: yy.ravel()})
        for k, v in self.base.items():
            if k not in (self.x, self.y) and not (k == "b0" and "rho0" in (self.x, self.y)):
                df[k] = v
        df["rho_test"] = self.rho_test
        for name, arr in self.values.items():
            df[name] = arr.ravel()
        return df


def axis_values(name: str, lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` grid values of an axis (log-spaced for alpha, rho0, T), 6 significant digits."""
    if name not in AXES:
        raise ValueError(f"axis must be one of {', '.join(AXES)}, got {name!r}")
    vals = np.geomspace(lo, hi, int(n)) if name in LOG_AXES else np.linspace(lo, hi, int(n))
    return np.array([float(f"{v:.6g}") for v in vals])


def params_at(base: dict, **axes) -> dict:
    """Solver parameters (b0, alpha, T, rho_train): ``base`` overridden by axis values (rho0 -> b0)."""
    p = {k: float(base[k]) for k in ("b0", "alpha", "T", "rho_train")}
    for name, v in axes.items():
        p["b0" if name == "rho0" else name] = b0_from_rho0(v) if name == "rho0" else float(v)
    return p


def _solver_axis(name: str, values) -> tuple[str, list[float]]:
    if name == "rho0":
        return "b0", [b0_from_rho0(v) for v in values]
    return name, [float(v) for v in values]


def _check_axes(x: str, y: str) -> None:
    if x not in AXES or y not in AXES or x == y or {x, y} == {"b0", "rho0"}:
        raise ValueError(f"axes must be two different parameters among {', '.join(AXES)}, got {x}, {y}")


# ---------------------------------------------------------------- state at fixed rho_train


def state_row(x: str, xs, p: dict, rho_test: float) -> dict:
    """One row of a state map: a continuation sweep along x (unsolved points retried cold)."""
    name, vals = _solver_axis(x, xs)
    fixed = {k: v for k, v in p.items() if k != name}
    sols = sweep(name, vals, **fixed)
    sols = [
        solve(**fixed, **{name: v}) if s.phase == "unsolved" else s for s, v in zip(sols, vals, strict=True)
    ]
    return {q: np.array([_state_value(s, q, rho_test) for s in sols]) for q in STATE}


def _state_value(sol, quantity: str, rho_test: float) -> float:
    if quantity == "phase":
        return {"informative": 1.0, "dummy": 0.0}.get(sol.phase, math.nan)
    if quantity == "replicon":  # RS is stable where it is positive (solver.stability)
        return sol.replicon() if sol.converged else math.nan
    v = value_of(sol, quantity, rho_test)
    return v if math.isfinite(v) else math.nan  # b = -+inf of the dummy: see the phase


def state_map(x: str, xs, y: str, ys, base: dict, rho_test: float = 0.5, progress: Progress = None) -> Map:
    """R, q, b, balanced accuracy, precision and phase on the grid xs x ys.

    Lines are swept along x, or along rho_train when it is an axis (outwards from 1/2, so that the
    dummy points beyond the end of the informative branch cost nothing)."""
    _check_axes(x, y)
    along, line, other, others = (y, ys, x, xs) if y == "rho_train" else (x, xs, y, ys)
    lines = []
    for j, v in enumerate(others):
        lines.append(state_row(along, line, params_at(base, **{other: v}), rho_test))
        if progress:
            progress((j + 1) / len(others), f"line {j + 1} of {len(others)}")
    stack = np.vstack if along == x else np.column_stack
    values = {q: stack([r[q] for r in lines]) for q in STATE}
    return Map("state", x, np.asarray(xs, float), y, np.asarray(ys, float), dict(base), rho_test, values)


# ---------------------------------------------------------------- optima along rho_train


def solve_from(p: dict, near) -> Solution:
    """``solve`` at ``p`` started from the Solution ``near`` and, failing that, continued from it
    (``solver.solve_near``, as in a sweep): where a dummy state is stable that means "dummy"."""
    return solve_near(_problem(p), near)


def local_argmax(quantity: str, p: dict, near, rho_test: float):
    """Solution at the maximum of ``quantity`` over rho_train near ``near`` (a Solution), or None.

    Bounded Brent search in [rho - WINDOW, rho + WINDOW], the window moved while the maximum sits on
    its edge; None when it runs into the end of the rho_train range (a trivial edge maximum)."""

    def loss(r: float) -> float:
        v = informative_value(solve_from({**p, "rho_train": r}, near), quantity, rho_test)
        return -v if math.isfinite(v) else 2.0

    centre = near.rho_train
    for _ in range(8):
        lo, hi = max(RHO_MIN, centre - WINDOW), min(RHO_MAX, centre + WINDOW)
        r = minimize_scalar(loss, bounds=(lo, hi), method="bounded", options={"xatol": XTOL}).x
        if r - lo > 2 * XTOL and hi - r > 2 * XTOL:
            best = solve_from({**p, "rho_train": float(r)}, near)
            return best if math.isfinite(informative_value(best, quantity, rho_test)) else None
        if lo <= RHO_MIN or hi >= RHO_MAX:
            return None
        centre = lo if r - lo <= 2 * XTOL else hi
    return None


def _full_argmax(quantity: str, p: dict, rho_test: float, sols: list):
    opt = argmax(quantity, p["b0"], p["alpha"], p["T"], rho_test=rho_test, grid=DEFAULT_GRID, sols=sols)
    return opt.solution if opt.found else None


def optimum_pixel(p: dict, rho_test: float, near: dict | None) -> tuple[dict, dict]:
    """(quantities, optimal Solutions) at one pixel, continued from ``near`` (Solutions) when given."""
    sols, best = None, {}
    for q in PEAKS:
        if near and near.get(q) is not None:
            best[q] = local_argmax(q, p, near[q], rho_test)
        else:
            fixed = {k: v for k, v in p.items() if k != "rho_train"}
            sols = sols or sweep("rho_train", DEFAULT_GRID, **fixed)
            best[q] = _full_argmax(q, p, rho_test, sols)
    out = {PEAKS[q]: (s.rho_train if s else math.nan) for q, s in best.items()}
    out |= {VALUES[q]: (informative_value(s, q, rho_test) if s else math.nan) for q, s in best.items()}
    out |= _gains(p, best["R"])
    return out, best


def _gains(p: dict, star) -> dict:
    """R* - R(rho_train = 0.5) and R* - R(rho_train = rho0) (rho0 clipped to the rho_train range)."""
    if star is None:
        return {"gain_vs_half": math.nan, "gain_vs_rho0": math.nan}
    rho0 = float(np.clip(ndtr(p["b0"]), RHO_MIN, RHO_MAX))
    r_at = {r: value_of(solve_from({**p, "rho_train": r}, star), "R") for r in (0.5, rho0)}
    return {"gain_vs_half": star.R - r_at[0.5], "gain_vs_rho0": star.R - r_at[rho0]}


def optimum_map(x: str, xs, y: str, ys, base: dict, rho_test: float = 0.5, progress: Progress = None) -> Map:
    """The OPTIMA quantities on the grid xs x ys (rows along x, first column along y)."""
    _check_axes(x, y)
    if "rho_train" in (x, y):
        raise ValueError("an optimum map optimises over rho_train: choose two axes among alpha, b0/rho0, T")
    values = {k: np.full((len(ys), len(xs)), math.nan) for k in OPTIMA}
    column_near = None
    for j, yv in enumerate(ys):
        near = column_near
        for i, xv in enumerate(xs):
            out, best = optimum_pixel(params_at(base, **{x: xv, y: yv}), rho_test, near)
            for k, v in out.items():
                values[k][j, i] = v
            near = best
            column_near = best if i == 0 else column_near
            if progress:  # after every pixel (about 0.1 s): a cancelled map stops quickly
                progress((j + (i + 1) / len(xs)) / len(ys), f"row {j + 1} of {len(ys)}")
    return Map("optimum", x, np.asarray(xs, float), y, np.asarray(ys, float), dict(base), rho_test, values)


# ---------------------------------------------------------------- dummy-phase boundary


def _coord(name: str, v: float) -> float:
    return math.log(v) if name in LOG_AXES else v


def _value(name: str, c: float) -> float:
    return math.exp(c) if name in LOG_AXES else c


def _problem(p: dict) -> Problem:
    return Problem(b0=p["b0"], alpha=p["alpha"], T=p["T"], rho_train=p["rho_train"])


def bisect_phase(name: str, inside: float, outside: float, base: dict, tol: float = TOL) -> float:
    """Value of axis ``name`` where the solver's phase changes, between an informative point
    (``inside``) and a dummy one, to tol (relative on log axes).

    Every step is continued from the nearest informative point found so far."""
    a, b = _coord(name, inside), _coord(name, outside)
    near = solve(**params_at(base, **{name: inside}))
    while abs(b - a) > tol:
        mid = 0.5 * (a + b)
        sol = solve_near(_problem(params_at(base, **{name: _value(name, mid)})), near)
        if sol.phase == "informative":
            a, near = mid, sol
        else:
            b = mid
    return _value(name, 0.5 * (a + b))


def phase_crossings(m: Map, tol: float = TOL) -> pd.DataFrame:
    """Points of the dummy-phase boundary between informative and dummy neighbours of a state map,
    along rows (bisection in x) and along columns (bisection in y). Columns x, y, along."""
    phase, pts = m.values["phase"], []
    for along, (axis, other) in (("x", (m.x, m.y)), ("y", (m.y, m.x))):
        ph = phase if along == "x" else phase.T
        grid, others = (m.xs, m.ys) if along == "x" else (m.ys, m.xs)
        for j, ov in enumerate(others):
            for i in range(len(grid) - 1):
                pair = ph[j, i], ph[j, i + 1]
                if set(pair) != {0.0, 1.0}:
                    continue
                k_in, k_out = (i, i + 1) if pair[0] == 1.0 else (i + 1, i)
                base = params_at(m.base, **{other: ov})
                v = bisect_phase(axis, grid[k_in], grid[k_out], base, tol)
                pts.append({axis: v, other: ov, "along": along})
    return pd.DataFrame(pts, columns=[m.x, m.y, "along"])


def boundary_curve(
    over: str, values, base: dict, tol: float = TOL, progress: Progress = None
) -> pd.DataFrame:
    """Dummy-phase boundary rho*(v) and spinodal on both sides of rho_train along ``over`` (not rho_train).

    Each point continues from its neighbour's boundary; columns: over, side, rho_star, rho_spinodal."""
    if over not in AXES or over == "rho_train":
        raise ValueError(f"over must be one of alpha, b0, rho0, T, got {over!r}")
    rows, near = [], {"lower": None, "upper": None}
    for n, v in enumerate(values):
        p = params_at(base, **{over: v})
        for side in near:
            bd = dummy_boundary(p["b0"], p["alpha"], p["T"], side, _usable(near[side]), tol)
            near[side] = bd
            rows.append(
                {over: float(v), "side": side, "rho_star": bd.rho_star, "rho_spinodal": bd.rho_spinodal}
            )
        if progress:
            progress((n + 1) / len(values), f"boundary {n + 1} of {len(values)}")
    return pd.DataFrame(rows, columns=[over, "side", "rho_star", "rho_spinodal"])


def _usable(bd: Boundary | None) -> Boundary | None:
    return bd if bd is not None and bd.rho_star is not None and bd.rho_spinodal is not None else None


# ---------------------------------------------------------------- disk cache


def cached_map(
    kind: str, x: str, xs, y: str, ys, base: dict, rho_test: float = 0.5, progress: Progress = None
):
    """``state_map`` or ``optimum_map`` through the solver's disk cache (JSON: lists of floats)."""
    xs, ys = [float(v) for v in xs], [float(v) for v in ys]
    base = {k: float(base[k]) for k in ("b0", "alpha", "T", "rho_train")}
    key = ["map", SOLVER_VERSION, kind, x, xs, y, ys, base, float(rho_test)]
    cache = get_cache()
    names = STATE if kind == "state" else OPTIMA
    hit = cache.get(key, lambda doc: _parse_values(doc, names, (len(ys), len(xs))))
    if hit is not None:
        return Map(kind, x, np.array(xs), y, np.array(ys), base, rho_test, hit)
    make = {"state": state_map, "optimum": optimum_map}[kind]
    m = make(x, xs, y, ys, base, rho_test, progress)
    cache.set(key, {k: [[_json(v) for v in row] for row in arr] for k, arr in m.values.items()})
    return m


def _json(v: float):
    return None if not math.isfinite(v) else float(v)


def cached_crossings(m: Map, tol: float = TOL) -> pd.DataFrame:
    """``phase_crossings`` of a state map through the solver's disk cache (JSON: [x, y, along] rows), so
    that the bisections, most of a map's cost, are not redone when a memory cache above is emptied."""
    key = ["crossings", SOLVER_VERSION, m.x, [float(v) for v in m.xs], m.y, [float(v) for v in m.ys]]
    key += [{k: float(v) for k, v in m.base.items()}, float(tol)]
    cache = get_cache()
    hit = cache.get(key, lambda doc: _parse_crossings(doc, m))
    if hit is not None:
        return hit
    df = phase_crossings(m, tol)
    cache.set(key, [[float(r[m.x]), float(r[m.y]), r["along"]] for r in df.to_dict("records")])
    return df


def _parse_crossings(doc, m: Map) -> pd.DataFrame:
    if not (isinstance(doc, list) and all(_crossing(r) for r in doc)):
        raise ValueError("cached boundary points of the wrong shape or type")
    return pd.DataFrame(doc, columns=[m.x, m.y, "along"])


def _parse_values(doc, names, shape) -> dict:
    """The arrays of a cached map, checked (ValueError otherwise): exactly ``names``, each a list of
    ``shape[0]`` rows of ``shape[1]`` finite numbers or nulls (a point without a value: NaN)."""
    if not isinstance(doc, dict) or set(doc) != set(names):
        raise ValueError("not a map of this kind")
    for k in names:
        rows = doc[k]
        if not (isinstance(rows, list) and len(rows) == shape[0] and all(_row(r, shape[1]) for r in rows)):
            raise ValueError(f"the cached {k} values have the wrong shape or type")
    return {k: np.array(doc[k], dtype=float) for k in names}


def _row(row, n: int) -> bool:
    return isinstance(row, list) and len(row) == n and all(v is None or _number(v) for v in row)


def _crossing(row) -> bool:
    shaped = isinstance(row, list) and len(row) == 3
    return shaped and _number(row[0]) and _number(row[1]) and row[2] in ("x", "y")


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)

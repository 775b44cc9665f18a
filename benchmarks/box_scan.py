"""Convergence over the whole parameter box (issue 9): solved / dummy / unsolved and time per point.

    python -m benchmarks.box_scan [--points 2000] [--edge-points 60] [--seed 9001]

Sets, each solved point by point with ``solve`` (no cache):
- 2,000 random points of the box (b0, log alpha, log T, rho_train uniform) with the bias learned,
  2,000 with the bias held at the teacher's (fix_b = b0), 2,000 with fix_b uniform in its range;
- the corners of the box: 16 in (b0, alpha, T, rho_train) with the bias learned and with fix_b = b0,
  32 with fix_b at either end of its range;
- the edge families, each with the bias learned, fix_b = b0 and random fix_b: T = 0.005 with
  alpha = 50; b0 = -5 and +5; rho_train = 0.001 and 0.999 (the other parameters random).
The seeds differ from the tests'. Prints, for each set, the counts and p50 / p99 / max time per
point, wall clock and CPU time of this process (the CPU figure is the one to compare on a shared,
loaded machine), and lists every unsolved point.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from solver import RANGES, solve

AXES = ("b0", "alpha", "T", "rho_train")
LOG_AXES = {"alpha", "T"}


def _uniform(rng, name: str) -> float:
    lo, hi = RANGES[name]
    if name in LOG_AXES:
        return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
    return float(rng.uniform(lo, hi))


def random_point(rng, **fixed) -> dict:
    p = {k: _uniform(rng, k) for k in AXES}
    return p | fixed


def with_bias(points: list[dict], mode: str, rng) -> list[dict]:
    """Add fix_b: None (learned), the teacher's b0, or uniform in its range."""
    if mode == "learned":
        return [p | {"fix_b": None} for p in points]
    if mode == "b0":
        return [p | {"fix_b": p["b0"]} for p in points]
    return [p | {"fix_b": _uniform(rng, "fix_b")} for p in points]


def sets(n: int, n_edge: int, seed: int) -> dict[str, list[dict]]:
    rng = np.random.default_rng(seed)
    out = {}
    for mode in ("learned", "b0", "random"):
        out[f"random box, fix_b {mode}"] = with_bias([random_point(rng) for _ in range(n)], mode, rng)
    corners = [dict(zip(AXES, c, strict=True)) for c in itertools.product(*(RANGES[k] for k in AXES))]
    out["corners, fix_b learned"] = with_bias(corners, "learned", rng)
    out["corners, fix_b = b0"] = with_bias(corners, "b0", rng)
    out["corners, fix_b at its ends"] = [c | {"fix_b": fb} for c in corners for fb in RANGES["fix_b"]]
    edges = {
        "T = 0.005, alpha = 50": dict(T=RANGES["T"][0], alpha=RANGES["alpha"][1]),
        "b0 = -5": dict(b0=RANGES["b0"][0]),
        "b0 = +5": dict(b0=RANGES["b0"][1]),
        "rho_train = 0.001": dict(rho_train=RANGES["rho_train"][0]),
        "rho_train = 0.999": dict(rho_train=RANGES["rho_train"][1]),
    }
    for name, fixed in edges.items():
        for mode in ("learned", "b0", "random"):
            pts = [random_point(rng, **fixed) for _ in range(n_edge)]
            out[f"edge {name}, fix_b {mode}"] = with_bias(pts, mode, rng)
    return out


def scan(points: list[dict]) -> tuple[dict[str, int], np.ndarray, np.ndarray, list]:
    counts = {"informative": 0, "dummy": 0, "unsolved": 0}
    times, cpu, bad = [], [], []
    for p in points:
        t, c = time.perf_counter(), time.process_time()
        sol = solve(**p)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        ok = sol.converged and (sol.phase == "dummy" or sol.residual <= 1e-11)
        counts[sol.phase if ok else "unsolved"] += 1
        if not ok:
            bad.append((p, sol.message))
    return counts, np.array(times), np.array(cpu), bad


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--edge-points", type=int, default=60)
    ap.add_argument("--seed", type=int, default=9001)
    args = ap.parse_args(argv)
    solve(-0.6, 1.1, 0.5, 0.3)  # imports and table load outside the timings
    all_times, all_cpu, total = [], [], {"informative": 0, "dummy": 0, "unsolved": 0}
    print(f"{'set':<44} {'n':>5} {'solved':>6} {'dummy':>5} {'unsol':>5}   p50 / p99 / max ms: wall | CPU")
    for name, points in sets(args.points, args.edge_points, args.seed).items():
        counts, times, cpu, bad = scan(points)
        all_times.append(times)
        all_cpu.append(cpu)
        total = {k: total[k] + counts[k] for k in total}
        _line(name, len(points), counts, times, cpu)
        for p, msg in bad:
            print(f"    UNSOLVED {p}: {msg}")
    _line("all", sum(map(len, all_times)), total, np.concatenate(all_times), np.concatenate(all_cpu))


def _line(name: str, n: int, counts: dict, times: np.ndarray, cpu: np.ndarray) -> None:
    wall, c = (" / ".join(f"{v:.1f}" for v in 1e3 * np.percentile(t, [50, 99, 100])) for t in (times, cpu))
    print(
        f"{name:<44} {n:>5} {counts['informative']:>6} {counts['dummy']:>5} {counts['unsolved']:>5}   "
        f"{wall} | {c}",
        flush=True,
    )


if __name__ == "__main__":
    main()

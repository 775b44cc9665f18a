"""Solver speed, printed as ratios against the baseline run in the same process.

    python -m benchmarks.bench_solver [--points 60] [--baseline-repeats 3]

Measures (no cache involved): the baseline (damped fixed point, 2-D quadrature) at the Fig. 3
point; a cold ``solve`` at the same point; the median cold ``solve`` over random points of the
parameter box (informative and dummy); a 101-point rho_train sweep at the Fig. 3 parameters;
and the agreement of the two solvers at the Fig. 3 point.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from benchmarks.baseline import solve as baseline_solve
from solver import solve, sweep

FIG3 = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)


def _time(fn, repeats: int) -> float:
    best = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best.append(time.perf_counter() - t)
    return statistics.median(best)


def random_points(n: int, seed: int = 0) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [
        dict(
            b0=rng.uniform(-5, 5),
            alpha=float(np.exp(rng.uniform(np.log(0.05), np.log(50)))),
            T=float(np.exp(rng.uniform(np.log(0.005), np.log(10)))),
            rho_train=rng.uniform(0.001, 0.999),
        )
        for _ in range(n)
    ]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=60)
    ap.add_argument("--baseline-repeats", type=int, default=3)
    args = ap.parse_args(argv)

    solve(**FIG3)  # import and table load outside the timings
    t_base = _time(lambda: baseline_solve(*FIG3.values()), args.baseline_repeats)
    t_one = _time(lambda: solve(**FIG3), 20)
    times, phases = [], []
    for p in random_points(args.points):
        t = time.perf_counter()
        phases.append(solve(**p).phase)
        times.append(time.perf_counter() - t)
    rhos = np.linspace(0.005, 0.995, 101)
    t_sweep = _time(
        lambda: sweep("rho_train", rhos, **{k: v for k, v in FIG3.items() if k != "rho_train"}), 3
    )

    q, R, b, it, ok = baseline_solve(*FIG3.values())
    sol = solve(**FIG3)
    med = float(np.median(times))
    tail = f"p90 {1e3 * np.percentile(times, 90):.1f} ms, max {1e3 * max(times):.1f} ms"
    counts = f"{phases.count('dummy')} dummy, {phases.count('unsolved')} unsolved"
    rows = [
        ("baseline (fixed point, 2-D quadrature), Fig. 3", t_base, f"{it} iterations"),
        ("solve, Fig. 3 point, cold, no cache", t_one, f"ratio {t_base / t_one:.0f}x"),
        (
            f"solve, median of {len(times)} random box points",
            med,
            f"ratio {t_base / med:.0f}x; {tail}; {counts}",
        ),
        (
            "sweep, 101 rho_train points (Fig. 3)",
            t_sweep,
            f"ratio {101 * t_base / t_sweep:.0f}x vs 101 baselines",
        ),
    ]
    for name, seconds, note in rows:
        print(f"{name:<48} {1e3 * seconds:9.2f} ms  {note}")
    diffs = ", ".join(f"|d{k}| {abs(a - getattr(sol, k)):.1e}" for k, a in (("q", q), ("R", R), ("b", b)))
    print(f"agreement with the baseline at Fig. 3: {diffs}")


if __name__ == "__main__":
    main()

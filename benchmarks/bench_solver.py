"""Solver speed against the issue-11 targets, printed with ratios to the baseline run in the same process.

    python -m benchmarks.bench_solver [--points 200] [--sweeps 5] [--baseline-repeats 3]

Measures (no cache involved), each as wall-clock and CPU time of this process (on a shared, loaded
machine the CPU figure is the one that means something; ratios are CPU to CPU):
- the baseline (``benchmarks.baseline``: damped fixed point, 2-D quadrature) at the Fig. 3 point;
- one cold ``solve`` at the Fig. 3 point (target <= 1 ms);
- a 101-point rho_train sweep at the Fig. 3 parameters, new values each run (target <= 20 ms median);
- cold ``solve`` at random points of the whole box, bias learned (target p99 <= 30 ms, max <= 200 ms);
- accuracy: the largest residual among the informative solutions (target <= 1e-11) and the agreement
  of the two solvers at the Fig. 3 point.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from benchmarks.baseline import solve as baseline_solve
from benchmarks.box_scan import random_point
from solver import TOL, solve, sweep

FIG3 = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
TARGETS_MS = {"solve": 1.0, "sweep": 20.0, "p99": 30.0, "max": 200.0}


def _times(fn, repeats: int) -> np.ndarray:
    """(wall, CPU) seconds of each call ``fn(i)``, shape (repeats, 2)."""
    out = []
    for i in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        out.append((time.perf_counter() - t, time.process_time() - c))
    return np.array(out)


def _row(name: str, t: np.ndarray, base_cpu: float, target_ms: float | None, note: str = "") -> None:
    """t = (wall, CPU) seconds."""
    verdict = ""
    if target_ms is not None:
        met = ["met" if 1e3 * v <= target_ms else "NOT met" for v in t]
        verdict = f"target <= {target_ms:g} ms: wall {met[0]}, CPU {met[1]}"
    print(f"{name:<40} {1e3 * t[0]:9.2f} {1e3 * t[1]:9.2f}  {base_cpu / t[1]:7.1f}x  {verdict}  {note}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=200)
    ap.add_argument("--sweeps", type=int, default=5)
    ap.add_argument("--baseline-repeats", type=int, default=3)
    args = ap.parse_args(argv)

    solve(**FIG3)  # imports and the table load outside the timings
    base = np.median(_times(lambda i: baseline_solve(*FIG3.values()), args.baseline_repeats), axis=0)
    one = np.median(_times(lambda i: solve(**FIG3), 21), axis=0)
    fixed = {k: v for k, v in FIG3.items() if k != "rho_train"}
    sweeps: list = []
    grid = np.linspace(0.005, 0.995, 101)
    sw = np.median(
        _times(lambda i: sweeps.append(sweep("rho_train", grid + 1e-4 * i, **fixed)), args.sweeps), axis=0
    )
    rng = np.random.default_rng(12345)
    points = [random_point(rng) for _ in range(args.points)]
    sols = []
    times = _times(lambda i: sols.append(solve(**points[i])), len(points))

    print(f"{'':<40} {'wall ms':>9} {'CPU ms':>9}  {'ratio':>8}  (ratio: baseline CPU / CPU)")
    print(f"{'baseline (fixed point, 2-D quadrature)':<40} {1e3 * base[0]:9.2f} {1e3 * base[1]:9.2f}")
    _row("solve, Fig. 3 point, cold, no cache", one, base[1], TARGETS_MS["solve"])
    _row("sweep, 101 rho_train points, Fig. 3", sw, 101 * base[1], TARGETS_MS["sweep"], "(vs 101 baselines)")
    phases = [s.phase for s in sols]
    counts = f"{phases.count('dummy')} dummy, {phases.count('unsolved')} unsolved of {len(sols)}"
    for name, q in (("p50", 50), ("p99", 99), ("max", 100)):
        value = np.percentile(times, q, axis=0)
        _row(
            f"solve, random box points, {name}",
            value,
            base[1],
            TARGETS_MS.get(name),
            counts if q == 50 else "",
        )
    informative = [s for s in sols + [s for sw in sweeps for s in sw] if s.phase == "informative"]
    worst = max(s.residual for s in informative)
    print(f"largest residual of {len(informative)} informative solutions: {worst:.1e} (target <= {TOL:g})")
    q, R, b, it, ok = baseline_solve(*FIG3.values())
    sol = solve(**FIG3)
    diffs = ", ".join(f"|d{k}| {abs(a - getattr(sol, k)):.1e}" for k, a in (("q", q), ("R", R), ("b", b)))
    print(f"agreement with the baseline at Fig. 3 ({it} fixed-point iterations, tol 1e-8): {diffs}")


if __name__ == "__main__":
    main()

"""Cold timings of the maps and of Figs. 9 & 10 (no cache): ``python -m benchmarks.bench_maps [--full]``.

Issue-11 targets on the 2-core machine: the 41 x 41 state map over alpha in [0.2, 10] (log) x b0 in
[-3, 0] at rho_train = 0.3, T = 0.5 (R, q, b, balanced accuracy, precision at rho_test = 0.5 and the
phase at every point) <= 1 s; Figs. 9 & 10 at the paper's resolution (the page's preset: 21 alphas,
2 x 15 b0s, each a 31-point rho_train sweep refined by Brent) <= 3 s, with an empty disk cache. Each is
run ``--repeat`` times (a new empty cache each time); the median wall and CPU time are printed (on a
shared machine the CPU time is the figure that means something). ``--full`` also times a 41 x 41 map
with rho_train as an axis, its dummy-boundary crossings, and an 11 x 11 map of the optima.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from analysis import figures
from analysis.maps import axis_values, optimum_map, phase_crossings, state_map

BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)


def timed(label: str, fn, *args, repeat: int = 1, target: float | None = None):
    walls, cpus = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            os.environ["IMBALANCE_CACHE_DIR"] = cache  # cold: nothing computed before
            t0, c0 = time.perf_counter(), time.process_time()
            out = fn(*args)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    goal = f"  target <= {target:g} s: {'met' if cpu <= target else 'NOT met'} (CPU)" if target else ""
    print(f"{label:<58} wall {wall:6.2f} s  CPU {cpu:6.2f} s{goal}", flush=True)
    return out


def fig9_10() -> list:
    """The three panels of the Fig. 9 & 10 page at its preset (views/fig9_10.py)."""
    alphas = figures.log_grid(0.2, 20.0, 21)
    b0s = [round(-5.0 + 4.9 * k / 14, 6) for k in range(15)]  # as dashboard.backend.lin_values
    panels = [("alpha", alphas, dict(b0=-0.6)), ("b0", b0s, dict(alpha=1.1)), ("b0", b0s, dict(alpha=8.0))]
    return [figures.optimal_rho_train(over, list(vals), T=0.5, n=31, **fixed) for over, vals, fixed in panels]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full", action="store_true")
    a = parser.parse_args(argv)
    alphas = axis_values("alpha", 0.2, 10.0, 41)
    b0s = axis_values("b0", -3.0, 0.0, 41)
    timed("state map 41x41 alpha x b0", state_map, "alpha", alphas, "b0", b0s, BASE, repeat=a.repeat,
          target=1.0)  # fmt: skip
    timed("Fig. 9 & 10, paper's resolution (51 optima)", fig9_10, repeat=a.repeat, target=3.0)
    if not a.full:
        return
    m = timed("state map 41x41 alpha x rho_train", state_map,
              "alpha", alphas, "rho_train", axis_values("rho_train", 0.02, 0.98, 41), BASE)  # fmt: skip
    timed("  + dummy-boundary crossings (bisection to 1e-4)", phase_crossings, m)
    small = axis_values("alpha", 0.5, 10.0, 11), axis_values("b0", -2.0, 0.0, 11)
    timed("optimum map 11x11 alpha x b0 (rho(R*), rho(abal*), rho(p*))", optimum_map,
          "alpha", small[0], "b0", small[1], BASE)  # fmt: skip


if __name__ == "__main__":
    main()

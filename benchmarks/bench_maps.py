"""Cold timings of the maps (no disk cache): ``python -m benchmarks.bench_maps [--full]``.

The benchmark map (issue 5 target: <= 5 s on the 2-core machine) is a 41 x 41 state map over
alpha in [0.2, 10] (log) x b0 in [-3, 0] at rho_train = 0.3, T = 0.5: R, q, b, balanced accuracy,
precision (rho_test = 0.5) and the phase at every point. ``--full`` also times a 41 x 41 map with
rho_train as an axis, its dummy-boundary crossings, and an 11 x 11 map of the optima.
"""

from __future__ import annotations

import sys
import time

from analysis.maps import axis_values, optimum_map, phase_crossings, state_map

BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)


def timed(label: str, fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    print(f"{label:<58} {time.perf_counter() - t0:7.2f} s")
    return out


def main(full: bool) -> None:
    alphas = axis_values("alpha", 0.2, 10.0, 41)
    timed("state map 41x41 alpha x b0 (benchmark, target <= 5 s)", state_map,
          "alpha", alphas, "b0", axis_values("b0", -3.0, 0.0, 41), BASE)  # fmt: skip
    if not full:
        return
    m = timed("state map 41x41 alpha x rho_train", state_map,
              "alpha", alphas, "rho_train", axis_values("rho_train", 0.02, 0.98, 41), BASE)  # fmt: skip
    timed("  + dummy-boundary crossings (bisection to 1e-4)", phase_crossings, m)
    small = axis_values("alpha", 0.5, 10.0, 11), axis_values("b0", -2.0, 0.0, 11)
    timed("optimum map 11x11 alpha x b0 (rho(R*), rho(abal*), rho(p*))", optimum_map,
          "alpha", small[0], "b0", small[1], BASE)  # fmt: skip


if __name__ == "__main__":
    main("--full" in sys.argv)

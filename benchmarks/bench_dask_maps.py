"""Speed-up of a map on Dask with 1 vs 2 local worker processes: ``python -m benchmarks.bench_dask_maps``.

The map is the bench_maps one (41 x 41 state map, alpha in [0.2, 10] x b0 in [-3, 0], rho_train = 0.3,
T = 0.5), in chunks of 2 lines, written to a fresh Parquet folder each time. The clusters are started
before the clock starts (a cluster is started once per map command; about 2-10 s here). Prints the median
of ``--repeat`` runs per cluster size and the speed-up (ideal: the number of workers, on a machine with
that many idle cores). Loopback only; stops by itself.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from analysis import distributed, maps

BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)


def grid(n: int) -> distributed.Grid:
    xs = tuple(maps.axis_values("alpha", 0.2, 10.0, n))
    return distributed.Grid("state", "alpha", xs, "b0", tuple(maps.axis_values("b0", -3.0, 0.0, n)), BASE)


def timed_runs(workers: int, g: distributed.Grid, repeat: int) -> list[float]:
    from dask.distributed import LocalCluster

    out = []
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as folder:
                t0 = time.perf_counter()
                distributed.run(g, folder, None, cluster.scheduler_address, progress=False)
                out.append(time.perf_counter() - t0)
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=41, help="grid points per axis")
    parser.add_argument("--repeat", type=int, default=3)
    a = parser.parse_args(argv)
    g = grid(a.n)
    med = {}
    for workers in (1, 2):
        runs = timed_runs(workers, g, a.repeat)
        med[workers] = statistics.median(runs)
        shown = ", ".join(f"{t:.2f}" for t in runs)
        print(f"{a.n}x{a.n} state map on {workers} worker(s): median {med[workers]:.2f} s (runs: {shown})")
    print(f"speed-up 2 workers vs 1: {med[1] / med[2]:.2f}x (ideal 2.0 on 2 idle cores)")


if __name__ == "__main__":
    main()

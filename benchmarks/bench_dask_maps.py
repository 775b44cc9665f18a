"""Speed-up of a map on Dask with 1 vs 2 local worker processes. One command::

    nice -n 10 python -m benchmarks.bench_dask_maps            # about 3 x --seconds + cluster starts

The map: the state map over alpha in [0.2, 10] (log, ``--points`` per line) x b0 in [-3, 0] at
rho_train = 0.3, T = 0.5, in chunks of the default size (``distributed.CHUNK_POINTS``). Its number of
lines is chosen so that the map takes about ``--seconds`` (default 20) in this process, measured first on
4 lines across the b0 range, so that the map stays long beside the cluster's start whatever the solver's
speed (``--lines N`` fixes the size instead). Timed, each on a fresh output folder: the map in this process
(``distributed.run(serial=True)``: the same chunks and files, no Dask; the reference of the ratios), then
on a LocalCluster of 1 and of 2 worker processes, each started and warmed (its workers import the code and
solve one point) before the clock starts; the start time is printed apart. Every figure has the load
average beside it and the CPU time of the processes doing the work (a cluster's: its workers' and this
process's, which holds the client and the scheduler): on a shared machine the wall time depends on the
other load (the speed-up is ideal, 2.0, only on 2 idle cores) and the CPU time says what Dask costs.
Prints the ratios: Dask overhead (1 worker vs this process, wall and CPU) and speed-up (2 workers vs 1,
wall). Loopback only; stops by itself (under 3 minutes with the defaults on the 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

# One BLAS thread here, as in a Dask worker (its nanny sets these): the same per-process work on both sides.
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

from analysis import distributed, maps  # noqa: E402 (after the thread settings: numpy reads them at import)

BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
CALIBRATION_LINES = 4


def grid(points: int, lines: int) -> distributed.Grid:
    xs = tuple(maps.axis_values("alpha", 0.2, 10.0, points))
    return distributed.Grid("state", "alpha", xs, "b0", tuple(maps.axis_values("b0", -3.0, 0.0, lines)), BASE)


def load() -> str:
    return "load " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def lines_for(seconds: float, points: int) -> int:
    """Lines that make the map take about ``seconds`` in this process (from 4 lines, after a warm one)."""
    distributed.compute_chunk(grid(points, 1), distributed.Chunk(0, 0, 1))  # imports, start-point table
    g = grid(points, CALIBRATION_LINES)
    t0 = time.perf_counter()
    distributed.compute_chunk(g, distributed.Chunk(0, 0, CALIBRATION_LINES))
    per_line = (time.perf_counter() - t0) / CALIBRATION_LINES
    print(f"calibration: {per_line:.3f} s per line of {points} points in this process ({load()})")
    return max(2 * CALIBRATION_LINES, round(seconds / per_line))


def timed(g: distributed.Grid, repeat: int, cpu, **where) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run; ``cpu()``: CPU seconds so far of the processes doing the work."""
    out = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            t0, c0 = time.perf_counter(), cpu()
            _, done = distributed.run(g, folder, None, progress=False, **where)
            out.append((time.perf_counter() - t0, cpu() - c0))
            assert done == len(distributed.chunks(g))
    return out


def _warm() -> None:
    """On each worker: the imports, its code version and one small line."""
    distributed.chunk_task(grid(3, 1), distributed.Chunk(0, 0, 1))


def on_cluster(workers: int, g: distributed.Grid, repeat: int) -> tuple[list, float]:
    """Timed runs on a fresh LocalCluster; CPU: its workers' and this process's (client, scheduler)."""
    from dask.distributed import Client

    t0 = time.perf_counter()
    with distributed.local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(_warm)
        start = time.perf_counter() - t0

        def cpu() -> float:
            return sum(client.run(time.process_time).values()) + time.process_time()

        return timed(g, repeat, cpu, scheduler=cluster.scheduler_address), start


def report(label: str, runs: list[tuple[float, float]], g: distributed.Grid, extra: str = "") -> tuple:
    """Print the median wall and CPU time of ``runs`` with the load average; return both."""
    wall, cpu = (statistics.median(r[i] for r in runs) for i in (0, 1))
    each = f" (walls: {', '.join(f'{r[0]:.1f}' for r in runs)})" if len(runs) > 1 else ""
    rate = distributed.points(g) / wall
    print(f"{label:<16} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {rate:5.0f} points/s{each}  [{load()}{extra}]")
    return wall, cpu


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="target time of the map in this process")
    parser.add_argument("--lines", type=int, help="lines of the map (instead of --seconds)")
    parser.add_argument("--points", type=int, default=101, help="points per line (alpha values)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (median printed)")
    a = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores, {load()}")
    lines = a.lines or lines_for(a.seconds, a.points)
    g = grid(a.points, lines)
    size = f"{a.points} x {lines} = {distributed.points(g)} points"
    print(f"map: state, alpha x b0 = {size}, {len(distributed.chunks(g))} chunks (the default size)")
    med = {0: report("this process", timed(g, a.repeat, time.process_time, serial=True), g)}
    for workers in (1, 2):
        runs, start = on_cluster(workers, g, a.repeat)
        label = f"Dask, {workers} worker{'s' if workers > 1 else ''}"
        med[workers] = report(label, runs, g, f"; cluster start {start:.1f} s, not counted")
    (w0, c0), (w1, c1), (w2, _) = med[0], med[1], med[2]
    print(
        f"Dask overhead, 1 worker vs this process: {w1 / w0:.2f}x the wall time, {c1 / c0:.2f}x the CPU time"
    )
    print(f"speed-up, 2 workers vs 1: {w1 / w2:.2f}x the wall time (ideal 2.0 on 2 idle cores)")


if __name__ == "__main__":
    main()

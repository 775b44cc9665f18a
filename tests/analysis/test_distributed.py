"""Maps on Dask (analysis.distributed) on a LocalCluster of 2 worker processes (loopback), reached by its
address as an existing cluster would be: same values as in-process maps, a third axis, a map command
killed and run again, the default local processes, and a worker with other code refused. Without a
cluster: test_distributed_local.py."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import distributed, maps
from solver import solve

pytestmark = pytest.mark.slow  # worker processes start in seconds on the shared 2-core machine

ROOT = Path(__file__).resolve().parents[2]
BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
XS, YS = (0.5, 1.0, 2.0), (-1.0, -0.5, 0.0)


@pytest.fixture(scope="module")
def scheduler():
    with distributed.local_cluster(2) as cluster:
        yield cluster.scheduler_address


def test_state_map_on_the_cluster_equals_the_in_process_map(scheduler, tmp_path):
    grid = distributed.Grid("state", "alpha", XS, "b0", YS, BASE)
    csv = tmp_path / "map.csv"
    df, done = distributed.run(grid, tmp_path / "m", str(csv), scheduler, lines_per_chunk=1, progress=False)
    assert done == 3 and len(list((tmp_path / "m").glob("part-*.parquet"))) == 3
    expected = maps.state_map("alpha", XS, "b0", YS, BASE).frame()
    pd.testing.assert_frame_equal(df[expected.columns], expected, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_csv(csv)[expected.columns], expected, rtol=1e-12)


def test_an_optimum_map_on_the_cluster_agrees_with_the_in_process_one(scheduler, tmp_path):
    """Chunks of one row: the second row's first pixel is located on a full sweep instead of continued
    from the first row, so the optima agree to the Brent tolerance (maps.XTOL), not exactly."""
    xs, ys = (0.8, 2.0), (-1.2, -0.6)
    grid = distributed.Grid("optimum", "alpha", xs, "b0", ys, BASE)
    df, done = distributed.run(grid, tmp_path, None, scheduler, lines_per_chunk=1, progress=False)
    expected = maps.optimum_map("alpha", xs, "b0", ys, BASE).frame()
    assert done == 2 and list(df.columns) == list(expected.columns)
    assert df[["alpha", "b0"]].equals(expected[["alpha", "b0"]])
    for name in maps.PEAKS.values():
        np.testing.assert_allclose(df[name], expected[name], atol=2 * maps.XTOL)
    np.testing.assert_allclose(df["R_star"], expected["R_star"], atol=1e-6)


def test_a_third_axis_gives_one_slab_per_value(scheduler, tmp_path):
    grid = distributed.Grid("state", "alpha", (0.5, 2.0), "rho_train", (0.2, 0.5), BASE, z="T", zs=(0.3, 1.0))
    df, done = distributed.run(grid, tmp_path, None, scheduler, lines_per_chunk=1, progress=False)
    assert done == 4 and len(df) == 8
    assert list(df["T"]) == [0.3] * 4 + [1.0] * 4
    row = df[(df["T"] == 1.0) & (df["alpha"] == 2.0) & (df["rho_train"] == 0.2)].iloc[0]
    assert row["R"] == pytest.approx(solve(-0.6, 2.0, 1.0, 0.2).R, abs=1e-9)
    assert np.isfinite(df["R"]).all()


def _command(tmp_path, *extra) -> list[str]:
    axes = ["--x", "alpha", "0.2", "10", "41", "--y", "b0", "-3", "0", "24", "--rho-train", "0.3"]
    out = ["--lines-per-chunk", "1", "--out", str(tmp_path / "m"), "--csv", str(tmp_path / "m.csv")]
    return [sys.executable, "-m", "analysis", "map", *axes, *out, *extra]


def test_a_killed_map_command_resumes_where_it_stopped(scheduler, tmp_path):
    """Killed (SIGKILL) as soon as its first chunk is saved, then run again on the default local
    processes: only the missing lines are computed; the CSV has every point once, as in this process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IMBALANCE_CACHE_DIR": str(tmp_path / "cache")}
    log = (tmp_path / "stderr.txt").open("w")
    proc = subprocess.Popen(_command(tmp_path, "--scheduler", scheduler), env=env, stderr=log)
    deadline = time.monotonic() + 120
    while proc.poll() is None and not list((tmp_path / "m").glob("part-*")) and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = len(list((tmp_path / "m").glob("part-*.parquet")))
    assert 0 < saved < 24 and not (tmp_path / "m.csv").exists(), (tmp_path / "stderr.txt").read_text()[-2000:]
    again = subprocess.run(
        _command(tmp_path, "--workers", "2"), env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    assert "on 2 local processes" in again.stderr and f"{24 - saved} chunks computed" in again.stderr
    df = pd.read_csv(tmp_path / "m.csv")
    xs, ys = maps.axis_values("alpha", 0.2, 10, 41), maps.axis_values("b0", -3, 0, 24)
    assert list(df["b0"]) == list(np.repeat(ys, 41)) and list(df["alpha"]) == list(xs) * 24
    some = ys[[0, 11, 23]]  # three of the lines (saved before the kill or after), in this process
    expected = maps.state_map("alpha", xs, "b0", some, BASE).frame()
    got = df[df["b0"].isin(some)].reset_index(drop=True)[expected.columns]
    pd.testing.assert_frame_equal(got, expected, rtol=1e-12)


@pytest.mark.parametrize(
    ("checkout", "message"),
    [("edited", "a worker runs other code"), ("none", "a worker cannot import this project")],
)
def test_a_worker_without_the_same_code_is_refused(checkout, message, tmp_path):
    """A worker started from another checkout (one comment added to analysis/maps.py), or from none, is
    refused before anything is computed, with a message that says what to do."""
    from dask.distributed import Client

    if checkout == "edited":
        for name in ("solver", "analysis"):
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        maps_py = (ROOT / "analysis" / "maps.py").read_text()
        (tmp_path / "analysis" / "maps.py").write_text(maps_py + "# edited\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    with distributed.local_cluster(0) as cluster:  # a scheduler; its worker comes from tmp_path
        cmd = [sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address]
        cmd += ["--no-nanny", "--no-dashboard", "--nthreads", "1"]
        worker = subprocess.Popen(cmd, cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)
        try:
            with Client(cluster) as client:
                client.wait_for_workers(1, timeout=120)
            grid = distributed.Grid("state", "alpha", XS, "b0", YS[:1], BASE)
            with pytest.raises(ValueError, match=message):
                distributed.run(grid, tmp_path / "m", None, cluster.scheduler_address, progress=False)
            assert not list((tmp_path / "m").glob("part-*"))
        finally:
            worker.terminate()
            worker.wait(timeout=60)

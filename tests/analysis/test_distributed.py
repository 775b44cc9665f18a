"""Maps on Dask (analysis.distributed) on a LocalCluster of 2 worker processes (loopback), reached by its
address as an existing cluster would be: same values as in-process maps, resumable output, a third axis."""

import numpy as np
import pandas as pd
import pytest

from analysis import distributed, maps
from solver import solve

pytestmark = pytest.mark.slow  # starting 2 worker processes takes ~10 s on the shared 2-core machine

BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
XS, YS = (0.5, 1.0, 2.0), (-1.0, -0.5, 0.0)


@pytest.fixture(scope="module")
def scheduler():
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_state_map_on_the_cluster_equals_the_in_process_map(scheduler, tmp_path):
    grid = distributed.Grid("state", "alpha", XS, "b0", YS, BASE)
    csv = tmp_path / "map.csv"
    df, done = distributed.run(grid, tmp_path / "m", str(csv), scheduler, lines_per_chunk=1, progress=False)
    assert done == 3 and len(list((tmp_path / "m").glob("part-*.parquet"))) == 3
    expected = maps.state_map("alpha", XS, "b0", YS, BASE).frame()
    pd.testing.assert_frame_equal(df[expected.columns], expected, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_csv(csv)[expected.columns], expected, rtol=1e-12)


def test_an_interrupted_map_resumes_with_the_missing_chunks_only(scheduler, tmp_path):
    grid = distributed.Grid("state", "alpha", XS, "b0", YS, BASE)
    first, _ = distributed.run(grid, tmp_path, None, scheduler, lines_per_chunk=2, progress=False)
    parts = sorted(tmp_path.glob("part-*.parquet"))
    assert len(parts) == 2
    parts[1].unlink()  # as if the run had stopped before the last chunk arrived
    again, done = distributed.run(grid, tmp_path, None, scheduler, lines_per_chunk=2, progress=False)
    assert done == 1
    pd.testing.assert_frame_equal(again, first, check_exact=True)
    other = distributed.Grid("state", "alpha", XS, "b0", (-2.0, 0.0), BASE)
    with pytest.raises(ValueError, match="another map"):
        distributed.run(other, tmp_path, None, scheduler, progress=False)


def test_a_third_axis_gives_one_slab_per_value(scheduler, tmp_path):
    grid = distributed.Grid("state", "alpha", (0.5, 2.0), "rho_train", (0.2, 0.5), BASE, z="T", zs=(0.3, 1.0))
    df, done = distributed.run(grid, tmp_path, None, scheduler, lines_per_chunk=1, progress=False)
    assert done == 4 and len(df) == 8
    assert list(df["T"]) == [0.3] * 4 + [1.0] * 4
    row = df[(df["T"] == 1.0) & (df["alpha"] == 2.0) & (df["rho_train"] == 0.2)].iloc[0]
    assert row["R"] == pytest.approx(solve(-0.6, 2.0, 1.0, 0.2).R, abs=1e-9)
    assert np.isfinite(df["R"]).all()


def test_bad_grids_are_refused_before_anything_runs(tmp_path):
    with pytest.raises(ValueError, match="optimises over rho_train"):
        distributed.run(distributed.Grid("optimum", "alpha", XS, "b0", YS, BASE, z="rho_train", zs=(0.3,)),
                        tmp_path)  # fmt: skip
    with pytest.raises(ValueError, match="third parameter"):
        distributed.run(distributed.Grid("state", "alpha", XS, "b0", YS, BASE, z="rho0", zs=(0.3,)), tmp_path)
    assert not list(tmp_path.iterdir())

"""Chunked maps in this process (analysis.distributed with serial=True, ``python -m analysis map --serial``):
resuming a partial folder, the options of the command, and Dask missing. No cluster: the inner loop runs
these; the Dask cluster tests are in test_distributed.py."""

import sys

import pandas as pd
import pytest

from analysis import distributed, maps
from analysis.cli import main

BASE = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
XS, YS = (0.5, 1.0, 2.0), (-1.5, -1.0, -0.5, 0.0)
MAP = ["map", "--x", "alpha", "0.5", "2", "3", "--y", "b0", "-1", "0", "2", "--rho-train", "0.3"]


def test_chunks_cover_the_missing_lines_only_whatever_their_size():
    grid = distributed.Grid("state", "alpha", XS, "b0", YS * 2, BASE, z="T", zs=(0.5, 1.0))
    assert [(c.slab, c.start, c.stop) for c in distributed.chunks(grid, 3)] == [
        (0, 0, 3), (0, 3, 6), (0, 6, 8), (1, 0, 3), (1, 3, 6), (1, 6, 8),
    ]  # fmt: skip
    done = frozenset({(0, 1), (0, 2), (0, 6), (1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7)})
    assert [(c.slab, c.start, c.stop) for c in distributed.chunks(grid, 2, done)] == [
        (0, 0, 1), (0, 3, 5), (0, 5, 6), (0, 7, 8),
    ]  # fmt: skip


def test_a_partial_folder_resumes_with_the_missing_lines_only(tmp_path):
    grid = distributed.Grid("state", "alpha", XS, "b0", YS, BASE)
    first, done = distributed.run(
        grid, tmp_path, str(tmp_path / "a.csv"), lines_per_chunk=2, progress=False, serial=True
    )
    expected = maps.state_map("alpha", XS, "b0", YS, BASE).frame()
    assert done == 2
    pd.testing.assert_frame_equal(first[expected.columns], expected, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "a.csv")[expected.columns], expected, rtol=1e-12)
    (tmp_path / "part-0000-00002-00004.parquet").unlink()  # as if killed before the last chunk arrived,
    (tmp_path / ".part-0000-00002-00004.parquet.tmp").write_bytes(b"PAR1 half a file")  # mid-write
    again, done = distributed.run(grid, tmp_path, None, lines_per_chunk=1, progress=False, serial=True)
    assert done == 2  # lines 2 and 3, in chunks of the new size; no line twice
    assert sorted(p.name for p in tmp_path.glob("part-*")) == [
        "part-0000-00000-00002.parquet", "part-0000-00002-00003.parquet", "part-0000-00003-00004.parquet",
    ]  # fmt: skip
    pd.testing.assert_frame_equal(again, first, check_exact=True)
    assert distributed.run(grid, tmp_path, None, progress=False, serial=True)[1] == 0
    other = distributed.Grid("state", "alpha", XS, "b0", (-2.0, 0.0), BASE)
    with pytest.raises(ValueError, match="another map"):
        distributed.run(other, tmp_path, None, progress=False, serial=True)


def test_bad_grids_are_refused_before_anything_runs(tmp_path):
    with pytest.raises(ValueError, match="optimises over rho_train"):
        distributed.run(distributed.Grid("optimum", "alpha", XS, "b0", YS, BASE, z="rho_train", zs=(0.3,)),
                        tmp_path)  # fmt: skip
    with pytest.raises(ValueError, match="third parameter"):
        distributed.run(distributed.Grid("state", "alpha", XS, "b0", YS, BASE, z="rho0", zs=(0.3,)), tmp_path)
    assert not list(tmp_path.iterdir())


def test_serial_command_writes_the_csv_and_with_out_the_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    assert main([*MAP, "--serial", "--csv", "plain.csv"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "plain.csv"]  # no Parquet folder
    assert main([*MAP, "--serial", "--out", "m.parquet", "--csv", "chunked.csv"]) == 0
    assert "in this process" in capsys.readouterr().err
    plain, chunked = pd.read_csv("plain.csv"), pd.read_csv("chunked.csv")
    pd.testing.assert_frame_equal(chunked[plain.columns], plain, rtol=1e-12)
    assert len(distributed.read("m.parquet")) == 6


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--serial", "--scheduler", "tcp://127.0.0.1:1"],
            "--serial computes in this process: drop --scheduler",
        ),
        (["--workers", "0"], "--workers must be a positive integer"),
        (["--lines-per-chunk", "0"], "--lines-per-chunk must be a positive integer"),
        (["--z", "T", "0.5", "1", "0"], "NUM of the T axis"),
        (["--z", "alpha", "0.5", "1", "2"], "z must be a third parameter"),
    ],
)
def test_bad_options_are_one_line_errors_before_anything_runs(extra, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([*MAP, *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_boundary_refuses_the_chunk_options(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert (
        main(["map", "--kind", "boundary", "--x", "alpha", "0.5", "2", "2", "--out", "b", "--workers", "2"])
        == 2
    )
    assert "--kind boundary runs in this process: drop --workers, --out" in capsys.readouterr().err


def test_without_dask_the_command_says_how_to_install_it_or_run_serially(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if not installed
    assert main([*MAP, "--csv", "m.csv"]) == 2
    err = capsys.readouterr().err
    assert "Dask is not installed" in err and "pip install dask distributed" in err and "--serial" in err
    assert not list(tmp_path.iterdir())  # neither the folder nor the CSV
    assert main([*MAP, "--serial", "--out", "m.parquet", "--csv", "m.csv"]) == 0  # works without Dask

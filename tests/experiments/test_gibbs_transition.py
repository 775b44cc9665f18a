"""The transition sampler (experiments/gibbs_transition.py): records, traces, resumable output."""

import json

from experiments import gibbs_transition as gt


def test_run_point_records_both_starts_with_traces():
    runs = gt.run_point(-0.6, 1.1, 0.5, 0.2, N=40, n_datasets=2, n_sweeps=40, seed=1, b_max=5.0)
    assert [r["init"] for r in runs] == ["random", "teacher"] * 2
    for r in runs:
        assert len(r["trace_b"]) == 40 // gt.TRACE_EVERY and all(abs(b) <= 5.0 for b in r["trace_b"])
        assert 0.0 <= r["dummy_frac"] <= 1.0 and -1.0 <= r["R"] <= 1.0 and r["P"] == 44


def test_output_is_written_per_point_and_resumed(tmp_path):
    out = tmp_path / "t.json"
    args = ["--N", "30", "--n-sweeps", "20", "--n-datasets", "1", "--out", str(out)]
    gt.main([*args, "--points", "0.3:5"])
    first = json.loads(out.read_text())
    assert first["schema"] == gt.SCHEMA and first["meta"]["generator"] == "experiments/gibbs_transition.py"
    gt.main([*args, "--points", "0.3:5", "0.4:5", "--resume"])
    second = json.loads(out.read_text())
    assert second["runs"][:2] == first["runs"] and {r["rho_train"] for r in second["runs"]} == {0.3, 0.4}

"""analysis.memo: derived numbers through the solver's disk cache, computed once, identical when read back,
never trusted when the entry is not what its key promises."""

from __future__ import annotations

import pytest

from analysis import memo, optima
from solver import SOLVER_VERSION, solve
from solver.cache import get_cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_disk_computes_once_and_reads_back_the_same_value(cache_dir):
    calls = []

    def compute(a, b):
        calls.append((a, b))
        return [a + b, None]

    assert memo.disk("add", compute, 0.1, 0.2) == [0.1 + 0.2, None]
    assert memo.disk("add", compute, 0.1, 0.2) == [0.1 + 0.2, None]
    assert calls == [(0.1, 0.2)]
    assert memo.disk("add", compute, 0.2, 0.1) == [0.2 + 0.1, None]  # other arguments: another entry
    assert len(calls) == 2


def test_an_entry_that_fails_its_check_is_recomputed(cache_dir):
    key = ["analysis", SOLVER_VERSION, memo.CODE, ["pair", 1.0]]
    get_cache().set(key, "tampered")

    def check(value):
        if not isinstance(value, list):
            raise ValueError("not a pair")

    assert memo.disk("pair", lambda x: [x, x], 1.0, check=check) == [1.0, 1.0]


def test_found_round_trips_a_result_with_its_solution(cache_dir):
    sol = solve(-0.6, 1.1, 0.5, 0.3)
    direct = optima.Found(True, 0.3, sol.R, "a reason", sol)
    first = memo.found("point", lambda: direct, -0.6, 1.1, 0.5, 0.3)
    again = memo.found("point", lambda: pytest.fail("not read from the cache"), -0.6, 1.1, 0.5, 0.3)
    for f in (first, again):
        assert (f.found, f.x, f.value, f.reason) == (direct.found, direct.x, direct.value, direct.reason)
        assert f.solution.to_dict() == direct.solution.to_dict()


def test_the_key_changes_with_the_analysis_code():
    assert len(memo.CODE) == 16 and {p.name for p in memo.SOURCES} >= {"optima.py", "claims.py", "memo.py"}

"""Monte Carlo across the dummy transition (analysis.transition_mc) on the committed data file."""

import json
import math

import numpy as np
import pytest

from analysis import transition_mc as tm
from experiments.results import DATA_DIR, FILES, load


def test_switch_counting_and_split():
    assert tm.switches([-1.0, -1.0, -5.0, -1.0, -5.0, -1.0], -3.0) == 2  # second half: -1, -5, -1
    assert tm.switches([-6.0] * 10, -3.0) == 0
    split = tm.b_split(-2.0, 880)
    assert -2.0 > split > -math.sqrt(2 * math.log(880))


@pytest.fixture(scope="module")
def data():
    return load(DATA_DIR / FILES["gibbs_transition"])


def test_file_has_provenance_and_both_starts(data):
    meta = data["meta"]
    assert meta["generator"] == "experiments/gibbs_transition.py" and len(meta["code_version"]) == 40
    assert meta["parameters"]["N"] >= 800
    keys = {(r["rho_train"], r["b_max"]) for r in data["runs"]}
    for key in keys:
        inits = [r["init"] for r in data["runs"] if (r["rho_train"], r["b_max"]) == key]
        assert sorted(set(inits)) == ["random", "teacher"] and inits.count("random") == inits.count("teacher")
    assert len({b for _, b in keys}) >= 2  # the bias cutoff is varied


def test_summary_hysteresis_and_statements(data):
    split = tm.b_split(-2.07, data["runs"][0]["P"])
    table = tm.summary(data, split)
    assert table["dummy_share"].between(0, 1).all() and (table["n"] >= 4).all()
    informative = table[table["theory_phase"] == "informative"]
    assert informative["R_theory"].notna().all()
    hyst = tm.hysteresis(table)
    assert len(hyst) == len(table) // 2 and hyst["teacher_minus_random"].between(-1, 1).all()
    trans = dict(rho_star=0.1141, rho_spinodal=0.1130, rho_c=0.1192)
    text = " ".join(tm.statements(table, hyst, data["meta"], trans, split))
    assert "nan" not in text and "ysteresis" in text and "b_max" in text
    json.dumps(table.to_dict("records"))  # the page's table is plain data
    assert np.isfinite(table["R_mean"]).all()


def test_alpha_8_file_shows_the_two_starts_apart_inside_the_window():
    """At alpha = 8 (window 0.0615-0.1192 where both states are locally stable) teacher and random starts
    end in different states at rho_train = 0.064 and 0.09; above rho_c (0.14) neither is in the dummy."""
    d = load(DATA_DIR / FILES["gibbs_transition_a8"])
    table = tm.summary(d, tm.b_split(-1.6, d["runs"][0]["P"]))
    hyst = tm.hysteresis(table).set_index("rho_train")
    assert (hyst.loc[[0.064, 0.09], "z"].abs() >= 2).all()
    assert (table.loc[table["rho_train"] == 0.14, "dummy_share"] == 0).all()


def test_finite_size_sentences_compare_the_same_points():
    tabs = {}
    for name in ("gibbs_transition", "gibbs_transition_n1600"):
        d = load(DATA_DIR / FILES[name])
        tabs[d["meta"]["parameters"]["N"]] = tm.summary(d, tm.b_split(-2.07, d["runs"][0]["P"]))
    lines = tm.finite_size(tabs)
    assert lines and all("N = 800" in s and "N = 1600" in s for s in lines)
    assert tm.finite_size({800: tabs[800]}) == []

"""AppTests of the guided tour: each step's sentences against its controls, escaped stars, a score in
step 1, hidden controls that come back with the values the numbers use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.tour import STEPS
from solver import rho0_from_b0

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.timeout(900)
SYMBOLS = {"α": "alpha", "b₀": "b0", "T": "T", "ρtest": "rho_test"}


def run(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update(query)
    at.switch_page("views/tour.py")
    return at.run()


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("n", range(1, len(STEPS) + 1))
def test_each_step_says_what_its_controls_and_numbers_show(n):
    at = run({"step": str(n)})
    assert not at.exception, at.exception
    state = {name: at.session_state[f"tour.{name}"] for name in ("b0", "alpha", "T", "rho_train", "rho_test")}
    assert state == pytest.approx(STEPS[n - 1].controls)
    [text] = [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]
    question = at.info[0].value
    body = text[2:-2]
    assert not re.search(r"(?<!\\)\*", body), body  # every * of R*, T* escaped inside the emphasis
    plain = (body + " " + question).replace("\\", "")
    for symbol, name in SYMBOLS.items():
        for value in re.findall(rf"(?<![\w(]){re.escape(symbol)} = (−?[\d.]+)(?!\d)", plain):
            if not question.startswith(f"Question: Lower {symbol}"):
                assert number(value) == pytest.approx(state[name], rel=1e-3), (symbol, value)
    for value in re.findall(r"ρ₀ = ([\d.]+)", plain):
        assert number(value) == pytest.approx(rho0_from_b0(state["b0"]), abs=6e-4)
    for value in re.findall(r"ρtrain from ([\d.]+)", plain):
        assert number(value) == pytest.approx(state["rho_train"])
    for value in re.findall(r"(?:overlap is at|R\* at) ρtrain = ([\d.]+)", plain):
        assert number(value) == pytest.approx(number(tiles(at)["ρ(R*)"]), abs=6e-4)


def test_step_one_shows_a_score_that_moves_with_rho_test_only():
    at = run({"step": "1"})
    before = tiles(at)
    assert any(label.startswith("precision at ρtest") for label in before)
    at.slider(key="tour.rho_test").set_value(0.2).run()
    after = tiles(at)
    assert after["student bias b"] == before["student bias b"] and after["overlap R"] == before["overlap R"]
    assert after["precision at ρtest = 0.2"] != before["precision at ρtest = 0.5"]


def test_teacher_mode_off_shows_the_rho_test_the_numbers_use():
    at = run({"step": "4"})
    assert "tour.rho_test" not in {s.key for s in at.slider}
    at.toggle(key="tour.teacher").set_value(False).run()
    [rho_test] = [s for s in at.slider if s.key == "tour.rho_test"]
    assert rho_test.value == 0.5
    assert "precision at ρtest = 0.5" in tiles(at)

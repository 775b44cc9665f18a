"""AppTests of the session-wide state: shared across pages, presets still win, exact b0 <-> rho0."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.timeout(600)


def url(at: AppTest) -> dict:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def explorer(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update(query or {})
    return at.run()


def test_teacher_b0_to_rho0_and_back_is_exact_and_keeps_the_numbers():
    at = explorer()
    at.slider(key="explorer.b0").set_value(-0.6).run()
    before = tiles(at)
    at.radio(key="explorer.set_by").set_value("rho0").run()
    assert at.session_state["explorer.rho0"] == pytest.approx(0.2742531178, abs=1e-10)
    assert tiles(at) == before  # the teacher did not move: same problem, same numbers
    assert url(at)["rho0"] == "0.2742531178"
    at.radio(key="explorer.set_by").set_value("b0").run()
    assert at.session_state["explorer.b0"] == -0.6 and url(at)["b0"] == "-0.6"
    assert tiles(at) == before


def test_rho0_moved_then_back_to_b0_gives_the_inverse():
    at = explorer({"set_by": "rho0", "rho0": "0.01"})
    at.radio(key="explorer.set_by").set_value("b0").run()
    assert at.session_state["explorer.b0"] == pytest.approx(-2.326347874, abs=1e-9)
    at.radio(key="explorer.set_by").set_value("rho0").run()
    assert at.session_state["explorer.rho0"] == pytest.approx(0.01, rel=1e-9)


def test_values_set_on_one_page_are_what_the_next_page_shows():
    at = explorer({"b0": "-1.5", "alpha": "8", "rho_train": "0.3", "T": "0.1"})
    at.switch_page("views/sketch.py").run()
    assert not at.exception
    assert (at.session_state["sketch.b0"], at.session_state["sketch.alpha"]) == (-1.5, 8.0)
    assert at.session_state["sketch.rho_train"] == 0.3 and url(at)["T"] == "0.1"
    at.slider(key="sketch.rho_train").set_value(0.2).run()
    at.switch_page("views/fig5.py").run()  # no rho_train here: alpha and b0 follow
    assert at.session_state["fig5.alpha"] == 8.0 and at.session_state["fig5.b0"] == -1.5
    at.switch_page("views/explorer.py").run()
    assert at.session_state["explorer.rho_train"] == 0.2 and at.session_state["explorer.T"] == 0.1


def test_a_page_with_a_narrower_range_clamps_without_changing_the_shared_value():
    at = explorer({"b0": "-4"})
    at.switch_page("views/maps.py").run()  # maps: b0 in [-3, 0]
    assert at.session_state["maps.b0"] == -3.0
    at.switch_page("views/explorer.py").run()
    assert at.session_state["explorer.b0"] == -4.0


def test_a_preset_wins_when_pressed_and_is_then_shared():
    at = explorer({"b0": "-2", "alpha": "4"})
    at.switch_page("views/fig4.py").run()
    assert at.session_state["fig4.b0"] == -2.0
    [button] = [b for b in at.button if b.label == "Reproduce Fig. 4"]
    button.click().run()
    assert at.session_state["fig4.b0"] == -1.0 and at.session_state["fig4.alpha"] == 1.1
    at.switch_page("views/explorer.py").run()
    assert at.session_state["explorer.b0"] == -1.0 and at.session_state["explorer.alpha"] == 1.1


def test_the_url_wins_over_the_shared_state_on_a_shared_link():
    at = explorer({"alpha": "2"})
    at.switch_page("views/sketch.py")
    at.query_params.clear()
    at.query_params.update({"alpha": "5"})
    at.run()
    assert at.session_state["sketch.alpha"] == 5.0


def test_every_page_keeps_the_shared_state_in_its_url_so_any_copied_link_carries_it():
    at = explorer({"b0": "-1.5", "alpha": "8", "learn_b": "0"})
    at.switch_page("views/fig6.py").run()  # a page with none of the shared controls
    link = url(at)
    assert (link["b0"], link["alpha"], link["learn_b"]) == ("-1.5", "8", "0") and "b0_min" in link

    fresh = AppTest.from_file(APP, default_timeout=300)
    fresh.query_params.update(link)
    fresh.switch_page("views/fig6.py").run()  # the copied link, in a new session
    fresh.switch_page("views/explorer.py").run()
    assert fresh.session_state["explorer.b0"] == -1.5 and fresh.session_state["explorer.alpha"] == 8.0
    assert fresh.session_state["explorer.learn_b"] is False

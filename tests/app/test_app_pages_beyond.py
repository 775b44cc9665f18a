"""AppTests of the Maps, Advisor and Tour pages: render, react, presets, bad URLs, tour URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(autouse=True)
def cold_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("IMBALANCE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "issue5-cache"))


def run(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update(query or {})
    at.switch_page(f"views/{page}.py")
    return at.run()


def numbers(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def url(at: AppTest) -> dict:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


@pytest.mark.parametrize("page", ["maps", "advisor", "tour"])
def test_page_renders_with_numbers_and_a_chart(page):
    at = run(page)
    assert not at.exception, at.exception
    assert numbers(at) and not at.warning
    assert at.get("plotly_chart")


def test_maps_phase_diagram_has_dummy_points_and_a_bisected_boundary():
    at = run("maps", {"n": "11"})
    tiles = dict(zip([m.label for m in at.metric], numbers(at), strict=True))
    assert (
        int(tiles["dummy points"]) > 0 and int(tiles["boundary points"]) >= 11
    )  # one per alpha column, 2 sides
    [table] = at.dataframe
    lower = table.value.query("rho_train < 0.5 and alpha > 1.0 and alpha < 1.2")
    assert lower.empty or lower["rho_train"].between(0.10, 0.12).all()


def test_maps_control_changes_numbers_and_url():
    at = run("maps", {"n": "11"})
    before = numbers(at)
    at.radio(key="maps.q_state").set_value("R").run()
    assert not at.exception and numbers(at) != before
    assert url(at)["q_state"] == "R"


def test_maps_preset_and_bad_axes():
    at = run("maps", {"n": "11"})
    [button] = [b for b in at.button if b.label.startswith("Optimal")]
    button.click()
    at.radio(key="maps.n").set_value("11")
    at.run()
    assert not at.exception
    assert (at.session_state["maps.kind"], at.session_state["maps.y"]) == ("optimum", "b0")
    bad = run("maps", {"x": "alpha", "y": "alpha"})
    assert bad.error and not bad.exception


def test_maps_malformed_url_gives_notice():
    at = run("maps", {"n": "11", "T": "hot"})
    assert not at.exception
    assert any("T" in w.value and "must be" in w.value for w in at.warning)


def test_advisor_fig8_preset_and_report():
    at = run("advisor")
    [button] = [b for b in at.button if b.label.startswith("Fig. 8")]
    button.click().run()
    assert not at.exception
    tiles = dict(zip([m.label for m in at.metric], numbers(at), strict=True))
    assert float(tiles["ρ(R*): best direction"]) < 0.5
    assert any("Balanced accuracy" in md.value and "0.5" in md.value for md in at.markdown)


def test_advisor_noise_control_and_bad_url():
    at = run("advisor", {"n_samples": "lots"})
    assert not at.exception and any("n_samples" in w.value for w in at.warning)
    at.radio(key="advisor.noise").set_value("sgd").run()
    assert not at.exception and "lr" in url(at) and "batch" in url(at)


def test_tour_steps_set_controls_and_urls_reproduce_them():
    at = run("tour")
    urls = [url(at)]
    for _ in range(6):
        [nxt] = [b for b in at.button if b.label.startswith("Next")]
        nxt.click().run()
        assert not at.exception
        urls.append(url(at))
    assert [u["step"] for u in urls] == [str(n) for n in range(1, 8)]
    shown = numbers(at)
    again = run("tour", urls[3])  # step 4 (alpha = 8, b0 = -2) from its URL alone
    assert again.session_state["tour.b0"] == -2.0 and again.session_state["tour.alpha"] == 8.0
    assert numbers(run("tour", urls[-1])) == shown


def test_tour_teacher_mode_hides_controls():
    at = run("tour", {"step": "4"})
    assert {s.key for s in at.slider} == {"tour.rho_train"} and at.select_slider
    at.toggle(key="tour.teacher").set_value(False).run()
    assert {"tour.b0", "tour.rho_train", "tour.rho_test"} <= {s.key for s in at.slider}

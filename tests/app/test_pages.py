"""Every dashboard page under streamlit.testing (AppTest), from one case table: it renders, a control
changes the numbers and the URL, a preset sets its documented values, a malformed URL value gives a
notice that names the parameter and its range; then the checks particular to a page.

Every page registered in ``app.py`` has a row in ``CASES`` or its own module (``OWN_TESTS``; a test
checks it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest

from analysis import claims
from tests.app.conftest import ROOT, charts, numbers, run_page, tiles, url, warnings, widget

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # AppTests: about 6 minutes in all


@dataclass
class Case:
    page: str  # file under views/
    prefix: str  # session-state prefix of the page's controls
    control: str  # control moved in the "numbers change" test
    new_value: object
    preset: str | None  # preset button label (None: the page has none)
    expected: dict  # values the preset sets
    bad_param: str  # URL parameter given a malformed value
    bad_value: str = "not-a-number"
    query: dict = field(default_factory=dict)  # URL of every run (e.g. a small map)


FIG8 = [-1.5, -2.0, -3.0, -4.0, -5.0]
SMALL_MAP = {"n": "11"}
CASES = [
    Case("explorer", "explorer", "rho_train", 0.3, "Reproduce Fig. 3(c)",
         dict(b0=-0.6, alpha=1.1, T=0.5, rho_test=0.5), "alpha"),
    Case("sketch", "sketch", "rho_train", 0.1, "Reproduce Fig. 1(c): ρtrain = 0.9",
         dict(b0=-0.6, rho_train=0.9), "n_train", "1e9"),
    Case("fig3_8", "fig3", "alpha", 2.0, "Reproduce Fig. 8 (right, α = 8)",
         dict(b0s=FIG8, alpha=8.0, T=0.5, metric_b0=-0.6), "b0s", "0,-0.2,x"),
    Case("fig4", "fig4", "T", 1.0, "Reproduce Fig. 4",
         dict(b0=-1.0, alphas=[0.5, 1.1, 2.0, 5.0, 8.0], T=0.5, Ts=[0.01, 0.1, 0.5, 1.0, 2.0], alpha=1.1),
         "Ts", "0.01,7"),
    Case("fig5", "fig5", "alpha", 2.0, "Reproduce Fig. 5",
         dict(b0=-0.6, alpha=1.1, rho_trains=[0.3, 0.5, 0.7]), "n_T", "many"),
    Case("fig6", "fig6", "b0_min", -2.0, "Reproduce Fig. 6", dict(b0_min=-3.0, log_y=False),
         "log_y", "maybe"),
    Case("fig7", "fig7", "alpha", 1.1, "Reproduce Fig. 7",
         dict(b0s=[0.0, -0.6, -1.0, -1.5, -2.0], alpha=0.7, T=0.5), "b0s", ""),
    Case("fig9_10", "fig9", "b0", -1.0, "Reproduce Fig. 9 & 10", dict(b0=-0.6, T=0.5, n_alpha=21, n_b0=15),
         "n_alpha", "2.5"),
    Case("fig11_12", "fig11", "T", 1.0, "Reproduce Fig. 11 & 12",
         dict(b0=-0.6, T=0.5, alphas=[1.1, 8.0], rho_train_12=0.5), "alphas", "1.1,abc"),
    Case("maps", "maps", "q_state", "R", "Optimal ρtrain over α × b₀ (Fig. 9)",
         dict(kind="optimum", x="alpha", y="b0", q_opt="rho_R_star", T=0.5), "T", "hot", SMALL_MAP),
    Case("advisor", "advisor", "n_samples", 8000.0, "Fig. 8 (α = 8, T = 0.5, b₀ = −2)",
         dict(rho0=0.02, n_samples=8000.0, n_features=1000.0, noise="T", T=0.5),
         "n_samples", "lots"),
    Case("tour", "tour", "step", "4", None, {}, "step", "9"),
]  # fmt: skip
WITH_PRESET = [c for c in CASES if c.preset]


def registered_pages() -> list[str]:
    """The pages of the router, in its order."""
    return re.findall(r'st\.Page\("views/(\w+)\.py"', (ROOT / "app.py").read_text())


def _url(value) -> str:
    if isinstance(value, list):
        return ",".join(f"{v:g}" for v in value)
    return f"{value:.10g}" if isinstance(value, float) else str(value)


@pytest.fixture(params=CASES, ids=lambda c: c.page)
def case(request) -> Case:
    return request.param


# Pages with their own AppTest modules: the experiment pages run there on small SGD files written by the
# generator (test_app_pages_experiments.py), so that they need no long runs in data/.
OWN_TESTS = {"claims", "yourdata", "simulations", "cifar"}


def test_every_registered_page_has_a_case():
    assert set(registered_pages()) == {c.page for c in CASES} | OWN_TESTS


def test_renders_without_exception(case):
    at = run_page(case.page, case.query)
    assert not at.exception, at.exception
    assert numbers(at) and charts(at)
    assert not warnings(at), warnings(at)


def test_moving_a_control_changes_the_numbers(case):
    at = run_page(case.page, case.query)
    before = numbers(at)
    widget(at, f"{case.prefix}.{case.control}").set_value(case.new_value).run()
    assert not at.exception, at.exception
    assert numbers(at) != before
    assert url(at)[case.control] == _url(case.new_value)


@pytest.mark.parametrize("case", WITH_PRESET, ids=lambda c: c.page)
def test_preset_sets_documented_values(case):
    at = run_page(case.page, case.query)
    [button] = [b for b in at.button if b.label == case.preset]
    button.click().run()
    assert not at.exception, at.exception
    for name, value in case.expected.items():
        assert at.session_state[f"{case.prefix}.{name}"] == pytest.approx(value), name


def test_malformed_query_param_gives_notice(case):
    at = run_page(case.page, {**case.query, case.bad_param: case.bad_value})
    assert not at.exception, at.exception
    notices = warnings(at)
    assert any(case.bad_param in n and "must be" in n for n in notices), notices
    assert numbers(at) and charts(at)


# ---------------------------------------------------------------- Explorer


def test_explorer_url_round_trip():
    """A URL with every control reproduces the same state (what a copied link does)."""
    query = dict(set_by="rho0", rho0="0.01", alpha="8", T="0.1", rho_train="0.4", rho_test="0.2",
                 learn_b="0", show_neg="1")  # fmt: skip
    at = run_page("explorer", query)
    assert not at.exception and not at.warning
    assert url(at) == query
    assert at.session_state["explorer.rho0"] == 0.01 and at.session_state["explorer.learn_b"] is False


def test_explorer_out_of_range_values_fall_back_with_notice():
    at = run_page("explorer", dict(T="20", rho_train="1.5", b0="-0.3"))
    notices = " ".join(warnings(at))
    assert "T" in notices and "[0.005, 10]" in notices
    assert "rho_train" in notices and "[0.001, 0.999]" in notices
    assert at.session_state["explorer.T"] == 0.5 and at.session_state["explorer.b0"] == -0.3


def test_explorer_jump_button_moves_rho_train_to_the_best_overlap():
    at = run_page("explorer")
    [button] = [b for b in at.button if b.label.startswith("ρ(R*)")]
    button.click().run()
    target = float(button.label.rsplit("= ", 1)[1])
    assert at.session_state["explorer.rho_train"] == pytest.approx(target)
    assert "100% of R*" in at.info[0].value


@pytest.mark.parametrize("query", [{"b0": "0"}, {"set_by": "rho0", "rho0": "0.5"}])
def test_explorer_balanced_teacher_says_rho_b_star_is_one_half(query):
    """Issue 9: b0 = 0 (or rho0 slid to 0.5) crashed with a brentq error; now it is said in words."""
    at = run_page("explorer", query)
    assert not at.exception, at.exception
    notes = " ".join(c.value for c in at.caption)
    assert "at b0 = 0 the teacher is balanced: ρ(b*) = 0.5 exactly" in notes
    assert any(b.label == "ρ(b*): b = b₀ = 0.500" for b in at.button)


def _line_labels(at) -> list[str]:
    return [a.get("text") for spec in charts(at) for a in json.loads(spec)["layout"].get("annotations", [])]


def test_explorer_fixed_bias_has_no_rho_b_star_button_or_line():
    at = run_page("explorer")
    assert any(b.label.startswith("ρ(b*)") for b in at.button) and "ρ(b*)" in _line_labels(at)
    at.toggle(key="explorer.learn_b").set_value(False).run()
    assert not any(b.label.startswith("ρ(b*)") for b in at.button)
    assert "not learned" in " ".join(c.value for c in at.caption)
    assert "ρ(b*)" not in _line_labels(at)


# ---------------------------------------------------------------- Figures


def test_fig8_preset_says_what_happens_at_rho0_in_words():
    at = run_page("fig3_8")
    [button] = [b for b in at.button if b.label.startswith("Reproduce Fig. 8 (left")]
    button.click().run()
    assert not at.exception, at.exception
    info = at.info[0].value
    assert "R = nan" not in info and "dummy phase" in info
    [table] = at.dataframe
    assert "stays above b0 = -2" in " ".join(table.value["why"]) and not table.value.isna().any().any()


def test_fig3_metric_panels_at_the_balanced_teacher():
    at = run_page("fig3_8", {"metric_b0": "0", "tab": "metrics"})
    assert not at.exception, at.exception
    assert len(charts(at)) == 2


# Pages whose charts are split into lazy tabs: page -> (session-state prefix, tab values, URL of the run)
TABBED = {
    "fig3_8": ("fig3", ("R_b", "metrics"), {}),
    "fig9_10": ("fig9", ("fig9", "fig10"), {"n_alpha": "3", "n_b0": "3"}),
    "fig11_12": ("fig11", ("fig11", "fig12"), {}),
}


@pytest.mark.parametrize("page", list(TABBED))
def test_each_tab_draws_its_own_charts_only(page):
    """The first visit draws the first tab's charts only (at most 3: the browser takes ~0.2 s per chart);
    each tab, opened in turn, renders its own charts and is kept in the URL; a link with the tab opens it."""
    prefix, tabs, query = TABBED[page]
    at = run_page(page, query)
    assert [t.label for t in at.tabs] and url(at)["tab"] == tabs[0]
    drawn = []
    for tab in tabs:
        at.session_state[f"{prefix}.tab"] = tab
        at.run()
        assert not at.exception and not warnings(at), (at.exception, warnings(at))
        assert url(at)["tab"] == tab
        drawn.append(charts(at))
        assert 1 <= len(drawn[-1]) <= 3
    assert not set(drawn[0]) & set(drawn[1])
    linked = run_page(page, {**query, "tab": tabs[1]})
    assert charts(linked) == drawn[1] and linked.session_state[f"{prefix}.tab"] == tabs[1]


@pytest.mark.parametrize("page", list(TABBED))
def test_a_bad_tab_in_the_url_gives_the_usual_notice(page):
    _, tabs, query = TABBED[page]
    at = run_page(page, {**query, "tab": "nope"})
    assert not at.exception, at.exception
    allowed = "tab must be one of " + ", ".join(tabs)
    assert any("tab=nope" in w and allowed in w for w in warnings(at)), warnings(at)
    assert url(at)["tab"] == tabs[0] and charts(at)


def test_fig5_crossover_does_not_move_with_the_T_grid():
    at = [run_page("fig5", {"n_T": n}) for n in ("11", "81")]
    t_star = [a.dataframe[0].value["T_star"].tolist() for a in at]
    assert t_star[0] == t_star[1]


# ---------------------------------------------------------------- Maps, Advisor, Tour


def test_maps_phase_diagram_has_dummy_points_and_a_bisected_boundary():
    at = run_page("maps", SMALL_MAP)
    shown = tiles(at)
    assert int(shown["dummy points"]) > 0 and int(shown["boundary points"]) >= 11  # one per alpha, 2 sides
    [table] = at.dataframe
    lower = table.value.query("rho_train < 0.5 and alpha > 1.0 and alpha < 1.2")
    assert lower.empty or lower["rho_train"].between(0.10, 0.12).all()


def test_maps_bad_axes_give_an_error_not_a_traceback():
    bad = run_page("maps", {"x": "alpha", "y": "alpha"})
    assert bad.error and not bad.exception


def test_advisor_fig8_preset_and_report():
    at = run_page("advisor")
    [button] = [b for b in at.button if b.label.startswith("Fig. 8")]
    button.click().run()
    assert not at.exception
    assert float(tiles(at)["ρ(R*): best direction"]) < 0.5
    assert any("Balanced accuracy" in md.value and "0.5" in md.value for md in at.markdown)


def test_advisor_noise_control_shows_lr_and_batch():
    at = run_page("advisor")
    at.radio(key="advisor.noise").set_value("sgd").run()
    assert not at.exception and "lr" in url(at) and "batch" in url(at)


def test_tour_steps_set_controls_and_urls_reproduce_them():
    at = run_page("tour")
    urls = [url(at)]
    for _ in range(6):
        [nxt] = [b for b in at.button if b.label.startswith("Next")]
        nxt.click().run()
        assert not at.exception
        urls.append(url(at))
    assert [u["step"] for u in urls] == [str(n) for n in range(1, 8)]
    shown = numbers(at)
    again = run_page("tour", urls[3])  # step 4 (alpha = 8, b0 = -2) from its URL alone
    assert again.session_state["tour.b0"] == -2.0 and again.session_state["tour.alpha"] == 8.0
    assert numbers(run_page("tour", urls[-1])) == shown


def test_tour_teacher_mode_hides_controls():
    at = run_page("tour", {"step": "4"})
    assert {s.key for s in at.slider} == {"tour.rho_train"} and at.select_slider
    at.toggle(key="tour.teacher").set_value(False).run()
    assert {"tour.b0", "tour.rho_train", "tour.rho_test"} <= {s.key for s in at.slider}


def test_tour_step_3_at_the_balanced_teacher():
    """Step 3 asks for a teacher where the diamond reaches the star: b0 = 0 is the answer, not a crash."""
    at = run_page("tour", {"step": "3", "b0": "0"})
    assert not at.exception, at.exception
    assert "ρ(b*) = 0.5 exactly" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("key", list(claims.TABS))
def test_a_claims_link_opens_the_tab_that_shows_the_claim(key):
    """The claims page links each claim to its page, with ``tab=`` where the claim is not in the first
    tab: the link opens that tab, without a notice."""
    res = claims.check(key)
    page = res["page"].removeprefix("views/").removesuffix(".py")
    prefix = TABBED[page][0]
    at = run_page(page, res["query"])
    assert not at.exception and not warnings(at), (at.exception, warnings(at))
    assert at.session_state[f"{prefix}.tab"] == res["query"]["tab"] != TABBED[page][1][0]

"""Every dashboard page under streamlit.testing (AppTest): renders, reacts, presets, bad URLs.

Each page is described by one ``Case``: a control to move (and its new value), a preset button with the
values it must set, and a malformed URL parameter that must produce a visible notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.timeout(600)


@dataclass
class Case:
    page: str  # file under views/
    prefix: str  # session-state prefix of the page's controls
    control: str  # control moved in the "numbers change" test
    new_value: object
    preset: str  # preset button label
    expected: dict  # values the preset sets
    bad_param: str  # URL parameter given a malformed value
    bad_value: str = "not-a-number"


FIG8 = [-1.5, -2.0, -3.0, -4.0, -5.0]
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
]  # fmt: skip


def run_page(case: Case, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if case.page != "explorer":
        at.switch_page(f"views/{case.page}.py")
    return at.run()


def shown_numbers(at: AppTest) -> list[str]:
    """Everything numeric a reader sees: metric tiles and tables."""
    return [m.value for m in at.metric] + [d.value.to_csv() for d in at.dataframe]


def url(at: AppTest) -> dict[str, str]:
    """The app's query parameters as plain strings."""
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def widget(at: AppTest, key: str):
    """The widget with session-state key ``key`` whatever its type."""
    for kind in ("slider", "select_slider", "toggle", "radio", "multiselect", "selectbox"):
        found = [w for w in getattr(at, kind) if w.key == key]
        if found:
            return found[0]
    raise KeyError(key)


@pytest.fixture(params=CASES, ids=lambda c: c.page)
def case(request) -> Case:
    return request.param


def test_renders_without_exception(case):
    at = run_page(case)
    assert not at.exception, at.exception
    assert shown_numbers(at)
    assert not at.warning, [w.value for w in at.warning]


def test_moving_a_control_changes_the_numbers(case):
    at = run_page(case)
    before = shown_numbers(at)
    widget(at, f"{case.prefix}.{case.control}").set_value(case.new_value).run()
    assert not at.exception, at.exception
    assert shown_numbers(at) != before
    assert url(at)[case.control] == _url(case.new_value)


def test_preset_sets_documented_values(case):
    at = run_page(case)
    [button] = [b for b in at.button if b.label == case.preset]
    button.click().run()
    assert not at.exception, at.exception
    for name, value in case.expected.items():
        assert at.session_state[f"{case.prefix}.{name}"] == pytest.approx(value), name


def test_malformed_query_param_gives_notice(case):
    at = run_page(case, {case.bad_param: case.bad_value})
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning]
    assert any(case.bad_param in n and "must be" in n for n in notices), notices
    assert shown_numbers(at)


def _url(value) -> str:
    if isinstance(value, list):
        return ",".join(f"{v:g}" for v in value)
    return f"{value:.10g}" if isinstance(value, float) else str(value)


def test_explorer_url_round_trip():
    """A URL with every control reproduces the same state (what a copied link does)."""
    query = dict(set_by="rho0", rho0="0.01", alpha="8", T="0.1", rho_train="0.4", rho_test="0.2",
                 learn_b="0", show_neg="1")  # fmt: skip
    at = run_page(CASES[0], query)
    assert not at.exception and not at.warning
    assert url(at) == query
    assert at.session_state["explorer.rho0"] == 0.01 and at.session_state["explorer.learn_b"] is False


def test_explorer_out_of_range_values_fall_back_with_notice():
    at = run_page(CASES[0], dict(T="20", rho_train="1.5", b0="-0.3"))
    notices = " ".join(w.value for w in at.warning)
    assert "T" in notices and "[0.005, 10]" in notices
    assert "rho_train" in notices and "[0.001, 0.999]" in notices
    assert at.session_state["explorer.T"] == 0.5 and at.session_state["explorer.b0"] == -0.3


def test_explorer_jump_button_moves_rho_train_to_the_best_overlap():
    at = run_page(CASES[0])
    [button] = [b for b in at.button if b.label.startswith("ρ(R*)")]
    button.click().run()
    target = float(button.label.rsplit("= ", 1)[1])
    assert at.session_state["explorer.rho_train"] == pytest.approx(target)
    assert "100% of R*" in at.info[0].value

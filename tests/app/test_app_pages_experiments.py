"""The experiment pages (Simulations vs theory, AD CIFAR-10) under streamlit.testing, and their numerics.

The SGD result files are replaced by small files written here with the generator itself (N = 40), so the
tests neither wait for nor depend on the long runs in ``data/``; the Gibbs MC and CIFAR files are the
committed ones. Missing or unreadable files are simulated by pointing ``experiments_backend.PATHS`` elsewhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from analysis import calibration
from analysis import cifar as experiments_cifar
from analysis import sims as experiments_sims
from dashboard import experiments_backend
from dashboard import experiments_charts as charts_module
from experiments import results, sgd_perceptron

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = {"simulations": "views/simulations.py", "cifar": "views/cifar.py"}
pytestmark = pytest.mark.timeout(300)


SMALL = ["--N", "40", "--n-runs", "3", "--chunk", "3", "--n-test", "200", "--max-epochs", "40"]
RHOS = ["--rho-train", "0.2", "0.35", "0.5", "0.65", "0.8"]
SGD_FILES = {  # backend name -> generator arguments (the generator itself writes the small files)
    "sgd_fig13": ["--figure", "13", *RHOS],
    "sgd_fig13_v2": ["--figure", "13", "--lr", "0.5", *RHOS],
    "sgd_fig14": ["--figure", "14", "--batch-sizes", "40", "8", "2"],
    "sgd_fig14_v2": ["--figure", "14", "--batch-sizes", "40", "8", "2", "--rho-fig14", "0.3", "0.7"],
    "sgd_nstudy": ["--figure", "N", "--N-values", "20", "40", "--lr-values", "0.05", "0.5"],
}


@pytest.fixture(scope="module")
def sgd_dir(tmp_path_factory) -> Path:
    """Small SGD files (N = 40, 3 runs per point) of every figure; sgd_fig13 without train errors, as
    the committed v1 files."""
    folder = tmp_path_factory.mktemp("sgd")
    for name, args in SGD_FILES.items():
        sgd_perceptron.main([*SMALL, *args, "--out", str(folder / f"{name}.json")])
    v1 = json.loads((folder / "sgd_fig13.json").read_text())
    for run in v1["runs"]:
        del run["train_error"]
    (folder / "sgd_fig13.json").write_text(json.dumps(v1))
    return folder


@pytest.fixture(autouse=True)
def small_sgd_files(monkeypatch, sgd_dir):
    for name in SGD_FILES:
        monkeypatch.setitem(experiments_backend.PATHS, name, sgd_dir / f"{name}.json")
    monkeypatch.setitem(experiments_backend.PATHS, "sgd_fig13_peak", sgd_dir / "no_supplement.json")


def run_page(name: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(PAGES[name])
    return at.run()


def content(at: AppTest) -> list[str]:
    """What a reader sees as numbers and sentences: tables and markdown."""
    return [d.value.to_csv() for d in at.dataframe] + [m.value for m in at.markdown]


def charts(at: AppTest) -> list[str]:
    return [c.proto.spec for c in at.get("plotly_chart")]


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


SECTIONS = ("mc", "transition", "fig13", "fig14", "noise", "nstudy")  # the Simulations page's tabs


def open_tab(at: AppTest, tab: str) -> AppTest:
    """Open one tab of the Simulations page (the tab a click selects) and rerun."""
    at.session_state["simulations.tab"] = tab
    return at.run()


def every_tab(at: AppTest):
    """Open each tab of the Simulations page in turn (``at`` then shows it); yields the tab."""
    for tab in SECTIONS:
        open_tab(at, tab)
        yield tab


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_without_exception(name):
    at = run_page(name)
    assert not at.exception, at.exception
    assert not warnings(at), warnings(at)
    assert len(charts(at)) >= 2 and at.dataframe
    text = " ".join(m.value for m in at.markdown)
    verdict = {"simulations": "lie within 2 SE of the theory", "cifar": "agrees"}[name]  # first tab's words
    assert verdict in text or verdict.capitalize() in text


def test_simulations_draws_at_most_three_charts_per_tab_and_keeps_the_tab_in_the_url():
    """The first visit draws the Monte Carlo tab only; every tab renders its own charts (at most 3: the
    browser takes ~0.2 s to draw each), is written to the URL, and a link with it opens it."""
    at = run_page("simulations")
    assert at.session_state["simulations.tab"] == "mc" and at.query_params["tab"] in ("mc", ["mc"])
    drawn = {}
    for tab in every_tab(at):
        assert not at.exception and not warnings(at), (tab, at.exception, warnings(at))
        assert at.query_params["tab"] in (tab, [tab])
        drawn[tab] = charts(at)
        assert 1 <= len(drawn[tab]) <= 3, (tab, len(drawn[tab]))
    assert len({s for specs in drawn.values() for s in specs}) == sum(map(len, drawn.values()))
    linked = run_page("simulations", {"tab": "noise"})
    assert charts(linked) == drawn["noise"] and linked.session_state["simulations.tab"] == "noise"


def test_simulations_shows_all_three_comparisons_with_error_bars():
    at = run_page("simulations")
    specs = [s for tab in every_tab(at) if tab != "transition" for s in charts(at)]
    assert len(specs) >= 10  # MC R, b; Fig. 13 metrics, R, b; Fig. 14 a_bal, b; T vs lr/BS, N lr/BS; N study
    assert all('"error_y"' in s for s in specs)
    text = " ".join(m.value for m in open_tab(at, "mc").markdown) + " ".join(
        m.value for m in open_tab(at, "nstudy").markdown
    )
    assert "lie within 2 SE of the theory" in text and "N = 5000 ≈ N → ∞" in text
    titles = [json.loads(s)["layout"]["xaxis"]["title"]["text"] for s in specs]
    for axis in charts_module.NOISE_AXES.values():  # every noise axis says what it is
        assert axis in titles
    assert titles.count(charts_module.NOISE_AXES["lr_over_BS"]) == 3  # Fig. 14 a_bal, b; T vs lr/BS
    assert "input dimension N" in titles
    assert not any("T_eff" in t for t in titles)


def _caption(at: AppTest, start: str) -> str:
    [caption] = [c.value for c in at.caption if c.value.startswith(start)]
    return caption


@pytest.mark.slow
def test_fig13_theory_is_drawn_at_the_fitted_temperature(sgd_dir):
    """The caption's T_fit is the pooled fit of analysis.calibration on the same runs, not a chosen T."""
    at = run_page("simulations", {"tab": "fig13"})
    caption = _caption(at, "SGD at N = 40")
    assert "lr = 0.5" in caption and "Runs done: 15 of 15 planned (complete)" in caption
    files = {"paper": [results.load(sgd_dir / "sgd_fig13_v2.json")]}
    runs = calibration.runs_table(files)
    cs = calibration.curves(runs)
    fit, chi2 = calibration.pooled_fit(calibration.per_point(runs, cs), cs, "train_error")
    assert f"T_fit: {fit.text()}" in caption and f"χ²/dof = {chi2:.3g}" in caption
    assert f"T_fit = {float(f'{fit.T:.3g}'):g} gives R" in " ".join(m.value for m in at.markdown)


@pytest.mark.slow
def test_fig13_extra_set_without_train_errors_is_fitted_to_R_and_b():
    at = run_page("simulations", {"fig13_set": "extra", "tab": "fig13"})
    assert not at.exception, at.exception
    caption = _caption(at, "SGD at N = 40")
    assert "lr = 0.05" in caption and "this file has no train error, so the fit uses (R, b)" in caption
    table = open_tab(at, "noise").dataframe[-1].value
    extra = table[table["data set"].str.contains("extra")]
    missing = {"not recorded (v1 file)"}
    assert set(extra["T fitted to the train error"]) == set(extra["train error"]) == missing
    assert not any(w in table.to_csv() for w in ("nan", "None", "inf"))


@pytest.mark.slow
def test_fit_choice_changes_the_noise_scale_charts():
    at = run_page("simulations", {"tab": "noise"})
    noise = [i for i, s in enumerate(charts(at)) if "theory temperature T fitted to" in s]
    before = [charts(at)[i] for i in noise]
    at.radio(key="simulations.fit_by").set_value("Rb").run()
    assert not at.exception, at.exception
    after = [charts(at)[i] for i in noise]
    assert after != before and all("fitted to the measured (R, b)" in s for s in after)


def test_cifar_names_the_backbone_from_the_metadata():
    at = run_page("cifar")
    meta = json.loads(Path(experiments_backend.PATHS["cifar"]).read_text())["metadata"]
    backbone = meta["models"]["linear_head"]["backbone"]
    assert backbone in at.info[0].value
    assert any(backbone in s.value for s in at.subheader)
    assert any(backbone in d.value.to_csv() for d in at.dataframe)


@pytest.mark.parametrize(
    ("name", "control", "value"), [("simulations", "init", "random"), ("cifar", "rho_test", "0.1")]
)
def test_moving_a_control_changes_the_content(name, control, value):
    at = run_page(name)
    before = content(at)
    at.radio(key=f"{name}.{control}").set_value(value).run()
    assert not at.exception, at.exception
    assert content(at) != before
    assert at.query_params[control] in (value, [value])


def test_simulations_metric_choice_and_preset():
    at = run_page("simulations", {"tab": "fig13"})
    at.radio(key="simulations.metric").set_value("auc").run()
    [fig13] = [
        s for s in charts(at) if json.loads(s)["layout"]["yaxis"]["title"]["text"] == "metric at ρtest = 0.5"
    ]
    assert "AUC (SGD)" in fig13 and "recall r (SGD)" not in fig13
    [preset] = [b for b in at.button if b.label == "Reproduce Fig. 13 (left)"]
    preset.click().run()
    assert at.session_state["simulations.metric"] == "all"


@pytest.mark.parametrize(
    ("name", "query", "param"),
    [
        ("simulations", {"init": "bogus", "live_N": "abc"}, "init"),
        ("simulations", {"tab": "charts"}, "tab"),
        ("cifar", {"rho_test": "0.3"}, "rho_test"),
    ],
)
def test_malformed_query_param_gives_notice(name, query, param):
    at = run_page(name, query)
    assert not at.exception, at.exception
    assert any(param in w and "must be" in w for w in warnings(at)), warnings(at)
    assert charts(at)


def test_missing_data_files_give_notices_not_tracebacks(monkeypatch, tmp_path):
    for key in experiments_backend.PATHS:
        monkeypatch.setitem(experiments_backend.PATHS, key, tmp_path / f"{key}_missing.json")
    at = run_page("simulations")
    notices = []
    for _ in every_tab(at):
        assert not at.exception, at.exception
        notices += warnings(at)
    assert sum("is not available yet" in w for w in notices) == 7  # MC (+3 transition files), 13, 14, N
    at = run_page("cifar")
    assert not at.exception, at.exception
    assert any("is not available yet" in w for w in warnings(at))


def test_unreadable_file_gives_a_notice(monkeypatch, tmp_path):
    bad = tmp_path / "gibbs.json"
    bad.write_text("{not json")
    monkeypatch.setitem(experiments_backend.PATHS, "gibbs_mc", bad)
    at = run_page("simulations")
    assert not at.exception, at.exception
    assert any("could not be read" in w for w in warnings(at))


def test_live_run_adds_points_with_a_progress_bar():
    at = run_page("simulations", {"live_N": "100", "live_seeds": "2"})
    assert not any("live run" in s for s in charts(at))
    [button] = [b for b in at.button if b.label == "Run a small one now"]
    button.click().run()
    assert not at.exception, at.exception
    live = at.session_state["simulations.live"]
    assert live["N"] == 100 and len(live["mc"]) == 3 * 2 and len(live["sgd"]) == 9 * 2
    assert "Live points: N = 100" in at.success[0].value
    assert sum("live run (N = 100)" in s for s in charts(at)) == 2  # Monte Carlo R and b
    assert sum("live run (N = 100)" in s for s in charts(open_tab(at, "fig13"))) == 3  # metrics, R, b


# ---------------------------------------------------------------- numerics behind the pages


def test_theory_auc_limits_and_monotonicity():
    assert experiments_sims.theory_auc(0.0, -0.6) == pytest.approx(0.5, abs=1e-12)
    assert experiments_sims.theory_auc(1.0, -0.6) == 1.0
    values = [experiments_sims.theory_auc(R, -0.6) for R in np.linspace(0, 0.99, 12)]
    assert np.all(np.diff(values) > 0)


def test_theory_auc_matches_sampling():
    rng = np.random.default_rng(0)
    R, b0 = 0.6, -0.6
    y = rng.standard_normal(400_000)
    h = R * y + np.sqrt(1 - R * R) * rng.standard_normal(y.size)
    pos, neg = h[y > -b0][:2000], h[y < -b0][:2000]
    sampled = (pos[:, None] > neg[None, :]).mean()
    assert experiments_sims.theory_auc(R, b0) == pytest.approx(sampled, abs=0.01)


def test_cifar_verdicts():
    """The verdict follows the measured peak's 95 % interval against the theory's range of optima."""
    pred = dict(kind="peak", lo=0.52, hi=0.54, share=1.0)
    tight = dict(rho=0.53, value=0.8, lo=0.5, hi=0.56, edge=False)
    assert experiments_cifar.verdict(pred, tight, 0.0) == "agrees"
    assert experiments_cifar.verdict(pred, {**tight, "lo": 0.1, "hi": 0.8}, 0.0).startswith("too weak")
    lower = {**tight, "rho": 0.495, "lo": 0.485, "hi": 0.505}  # fit 0.49-0.50 +- 0.01 vs theory 0.52-0.54
    assert experiments_cifar.verdict(pred, lower, 0.0) == "differs (data peak lower)"
    assert experiments_cifar.verdict(pred, {**tight, "edge": True}, 0.0).endswith("edge)")
    assert experiments_cifar.verdict(dict(kind="increasing"), tight, 0.95) == "agrees"


def test_fig13_supplement_is_appended_when_present(monkeypatch, sgd_dir):
    monkeypatch.setitem(experiments_backend.PATHS, "sgd_fig13_peak", sgd_dir / "sgd_fig13.json")
    data, notice = experiments_backend.load("sgd_fig13")
    single = json.loads((sgd_dir / "sgd_fig13.json").read_text())
    assert notice is None and len(data["runs"]) == 2 * len(single["runs"])
    assert data["meta"]["supplements"] == [single["meta"]]


def test_experiment_pages_never_import_torch():
    code = (
        "import sys; from streamlit.testing.v1 import AppTest; "
        "[AppTest.from_file('app.py', default_timeout=240).switch_page(p).run() "
        "for p in ('views/simulations.py', 'views/cifar.py')]; "
        "assert 'torch' not in sys.modules, 'torch imported'"
    )
    root = Path(APP).parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]

"""The chart builders' figure dicts are valid Plotly figures (st.plotly_chart gets them unvalidated,
see ``dashboard.plots.Built``), the log axes label their ticks unambiguously, and the figure sent to the
browser carries its look itself (template and Streamlit's theme written in, as plotly.js applies a
template; tests/e2e/test_chart_look_browser.py compares the drawn charts) with a digest as datarevision."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from analysis import figures
from dashboard import chart_look, family_charts, plots, sketch_chart, sweep_charts

B0, ALPHA, T = -0.6, 1.1, 0.5


@pytest.fixture(scope="module")
def sweep():
    scan = figures.rho_train_scan(B0, ALPHA, T, None, 21)
    df, opt = figures.scan_table(scan, 0.5), figures.refined_optima(scan, 0.5)
    pt = figures.point(B0, ALPHA, T, 0.3, 0.5, None)
    return df, opt, pt


def valid(fig: dict) -> None:
    go.Figure(plots.spec(fig))  # raises ValueError on any unknown property or bad value
    go.Figure(plots.spec(plots.presented(fig), chart_look.PRESENT_ROOT_PX))


def test_sweep_charts_with_and_without_a_pin_and_current_point(sweep):
    df, opt, pt = sweep
    for pin in (None, df):
        valid(sweep_charts.overlap(df, opt, pt, 0.27, pin))
        valid(sweep_charts.bias(df, opt, None, 0.27, B0, pin))
        valid(sweep_charts.metrics(df, opt, pt, 0.27, ["recall", "precision", "f1"], "0.5", pin))


def test_family_charts_with_inset_and_marks():
    df = figures.family([0.0, -0.6], ALPHA, T, 21, 0.5, False, None, None)
    opt = figures.family_optima(df)
    fig = family_charts.curves(df, "R", "b0", lambda b: f"b0 = {b:g}")
    family_charts.markers(fig, opt["rho_R_star"], opt["R_star"], "maximum R*")
    family_charts.inset(fig, df, "R", "b0", opt["rho_R_star"], opt["R_star"])
    family_charts.marks_at(fig, df, "b0", "rho_train", "R", "rho_train", 0.5, "0.5")
    valid(fig)
    assert fig["layout"]["xaxis2"]["range"][0] < 0.5 < fig["layout"]["xaxis2"]["range"][1]


def test_sketch_shades_both_regions_far_beyond_the_visible_box():
    sk = figures.sketch(B0, ALPHA, T, 0.3, 40, seed=0)
    fig = sketch_chart.figure(sk, B0)
    valid(fig)
    fills = [t for t in fig["data"] if t.get("fill") == "toself"]
    assert {t["name"] for t in fills} == {"student predicts anomaly", "student predicts normal"}
    assert all(max(map(abs, t["x"] + t["y"])) > 10 * sketch_chart.BOX for t in fills)


def test_log_axes_write_every_tick_in_full():
    fig = plots.figure("alpha", "R", log_x=True)
    valid(fig)
    labels = dict(zip(fig["layout"]["xaxis"]["tickvals"], fig["layout"]["xaxis"]["ticktext"], strict=True))
    assert labels[0.2] == "0.2" and labels[20.0] == "20" and labels[2.0] == "2"


def test_labels_of_nearby_lines_take_separate_rows():
    lines = [(0.50, "ρ(R*)", "", "", "top"), (0.51, "ρ0", "", "", "top"), (0.9, "ρ(b*)", "", "", "top")]
    assert sweep_charts.label_rows(lines) == [0, 1, 0]


def small_figure(title=None) -> dict:
    fig = plots.figure("rho_train", "R", title=title)
    plots.curve(fig, [0.1, 0.5, 0.9], [0.2, 0.4, 0.2], "R")
    plots.curve(fig, [0.1, 0.5, 0.9], [0.1, 0.3, 0.1], "R again", i=1)
    plots.vline(fig, 0.5, "0.5")
    return fig


def test_spec_writes_the_template_and_streamlits_theme_into_the_figure():
    fig = small_figure()
    sent = plots.spec(fig)
    layout = sent["layout"]
    assert "template" not in layout and fig["layout"]["template"] == "plotly_white"  # the input is kept
    # the figure's own values win; the template's and the theme's fill in what it leaves unset (None too)
    assert layout["xaxis"]["gridcolor"] == "#E5E5E5" and layout["xaxis"]["showgrid"] is False
    assert layout["yaxis"]["title"]["text"] == plots.LABELS["R"]
    assert layout["yaxis"]["title"]["standoff"] == 24 and layout["yaxis"]["tickfont"]["size"] == 12
    assert layout["title"]["x"] == 0 and layout["font"]["family"] == chart_look.FONT
    assert layout["margin"]["l"] == 10 and layout["margin"]["pad"] == 8
    # defaults of the template's lists: each annotation and shape; traces by type
    assert layout["annotations"][0]["arrowcolor"] == "#2a3f5f" and layout["annotations"][0]["text"] == "0.5"
    white = pio.templates["plotly_white"].layout.shapedefaults.line.color
    assert layout["shapes"][0]["line"]["color"] == plots.GREY != white
    assert all(t["fillpattern"] == {"fillmode": "overlay", "size": 10, "solidity": 0.2} for t in sent["data"])


def test_presentation_mode_scales_streamlits_sizes_with_the_page_font():
    big = plots.spec(plots.presented(small_figure()), chart_look.PRESENT_ROOT_PX)["layout"]
    assert big["yaxis"]["tickfont"]["size"] == 15 and big["yaxis"]["title"]["standoff"] == 30
    assert big["font"]["size"] == 17  # presented's own size wins


def test_the_look_reaches_axes_named_only_by_a_trace():
    fig = small_figure()
    fig["data"].append(dict(type="scatter", x=[0.5], y=[0.3], xaxis="x2", yaxis="y2"))
    layout = plots.spec(fig)["layout"]
    assert layout["xaxis2"]["tickfont"]["size"] == 12 and layout["yaxis2"]["ticklabelposition"] == "outside"
    valid(fig)


def test_template_defaults_of_a_trace_type_cycle():
    look = {"layout": {}, "data": {"scatter": [{"opacity": 0.1}, {"opacity": 0.2}]}}
    fig = {"data": [{"type": "scatter"}, {"type": "heatmap"}, {}, {"type": "scatter", "opacity": 1}]}
    data = chart_look.applied(look, fig)["data"]
    assert [t.get("opacity") for t in data] == [0.1, None, 0.2, 1]


def test_a_title_is_bold_once():
    fig = small_figure(title="(a) overlap")
    assert plots.spec(fig)["layout"]["title"]["text"] == "<b>(a) overlap</b>"
    assert plots.spec(fig)["layout"]["title"]["text"] == "<b>(a) overlap</b>"  # fig itself unchanged


def test_datarevision_is_a_digest_of_the_figure():
    revision = [plots.spec(f)["layout"]["datarevision"] for f in (small_figure(), small_figure())]
    assert revision[0] == revision[1]
    data, ticks = small_figure(), small_figure()
    data["data"][0]["y"][1] = 0.41
    ticks["layout"]["yaxis"]["tickvals"] = [0.1, 0.2]  # a layout array: plotly.js diffs it by identity
    assert len({revision[0], *(plots.spec(f)["layout"]["datarevision"] for f in (data, ticks))}) == 3

"""The chart builders' figure dicts are valid Plotly figures (st.plotly_chart gets them unvalidated,
see ``dashboard.plots.Built``), and the log axes label their ticks unambiguously."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from analysis import figures
from dashboard import family_charts, plots, sketch_chart, sweep_charts

B0, ALPHA, T = -0.6, 1.1, 0.5


@pytest.fixture(scope="module")
def sweep():
    scan = figures.rho_train_scan(B0, ALPHA, T, None, 21)
    df, opt = figures.scan_table(scan, 0.5), figures.refined_optima(scan, 0.5)
    pt = figures.point(B0, ALPHA, T, 0.3, 0.5, None)
    return df, opt, pt


def valid(fig: dict) -> None:
    go.Figure(plots.spec(fig))  # raises ValueError on any unknown property or bad value
    go.Figure(plots.spec(plots.presented(fig)))


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

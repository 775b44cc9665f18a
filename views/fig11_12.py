"""Fig. 11: each metric against the overlap R along the rho_train sweep; Fig. 12: metrics against rho_test."""

import streamlit as st

from dashboard import backend, layout, params, plots, tabs
from dashboard.downloads import export_view, table_numbers
from dashboard.state import Param, controls

PAGE = "fig11"
N_GRID = 61
METRICS = ["recall", "specificity", "balanced_accuracy", "precision", "f1", "precision_neg", "f1_neg"]
PARAMS = [
    *params.teacher(-0.6),
    params.temperature(0.5),
    params.family("alphas", "Amounts of data α (one panel each)", (1.1, 8.0), (0.5, 1.1, 2.0, 4.0, 8.0, 20.0),
                  "The paper compares α = 1.1 (left) with α = 8 (right)."),
    Param("rho_train_12", "ρtrain of Fig. 12", 0.5, lo=0.01, hi=0.99, step=0.01, fmt="%.2f",
          help="The training imbalance at which the metrics are plotted against ρtest."),
]  # fmt: skip
PRESETS = {"Reproduce Fig. 11 & 12": dict(set_by="b0", b0=-0.6, T=0.5, alphas=[1.1, 8.0], rho_train_12=0.5)}
TAB = tabs.param({"fig11": "Fig. 11: metrics against the overlap R", "fig12": "Fig. 12: metrics vs ρtest"})

TITLE = "Fig. 11 & 12: which metric tracks the overlap R?"
st.title(TITLE)
v = controls(PAGE, PARAMS, PRESETS, later=[TAB])
if not v["alphas"]:
    st.warning("Choose at least one α in the sidebar.")
    st.stop()
b0 = params.teacher_b0(v)
curves, peaks = backend.metrics_vs_R(b0, tuple(v["alphas"]), v["T"], N_GRID)
tab = tabs.sections(PAGE, TAB)  # a closed tab's charts are neither built nor sent
if tab["fig11"].open:
    with tab["fig11"]:
        st.markdown(
            "**Fig. 11.** Each metric (ρtest = 0.5) against R as ρtrain sweeps from 0 to 1: the curve goes "
            "out and back, and its rightmost point is R*. A good proxy peaks (star) close to that point, and "
            "both branches lie close together. Grey dotted lines are parallel to y = x."
        )
        layout.table(peaks)
        cols = st.columns(len(v["alphas"]))
    for col, (alpha, part) in zip(cols, curves.groupby("alpha", sort=False), strict=True):
        fig = plots.figure("R", "metric at ρ<sub>test</sub> = 0.5", title=f"α = {alpha:g}", height=420)
        ok = list(part["phase"] == "informative")
        for i, m in enumerate(METRICS):
            plots.curve(fig, part["R"], part[m], plots.LABELS[m], i, ok, colour=plots.METRIC_COLOURS[m],
                        group=m)  # fmt: skip
        here = peaks[peaks["alpha"] == alpha]
        for m, r, val in zip(here["metric"], here["R"], here["value"], strict=True):
            if m in METRICS:
                plots.points(
                    fig, [r], [val], "peak", "star", plots.METRIC_COLOURS[m], 14, m == here["metric"].iloc[0]
                )
        for c in (0.2, 0.4, 0.6):
            fig["layout"]["shapes"].append(dict(type="line", x0=0, y0=c, x1=1 - c, y1=1, xref="x", yref="y",
                                                line=dict(color="#BBBBBB", dash="dot", width=1)))  # fmt: skip
        with col:
            shown = part[["alpha", "rho_train", "phase", "R", *METRICS]]
            layout.chart(fig, f"fig11_metrics_vs_R_alpha_{alpha:g}", shown)

if tab["fig12"].open:
    with tab["fig12"]:
        st.markdown(
            f"**Fig. 12.** Metrics against the test imbalance ρtest for a student trained at ρtrain = "
            f"{v['rho_train_12']:.2f}. Recall, specificity and balanced accuracy do not depend on ρtest; "
            "precision and F1 do, strongly."
        )
        cols = st.columns(len(v["alphas"]))
    table = backend.metrics_vs_rho_test(b0, tuple(v["alphas"]), v["T"], v["rho_train_12"])
    for col, (alpha, part) in zip(cols, table.groupby("alpha", sort=False), strict=True):
        fig = plots.figure("rho_test", "metric", title=f"α = {alpha:g}", height=380)
        for i, m in enumerate(["accuracy", *METRICS]):
            plots.curve(fig, part["rho_test"], part[m], plots.LABELS[m], i, colour=plots.METRIC_COLOURS[m])
        with col:
            layout.chart(fig, f"fig12_metrics_vs_rho_test_alpha_{alpha:g}", part)
export_view(
    TITLE, PARAMS, v, table_numbers(peaks, ["alpha", "metric"], ["rho_train", "R", "value", "R_star"])
)

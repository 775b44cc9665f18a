"""Figs. 3 and 8: R, b and the test metrics against rho_train for a family of teacher biases b0."""

import streamlit as st

from dashboard import backend, explain, family_charts, layout, params, plots, sweep_charts, tabs
from dashboard.downloads import export_view, table_numbers
from dashboard.state import Param, controls

PAGE = "fig3"
N_GRID = 61
B0S = (0.0, -0.2, -0.4, -0.6, -1.0, -1.5, -2.0, -3.0, -4.0, -5.0)
METRICS = ["recall", "specificity", "accuracy", "balanced_accuracy", "precision", "f1", "f1_neg"]
PARAMS = [
    params.family("b0s", "Teacher biases b₀ (one curve each)", (0.0, -0.2, -0.4, -0.6), B0S,
                  "Each b0 gives an anomaly fraction ρ0 = Φ(b0); more negative = rarer anomalies."),
    params.alpha(1.1),
    params.temperature(0.5),
    Param("metric_b0", "b₀ of the metric panels (c, d)", -0.6, lo=-5.0, hi=5.0, step=0.01, fmt="%.2f",
          help="Teacher bias used for the test-metric panels."),
]  # fmt: skip
PRESETS = {
    "Reproduce Fig. 3": dict(b0s=[0.0, -0.2, -0.4, -0.6], alpha=1.1, T=0.5, metric_b0=-0.6),
    "Reproduce Fig. 8 (left, α = 1.1)": dict(
        b0s=[-1.5, -2.0, -3.0, -4.0, -5.0], alpha=1.1, T=0.5, metric_b0=-0.6
    ),
    "Reproduce Fig. 8 (right, α = 8)": dict(
        b0s=[-1.5, -2.0, -3.0, -4.0, -5.0], alpha=8.0, T=0.5, metric_b0=-0.6
    ),
}
TAB = tabs.param(
    {"R_b": "(a, b) Overlap R and learned bias b", "metrics": "(c, d) Test metrics"},
    "Panels (a, b) or (c, d) of Fig. 3 and Fig. 8 (only the open tab's charts are drawn).",
)

TITLE = "Fig. 3 & 8: performance against the train imbalance ρtrain"
st.title(TITLE)
v = controls(PAGE, PARAMS, PRESETS, later=[TAB])
if not v["b0s"]:
    st.warning("Choose at least one teacher bias b₀ in the sidebar.")
    st.stop()
df, opt = backend.family(tuple(v["b0s"]), v["alpha"], v["T"], N_GRID, 0.5)
peaked = opt.dropna(subset=["rho_R_star"])
if peaked.empty:
    st.info(
        f"No interior optimum of R for these teachers: {opt['why'].iloc[0]}.", icon=":material/lightbulb:"
    )
else:
    far = peaked.loc[(peaked["rho_R_star"].astype(float) - 0.5).abs().idxmax()]
    rho_at = min(max(far["rho0"], 0.001), 0.999)  # the solver's rho_train range
    at_rho0 = backend.point(far["b0"], v["alpha"], v["T"], rho_at, 0.5, None)
    where = f"ρ0 = {far['rho0']:.3g}" + ("" if rho_at == far["rho0"] else f" (solved at ρtrain = {rho_at:g})")
    st.info(
        f"Training at ρtrain = ρ0 is never best: e.g. for b₀ = {far['b0']:g} the overlap peaks at "
        f"ρ(R*) = {far['rho_R_star']:.3f} (R* = {far['R_star']:.3f}) while {where} gives "
        f"R = {explain.fmt(at_rho0['R'], 3, 'no solution')} ({at_rho0['phase']} phase).",
        icon=":material/lightbulb:",
    )
words = {"R_at_rho0": "not informative at ρ0", "b_at_rho0": "not informative at ρ0"}
layout.table(
    opt[["b0", "rho0", "rho_R_star", "R_star", "rho_b_star", "R_at_rho0", "b_at_rho0", "why"]], words
)

name = lambda b0: f"b₀ = {b0:g} (ρ0 = {params.rho0_from_b0(b0):.2g})"  # noqa: E731
tab = tabs.sections(PAGE, TAB)  # a closed tab's charts are neither built nor sent
if tab["R_b"].open:
    left, right = tab["R_b"].columns(2)
    with left:
        st.subheader("(a) Overlap R")
        st.caption("Stars: best overlap R* for each b0; diamonds: training at ρtrain = ρ0. Inset: zoom on "
                   "the peaks, with ρtrain = 0.5 dotted.")  # fmt: skip
        fig = family_charts.curves(df, "R", "b0", name)
        family_charts.markers(fig, opt["rho_R_star"], opt["R_star"], "maximum R*")
        family_charts.inset(fig, df, "R", "b0", opt["rho_R_star"], opt["R_star"])  # zoom on the peaks
        family_charts.markers(fig, opt["rho0"], opt["R_at_rho0"], "at ρtrain = ρ0", "diamond", 11)
        plots.vline(fig, 0.5, "0.5")
        layout.chart(fig, "fig3a_overlap", df[["b0", "rho0", "rho_train", "phase", "R", "q"]])
    with right:
        st.subheader("(b) Learned bias b")
        st.caption("Dotted lines: the teacher's b0. Stars: where b = b0; diamonds: training at ρtrain = ρ0.")
        fig = family_charts.curves(df, "b", "b0", name)
        for i, b0 in enumerate(v["b0s"]):
            plots.hline(fig, b0, "", colour=plots.style(i)["color"])
        family_charts.markers(fig, opt["rho_b_star"], opt["b0"], "b = b0")
        family_charts.markers(fig, opt["rho0"], opt["b_at_rho0"], "at ρtrain = ρ0", "diamond", 11)
        layout.chart(fig, "fig3b_bias", df[["b0", "rho0", "rho_train", "phase", "b"]])

if tab["metrics"].open:
    with tab["metrics"]:
        b0 = v["metric_b0"]
        rho0 = params.rho0_from_b0(b0)
        st.subheader(f"(c, d) Test metrics for b₀ = {b0:g}: balanced test set vs test set drawn like the "
                     "population")  # fmt: skip
        st.caption(
            "Stars: peak of each curve. Vertical lines: ρ0, ρ(b*) (bias learnt exactly) and ρ(R*) (best "
            "overlap). Compare the two panels: accuracy and F1 peak elsewhere when ρtest changes; balanced "
            "accuracy does not."
        )
        cols = st.columns(2)
        panels = [("c_balanced_test", 0.5, "0.5"), ("d_population_test", rho0, f"ρ0 = {rho0:.3g}")]
        for col, (tag, rho_test, label) in zip(cols, panels, strict=True):
            with col:
                mdf, mopt = backend.rho_train_curves(b0, v["alpha"], v["T"], None, N_GRID, rho_test)
                fig = sweep_charts.metrics(mdf, mopt, None, rho0, METRICS, label)
                layout.chart(fig, f"fig3{tag}_metrics", mdf)
export_view(TITLE, PARAMS, v, table_numbers(opt, "b0", ["rho0", "rho_R_star", "R_star", "rho_b_star"], words))

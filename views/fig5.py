"""Fig. 5: balanced accuracy and learned bias against the noise T, with the crossover T* marked."""

import streamlit as st

from dashboard import backend, family_charts, layout, params, plots
from dashboard.downloads import export_view, table_numbers
from dashboard.state import Param, controls

PAGE = "fig5"
RHOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
PARAMS = [
    *params.teacher(-0.6),
    params.alpha(1.1),
    params.family("rho_trains", "Train imbalances ρtrain (one curve each)", (0.3, 0.5, 0.7), RHOS,
                  "Fraction of anomalies in the training set."),
    Param("n_T", "Points on the T axis", 41, lo=11, hi=81, step=10, fmt="%d",
          help="Resolution of the log-spaced T grid from 0.005 to 10."),
]  # fmt: skip
PRESETS = {"Reproduce Fig. 5": dict(set_by="b0", b0=-0.6, alpha=1.1, rho_trains=[0.3, 0.5, 0.7], n_T=41)}

TITLE = "Fig. 5: noise helps nobody — the crossover temperature T*"
st.title(TITLE)
st.markdown(
    "Below T* the student is as good as with no noise; above T* it degrades and drifts towards a dummy "
    "that predicts the majority class. T* (vertical lines) is where the tangent at the steepest descent of "
    "a_bal against log T meets the low-T plateau."
)
v = controls(PAGE, PARAMS, PRESETS)
if not v["rho_trains"]:
    st.warning("Choose at least one ρtrain in the sidebar.")
    st.stop()
b0 = params.teacher_b0(v)
df, cross = backend.temperature(b0, v["alpha"], tuple(v["rho_trains"]), int(v["n_T"]))
layout.table(cross, {"T_star": "none (see why)"})
found = cross.dropna(subset=["T_star"])
if not found.empty:
    st.info(f"Crossover T* ≈ {found['T_star'].min():.3g} to {found['T_star'].max():.3g} for these ρtrain: "
            "keep the training noise below it.", icon=":material/lightbulb:")  # fmt: skip

name = lambda r: f"ρtrain = {r:g}"  # noqa: E731
left, right = st.columns(2)
with left:
    st.subheader("Balanced accuracy a_bal")
    fig = family_charts.curves(df, "balanced_accuracy", "rho_train", name, x="T", log_x=True)
    for i, t_star in enumerate(cross["T_star"]):
        plots.vline(fig, t_star, "T*" if i == 0 else "", colour=plots.style(i)["color"], dash="dash")
    layout.chart(fig, "fig5_abal_vs_T", df[["rho_train", "T", "phase", "balanced_accuracy", "R"]])
with right:
    st.subheader("Learned bias b")
    st.caption(f"Dotted line: the teacher's b₀ = {b0:.3g}.")
    fig = family_charts.curves(df, "b", "rho_train", name, x="T", log_x=True)
    plots.hline(fig, b0, "b0", colour="#000000")
    layout.chart(fig, "fig5_b_vs_T", df[["rho_train", "T", "phase", "b"]])
export_view(TITLE, PARAMS, v, table_numbers(cross, "rho_train", ["T_star", "abal_low_T", "b_low_T"]))

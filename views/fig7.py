"""Fig. 7 (App. D): the student's bias held at b0; overlap, and accuracy with rho_test = rho_train."""

import streamlit as st

from dashboard import backend, family_charts, layout, params, plots
from dashboard.downloads import export_view, table_numbers
from dashboard.state import controls

PAGE = "fig7"
N_GRID = 61
B0S = (0.0, -0.3, -0.6, -1.0, -1.5, -2.0, -3.0)
PARAMS = [
    params.family("b0s", "Teacher biases b₀ (one curve each)", (0.0, -0.6, -1.0, -1.5, -2.0), B0S,
                  "The student's bias is fixed at each b0."),
    params.alpha(0.7),
    params.temperature(0.5),
]  # fmt: skip
PRESETS = {"Reproduce Fig. 7": dict(b0s=[0.0, -0.6, -1.0, -1.5, -2.0], alpha=0.7, T=0.5)}

TITLE = "Fig. 7: when the student knows the teacher's bias"
st.title(TITLE)
st.markdown(
    "With b fixed at b₀ only the direction is learnt, and it is learnt best from the samples near the "
    "boundary: the anomalies. R then keeps growing as ρtrain → 1 (stars), while the accuracy measured on "
    "a test set as imbalanced as the training set (ρtest = ρtrain) points elsewhere."
)
v = controls(PAGE, PARAMS, PRESETS)
if not v["b0s"]:
    st.warning("Choose at least one teacher bias b₀ in the sidebar.")
    st.stop()
df, opt = backend.family(tuple(v["b0s"]), v["alpha"], v["T"], N_GRID, None, fixed_bias=True)
solved = df.dropna(subset=["R"])
best = solved.loc[solved.groupby("b0", sort=False)["R"].idxmax(), ["b0", "rho_train", "R", "accuracy"]]
best = best.rename(columns={"rho_train": "rho_R_max", "R": "R_max", "accuracy": "accuracy_at_R_max"})
layout.table(best)

name = lambda b0: f"b₀ = {b0:g} (ρ0 = {params.rho0_from_b0(b0):.2g})"  # noqa: E731
left, right = st.columns(2)
with left:
    st.subheader("Overlap R (b = b₀)")
    fig = family_charts.curves(df, "R", "b0", name)
    family_charts.markers(fig, best["rho_R_max"], best["R_max"], "maximum R")
    plots.vline(fig, 0.5, "0.5")
    layout.chart(fig, "fig7_overlap_fixed_bias", df[["b0", "rho_train", "phase", "R", "q"]])
with right:
    st.subheader("Accuracy a with ρtest = ρtrain")
    fig = family_charts.curves(
        df, "accuracy", "b0", name, y_label="accuracy a (ρ<sub>test</sub> = ρ<sub>train</sub>)"
    )
    family_charts.markers(fig, best["rho_R_max"], best["accuracy_at_R_max"], "at maximum R")
    layout.chart(fig, "fig7_accuracy_fixed_bias", df[["b0", "rho_train", "rho_test", "phase", "accuracy"]])
export_view(TITLE, PARAMS, v, table_numbers(best, "b0", ["rho_R_max", "R_max", "accuracy_at_R_max"]))

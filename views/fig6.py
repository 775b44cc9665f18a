"""Fig. 6 (App. A): how much more of the minority class sits near the teacher's boundary."""

import streamlit as st

from dashboard import backend, layout, plots
from dashboard.downloads import export_view
from dashboard.state import Param, controls

PAGE = "fig6"
PARAMS = [
    Param("b0_min", "Most negative b₀ shown", -3.0, lo=-5.0, hi=-0.5, step=0.1, fmt="%.1f",
          help="Left end of the b0 axis (b0 < 0: anomalies are the minority)."),
    Param("log_y", "Logarithmic y axis", False, kind="toggle", help="Show the densities on a log scale."),
]  # fmt: skip
PRESETS = {"Reproduce Fig. 6": dict(b0_min=-3.0, log_y=False)}

TITLE = "Fig. 6: anomalies are the informative samples"
st.title(TITLE)
st.markdown(
    "Probability that a sample lies within a thin slab next to the teacher's boundary, for each class, "
    "divided by its value at b₀ = 0 (Eqs. 23-24). The minority class (anomalies, g₀ > 0) crowds against "
    "the boundary as b₀ becomes more negative, so each anomaly says more about where the boundary is."
)
v = controls(PAGE, PARAMS, PRESETS)
df = backend.boundary_densities(v["b0_min"], 0.0, 121)
last = df.iloc[0]
ratio = last["P_plus"] / last["P_minus"]
st.info(f"At b₀ = {last['b0']:.1f} (ρ0 = {last['rho0']:.2g}) an anomaly is {ratio:.0f}× more likely than a "
        "normal sample to lie on the boundary.", icon=":material/lightbulb:")  # fmt: skip
layout.table(df.iloc[:: max(len(df) // 8, 1)])
fig = plots.figure("b0", "P<sub>boundary</sub>(b<sub>0</sub>) / P<sub>boundary</sub>(0)")
plots.curve(fig, df["b0"], df["P_plus"], "minority class (anomalies, g₀ > 0)", 1)
plots.curve(fig, df["b0"], df["P_minus"], "majority class (normal, g₀ < 0)", 0)
if v["log_y"]:
    fig["layout"]["yaxis"] = plots.log_axis(fig["layout"]["yaxis"])
layout.chart(fig, "fig6_boundary_densities", df)
at = f"at b₀ = {last['b0']:.1f}"
export_view(
    TITLE, PARAMS, v, {f"ρ0 {at}": last["rho0"], f"anomaly / normal sample on the boundary {at}": ratio}
)

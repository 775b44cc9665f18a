"""Figs. 1 and 2: a 2-D sketch of the data, the teacher's boundary and the solved student's boundary."""

import streamlit as st

from dashboard import backend, explain, layout, params, sketch_chart
from dashboard.downloads import export_view
from dashboard.state import Param, controls

PAGE = "sketch"
PARAMS = [
    *params.teacher(-0.6),
    params.alpha(1.1),
    params.temperature(0.5),
    params.rho_train(0.5),
    Param("n_train", "Train points drawn", 60, lo=10, hi=400, step=10, fmt="%d",
          help="Size of the sampled train set shown (the theory itself is for N → ∞)."),
    Param("seed", "Random seed", 0, lo=0, hi=99, step=1, fmt="%d", help="Draw another train set."),
]  # fmt: skip
PRESETS = {
    "Reproduce Fig. 1(a): ρtrain = 0.1": dict(set_by="b0", b0=-0.6, rho_train=0.1),
    "Reproduce Fig. 1(b): ρtrain = 0.5": dict(set_by="b0", b0=-0.6, rho_train=0.5),
    "Reproduce Fig. 1(c): ρtrain = 0.9": dict(set_by="b0", b0=-0.6, rho_train=0.9),
    "Reproduce Fig. 2(a): rare anomalies": dict(set_by="b0", b0=-1.5, rho_train=0.067),
}

TITLE = "Fig. 1 & 2: the picture in two dimensions"
st.title(TITLE)
st.markdown(
    "Horizontal axis: the teacher's direction; vertical axis: any other direction. Anomalies (+) lie right "
    "of the teacher's boundary (black dashed). Shading: where the *solved* student predicts an anomaly "
    "(orange) or normal (blue); its boundary is tilted by the angle arccos R and shifted by its bias b."
)
v = controls(PAGE, PARAMS, PRESETS)
b0 = params.teacher_b0(v)
rho0 = params.rho0_from_b0(b0)
sk = backend.sketch(b0, v["alpha"], v["T"], v["rho_train"], int(v["n_train"]), int(v["seed"]))
st.markdown(explain.phase_sentence(sk | {"rho_test": 0.5}))
layout.metric_row(
    [
        ("anomalies (+) drawn", str(sk["n_pos"]), "round(ρtrain × train points)"),
        ("normal (−) drawn", str(sk["n_neg"]), None),
        ("overlap R", explain.fmt(sk["R"]), "cos(angle between the two boundaries' normals)"),
        (
            "student bias b",
            explain.fmt_b(sk["b"]),
            f"teacher b₀ = {b0:.3f}, ρ0 = {params.rho0_from_b0(b0):.3g}",
        ),
    ]
)
layout.chart(sketch_chart.figure(sk, b0), "fig1_sketch", sk["train"])
st.caption(
    "Compare ρtrain = 0.1, 0.5 and 0.9 (presets): off balance the student buys few training errors with "
    "a large bias and a poor direction, and can become a dummy that ignores the inputs."
)
numbers = {"ρ0 = Φ(b₀)": f"{rho0:.3g}", "R": explain.fmt(sk["R"]), "b": explain.fmt_b(sk["b"]),
           "anomalies drawn": sk["n_pos"]}  # fmt: skip
export_view(TITLE, PARAMS, v, numbers)

"""Maps: phase diagrams over two parameters (state at fixed ρtrain, or the optimal ρtrain) with the
dummy-phase boundary located by bisection."""

import streamlit as st

from dashboard import claims, explain, jobs, layout, maps_backend, maps_charts, params
from dashboard.downloads import export_view
from dashboard.maps_backend import AXES, OPTIMA, STATE
from dashboard.state import Param, controls

PAGE = "maps"
RANGES = {
    "alpha": (0.2, 10.0),
    "b0": (-3.0, 0.0),
    "rho0": (0.001, 0.5),
    "T": (0.01, 2.0),
    "rho_train": (0.02, 0.98),
}
AXIS_LABELS = {"alpha": "α", "b0": "b₀", "rho0": "ρ₀", "T": "T", "rho_train": "ρtrain"}


def _fixed(name: str):
    return lambda v: name not in (v["x"], v["y"]) and not (name == "b0" and "rho0" in (v["x"], v["y"]))


def _state(v) -> bool:
    return v["kind"] == "state"


PARAMS = [
    Param("kind", "Map of", "state", kind="choice", options=("state", "optimum"),
          option_labels={"state": "the state at fixed ρtrain", "optimum": "the optimal ρtrain"},
          help="State: R, b, metrics and phase at one ρtrain. Optimum: the best ρtrain for R, a_bal, p."),
    Param("x", "x axis", "alpha", kind="choice", options=AXES, option_labels=AXIS_LABELS,
          help="Parameter along the horizontal axis."),
    Param("y", "y axis", "rho_train", kind="choice", options=AXES, option_labels=AXIS_LABELS,
          help="Parameter along the vertical axis (not ρtrain for a map of the optimal ρtrain)."),
    Param("q_state", "Quantity", "phase", kind="choice", options=STATE, option_labels=maps_charts.LABELS,
          show=_state, help="What the colour shows."),
    Param("q_opt", "Quantity", "rho_R_star", kind="choice", options=OPTIMA, option_labels=maps_charts.LABELS,
          show=lambda v: not _state(v), help="What the colour shows; the dashed contour is ρtrain = 0.5."),
    Param("n", "Grid points per axis", "15", kind="choice", options=("11", "15", "21", "41"),
          help="Resolution (41 × 41 state map: about 3 s cold; optimum maps about 0.1 s per point)."),
    Param("b0", "Teacher bias b₀", -0.6, lo=-3.0, hi=0.0, step=0.01, fmt="%.2f", show=_fixed("b0"),
          help=params.HELP["b0"]),
    Param("alpha", "Data per weight α", 1.1, kind="log", options=params.ALPHAS, show=_fixed("alpha"),
          help=params.HELP["alpha"]),
    Param("T", "Noise (temperature) T", 0.5, kind="log", options=params.TS, show=_fixed("T"),
          help=params.HELP["T"]),
    Param("rho_train", "Train anomaly fraction ρtrain", 0.3, lo=0.02, hi=0.98, step=0.01,
          show=lambda v: _state(v) and _fixed("rho_train")(v), help=params.HELP["rho_train"]),
    Param("rho_test", "Test anomaly fraction ρtest", 0.5, lo=0.01, hi=0.99, step=0.01,
          help=params.HELP["rho_test"]),
]  # fmt: skip
PRESETS = {
    "Phase diagram α × ρtrain": dict(kind="state", x="alpha", y="rho_train", q_state="phase", b0=-0.6, T=0.5),
    "Optimal ρtrain over α × b₀ (Fig. 9)": dict(kind="optimum", x="alpha", y="b0", q_opt="rho_R_star", T=0.5),
}

TITLE = "Maps: phase diagrams of learning under imbalance"
st.title(TITLE)
st.markdown(
    "Each pixel is a solution of the paper's equations. The black crosses mark the boundary of the **dummy "
    "phase** (the student predicts the majority class), located by bisection to 10⁻⁴ on the phase the "
    "solver returns. The paper does not describe this boundary: it is a result of this tool. The transition "
    "is first order (the informative branch survives a little beyond it as a metastable state)."
)
v = controls(PAGE, PARAMS, PRESETS)
x, y, kind = v["x"], v["y"], v["kind"]
if x == y or {x, y} == {"b0", "rho0"} or (kind == "optimum" and "rho_train" in (x, y)):
    st.error("Choose two different axes (b₀ and ρ₀ are the same axis; a map of the optimal ρtrain cannot "
             "have ρtrain as an axis).")  # fmt: skip
    st.stop()
base = tuple(sorted(dict(b0=v["b0"], alpha=v["alpha"], T=v["T"], rho_train=v["rho_train"]).items()))
n = int(v["n"])
st.caption(f"A map not computed before: {jobs.estimate(f'map_{kind}', n * n)}")
bar = st.progress(0.0, text="Computing the map…")
with jobs.guard(f"map_{kind}", bar, n * n) as bounded:  # one computation per visitor, a small server pool
    values, frame = maps_backend.grid(kind, x, RANGES[x], y, RANGES[y], n, base, v["rho_test"],
                                      _progress=bounded(layout.progress_step(bar, 0, 2)))  # fmt: skip
boundary = None
if kind == "state":
    bar.progress(0.5, text="Locating the dummy-phase boundary by bisection…")
    boundary = maps_backend.crossings(x, RANGES[x], y, RANGES[y], n, base)
bar.empty()

quantity = v["q_state"] if kind == "state" else v["q_opt"]
col = frame[quantity]
n_dummy = int((frame["phase"] == 0).sum()) if "phase" in frame else 0
tiles = [
    ("minimum", explain.fmt(float(col.min()), 3, "none here"), f"Smallest {maps_charts.LABELS[quantity]}."),
    ("maximum", explain.fmt(float(col.max()), 3, "none here"), f"Largest {maps_charts.LABELS[quantity]}."),
    ("dummy points", f"{n_dummy}", "Grid points in the dummy phase."),
    ("boundary points", f"{0 if boundary is None else len(boundary)}", "Points located by bisection."),
]  # fmt: skip
layout.metric_row(tiles)
st.caption(
    "Colour: " + maps_charts.LABELS[quantity] + ". Dashed white: ρtrain = 0.5 (optimal-ρ maps). "
    "Crosses: dummy-phase boundary between neighbouring grid points."
)
layout.chart(maps_charts.heatmap(values, x, y, quantity, boundary), f"map_{kind}_{x}_{y}", frame)
claims.map_replicon_note(frame)
if boundary is not None and len(boundary):
    st.subheader("Dummy-phase boundary points")
    layout.table(boundary)
st.subheader(f"The first-order transition to the dummy at b₀ = {v['b0']:.3g}, T = {v['T']:g}")
st.caption(
    "ρc: below it the dummy is locally stable; ρ*: equal free energies (the phase changes); spinodal: end of "
    "the informative branch; jumps of q and R at ρ* (bisection to 10⁻⁶); last column: whether a system "
    "of N = 800 weights can resolve it (python -m analysis transition prints this table)."
)
alphas = tuple(sorted({1.1, 8.0, float(v["alpha"])}))
with st.spinner("Locating the transition by bisection…"):
    st.markdown(claims.transition_markdown(float(v["b0"]), float(v["T"]), alphas))
export_view(
    TITLE, PARAMS, v, {f"{label} of {maps_charts.LABELS[quantity]}": value for label, value, _ in tiles}
)

"""Explorer: one teacher-student problem, its solution at the current point and curves against rho_train."""

import streamlit as st

from dashboard import backend, claims, explain, layout, params, pin, sweep_charts
from dashboard.downloads import csv_button, export_view
from dashboard.state import Param, controls

PAGE = "explorer"
N_GRID = 61
BASE = ["recall", "specificity", "accuracy", "balanced_accuracy", "precision", "f1"]
NEG = ["precision_neg", "f1_neg"]
SIDE = [
    *params.teacher(-0.6),
    params.alpha(1.1),
    params.temperature(0.5),
    params.learn_bias(True),
    Param("show_neg", "Also show negative-class precision and F1", False, kind="toggle"),
]
RHO_TRAIN, RHO_TEST = params.rho_train(0.5), params.rho_test(0.5)
PRESETS = {"Reproduce Fig. 3(c)": dict(set_by="b0", b0=-0.6, alpha=1.1, T=0.5, rho_test=0.5, learn_b=True)}

st.title("Explorer: learning under class imbalance")
st.markdown(
    "A perceptron student learns a teacher's labelling rule from a training set with a chosen fraction "
    "ρtrain of anomalies. Exact large-N theory (replica-symmetric saddle point); every number below is "
    "a solution of the paper's equations, not a simulation."
)
st.page_link("views/tour.py", label="New here? Take the guided tour: the paper in seven steps",
             icon=":material/school:")  # fmt: skip
v = controls(PAGE, SIDE, PRESETS, later=[RHO_TRAIN, RHO_TEST])
b0 = params.teacher_b0(v)
rho0 = params.rho0_from_b0(b0)
fix_b = None if v["learn_b"] else b0
names = BASE + NEG if v["show_neg"] else BASE


@st.fragment
def point_and_curves() -> None:
    """Everything that depends on rho_train and rho_test: moving one of them reruns only this part."""
    left, right = st.columns(2)
    v.update(controls(PAGE, [RHO_TRAIN], where=left, section="rho_train"))
    v.update(controls(PAGE, [RHO_TEST], where=right, section="rho_test"))
    with st.spinner("Solving the saddle-point equations along ρtrain…", show_time=True):
        pt = backend.point(b0, v["alpha"], v["T"], v["rho_train"], v["rho_test"], fix_b)
        df, opt = backend.rho_train_curves(b0, v["alpha"], v["T"], fix_b, N_GRID, v["rho_test"])
    st.info(explain.takeaway(pt, opt, rho0), icon=":material/lightbulb:")
    st.markdown(explain.phase_sentence(pt))
    claims.replicon_flag(pt)
    layout.numbers(pt, b0, names)

    st.markdown("**Move ρtrain to an optimum** (the stars and vertical lines in the charts):")
    layout.jump_buttons(PAGE, opt, rho0)
    pinned = pin.controls(PAGE, b0, v["alpha"], v["T"], fix_b)
    ref = None
    if pinned:
        ref, _ = backend.rho_train_curves(pinned["b0"], pinned["alpha"], pinned["T"], pinned["fix_b"], N_GRID,
                                          v["rho_test"])  # fmt: skip

    pinned_problem = pinned and (pinned["b0"], pinned["alpha"], pinned["T"], pinned["fix_b"])
    # (b) and (c) do not change while rho_train moves: the browser keeps them as they are, and the server
    # takes them from a cache instead of building them again.
    fig_b, fig_c = sweep_charts.still(
        b0, v["alpha"], v["T"], fix_b, N_GRID, v["rho_test"], rho0, tuple(names), pinned_problem
    )
    left, right = st.columns(2)
    with left:
        st.subheader("(a) Overlap R with the teacher")
        st.caption("R = cos(angle between student and teacher weights): 1 is perfect, 0 is a guess.")
        layout.chart(sweep_charts.overlap(df, opt, pt, rho0, ref), "explorer_overlap")
    with right:
        st.subheader("(b) Learned bias b")
        st.caption("The student's bias against the teacher's b0 (black line); the star is where b = b0. "
                   "The current ρtrain is the orange line in (a); its b is in the tiles above.")  # fmt: skip
        layout.chart(fig_b, "explorer_bias")
    st.subheader(f"(c) Test metrics at ρtest = {v['rho_test']:.3f}")
    st.caption(
        "How a practitioner would score each student on a test set with anomaly fraction ρtest. Stars: peak "
        "of each curve; diamonds: training at ρtrain = ρ0. " + claims.precision_note(opt, rho0)
    )
    # No current-rho_train line in (b) and (c): the current point is on chart (a) and in the tiles.
    layout.chart(fig_c, "explorer_metrics")
    for note in explain.optimum_notes(opt, names, layout.SHORT):
        st.caption(note)
    csv_button(df, "explorer_rho_train_sweep", "Download the sweep (CSV)")
    key_numbers = {name: explain.fmt(pt.get(name)) for name in ("R", "q", "b", "train_error", *names)}
    key_numbers |= {"rho(R*)": explain.fmt(opt.get("rho_R_star")), "R*": explain.fmt(opt.get("R_star"))}
    key_numbers = {"ρ0 = Φ(b₀)": f"{rho0:.3g}"} | key_numbers
    export_view(
        "Explorer: learning under class imbalance", [*SIDE, RHO_TRAIN, RHO_TEST], v, key_numbers, path=""
    )


point_and_curves()

"""Tour: the paper's findings in seven steps, each with live plots, one sentence and one question."""

import streamlit as st

from dashboard import backend, explain, layout, params, pin, sweep_charts
from dashboard.downloads import export_view
from dashboard.state import Param, apply_preset, controls, key
from dashboard.tour import STEPS, escape, sentences, step_values

PAGE = "tour"
NAMES = tuple(str(n) for n in range(1, len(STEPS) + 1))


def _needed(name: str):
    """Shown unless teacher mode is on and the current step does not need the control."""
    return lambda v: not v["teacher"] or name in STEPS[int(v["step"]) - 1].needed


def _go(page: str) -> None:
    apply_preset(page, step_values(int(st.session_state[f"{page}.step"])))


PARAMS = [
    Param("step", "Step", "1", kind="choice", options=NAMES, on_change=_go,
          option_labels={n: f"{n}. {STEPS[int(n) - 1].title}" for n in NAMES}, help="Jump to a step."),
    Param("teacher", "Teacher mode (hide controls this step does not need)", True, kind="toggle",
          help="Show only the controls that the step's question asks you to move."),
    Param("b0", "Teacher bias b₀", -0.6, lo=-5.0, hi=5.0, step=0.01, fmt="%.2f", help=params.HELP["b0"],
          show=_needed("b0")),
    Param("alpha", "Data per weight α", 1.1, kind="log", options=params.ALPHAS, help=params.HELP["alpha"],
          show=_needed("alpha")),
    Param("T", "Noise (temperature) T", 0.5, kind="log", options=params.TS, help=params.HELP["T"],
          show=_needed("T")),
    Param("rho_train", "Train anomaly fraction ρtrain", 0.27, lo=0.001, hi=0.999, step=0.001,
          help=params.HELP["rho_train"], show=_needed("rho_train")),
    Param("rho_test", "Test anomaly fraction ρtest", 0.5, lo=0.001, hi=0.999, step=0.001,
          help=params.HELP["rho_test"], show=_needed("rho_test")),
]  # fmt: skip


def _seed_from_url_step() -> None:
    """First run: controls missing from the URL (hidden in teacher mode) take the URL step's values."""
    raw = st.query_params.get("step")
    n = int(raw) if raw in NAMES else 1
    for name, value in step_values(n).items():
        if name not in st.query_params and key(PAGE, name) not in st.session_state:
            st.session_state[key(PAGE, name)] = value


st.title("Tour: class imbalance in seven steps")
_seed_from_url_step()
head = st.container()
# The controls sit in the page (not the sidebar), next to the question, on a phone too.
v = controls(PAGE, PARAMS, where=st.container(border=True))
n = int(v["step"])
step = STEPS[n - 1]
text, question = sentences(n)
with head:
    st.progress(n / len(STEPS), text=f"Step {n} of {len(STEPS)}: {step.title}")
    st.markdown(f"**{escape(text)}**")
    st.info(f"Question: {escape(question)}", icon=":material/help:")

rho0 = params.rho0_from_b0(v["b0"])
df, opt = backend.rho_train_curves(v["b0"], v["alpha"], v["T"], None, 61, v["rho_test"])
pt = backend.point(v["b0"], v["alpha"], v["T"], v["rho_train"], v["rho_test"], None)
tiles = [
    ("overlap R", explain.fmt(pt["R"], 3, "not solved"), "Cosine of the student's and teacher's weights."),
    ("student bias b", explain.fmt_b(pt["b"]), "Compare with the teacher's b0."),
    ("ρ(R*)", explain.fmt(opt["rho_R_star"], 3, "none (see below)"), "Best ρtrain for R."),
    ("ρ₀", f"{rho0:.3f}", "Anomaly fraction of the population, Φ(b0)."),
    ("balanced accuracy", explain.fmt(pt.get("balanced_accuracy"), 3, "not solved"),
     "Does not depend on ρtest."),
    (f"precision at ρtest = {v['rho_test']:.3g}", explain.fmt(pt.get("precision"), 3, "not solved"),
     "A score that depends on the test set's anomaly fraction ρtest."),
    (f"accuracy at ρtest = {v['rho_test']:.3g}", explain.fmt(pt.get("accuracy"), 3, "not solved"),
     "A score that depends on the test set's anomaly fraction ρtest."),
]  # fmt: skip
layout.metric_row(tiles)
pinned = pin.controls(PAGE, v["b0"], v["alpha"], v["T"], None)
ref = None
if pinned:
    ref, _ = backend.rho_train_curves(pinned["b0"], pinned["alpha"], pinned["T"], pinned["fix_b"], 61,
                                      v["rho_test"])  # fmt: skip
if step.chart == "overlap":
    fig = sweep_charts.overlap(df, opt, pt, rho0, ref)
elif step.chart == "bias":
    fig = sweep_charts.bias(df, opt, pt, rho0, v["b0"], ref)
else:
    fig = sweep_charts.metrics(df, opt, pt, rho0, ["accuracy", "balanced_accuracy", "precision", "recall"],
                               f"{v['rho_test']:.3f}", ref)  # fmt: skip
for note in explain.optimum_notes(opt):
    st.caption(note)
layout.chart(fig, f"tour_step{n}", df)

back, forward = st.columns(2)
if n > 1:
    back.button("← Previous step", on_click=apply_preset, args=(PAGE, step_values(n - 1)), width="stretch")
if n < len(STEPS):
    forward.button("Next step →", on_click=apply_preset, args=(PAGE, step_values(n + 1)), width="stretch",
                   type="primary")  # fmt: skip
st.caption("Every step writes its controls into the URL: copy the address to share this step.")
export_view(f"Tour, step {n} of {len(STEPS)}: {step.title}", PARAMS, v, {t[0]: t[1] for t in tiles},
            [text, f"Question: {question}"])  # fmt: skip

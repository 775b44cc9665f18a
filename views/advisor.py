"""Advisor: the theory's answer to "which anomaly fraction should my training set have?"."""

import streamlit as st

from dashboard import backend, downloads, explain, layout, maps_backend, params, sweep_charts
from dashboard.state import Param, controls

PAGE = "advisor"
COUNTS = params.round_log_values(10, 1e7, (1, 2, 2.5, 4, 5, 8))
LRS = params.round_log_values(1e-4, 1.0, (1, 2, 5))
BATCHES = tuple(float(2**k) for k in range(13))
PARAMS = [
    Param("rho0", "Anomaly fraction in your population (or raw data) ρ₀", 0.1, kind="log",
          options=params.RHO0S, help="Fraction of anomalies where the model will be used; a raw-data "
          "fraction is taken as its estimate."),
    Param("n_samples", "Training samples you can afford", 2000.0, kind="log", options=COUNTS,
          help="Size of the training set after rebalancing."),
    Param("n_features", "Number of features", 1000.0, kind="log", options=COUNTS,
          help="Input dimension; α = samples / features."),
    Param("noise", "Training noise", "low", kind="choice", options=("low", "T", "train_error", "sgd"),
          option_labels={"low": "low noise (T = 0.005)", "T": "the theory's temperature T",
                         "train_error": "from the train error I measured",
                         "sgd": "from learning rate, batch size and N (calibrated)"},
          help="A measured train error is inverted directly (the theory's ε_t(T)); lr, batch size and N go "
          "through the calibration of this project's SGD runs (T against N·lr/BS, with its range of "
          "validity); T ≈ lr/BS alone is not used: it contradicts the project's own runs."),
    Param("T", "Temperature T", 0.5, kind="log", options=params.TS, show=lambda v: v["noise"] == "T",
          help=params.HELP["T"]),
    Param("train_error", "Measured train error (fraction misclassified)", 0.05, lo=0.0, hi=0.5, step=0.001,
          show=lambda v: v["noise"] == "train_error",
          help="Fraction of your own training samples the trained model misclassifies."),
    Param("train_rho", "ρtrain of that training set", 0.5, lo=0.01, hi=0.99, step=0.01,
          show=lambda v: v["noise"] == "train_error",
          help="Anomaly fraction of the set the error was measured on."),
    Param("lr", "Learning rate", 0.05, kind="log", options=LRS, show=lambda v: v["noise"] == "sgd",
          help="SGD learning rate."),
    Param("batch", "Batch size", 32.0, kind="log", options=BATCHES, show=lambda v: v["noise"] == "sgd",
          help="SGD mini-batch size."),
    Param("rho_test", "Test anomaly fraction ρtest", 0.5, lo=0.01, hi=0.99, step=0.01,
          help=params.HELP["rho_test"]),
]  # fmt: skip
PRESETS = {"Fig. 8 (α = 8, T = 0.5, b₀ = −2)": dict(rho0=0.02, n_samples=8000.0, n_features=1000.0,
                                                    noise="T", T=0.5)}  # fmt: skip


def _loss(loss: float | None, r_star: float) -> str:
    """A loss in R with meaningful digits and relative to R* (not "0.0000")."""
    if loss is None or loss != loss:
        return "not solved"
    if abs(loss) < 5e-7:
        return "none (it is the optimum)"
    return f"{loss:.2g} ({loss / r_star:.2%} of R*)"


st.title("Advisor: how imbalanced should my training set be?")
st.markdown(
    "State what you know about your problem; the exact theory of a linear classifier on Gaussian data "
    "answers which training anomaly fraction ρtrain to use, what 0.5 or ρ₀ would cost, and which metric to "
    "watch while tuning it. Read the limits at the end."
)
v = controls(PAGE, PARAMS, PRESETS)
with st.spinner("Solving the theory for your problem…"):
    a = maps_backend.advice(v["rho0"], int(v["n_samples"]), int(v["n_features"]), v["rho_test"],
                            maps_backend.noise_inputs(v))  # fmt: skip
for note in a.notices:
    st.info(note, icon=":material/info:")
layout.metric_row([
    ("ρ(R*): best direction", f"{a.rho_R:.3f}", "Train anomaly fraction that maximises the overlap R."),
    ("ρ(b*): right bias", explain.fmt(a.rho_b, 3, "none (see below)"), "Where the learned b equals b0."),
    ("loss at ρtrain = 0.5", _loss(a.loss_at_half, a.R_star), "R* − R at ρtrain = 0.5 (share of R*)."),
    ("loss at ρtrain = ρ₀", _loss(a.loss_at_rho0, a.R_star), "R* − R at ρtrain = ρ₀ (share of R*)."),
])  # fmt: skip
for name, why in (("ρ(b*)", a.why.get("b")), ("T*", a.why.get("T_star"))):
    if why:
        st.caption(f"{name}: {why}.")
if a.high_noise:
    st.warning(
        f"High-noise regime: T = {a.T:.3g} is above the crossover T* ≈ {a.T_star:.3g} (Fig. 5).", icon="⚠️"
    )
df, opt = backend.rho_train_curves(a.b0, a.alpha, a.T, None, 61, v["rho_test"])
st.caption("Overlap R against ρtrain for your problem: the star is ρ(R*), the diamond training at ρ₀.")
layout.chart(sweep_charts.overlap(df, opt, None, a.rho0), "advisor_overlap", df)
report = a.markdown() + downloads.provenance("advisor")
st.markdown(report.split("\n", 2)[2])
st.download_button(
    "Download this advice (Markdown)", report.encode("utf-8"), mime="text/markdown",
    file_name="rebalancing_advice.md", on_click="ignore", icon=":material/download:",
)  # fmt: skip
st.page_link("views/yourdata.py", icon=":material/upload_file:",
             label="Check it on your data: the best ρtrain measured on a real data set")  # fmt: skip

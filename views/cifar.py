"""AD CIFAR-10 (App. F, Fig. 13 right): airplanes as anomalies, metrics against ρtrain for an MLP on pixels
and a linear layer on a frozen pretrained backbone, compared with the theory's qualitative prediction."""

import streamlit as st

from dashboard import experiments_backend as data
from dashboard import experiments_charts as charts
from dashboard import layout
from dashboard.downloads import csv_button, export_view
from dashboard.state import Param, controls

PAGE = "cifar"
SHOW = {"all": "all", **{m: data.cifar.NAMES[m] for m in (*data.cifar.BASE, "precision", "f1", "accuracy")}}
PARAMS = [
    Param("rho_test", "Test imbalance for precision, F1, accuracy", "0.5", kind="choice",
          options=("0.5", "0.1"),
          option_labels={"0.5": "balanced, ρtest = 0.5", "0.1": "ρtest = ρ0 = 0.1"},
          help="Precision, F1 and accuracy depend on the anomaly fraction of the test set; recall, "
          "specificity, balanced accuracy and AUC do not."),
    Param("metric", "Metrics shown in the charts", "all", kind="choice", options=tuple(SHOW),
          option_labels=SHOW, help="All metrics of the panel, or one of them."),
]  # fmt: skip

TITLE = "AD CIFAR-10: real data against the theory"
st.title(TITLE)
st.markdown(
    "Anomaly detection on CIFAR-10 (App. F): **airplane = anomaly**, the nine other classes normal, "
    "population fraction ρ0 = 0.1. Training sets of fixed size with a chosen anomaly fraction ρtrain; "
    "each point averages re-samplings of the training set. The theory is not fitted to images: what it "
    "predicts is *where* each metric is best along ρtrain (or which way it moves), which is what is "
    "compared below. Error bars: ±1 standard error (the paper's relative standard error × |mean|)."
)
v = controls(PAGE, PARAMS)
result, notice = data.load("cifar")
if notice:
    st.warning(notice, icon=":material/hourglass_empty:")
    st.stop()

meta = result["metadata"]
proto = meta["protocol"]
st.info(
    f"**Backbone of these results:** {data.cifar.backbone_sentence(meta)} (from the results file). "
    f"N_train = {proto['n_train']}, {len(proto['seeds'])} re-samplings per ρtrain, test set of "
    f"{proto['test_anomalies']} anomalies and {proto['test_normals']} normals; run of {meta['created'][:10]} "
    f"at commit {meta['git_commit'][:8]}.",
    icon=":material/memory:",
)
long, table = data.cifar_tables(result, v["rho_test"])
names = data.cifar.panel_metrics(v["rho_test"])
shown = names if v["metric"] == "all" else [n for n in names if n.partition("@")[0] == v["metric"]]
if not shown:
    st.warning(f"{SHOW[v['metric']]} is not measured at ρtest = 0.5 (it equals the balanced accuracy there).")
cols = st.columns(len(meta["models"]))
for col, model in zip(cols, meta["models"], strict=True):
    with col:
        st.subheader(data.cifar.model_label(meta, model))
        st.caption("Stars: best mean of each metric; the table locates each peak with a 95 % interval.")
        if shown:
            layout.chart(
                charts.cifar_panel(long, model, shown, data.cifar.label, proto["rho0"]), f"cifar_{model}"
            )

st.header("Where is the best ρtrain, and does the theory predict it?")
findings = data.cifar.statements(table, proto["rho0"])
for model, lines in findings.items():
    st.markdown(f"**{model}**\n" + "\n".join(f"- {s}" for s in lines))
st.caption(
    f"Theory: ρ0 = {proto['rho0']}, α ∈ {list(data.cifar.THEORY_ALPHAS)}, T ∈ {list(data.cifar.THEORY_TS)} "
    f"(ranges over this grid); AUC depends on the overlap R only, so its optimum is that of R. "
    f"Data: {data.cifar.PEAK_NOTE}; z: significance of the gain of the fitted peak over ρtrain = ρ0 "
    "and over 0.5."
)
st.dataframe(table, hide_index=True, width="stretch")
csv_button(table, f"cifar_comparison_rho_test_{v['rho_test']}", "Download this comparison (CSV)")
csv_button(long, "cifar_points", "Download the per-point means and errors (CSV)")
runs = data.runs_frame(result)
runs.insert(1, "model_label", [data.cifar.model_label(meta, m) for m in runs["model"]])
csv_button(runs, "cifar_runs", "Download every run (CSV)")
numbers = {"N_train": proto["n_train"], "re-samplings per ρtrain": len(proto["seeds"]), "ρ0": proto["rho0"]}
export_view(TITLE, PARAMS, v, numbers, [f"{model}: {s}" for model, lines in findings.items() for s in lines])

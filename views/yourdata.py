"""Your data: measure the best train imbalance on a real data set (bundled or uploaded) and hold the
theory's prediction beside it."""

import streamlit as st

from dashboard import layout
from dashboard import yourdata as runs
from dashboard import yourdata_charts as charts
from dashboard.downloads import csv_button, export_view
from dashboard.state import Param, controls
from dashboard.yourdata import yd

PAGE = "yourdata"
SOURCES = {"digits": "digits", "breast_cancer": "breast cancer", "upload": "upload a file"}
PARAMS = [
    Param("data", "Data set", "digits", kind="choice", options=tuple(SOURCES), option_labels=SOURCES,
          help="Two bundled scikit-learn data sets, or your own table (CSV or Parquet)."),
    Param("digit", "Anomaly digit", 8, lo=0, hi=9, step=1, fmt="%d", show=lambda v: v["data"] == "digits",
          help="The digit that plays the anomaly; the nine others are normal (ρ0 ≈ 0.1). A control: the "
          "answer should not hinge on one digit."),
    Param("n_train", "Training samples n_train", 128, lo=20, hi=2000, step=4, fmt="%d",
          help="Fixed size of every training set (the paper's protocol); α = n_train / d."),
    Param("rho_lo", "Smallest ρtrain", 0.05, lo=0.01, hi=0.45, step=0.01, fmt="%.2f",
          help="Left end of the grid of train imbalances."),
    Param("rho_hi", "Largest ρtrain", 0.85, lo=0.55, hi=0.99, step=0.01, fmt="%.2f",
          help="Right end of the grid; it needs n_train × ρtrain anomalies for training."),
    Param("n_rho", "Grid points", 17, lo=3, hi=30, step=1, fmt="%d", help="Points of the ρtrain grid."),
    Param("reps", "Repetitions", 10, lo=2, hi=30, step=1, fmt="%d",
          help="Fresh test split and training draws per repetition; intervals are bootstrapped over them."),
    Param("logistic", "Logistic regression (L2)", True, kind="toggle", help="scikit-learn, C = 1."),
    Param("perceptron", "Perceptron (the paper's, SGD)", True, kind="toggle",
          help="Sigmoid output, L2 loss, |w| = 1, learned bias, SGD with learning rate 0.05 and batch 8."),
    Param("reweight", "Also: reweight instead of resample", False, kind="toggle",
          help="Logistic regression trained on a draw at the data's own imbalance with class weights that "
          "give anomalies the share ρtrain of the weight: resample or reweight?"),
    Param("seed", "Seed", 0, lo=0, hi=999, step=1, fmt="%d", help="Seed of every random draw."),
    Param("test", "Test set of the charts", "0.5", kind="choice", options=("0.5", "rho0"),
          option_labels={"0.5": "balanced (ρtest = 0.5)", "rho0": "at the data's ρ0"},
          help="Precision and F1 depend on the anomaly fraction of the test set; the others do not."),
    Param("fit_to", "Theory fitted to", "perceptron", kind="choice", options=("perceptron", "logistic"),
          option_labels={"perceptron": "perceptron", "logistic": "logistic regression"},
          help="Whose balanced-accuracy curve sets the theory's effective T in the charts."),
]  # fmt: skip

TITLE = "Your data: the best train imbalance, measured and predicted"
st.title(TITLE)
st.markdown(
    "Pick a data set (or upload one), say which label is the anomaly, and the page trains on training sets "
    "of fixed size at each anomaly fraction ρtrain, tests on held-out data (balanced, and at the data's own "
    "ρ0), and repeats with fresh draws. Beside the measurement: the theory of the paper at the data's ρ0, "
    "α and a fitted effective temperature T. Real data are not Gaussian and their features are correlated; "
    "the sentences below say where the theory holds and where it does not."
)
v = controls(PAGE, PARAMS)
if not (v["logistic"] or v["perceptron"]):
    st.error("Choose at least one model (logistic regression or perceptron) in the sidebar.")
    st.stop()


def _upload():
    st.markdown(
        f"**Your table**: one row per sample, numeric feature columns and one label column. Limits: "
        f"{yd.MAX_MB} MB, {yd.MAX_ROWS:,} rows, {yd.MAX_COLUMNS} feature columns, {yd.MAX_CELLS:,} values in "
        "all. The file stays in this "
        "session's memory (never written to disk, never unpickled) and is gone when the session ends."
    )
    up = st.file_uploader("CSV or Parquet file", type=["csv", "parquet"], key="yourdata.file")
    if up is None:
        st.info("Upload a file to continue, or pick a bundled data set in the sidebar.")
        st.stop()
    try:
        table = runs.parsed_upload(up)
        cols = list(table.columns)
        c1, c2, c3 = st.columns(3)
        label = c1.selectbox("Label column", cols, index=cols.index(runs.guess_label(cols)), key="yd.label")
        values = yd.label_values(table, label)
        anomaly = c2.selectbox("Anomaly value", values, index=len(values) - 1, key="yd.anomaly")
        drop = c3.checkbox("Drop rows with missing values", key="yd.drop")
        ds = yd.from_table(table, label, anomaly, drop_missing=drop, name=up.name)
        return ds, runs.upload_source(up, label, anomaly, drop)
    except yd.DataError as err:
        st.error(runs.plain(str(err)), icon=":material/error:")
        st.stop()


if v["data"] == "upload":
    ds, source = _upload()
else:
    source = {"name": v["data"], "anomaly": int(v["digit"])}
    ds = yd.dataset_from(source)
grid = yd.rho_grid(v["rho_lo"], v["rho_hi"], v["n_rho"])
models = tuple(m for m in ("logistic", "perceptron") if v[m])
settings = yd.Settings(n_train=int(v["n_train"]), rho_train=grid, reps=int(v["reps"]), models=models,
                       reweight=bool(v["reweight"]), seed=int(v["seed"]))  # fmt: skip

st.subheader(runs.plain(ds.description))
over = yd.overview(ds, settings.n_train)
m = over["mapping"]
layout.metric_row([
    ("samples", f"{over['n']:,}", None),
    ("anomalies (ρ0)", f"{over['anomalies']:,} ({m['rho0']:.3f})", "ρ0 from the labels; b0 = Φ⁻¹(ρ0)"),
    ("features d / d_eff", f"{m['d']} / {m['d_eff']:.1f}", "d_eff: participation ratio of the covariance"),
    ("α = n/d, n/d_eff", f"{m['alpha_raw']['features']:.3g}, {m['alpha_raw']['effective']:.3g}", None),
])  # fmt: skip
with st.expander("Covariance spectrum of the standardised features (why d_eff < d)"):
    layout.chart(charts.spectrum(over["eigenvalues"], m["d_eff"]), "yourdata_spectrum")

try:
    settings.check()
    split = yd.plan(ds, settings)
except (yd.DataError, ValueError) as err:
    st.error(runs.plain(str(err)), icon=":material/error:")
    st.stop()
st.caption(
    f"Each repetition holds out {split['test']['anomalies']} anomalies and {split['test']['normals']} normal "
    f"samples for testing; training sets of {settings.n_train} are drawn from the other "
    f"{split['pool']['anomalies']} anomalies and {split['pool']['normals']} normal samples."
)

bundle = runs.panel(ds, settings, source)
if bundle is None:
    st.stop()

result, summary, theory = bundle["result"], bundle["summary"], bundle["theory"]
st.success(theory["sentences"]["run"], icon=":material/check_circle:")

st.header("Measured curves and the theory")
reference = v["fit_to"] if v["fit_to"] in settings.models else settings.models[0]
st.caption(
    "Lines: mean over repetitions, band: 95 % bootstrap interval of the mean; star: the optimum (local "
    "quadratic fit) with its 95 % interval. Grey: the theory at the T fitted to the "
    f"{yd.MODELS[reference]}'s balanced accuracy, dashed for α = n/d_eff, dotted for α = n/d."
)
names = ("balanced_accuracy", "precision", "f1", "recall", "specificity", "auc")
columns = [f"{name}@{v['test']}" for name in names]
for i in range(0, len(columns), 2):
    for col, column in zip(st.columns(2), columns[i : i + 2], strict=True):
        with col:
            fig = charts.metric(bundle, column, reference, legend=column == columns[0])
            layout.chart(fig, f"yourdata_{column.replace('@', '_at_')}")

st.header("Where the theory agrees, and where not")
for line in theory["sentences"]["mapping"]:
    st.markdown(f"- {line}")
st.markdown(f"**Effective temperature** (the theory's T grid: {', '.join(f'{t:g}' for t in yd.THEORY_TS)})")
for line in theory["sentences"]["fit"]:
    st.markdown(f"- {line}")
for model, lines in theory["sentences"]["optima"].items():
    st.markdown(f"**{model}**\n" + "\n".join(f"- {s}" for s in lines))

st.header("Tables and downloads")
rho0 = result["dataset"]["rho0"]
layout.table(yd.comparison_table(theory["comparison"], rho0), width="stretch")
c1, c2, c3, c4 = st.columns(4)
csv_button(yd.runs_frame(result), "yourdata_runs", "Every run (CSV)", where=c1)
csv_button(summary["points"], "yourdata_points", "Per-point means and intervals (CSV)", where=c2)
csv_button(theory["comparison"], "yourdata_optima", "Optima, gains, theory (CSV)", where=c3)
csv_button(theory["curves"], "yourdata_theory", "Theory curves (CSV)", where=c4)
numbers = {
    "samples": over["n"],
    "anomalies": over["anomalies"],
    "ρ0": m["rho0"],
    "features d": m["d"],
    "d_eff": m["d_eff"],
    "α = n/d": m["alpha_raw"]["features"],
    "α = n/d_eff": m["alpha_raw"]["effective"],
}
findings = [theory["sentences"]["run"], *theory["sentences"]["mapping"], *theory["sentences"]["fit"]]
findings += [f"{model}: {s}" for model, lines in theory["sentences"]["optima"].items() for s in lines]
export_view(TITLE, PARAMS, v, numbers, findings)

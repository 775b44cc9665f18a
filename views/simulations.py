"""Simulations vs theory: SGD on a finite perceptron (App. F, Figs. 13 left and 14) and exact Gibbs Monte
Carlo (Fig. 3 parameters) against the replica-symmetric theory, plus a small live run."""

import streamlit as st

from dashboard import experiments_backend as data
from dashboard import experiments_charts as charts
from dashboard import layout, params
from dashboard.downloads import csv_button
from dashboard.state import Param, controls

PAGE = "simulations"
LIVE = f"{PAGE}.live"
METRIC_LABELS = {"all": "all six", **{m: data.sims.NAMES[m] for m in data.sims.SGD_METRICS}}
PARAMS = [
    Param("metric", "Fig. 13 metrics shown", "all", kind="choice", options=tuple(METRIC_LABELS),
          option_labels=METRIC_LABELS, help="All six test metrics of Fig. 13 (left), or one of them."),
    Param("T_theory", "Theory temperature T for the SGD curves", 0.005, kind="log", options=params.TS,
          help="SGD's effective noise T_eff = lr/BS = 0.0025 lies below the solver's lowest T = 0.005; "
          "the theory is flat in T there. Raise T to see how the theory's curves move."),
    Param("init", "Monte Carlo initialisation", "both", kind="choice", options=("both", "random", "teacher"),
          help="Chains started from a random student or from the teacher; 'both' averages the two chains "
          "of each data set (error bars count data sets)."),
    Param("live_N", "Live run: input dimension N", 300, kind="log", options=(100, 200, 300),
          help="Size of the perceptron in the live run (cost grows like N²)."),
    Param("live_seeds", "Live run: seeds per point", 4, kind="log", options=(2, 4, 8),
          help="Independent teachers and data sets per ρtrain in the live run."),
]  # fmt: skip
PRESETS = {"Reproduce Fig. 13 (left)": dict(metric="all", T_theory=0.005)}

st.title("Simulations vs theory")
st.markdown(
    "Finite-size simulations next to the exact large-N theory. The **Gibbs Monte Carlo** samples the very "
    "measure the theory describes, so it should agree *quantitatively*. **SGD** (App. F) trains a "
    "perceptron on an L2 loss with mini-batch noise T_eff = lr/BS, which is not the theory's Langevin "
    "noise: compare the *shapes* of its curves and the *locations* of their optima, not their values. "
    "Error bars: ±1 standard error over runs (the paper's relative standard error × |mean|)."
)
v = controls(PAGE, PARAMS, PRESETS)

st.subheader("Run a small one now")
st.caption(
    f"Runs both generators now at N = {v['live_N']} with {v['live_seeds']} seeds: SGD (BS = 20) at ρtrain = "
    f"0.1 … 0.9 and Monte Carlo ({data.live_runs.MC_SWEEPS} sweeps) at ρtrain = 0.3, 0.5, 0.7; about 20 s at "
    "N = 300 with 4 seeds. The points (hollow diamonds) join the charts below; each click adds new seeds."
)
run_col, clear_col = st.columns(2)
if run_col.button("Run a small one now", key=f"{PAGE}.run", type="primary", icon=":material/play_arrow:"):
    bar = st.progress(0.0, text="Starting the live run …")
    old = st.session_state.get(LIVE)
    new = data.live_runs.run(v["live_N"], v["live_seeds"], data.live_runs.next_seed(old), bar.progress)
    st.session_state[LIVE] = data.live_runs.merge(old, new, v["live_N"])
    bar.empty()
clear_col.button("Clear live points", key=f"{PAGE}.clear", on_click=st.session_state.pop, args=(LIVE, None))
live = st.session_state.get(LIVE) or data.live_runs.EMPTY
live_mc, live_sgd = data.live_runs.points(live["mc"], "mc"), data.live_runs.points(live["sgd"], "sgd")
if live["mc"]:
    st.success(data.live_runs.summary(live), icon=":material/check_circle:")

st.header("Exact Gibbs Monte Carlo vs theory")
mc, notice = data.load("gibbs_mc")
if notice:
    st.warning(notice, icon=":material/hourglass_empty:")
else:
    p = mc["meta"]["parameters"]
    st.caption(
        f"Metropolis sampling of exp(−E/T) at N = {p['N']}, b0 = {p['b0']}, α = {p['alpha']}, T = {p['T']} "
        f"(Fig. 3), {p['n_datasets']} data sets per ρtrain, {p['n_sweeps']} sweeps; solid line: theory at "
        "the same parameters. Expect agreement within the error bars up to finite-N corrections O(1/N)."
    )
    res, agree = data.mc_tables(mc, v["init"])
    th, _ = data.theory_rho_train(p["b0"], p["alpha"], p["T"])
    label = f"Monte Carlo, N = {p['N']} ({v['init']})"
    left, right = st.columns(2)
    with left:
        layout.chart(charts.order_parameter(th, res, "R", label, p["b0"], live_mc), "mc_overlap", res)
    with right:
        layout.chart(charts.order_parameter(th, res, "b", label, p["b0"], live_mc), "mc_bias")
    st.markdown("\n".join(f"- {s}" for s in data.sims.mc_statements(res, agree, p["N"])))
    st.markdown("**Residuals** (z = (MC − theory) / SE):")
    st.dataframe(res.round(4), hide_index=True, width="stretch")
    csv_button(data.runs_frame(mc), "gibbs_mc_runs", "Download every Monte Carlo chain (CSV)")

st.header("SGD vs theory: metrics against ρtrain (Fig. 13, left)")
f13, notice = data.load("sgd_fig13")
if notice:
    st.warning(notice, icon=":material/hourglass_empty:")
else:
    p = f13["meta"]["parameters"]
    t_eff = p["lr"] / p["BS"]
    pts = data.sgd_tables(f13, "rho_train")
    th, opt = data.theory_rho_train(p["b0"], p["alpha"], v["T_theory"])
    st.caption(
        f"SGD at N = {p['N']}, α = {p['alpha']}, b0 = {p['b0']}, lr = {p['lr']}, BS = {p['BS']} "
        f"(T_eff = {t_eff:g}), {data.span(pts['n'])} runs per point, balanced test set "
        f"(ρtest = 0.5). Lines: theory at T = {v['T_theory']:g}. {p.get('note', '')}"
        + "".join(
            f" Supplement: {s['parameters'].get('note', '')}" for s in f13["meta"].get("supplements", [])
        )
    )
    names = list(data.sims.SGD_METRICS) if v["metric"] == "all" else [v["metric"]]
    layout.chart(charts.metrics(th, pts, names, live_sgd), "sgd_fig13_metrics", pts)
    left, right = st.columns(2)
    with left:
        layout.chart(charts.order_parameter(th, pts, "R", "SGD", p["b0"], live_sgd), "sgd_fig13_overlap")
    with right:
        layout.chart(charts.order_parameter(th, pts, "b", "SGD", p["b0"], live_sgd), "sgd_fig13_bias")
    st.markdown(
        "\n".join(f"- {s}" for s in data.sims.fig13_statements(pts, th, opt, p["b0"], v["T_theory"], t_eff))
    )
    csv_button(data.runs_frame(f13), "sgd_fig13_runs", "Download every SGD run of Fig. 13 (CSV)")

st.header("SGD vs theory: noise (Fig. 14)")
f14, notice = data.load("sgd_fig14")
if notice:
    st.warning(notice, icon=":material/hourglass_empty:")
else:
    p = f14["meta"]["parameters"]
    pts = data.sgd_tables(f14, "T_eff")
    th = data.theory_temperature(p["b0"], p["alpha"], p["rho_fig14"], data.sims.T_MIN, 1.0)
    st.caption(
        f"SGD at ρtrain = {p['rho_fig14']}, lr = {p['lr']}, BS ∈ {sorted(p['batch_sizes'])} "
        f"(T_eff = lr/BS), {p['n_runs']} runs per point. Line: theory against its temperature T."
    )
    left, right = st.columns(2)
    with left:
        fig = charts.versus_temperature(th, pts, "balanced_accuracy", p["b0"])
        layout.chart(fig, "sgd_fig14_balanced_accuracy", pts)
    with right:
        layout.chart(charts.versus_temperature(th, pts, "b", p["b0"]), "sgd_fig14_bias")
    st.markdown("\n".join(f"- {s}" for s in data.sims.fig14_statements(pts, th)))
    csv_button(data.runs_frame(f14), "sgd_fig14_runs", "Download every SGD run of Fig. 14 (CSV)")

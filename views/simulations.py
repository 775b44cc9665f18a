"""Simulations vs theory: SGD on a finite perceptron (App. F, Figs. 13 left and 14) and exact Gibbs Monte
Carlo (Fig. 3 parameters) against the replica-symmetric theory, plus a small live run."""

import streamlit as st

from dashboard import experiments_backend as data
from dashboard import experiments_charts as charts
from dashboard import jobs, layout, tabs, transition_mc
from dashboard.downloads import csv_button, export_view
from dashboard.state import Param, controls

PAGE = "simulations"
LIVE = f"{PAGE}.live"
METRIC_LABELS = {"all": "all six", **{m: data.sims.NAMES[m] for m in data.sims.SGD_METRICS}}
PARAMS = [
    Param("metric", "Fig. 13 metrics shown", "all", kind="choice", options=tuple(METRIC_LABELS),
          option_labels=METRIC_LABELS, help="All six test metrics of Fig. 13 (left), or one of them."),
    Param("fig13_set", "Fig. 13 data set", "paper", kind="choice", options=("paper", "extra"),
          option_labels={"paper": "lr = 0.5, BS = 20 (the paper's setting)",
                         "extra": "lr = 0.05, BS = 20 (extra, not the paper's setting)"},
          help="The paper's Fig. 13 uses lr = 0.5, BS = 20 (lr/BS = 0.025); lr = 0.05 is an extra."),
    Param("fit_by", "Theory temperature fitted to", "train_error", kind="choice",
          options=("train_error", "Rb"),
          option_labels={"train_error": "the measured 0/1 train error", "Rb": "the measured (R, b)"},
          help="The theory's T is never chosen by hand: it is the T whose train error ε_t(T) (or whose R and "
          "b) reproduce the SGD runs. Files without a recorded train error fall back to (R, b)."),
    Param("init", "Monte Carlo initialisation", "both", kind="choice", options=("both", "random", "teacher"),
          help="Chains started from a random student or from the teacher; 'both' averages the two chains "
          "of each data set (error bars count data sets)."),
    Param("live_N", "Live run: input dimension N", 300, kind="log", options=(100, 200, 300),
          help="Size of the perceptron in the live run (larger N takes longer: see the estimate below)."),
    Param("live_seeds", "Live run: seeds per point", 4, kind="log", options=(2, 4, 8),
          help="Independent teachers and data sets per ρtrain in the live run."),
]  # fmt: skip
PRESETS = {"Reproduce Fig. 13 (left)": dict(metric="all", fig13_set="paper", fit_by="train_error")}
SECTIONS = {
    "mc": "Monte Carlo vs theory",
    "transition": "Monte Carlo: dummy transition",
    "fig13": "SGD: Fig. 13",
    "fig14": "SGD: Fig. 14 (noise)",
    "noise": "Noise scale",
    "nstudy": "N study",
}
TAB = tabs.param(SECTIONS)

TITLE = "Simulations vs theory"
st.title(TITLE)
st.markdown(
    "Finite-size simulations next to the exact large-N theory. The **Gibbs Monte Carlo** samples the very "
    "measure the theory describes, so it should agree *quantitatively*. **SGD** (App. F) trains a "
    "perceptron on an L2 loss with mini-batch noise; lr/BS is not the theory's temperature, so the theory is "
    "drawn at the temperature **fitted** to the runs (their train error or their R and b), and the fit "
    f"itself is shown against lr/BS and N·lr/BS in the tab *{SECTIONS['noise']}* below. "
    "Error bars: ±1 standard error over runs (the paper's relative standard error × |mean|)."
)
v = controls(PAGE, PARAMS, PRESETS, later=[TAB])
numbers, findings = {}, []  # what the view's export lists: every tab's, open or not

st.subheader("Run a small one now")
cost = data.live_runs.cost(v["live_N"], v["live_seeds"])
st.caption(
    f"Runs both generators now at N = {v['live_N']} with {v['live_seeds']} seeds: SGD (BS = 20) at ρtrain = "
    f"0.1 … 0.9 and Monte Carlo ({data.live_runs.MC_SWEEPS} sweeps) at ρtrain = 0.3, 0.5, 0.7. "
    f"{jobs.estimate('live', cost)} The points (hollow diamonds) join the charts of the tabs "
    f"*{SECTIONS['mc']}* and *{SECTIONS['fig13']}* below; each run adds new seeds. One run per visitor; runs "
    "of several visitors wait in a short queue."
)
run_col, clear_col = st.columns(2)
old = st.session_state.get(LIVE)
with run_col:
    args = dict(N=v["live_N"], n_seeds=v["live_seeds"], seed=data.live_runs.next_seed(old))
    new = jobs.panel("live", "Run a small one now", "analysis.live_runs:run", args, cost, f"{PAGE}.run")
if new is not None:
    st.session_state[LIVE] = data.live_runs.merge(old, new, v["live_N"])
clear_col.button("Clear live points", key=f"{PAGE}.clear", on_click=st.session_state.pop, args=(LIVE, None))
live = st.session_state.get(LIVE) or data.live_runs.EMPTY
live_mc, live_sgd = data.live_runs.points(live["mc"], "mc"), data.live_runs.points(live["sgd"], "sgd")
if live["mc"]:
    st.success(data.live_runs.summary(live), icon=":material/check_circle:")

KEY = data.stamp()
if KEY:
    with st.spinner("Fitting the theory's temperature to every SGD setting (first visit: about a minute) …"):
        CAL = data.calibration_points(KEY)
else:
    CAL = None
tab = tabs.sections(PAGE, TAB)  # each section's sentences are computed, its charts only in the open tab

mc, notice = data.load("gibbs_mc")
if not notice:
    p = mc["meta"]["parameters"]
    res, agree = data.mc_tables(mc, v["init"])
    lines = data.sims.mc_statements(res, agree, p["N"])
    numbers |= {"Monte Carlo N": p["N"], "Monte Carlo data sets per ρtrain": p["n_datasets"]}
    findings += lines
if tab["mc"].open:
    with tab["mc"]:
        st.header("Exact Gibbs Monte Carlo vs theory")
        if notice:
            st.warning(notice, icon=":material/hourglass_empty:")
        else:
            st.caption(
                f"Metropolis sampling of exp(−E/T) at N = {p['N']}, b0 = {p['b0']}, α = {p['alpha']}, "
                f"T = {p['T']} (Fig. 3), {p['n_datasets']} data sets per ρtrain, {p['n_sweeps']} sweeps; "
                "solid line: theory at the same parameters. Expect agreement within the error bars up to "
                "finite-N corrections O(1/N)."
            )
            th, _ = data.theory_rho_train(p["b0"], p["alpha"], p["T"])
            label = f"Monte Carlo, N = {p['N']} ({v['init']})"
            left, right = st.columns(2)
            with left:
                layout.chart(charts.order_parameter(th, res, "R", label, p["b0"], live_mc), "mc_overlap", res)
            with right:
                layout.chart(charts.order_parameter(th, res, "b", label, p["b0"], live_mc), "mc_bias")
            st.markdown("\n".join(f"- {s}" for s in lines))
            st.markdown("**Residuals** (z = (MC − theory) / SE):")
            st.dataframe(res.round(4), hide_index=True, width="stretch")
            csv_button(data.runs_frame(mc), "gibbs_mc_runs", "Download every Monte Carlo chain (CSV)")
if tab["transition"].open:
    with tab["transition"]:
        for name in transition_mc.FILES:
            transition_mc.section(name)
        transition_mc.compare(("gibbs_transition", "gibbs_transition_n1600"))

name = "sgd_fig13_v2" if v["fig13_set"] == "paper" else "sgd_fig13"
source = next(s for s, files in data.calibration.SOURCES.items() if files[0] == name)
f13, notice = data.load(name)
if not notice:
    p, meta = f13["meta"]["parameters"], f13["meta"]
    pts = data.sgd_tables(f13, "rho_train")
    T_fit, T_words = data.pooled_words(KEY, source, v["fit_by"], "train_error" in f13["runs"][0])
    th, opt = data.theory_rho_train(p["b0"], p["alpha"], T_fit) if T_fit else (None, None)
    if th is not None:
        lines = data.sims.fig13_statements(pts, th, opt, p["b0"], f"T_fit = {T_fit:g}")
        numbers |= {"Fig. 13 theory temperature T_fit": T_fit}
        findings += lines
if tab["fig13"].open:
    with tab["fig13"]:
        st.header("SGD vs theory: metrics against ρtrain (Fig. 13, left)")
        if notice:
            st.warning(notice, icon=":material/hourglass_empty:")
        else:
            done = (
                f" Runs done: {meta['runs_done']} of {meta['runs_planned']} planned ({meta['status']})."
                if "runs_planned" in meta
                else ""
            )
            st.caption(
                f"SGD at N = {p['N']}, α = {p['alpha']}, b0 = {p['b0']}, lr = {p['lr']}, BS = {p['BS']} "
                f"(lr/BS = {p['lr'] / p['BS']:g}, N·lr/BS = {p['N'] * p['lr'] / p['BS']:g}), "
                f"{data.span(pts['n'])} runs per point, balanced test set (ρtest = 0.5).{done} Lines: theory "
                f"at {T_words}. {p.get('note', '')}"
                + "".join(
                    f" Supplement: {s['parameters'].get('note', '')}" for s in meta.get("supplements", [])
                )
            )
            if th is None:
                st.warning(f"No theory curve to compare with: {T_words}.", icon=":material/info:")
            else:
                names = list(data.sims.SGD_METRICS) if v["metric"] == "all" else [v["metric"]]
                layout.chart(charts.metrics(th, pts, names, live_sgd), "sgd_fig13_metrics", pts)
                left, right = st.columns(2)
                with left:
                    fig = charts.order_parameter(th, pts, "R", "SGD", p["b0"], live_sgd)
                    layout.chart(fig, "sgd_fig13_overlap")
                with right:
                    fig = charts.order_parameter(th, pts, "b", "SGD", p["b0"], live_sgd)
                    layout.chart(fig, "sgd_fig13_bias")
                st.markdown("\n".join(f"- {s}" for s in lines))
            csv_button(data.runs_frame(f13), "sgd_fig13_runs", "Download every SGD run of Fig. 13 (CSV)")

col = "T_fit" if v["fit_by"] == "train_error" else "T_Rb"
has_fig14 = CAL is not None and CAL["source"].str.startswith("Fig. 14").any()
if has_fig14:
    f14 = data.fig14_points(KEY, col)
    lines = data.sims.fig14_statements(f14, col)
    findings += lines
if tab["fig14"].open:
    with tab["fig14"]:
        st.header("SGD vs theory: noise (Fig. 14)")
        if not has_fig14:
            missing = data.load("sgd_fig14")[1] or "No Fig. 14 file is available."
            st.warning(missing, icon=":material/hourglass_empty:")
        else:
            b0 = float(f14["b0"].iloc[0])
            st.caption(
                f"SGD at lr = {', '.join(f'{x:g}' for x in sorted(f14['lr'].unique()))}, BS ∈ "
                f"{sorted(int(x) for x in f14['BS'].unique())}, ρtrain ∈ "
                f"{', '.join(f'{r:g}' for r in sorted(f14['rho_train'].unique()))}, "
                f"{data.span(f14['n'])} runs per point. The horizontal axis is SGD's lr/BS, not a "
                "temperature; hollow diamonds: the theory at each setting's own temperature fitted to "
                f"{data.FIT_WORDS[v['fit_by']]} "
                "(to (R, b) where no train error was recorded or the fit is only a bound)."
            )
            left, right = st.columns(2)
            with left:
                fig = charts.versus_noise(f14, "balanced_accuracy", b0)
                layout.chart(fig, "sgd_fig14_balanced_accuracy", f14)
            with right:
                layout.chart(charts.versus_noise(f14, "b", b0), "sgd_fig14_bias")
            st.markdown("\n".join(f"- {s}" for s in lines))

if CAL is not None:
    lines = data.calibration.calibration_statements(CAL, col)
    findings += lines
if tab["noise"].open:
    with tab["noise"]:
        st.header("The noise scale: which temperature does SGD correspond to?")
        if CAL is None:
            st.warning("No SGD file is available.", icon=":material/hourglass_empty:")
        else:
            st.markdown(
                "For every SGD setting, the theory's temperature that reproduces "
                + (
                    "its measured **train error**: the fraction of its own training samples the final "
                    "student misclassifies, compared with ε_t(T) of Eq. 80, the Gibbs average of the same "
                    "fraction. "
                    if col == "T_fit"
                    else "its measured **overlap R and bias b** (least squares weighted by their standard "
                    "errors). "
                )
                + "Error bars map ±1 SE of the measurement through the theory; triangles are bounds (▼ at "
                "most: no error measured, or the theory at its lowest T is still further; ▲ at least), × the "
                "jump to the dummy state, ★ runs that err more often on their training set than the dummy "
                "student (no T reproduces them; drawn where the theory turns dummy), ○ settings whose R and "
                "b no single T reproduces within their errors (drawn at the closest T)."
            )
            shown = CAL[CAL[f"{col}_status"].isin(charts.FIT_MARKERS)]
            left, right = st.columns(2)
            with left:
                fig = charts.noise_scale(shown, "lr_over_BS", col, data.FIT_WORDS[v["fit_by"]])
                layout.chart(fig, "noise_lr_bs", shown)
            with right:
                fig = charts.noise_scale(shown, "N_lr_over_BS", col, data.FIT_WORDS[v["fit_by"]])
                layout.chart(fig, "noise_n_lr_bs")
            st.markdown("\n".join(f"- {s}" for s in lines))
            words = {"train error": "not recorded (v1 file)"}
            layout.table(data.calibration_table(CAL), words, width="stretch")
            csv_button(data.calibration_runs(KEY), "sgd_noise_calibration_runs",
                       "Download every SGD run with its own fitted temperatures (CSV)")  # fmt: skip

study = data.calibration.n_study(CAL) if CAL is not None else None
if study is not None and not study.empty:
    lines = data.calibration.n_statements(study)
    findings += lines
if tab["nstudy"].open:
    with tab["nstudy"]:
        st.header("N study: is N = 5000 close to N → ∞?")
        if study is None or study.empty:
            missing = data.load("sgd_nstudy")[1] or "The N study file has no runs."
            st.warning(missing, icon=":material/hourglass_empty:")
        else:
            st.caption(
                "SGD acts on the unit vector u = w/√N, so a step of lr on the loss moves w by N·lr: at "
                "fixed lr/BS a larger N is a noisier run. Solid: the same lr/BS at every N; dashed: lr "
                f"scaled so that N·lr/BS is the same as at N = {int(study['N'].max())}. ρtrain = "
                f"{', '.join(f'{r:g}' for r in study['rho_train'].unique())}, "
                f"BS = {int(study['BS'].iloc[0])}, {data.span(study['n'])} runs per point."
            )
            layout.chart(charts.n_study(study, "R"), "sgd_n_study", study)
            st.markdown("\n".join(f"- {s}" for s in lines))
export_view(TITLE, PARAMS, v, numbers, findings)

"""Figs. 9 and 10: the optimal train imbalance rho(R*) and the best overlap R* against alpha and rho0."""

import streamlit as st

from dashboard import backend, claims, jobs, layout, params, plots, tabs
from dashboard.downloads import export_view, table_numbers
from dashboard.state import Param, controls

PAGE = "fig9"
PARAMS = [
    Param("b0", "Teacher bias b₀ of panel (a)", -0.6, lo=-5.0, hi=0.0, step=0.1, fmt="%.1f",
          help="Panel (a) varies α at this b0."),
    params.temperature(0.5),
    Param("n_alpha", "Points along α (panel a)", 9, lo=3, hi=31, step=1, fmt="%d",
          help="Number of log-spaced α values from 0.2 to 20. More points take longer (cached afterwards)."),
    Param("n_b0", "Points along ρ0 (panels b, c)", 7, lo=3, hi=25, step=1, fmt="%d",
          help="Number of b0 values from -5 to -0.1 (the paper's range) for α = 1.1 and α = 8."),
]  # fmt: skip
PRESETS = {"Reproduce Fig. 9 & 10": dict(b0=-0.6, T=0.5, n_alpha=21, n_b0=15)}
FIGS = {"fig9": ("rho_R_star", "ρ(R*)", 9), "fig10": ("R_star", "R*", 10)}  # tab -> (column, label, figure)
TAB = tabs.param({"fig9": "Fig. 9: the best train imbalance ρ(R*)", "fig10": "Fig. 10: the best overlap R*"})

TITLE = "Fig. 9 & 10: the best train imbalance is rarely 0.5"
st.title(TITLE)
st.markdown(
    "For each α or ρ0 the page sweeps ρtrain, finds ρ(R*) = argmax R and refines it (Brent). It is a long "
    "computation the first time (progress bar), then cached."
)
v = controls(PAGE, PARAMS, PRESETS, later=[TAB])
bar = st.progress(0.0, text="Solving...")
alphas = backend.log_values(0.2, 20.0, int(v["n_alpha"]))
b0s = backend.lin_values(-5.0, -0.1, int(v["n_b0"]))
panels = {
    "a": ("alpha", alphas, dict(b0=v["b0"]), f"(a) against α (b₀ = {v['b0']:g})"),
    "b": ("b0", b0s, dict(alpha=1.1), "(b) against ρ0, α = 1.1"),
    "c": ("b0", b0s, dict(alpha=8.0), "(c) against ρ0, α = 8"),
}
tables = {}
points = len(alphas) + 2 * len(b0s)
st.caption(f"Panels not computed before: {jobs.estimate('fig9', points)}")
with jobs.guard("fig9", bar, points) as bounded:  # one computation per visitor, a small server pool
    for k, (tag, (over, values, fixed, _)) in enumerate(panels.items()):
        step = bounded(layout.progress_step(bar, k, len(panels)))
        tables[tag] = backend.optimal_rho_train(over, tuple(values), T=v["T"], n=31, progress=step, **fixed)
bar.empty()

tab = tabs.sections(PAGE, TAB)
for shown, (quantity, label, fig_no) in FIGS.items():
    if not tab[shown].open:
        continue  # a closed tab's charts are neither built nor sent
    cols = tab[shown].columns(3)
    for col, (tag, (over, _, _, title)) in zip(cols, panels.items(), strict=True):
        x = "alpha" if over == "alpha" else "rho0"
        fig = plots.figure(x, "rho_R_star" if quantity == "rho_R_star" else "R_star", title=title, height=330,
                           log_x=True)  # fmt: skip
        plots.curve(fig, tables[tag][x], tables[tag][quantity], label, 0, markers=True)
        if quantity == "rho_R_star":
            plots.hline(fig, 0.5, "0.5")
        with col:
            layout.chart(fig, f"fig{fig_no}{tag}_{quantity}", tables[tag])
a = tables["a"].dropna(subset=["rho_R_star"])
if a.empty:
    st.info(
        f"No interior optimum of R in panel (a): {tables['a']['why'].iloc[0]}.", icon=":material/lightbulb:"
    )
else:
    far = a.loc[(a["rho_R_star"].astype(float) - 0.5).abs().idxmax()]
    st.info(f"Largest departure in panel (a): ρ(R*) = {far['rho_R_star']:.3f} at α = {far['alpha']:.3g}.",
            icon=":material/lightbulb:")  # fmt: skip
for tag, (over, _, _, title) in panels.items():
    st.markdown(f"**{title}**: " + claims.shapes(tables[tag], over, "b₀" if over == "b0" else "α"))
with st.expander("Numbers behind the panels", expanded=True):
    for tag, (_, _, _, title) in panels.items():
        st.caption(title)
        layout.table(tables[tag], {"rho_R_star": "none (see why)", "R_star": "none (see why)"})
numbers = {}
for tag, (over, _, _, title) in panels.items():
    x = "alpha" if over == "alpha" else "b0"
    numbers |= table_numbers(tables[tag], x, ["rho_R_star", "R_star"], prefix=f"{title}, ")
export_view(TITLE, PARAMS, v, numbers)

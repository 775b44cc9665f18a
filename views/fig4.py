"""Fig. 4: balanced accuracy against rho_train shifted to its peak, for families in alpha and in T."""

import streamlit as st

from dashboard import backend, claims, family_charts, layout, params, plots
from dashboard.downloads import export_view, table_numbers
from dashboard.state import controls

PAGE = "fig4"
N_GRID = 61
ALPHAS = (0.3, 0.5, 0.7, 1.1, 2.0, 3.0, 5.0, 8.0, 15.0, 30.0)
TS = (0.005, 0.01, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0)
PARAMS = [
    *params.teacher(-1.0),
    params.family("alphas", "Family in α (at the T below)", (0.5, 1.1, 2.0, 5.0, 8.0), ALPHAS,
                  "One curve per amount of data α."),
    params.temperature(0.5),
    params.family("Ts", "Family in T (at the α below)", (0.01, 0.1, 0.5, 1.0, 2.0), TS,
                  "One curve per noise level T."),
    params.alpha(1.1),
]  # fmt: skip
PRESETS = {
    "Reproduce Fig. 4": dict(set_by="b0", b0=-1.0, alphas=[0.5, 1.1, 2.0, 5.0, 8.0], T=0.5,
                             Ts=[0.01, 0.1, 0.5, 1.0, 2.0], alpha=1.1),
}  # fmt: skip
FAMILIES = {
    "alpha": ("alphas", "α", "Main panel: family in α", "T"),
    "T": ("Ts", "T", "Inset: family in T", "alpha"),
}

TITLE = "Fig. 4: where the balanced accuracy peaks, and how sharply"
st.title(TITLE)
st.markdown(
    "Balanced accuracy a_bal against ρtrain − ρpeak, so that every curve peaks at 0. The open circle on each "
    "curve marks ρtrain = 0.5: when it is not at 0, a balanced training set is not optimal."
)
v = controls(PAGE, PARAMS, PRESETS)
b0 = params.teacher_b0(v)
numbers = {}
for over, (values_name, symbol, title, fixed) in FAMILIES.items():
    st.subheader(f"{title} (b₀ = {b0:.3g}, {'α' if fixed == 'alpha' else 'T'} = {v[fixed]:g})")
    if not v[values_name]:
        st.warning(f"Choose at least one value of {symbol} in the sidebar.")
        continue
    curves, peaks = backend.peak_shift(over, tuple(v[values_name]), b0, v["alpha"], v["T"], N_GRID)
    words = {"rho_peak": "no interior peak", "abal_peak": "no interior peak"}
    layout.table(peaks, words)
    numbers |= table_numbers(peaks, over, ["rho_peak", "abal_peak"], words)
    fig = family_charts.curves(
        curves, "balanced_accuracy", over, lambda x, s=symbol: f"{s} = {x:g}", x="shift"
    )
    fig["layout"]["xaxis"]["title"]["text"] = "ρ<sub>train</sub> − ρ<sub>peak</sub>"
    plots.vline(fig, 0.0, "peak", colour="#000000")
    family_charts.marks_at(fig, curves, over, "shift", "balanced_accuracy", "rho_train", 0.5, "ρtrain = 0.5")
    columns = [over, "b0", "rho_train", "shift", "phase", "balanced_accuracy"]
    layout.chart(fig, f"fig4_{over}_family", curves[columns])
    st.caption(claims.sharpness(curves, over, symbol, v[values_name]))
export_view(TITLE, PARAMS, v, numbers)

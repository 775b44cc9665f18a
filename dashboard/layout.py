"""Page building blocks: rows of numbers, buttons that jump to an optimum, charts with downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from . import plots
from .downloads import csv_button
from .explain import display, fmt, fmt_b, optimum_notes
from .state import apply_preset

SHORT = {
    "recall": "recall r",
    "specificity": "specificity s",
    "accuracy": "accuracy a",
    "balanced_accuracy": "balanced acc. a_bal",
    "precision": "precision p",
    "f1": "F1",
    "generalization_error": "gen. error ε_g",
    "precision_neg": "precision p₋",
    "f1_neg": "F1₋",
}


def metric_row(items: list[tuple[str, str, str | None]], per_row: int = 4) -> None:
    """st.metric tiles (label, value, help), ``per_row`` per row (they wrap on a phone)."""
    for start in range(0, len(items), per_row):
        cols = st.columns(per_row)
        for col, (label, value, help_) in zip(cols, items[start : start + per_row], strict=False):
            col.metric(label, value, help=help_)


def numbers(pt: dict, b0: float, metric_names: list[str]) -> None:
    """Order parameters and metrics of the current point; nothing but a notice when unsolved."""
    if pt["phase"] == "unsolved":
        st.error("No converged solution at this point, so no numbers are shown.")
        return
    metric_row(
        [
            ("overlap R", fmt(pt["R"]), "Cosine between the student's and the teacher's weights."),
            ("self-overlap q", fmt(pt["q"]), "Overlap between two students trained on the same data."),
            ("student bias b", fmt_b(pt["b"]), "Bias learned by the student; compare with the teacher's b0."),
            ("teacher bias b₀", fmt(b0), "The teacher's bias; ρ0 = Φ(b0) is the fraction of anomalies."),
            ("train error ε_t", fmt(pt["train_error"]), "Fraction of misclassified training samples."),
        ],
        per_row=5,
    )
    st.caption(f"Test metrics at ρtest = {pt['rho_test']:.3f}:")
    metric_row([(SHORT[m], fmt(pt[m]), None) for m in metric_names])


def jump_buttons(page: str, opt: dict, rho0: float) -> None:
    """Buttons that move the page's rho_train to rho(R*), rho(b*), rho0, the peaks of a_bal and p, 0.5."""
    peaks = opt.get("peaks", {})
    targets = {
        "ρ(R*): best overlap": opt.get("rho_R_star"),
        "ρ(b*): b = b₀": opt.get("rho_b_star"),
        "ρ₀": rho0,
        "peak of a_bal": (peaks.get("balanced_accuracy") or (None,))[0],
        "peak of p": (peaks.get("precision") or (None,))[0],
        "0.5": 0.5,
    }
    for note in optimum_notes(opt):
        st.caption(note)
    cols = st.columns(3)
    for n, (name, raw) in enumerate((k, x) for k, x in targets.items() if x is not None):
        x = round(min(max(raw, 0.001), 0.999), 3)
        cols[n % 3].button(
            jump_label(name, raw, x), key=f"{page}.jump.{n}", width="stretch",
            on_click=apply_preset, args=(page, {"rho_train": x}),
        )  # fmt: skip


def jump_label(name: str, raw: float, x: float) -> str:
    """A jump button's label; says so when the target lies outside ρtrain's range and is clamped."""
    if name == "0.5":
        return "balanced: ρtrain = 0.5"
    if abs(raw - x) > 5e-4:
        return f"{name} = {raw:.2g}: outside the range, go to {x:.3f}"
    return f"{name} = {x:.3f}"


def table(df: pd.DataFrame, words: dict | None = None, **kw) -> None:
    """st.dataframe without "nan", "None" or "inf": missing numbers in words (``explain.display``)."""
    shown = display(df, words)
    # Headers with the paper's symbols, shown by the column config (the data keeps its CSV names).
    labels = {c: st.column_config.Column(plots.HEADERS[c]) for c in shown.columns if c in plots.HEADERS}
    st.dataframe(shown, hide_index=True, column_config=labels, **kw)


def chart(fig, name: str, data: pd.DataFrame | None = None) -> None:
    """A figure (PNG export named ``name``) and, if given, a CSV button for its data."""
    plots.show(fig, name)
    if data is not None:
        csv_button(data, name)


def progress_step(bar, k: int, parts: int):
    """Progress callback for part ``k`` of ``parts`` of a long computation, drawn on ``bar``."""

    def step(fraction: float, text: str) -> None:
        bar.progress(min((k + fraction) / parts, 1.0), text=f"Part {k + 1} of {parts}: {text}")

    return step

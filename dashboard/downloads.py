"""Downloads: CSV of plotted data sets and a summary of the current view (one button each, no rerun).

One CSV convention everywhere (stated in the README): the phase in words ("informative", "dummy",
"unsolved"; maps store it as 1/0), the dummy's infinite bias written as -inf (all-normal dummy,
rho_train < 0.5) or inf (all-anomaly dummy), which pandas reads back as floats; every other missing or
undefined number (an unsolved point, a relative error of a zero mean) left empty.

The view summary (Markdown or HTML) lists the parameters, the key numbers, the date, the app version and
the link that reproduces the view (the page's address with its URL parameters). Every page offers it
through one call, ``export_view(title, PARAMS, values, numbers)``: the parameters are the page's visible
controls in words, the key numbers are what the page computed for this view (``table_numbers`` turns a
table the page shows into such lines); a missing or infinite number is written in words.
"""

from __future__ import annotations

import html
import math
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from solver import SOLVER_VERSION

from .explain import fmt
from .plots import HEADERS

PHASES = {1.0: "informative", 0.0: "dummy"}


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table in the CSV convention (phase in words, the dummy's bias as -inf or inf, no other
    infinity)."""
    out = df.copy()
    if "phase" in out and pd.api.types.is_numeric_dtype(out["phase"]):
        out["phase"] = [PHASES.get(p, "unsolved") for p in out["phase"]]
    if {"phase", "b", "rho_train"} <= set(out.columns):
        dummy = (out["phase"] == "dummy") & out["b"].isna()
        out.loc[dummy, "b"] = [-math.inf if r < 0.5 else math.inf for r in out.loc[dummy, "rho_train"]]
    for col in out.columns:  # an infinity other than the dummy's bias is an undefined number: empty
        if col != "b" and not col.startswith("b_") and pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].where(out[col].abs() != math.inf)
    return out


def csv_button(df: pd.DataFrame, name: str, label: str | None = None, where=None) -> None:
    """Download button for ``df`` as ``<name>.csv`` (UTF-8, no index, the CSV convention above)."""
    where = where or st
    where.download_button(
        label or f"Download data (CSV): {name}.csv",
        data=lambda: csv_frame(df).to_csv(index=False).encode("utf-8"),  # made on click, not every rerun
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv.{name}",
        on_click="ignore",
        icon=":material/download:",
    )


def view_link(path: str) -> str:
    """The address that reproduces the current view: the app's address, the page's path, its URL state."""
    url = urlsplit(st.context.url or "http://localhost:8501/")
    query = urlencode(st.query_params.to_dict())
    return f"{url.scheme}://{url.netloc}/{path}" + (f"?{query}" if query else "")


def text(value, missing: str = "none") -> str:
    """A value for the summary: numbers with 4 significant digits, a missing one as ``missing``, an
    infinite one as +∞ or −∞ (never "nan", "None" or "inf")."""
    if isinstance(value, bool | str):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    if isinstance(value, float) and math.isinf(value):
        return fmt(value)
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def summary_markdown(title: str, path: str, parameters: dict, numbers: dict, findings=()) -> str:
    """A Markdown summary of the view: parameters, key numbers (and the page's computed findings, in
    sentences), date, app version, reproducing link."""
    now = datetime.now(UTC)
    lines = [f"# {title}", "", f"- Date: {now:%Y-%m-%d %H:%M} UTC", f"- App version: {SOLVER_VERSION}"]
    lines += [f"- Link to this view: {view_link(path)}", "", "## Parameters", ""]
    lines += [f"- {k}: {text(v)}" for k, v in parameters.items()] or ["- none: this page has no controls"]
    lines += ["", "## Key numbers", ""] + [f"- {k}: {text(v)}" for k, v in numbers.items()]
    if findings:
        lines += ["", "## Findings", ""] + [f"- {line}" for line in findings]
    return "\n".join(lines) + "\n"


def provenance(path: str) -> str:
    """Markdown lines closing a report: date, app version and the link back to the exact view."""
    now = datetime.now(UTC)
    return (
        f"\n\n---\nMade on {now:%Y-%m-%d %H:%M} UTC with app version {SOLVER_VERSION}. "
        f"This view: {view_link(path)}\n"
    )


def summary_html(markdown: str) -> str:
    """The summary as a small standalone HTML page (headings, bullets, the link clickable)."""
    body, in_list = [], False
    for line in markdown.splitlines():
        text = html.escape(line.lstrip("#- ").strip())
        if line.startswith("- ") != in_list:
            in_list = not in_list
            body.append("<ul>" if in_list else "</ul>")
        if line.startswith("# "):
            body.append(f"<h1>{text}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{text}</h2>")
        elif line.startswith("- "):
            label, _, value = text.partition(": ")
            if value.startswith("http"):
                value = f'<a href="{value}">{value}</a>'
            body.append(f"<li>{label}: {value}</li>")
    body.append("</ul>" if in_list else "")
    return "<!doctype html><meta charset='utf-8'><title>Summary</title>\n" + "\n".join(body) + "\n"


def summary_buttons(title: str, path: str, parameters: dict, numbers: dict, name: str, findings=()) -> None:
    """Two buttons: the view's summary as Markdown and as HTML (charts: the camera icon of each chart)."""
    markdown = summary_markdown(title, path, parameters, numbers, findings)
    left, right = st.columns(2)
    common = dict(on_click="ignore", icon=":material/summarize:", width="stretch")
    left.download_button("Export this view (Markdown)", markdown.encode("utf-8"), f"{name}.md",
                         mime="text/markdown", key=f"summary.md.{name}", **common)  # fmt: skip
    right.download_button("Export this view (HTML)", summary_html(markdown).encode("utf-8"), f"{name}.html",
                          mime="text/html", key=f"summary.html.{name}", **common)  # fmt: skip
    st.caption("Charts: the camera icon above each chart saves it as PNG or SVG (sidebar: View and export).")


def control_text(p, value) -> str:
    """A control's value as the reader saw it (``state.Param``: its format, option label, on/off)."""
    if p.kind == "toggle":
        return "on" if value else "off"
    if p.kind == "choice":
        return str(p.option_labels.get(value, value))
    if p.kind == "multi":
        return ", ".join(f"{x:g}" for x in value) or "none chosen"
    if p.kind == "slider":
        return p.fmt % value
    return f"{value:g}"


def parameters(params, values: dict) -> dict:
    """The page's visible controls as "label (URL name)" -> value in words."""
    shown = [p for p in params if p.show is None or p.show(values)]
    return {f"{p.label} ({p.name})": control_text(p, values[p.name]) for p in shown}


def table_numbers(df: pd.DataFrame, keys, columns, words: dict | None = None, prefix: str = "") -> dict:
    """Key numbers from a table the page shows: "<prefix><key = value>: <column header>" -> the number, a
    missing one in words (``words[column]``, else the row's ``why`` when it has one, else "none")."""
    keys, words, out = [keys] if isinstance(keys, str) else list(keys), words or {}, {}
    for row in df.to_dict("records"):
        head = ", ".join(f"{HEADERS.get(k, k)} = {text(row[k])}" for k in keys)
        why = row.get("why") if isinstance(row.get("why"), str) and row.get("why") else None
        for c in columns:
            missing = words.get(c) or (f"none ({why})" if why else "none")
            out[f"{prefix}{head}: {HEADERS.get(c, c)}"] = text(row[c], missing)
    return out


def export_view(title: str, params, values: dict, numbers: dict, findings=(), path: str | None = None):
    """The one export of a page's current view (Markdown and HTML summary; charts through their camera
    icon): ``params``/``values`` the page's controls and their values, ``numbers`` the key numbers it
    computed (label -> value), ``findings`` its computed sentences. ``path``: the page's URL path, by
    default the page the router is running."""
    path = st.session_state.get("jobs.page", "") if path is None else path
    numbers = {k: text(v) for k, v in numbers.items()}
    summary_buttons(title, path, parameters(params, values), numbers, f"{path or 'explorer'}_view", findings)

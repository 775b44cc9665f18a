"""Downloads: CSV of plotted data sets and a summary of the current view (one button each, no rerun).

One CSV convention everywhere: the phase in words ("informative", "dummy", "unsolved"; maps store it as
1/0), the dummy's infinite bias written as -inf (all-normal dummy, rho_train < 0.5) or inf (all-anomaly
dummy), other missing numbers left empty.

The view summary (Markdown or HTML) lists the parameters, the key numbers, the date, the app version and
the link that reproduces the view (the page's address with its URL parameters).
"""

from __future__ import annotations

import html
import math
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from solver import SOLVER_VERSION

PHASES = {1.0: "informative", 0.0: "dummy"}


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table in the CSV convention (phase in words, the dummy's bias as -inf or inf)."""
    out = df.copy()
    if "phase" in out and pd.api.types.is_numeric_dtype(out["phase"]):
        out["phase"] = [PHASES.get(p, "unsolved") for p in out["phase"]]
    if {"phase", "b", "rho_train"} <= set(out.columns):
        dummy = (out["phase"] == "dummy") & out["b"].isna()
        out.loc[dummy, "b"] = [-math.inf if r < 0.5 else math.inf for r in out.loc[dummy, "rho_train"]]
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


def summary_markdown(title: str, path: str, parameters: dict, numbers: dict) -> str:
    """A Markdown summary of the view: parameters, key numbers, date, app version, reproducing link."""
    now = datetime.now(UTC)
    lines = [f"# {title}", "", f"- Date: {now:%Y-%m-%d %H:%M} UTC", f"- App version: {SOLVER_VERSION}"]
    lines += [f"- Link to this view: {view_link(path)}", "", "## Parameters", ""]
    lines += [f"- {k}: {v}" for k, v in parameters.items()]
    lines += ["", "## Key numbers", ""] + [f"- {k}: {v}" for k, v in numbers.items()]
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


def summary_buttons(title: str, path: str, parameters: dict, numbers: dict, name: str) -> None:
    """Two buttons: the view's summary as Markdown and as HTML (charts: the camera icon of each chart)."""
    markdown = summary_markdown(title, path, parameters, numbers)
    left, right = st.columns(2)
    common = dict(on_click="ignore", icon=":material/summarize:", width="stretch")
    left.download_button("Export this view (Markdown)", markdown.encode("utf-8"), f"{name}.md",
                         mime="text/markdown", key=f"summary.md.{name}", **common)  # fmt: skip
    right.download_button("Export this view (HTML)", summary_html(markdown).encode("utf-8"), f"{name}.html",
                          mime="text/html", key=f"summary.html.{name}", **common)  # fmt: skip
    st.caption("Charts: the camera icon above each chart saves it as PNG or SVG (sidebar: View and export).")

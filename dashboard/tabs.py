"""Lazy tabs: a page split into sections of which only the open one is built and sent to the browser.

Each chart costs the browser ~0.15-0.3 s to draw on first view, so a page with many charts shows them in
tabs and draws only the open tab's. The open tab is a control of the page like any other (``param``):
declare it with ``state.controls(..., later=[TAB])`` so that it is read from the URL (a link with
``tab=...`` opens that tab; a malformed value falls back to the first tab with the usual notice), kept in
the session when the visitor goes to another page and back, and written to the URL; then
``sections(PAGE, TAB)`` draws the tabs. A page computes the numbers and sentences of every section (its
export covers the whole page) and builds charts and tables only inside the open tab::

    tab = tabs.sections(PAGE, TAB)
    lines = ...  # the section's sentences, for the export
    if tab["fig9"].open:
        with tab["fig9"]:
            ...  # charts, sentences, tables

Streamlit's own URL binding of tabs (``bind="query-params"``) is not used: the URL parameter would be the
widget's key and hold the tab's label verbatim, a bad value is dropped without a notice, and
``state.write_url`` rewrites the whole URL with ``st.query_params.from_dict``, which drops the bound
parameter (tried under streamlit.testing: the URL then held no tab, so a copied link lost it).
"""

from __future__ import annotations

import streamlit as st

from .state import Param, key


def param(labels: dict[str, str], help: str = "") -> Param:
    """The ``tab`` control: ``labels`` maps each section's URL value to its tab label, the first opens by
    default."""
    first = next(iter(labels))
    return Param("tab", "Section shown", first, kind="choice", options=tuple(labels), option_labels=labels,
                 help=help or "The tab open on the page (only the open tab's charts are drawn).")  # fmt: skip


def _widget_key(page: str, p: Param) -> str:
    return f"{key(page, p.name)}.widget"


def _chosen(page: str, p: Param) -> None:
    """Callback of a click on a tab: the control takes the clicked section (before the rerun)."""
    label = st.session_state[_widget_key(page, p)]
    st.session_state[key(page, p.name)] = next(o for o in p.options if p.option_labels[o] == label)


def sections(page: str, p: Param) -> dict:
    """Draw the tabs with the control's section open; section value -> tab container (``.open`` is True
    for the open one only)."""
    labels = [p.option_labels[o] for o in p.options]
    widget = _widget_key(page, p)
    wanted = p.option_labels[st.session_state[key(page, p.name)]]
    if st.session_state.get(widget) != wanted:  # the URL (a link, Back) or the session chose the section
        st.session_state[widget] = wanted
    boxes = st.tabs(labels, key=widget, on_change=_chosen, args=(page, p))
    return dict(zip(p.options, boxes, strict=True))

"""Controls declared as ``Param`` specs, kept in the URL (st.query_params) and in session state.

A page lists its controls once, e.g. ``Param("alpha", "α", 1.1, kind="log", options=ALPHAS)``, and
calls ``controls(page, params, presets)``. On the first run of a session each control takes its value
from the URL if present and valid; otherwise it takes its default and a visible notice names the
parameter and its allowed range. After the widgets are drawn the URL is rewritten from their values, so
a copied link reproduces the view. URL values are only ever parsed as numbers or matched against a
fixed list of options (never evaluated or unpickled).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from .untrusted import code_span

KINDS = ("slider", "log", "toggle", "choice", "multi")


@dataclass(frozen=True)
class Param:
    """One control. ``kind``: "slider" (float in [lo, hi] with ``step``), "log" (one of ``options``,
    shown on a log scale), "toggle" (bool), "choice" (one string of ``options``), "multi" (a subset of
    the float ``options``). ``show`` hides the control (and drops it from the URL) when it returns False
    for the current values; ``note`` returns a caption drawn under the widget (e.g. the live rho0);
    ``on_change(page)`` runs before the rerun that follows a change; ``option_labels`` names choices."""

    name: str
    label: str
    default: object
    kind: str = "slider"
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    options: Sequence = ()
    help: str = ""
    fmt: str = "%.3f"
    option_labels: dict = field(default_factory=dict, compare=False)
    show: Callable[[dict], bool] | None = field(default=None, compare=False)
    note: Callable[[dict], str] | None = field(default=None, compare=False)
    on_change: Callable[[str], None] | None = field(default=None, compare=False)

    def allowed(self) -> str:
        """The allowed values in words, for notices."""
        if self.kind == "slider":
            kind = "an integer" if _is_int(self.default) else "a number"
            return f"{kind} in [{self.lo:g}, {self.hi:g}]"
        if self.kind == "log":
            return f"a number in [{min(self.options):g}, {max(self.options):g}]"
        if self.kind == "toggle":
            return "0 or 1"
        if self.kind == "choice":
            return "one of " + ", ".join(map(str, self.options))
        return "comma-separated values among " + ", ".join(f"{v:g}" for v in self.options)

    def parse(self, raw: str):
        """Value from a URL string, or ValueError naming the parameter and what it allows."""
        try:
            return _PARSERS[self.kind](self, raw.strip())
        except (ValueError, TypeError, OverflowError, KeyError):
            raise ValueError(
                f"URL parameter {code_span(f'{self.name}={raw}')} is not valid: {self.name} must be "
                f"{self.allowed()}. "
                f"Using the default {self.format(self.default)}."
            ) from None

    def format(self, value) -> str:
        """URL string of a value (the inverse of ``parse``)."""
        if self.kind == "toggle":
            return "1" if value else "0"
        if self.kind == "choice":
            return str(value)
        if self.kind == "multi":
            return ",".join(f"{v:g}" for v in value)
        return f"{value:.10g}"


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _number(raw: str) -> float:
    x = float(raw)
    if not math.isfinite(x):
        raise ValueError(raw)
    return x


def _parse_slider(p: Param, raw: str) -> float | int:
    x = _number(raw)
    if not p.lo <= x <= p.hi:
        raise ValueError(raw)
    if _is_int(p.default):
        if not x.is_integer():
            raise ValueError(raw)
        return int(x)
    return round(x, 10)


def _parse_log(p: Param, raw: str) -> float:
    x = _number(raw)
    if not min(p.options) <= x <= max(p.options):
        raise ValueError(raw)
    return snap(x, p.options)


def _parse_toggle(p: Param, raw: str) -> bool:
    return {"1": True, "true": True, "0": False, "false": False}[raw.lower()]


def _parse_choice(p: Param, raw: str) -> str:
    if raw not in p.options:
        raise ValueError(raw)
    return raw


def _parse_multi(p: Param, raw: str) -> list[float]:
    values = [_number(v) for v in raw.split(",") if v.strip()]
    chosen = [o for o in p.options if any(abs(o - v) < 1e-9 for v in values)]
    if not values or len(chosen) != len(set(values)):
        raise ValueError(raw)
    return chosen


_PARSERS = {"slider": _parse_slider, "log": _parse_log, "toggle": _parse_toggle}
_PARSERS |= {"choice": _parse_choice, "multi": _parse_multi}


def snap(x: float, options: Sequence[float]) -> float:
    """The option nearest to x on a log scale (options are positive)."""
    return min(options, key=lambda o: abs(math.log(o) - math.log(x)))


def key(page: str, name: str) -> str:
    """Session-state key of a page's control."""
    return f"{page}.{name}"


def _init_from_url(page: str, params: Sequence[Param]) -> list[str]:
    """Set session state of controls not yet in it from the URL; return the notices."""
    notices = []
    for p in params:
        k = key(page, p.name)
        if k in st.session_state:
            continue
        raw = st.query_params.get(p.name)
        value = p.default
        if raw is not None:
            try:
                value = p.parse(raw)
            except ValueError as err:
                notices.append(str(err))
        st.session_state[k] = value
    return notices


def _widget(page: str, p: Param, where):
    k = key(page, p.name)
    common = dict(key=k, help=p.help or None)
    if p.on_change:
        common |= dict(on_change=p.on_change, args=(page,))
    if p.kind == "slider":
        return where.slider(p.label, min_value=p.lo, max_value=p.hi, step=p.step, format=p.fmt, **common)
    if p.kind == "log":
        return where.select_slider(p.label, options=list(p.options), format_func=_fmt_num, **common)
    if p.kind == "toggle":
        return where.toggle(p.label, **common)
    if p.kind == "choice":
        labels = p.option_labels
        return where.radio(
            p.label,
            options=list(p.options),
            format_func=lambda o: labels.get(o, o),
            horizontal=True,
            **common,
        )
    return where.multiselect(p.label, options=list(p.options), format_func=_fmt_num, **common)


def _fmt_num(x: float) -> str:
    return f"{x:g}"


def apply_preset(page: str, values: dict) -> None:
    """Callback of a preset button: set the page's controls (runs before the script reruns)."""
    for name, value in values.items():
        st.session_state[key(page, name)] = value


def preset_buttons(page: str, presets: dict[str, dict], where) -> None:
    """One button per preset ("Reproduce Fig. N" -> documented control values)."""
    for label, values in presets.items():
        where.button(label, key=f"{page}.preset.{label}", on_click=apply_preset, args=(page, values))


def controls(page: str, params: Sequence[Param], presets: dict[str, dict] | None = None, where=None) -> dict:
    """Draw the page's preset buttons and controls, sync the URL, show URL notices; return the values.

    ``where`` defaults to the sidebar. The returned dict maps each parameter name to its value
    (hidden controls keep their last or default value)."""
    where = where or st.sidebar
    notices = _init_from_url(page, params)
    if presets:
        preset_buttons(page, presets, where)
    values = {p.name: st.session_state[key(page, p.name)] for p in params}
    shown = [p for p in params if p.show is None or p.show(values)]
    for p in shown:
        values[p.name] = _widget(page, p, where)
        if p.note:
            where.caption(p.note(values))
    _write_url({p.name: p.format(values[p.name]) for p in shown})
    for note in notices:
        st.warning(note, icon="⚠️")
    return values


def _write_url(wanted: dict[str, str]) -> None:
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)

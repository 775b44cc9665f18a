"""Controls declared as ``Param`` specs, one session-wide state shared by every page, kept in the URL.

A page lists its controls once, e.g. ``Param("alpha", "α", 1.1, kind="log", options=ALPHAS)``, and
calls ``controls(page, params, presets)``. The problem's parameters (``SHARED``: the teacher b0 or rho0,
alpha, T, rho_train, rho_test, learn_b) are one state for the whole session: a page that shows one of
them starts from the value last set on any page, and a change on this page is what the next page shows.
A page's own presets (buttons) still set its values when pressed. A control takes its value, in order,
from the URL (a shared link, or the browser's Back/Forward), the session's shared state, its default.

After the widgets are drawn the URL is rewritten from their values, so a copied link reproduces the
view; Streamlit pushes each change onto the browser history and replays the URL on Back, which this
module detects (the URL is no longer the one it wrote) and restores. URL values are only ever parsed as
numbers or matched against a fixed list of options (never evaluated or unpickled); a malformed value
falls back with a visible notice that names the parameter and its allowed range.

The teacher is kept as b0 exactly: rho0 = Phi(b0) is derived from it, so switching the input between
b0 and rho0 round-trips (a rho0 off the slider's grid is shown as an extra stop of the slider).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from solver import b0_from_rho0, rho0_from_b0

from .untrusted import code_span

# Streamlit's front end adds a history entry when the page changes (the new page's path) and another when
# the new page's run writes its URL (``write_url``), in either order, so one Back press only went back to
# the first of the two and the page stayed. This script (run once in the browser, by the router through
# ``appearance``) lets one script run add at most one history entry: a second URL written by the same run
# replaces the first (a click on a link of the app starts a new entry), and a run's URL on the first load
# replaces the address that was opened. One Back press then returns to the previous page with its
# settings; each change made on a page (a slider, a preset) still adds its own entry.
HISTORY_JS = """<script>
(() => {
  if (window.__imbalanceHistory) return;
  window.__imbalanceHistory = true;
  const push = history.pushState.bind(history);
  let pushed = true;  // the first load: the address that was opened is this run's entry
  history.pushState = function (state, title, url) {
    if (pushed) return history.replaceState(state, title, url);
    pushed = true;
    return push(state, title, url);
  };
  // A click on a link of the app (the sidebar, a page link) starts a new entry even while a run is going.
  document.addEventListener("click", (e) => { if (e.target.closest?.("a[href]")) pushed = false; }, true);
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return setTimeout(watch, 100);
    const done = () => app.getAttribute("data-test-script-state") === "notRunning";
    if (done()) pushed = false;
    new MutationObserver(() => { if (done()) pushed = false; })
      .observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
  };
  watch();
})();
</script>"""
KINDS = ("slider", "log", "toggle", "choice", "multi")
SHARED = ("set_by", "b0", "alpha", "T", "rho_train", "rho_test", "learn_b")
STORE = "_shared"  # session-state dict of the shared values (b0 stands for rho0 too)
GLOBAL_URL = "_url_globals"  # URL parameters every page keeps (e.g. the presentation mode)


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

    def coerce(self, value):
        """A shared value made valid for this control (clamped into its range), or None if it cannot be."""
        try:
            return _PARSERS[self.kind](self, self.format(_clamp(self, value)))
        except (ValueError, TypeError, OverflowError, KeyError):
            return None


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _number(raw: str) -> float:
    x = float(raw)
    if not math.isfinite(x):
        raise ValueError(raw)
    return x


def _clamp(p: Param, value):
    if p.kind == "slider":
        return min(max(value, p.lo), p.hi)
    if p.kind == "log":
        return min(max(value, min(p.options)), max(p.options))
    return value


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
    """A number in range: the grid value within 1e-9 of it, else the exact number (a stop of its own)."""
    x = _number(raw)
    if not min(p.options) * (1 - 1e-12) <= x <= max(p.options) * (1 + 1e-12):
        raise ValueError(raw)
    near = snap(x, p.options)
    return near if abs(math.log(near) - math.log(x)) < 1e-9 else round(x, 10)


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


def _seed_key(page: str, name: str) -> str:
    return f"_seed.{page}.{name}"


# --- the session-wide state -------------------------------------------------------------------------


def shared() -> dict:
    """The session's shared values (name -> value; the teacher as b0)."""
    return st.session_state.setdefault(STORE, {})


def is_shared(name: str) -> bool:
    return name in SHARED or name == "rho0"


def _from_shared(p: Param):
    s = shared()
    if p.name == "rho0":
        return None if "b0" not in s else rho0_from_b0(s["b0"])
    return s.get(p.name)


def _to_shared(p: Param, value) -> None:
    if p.name == "rho0":
        shared()["b0"] = round(b0_from_rho0(value), 10)
    elif p.name in SHARED:
        shared()[p.name] = value


def _set(page: str, p: Param, value, seed=None) -> None:
    """Set a control's value before its widget is drawn; ``seed``: the shared value it came from."""
    st.session_state[key(page, p.name)] = value
    st.session_state[_seed_key(page, p.name)] = seed


def _from_url(p: Param, notices: list[str]):
    raw = st.query_params.get(p.name)
    if raw is None:
        return None
    try:
        return p.parse(raw)
    except ValueError as err:
        notices.append(str(err))
        return None


def _init(page: str, params: Sequence[Param]) -> list[str]:
    """Give every control a value: URL, then shared state, then default; re-read the URL when the
    browser changed it (Back/Forward). Returns the notices about the URL."""
    notices: list[str] = []
    last = st.session_state.get("_url_last", {})
    carried = last.get("page") not in (None, page) and st.query_params.to_dict() == last.get("url")
    url = {} if carried else _page_url()  # a URL written by the page we come from says nothing here
    written = st.session_state.get(f"_url.{page}")
    replayed = written is not None and bool(url) and url != written
    for p in params:
        present = key(page, p.name) in st.session_state
        if present and not (replayed and p.name in url):
            continue
        value = _from_url(p, notices) if p.name in url else None
        if value is not None:
            _set(page, p, value)
            continue
        if present:
            continue
        value = _from_shared(p) if is_shared(p.name) else None
        value = None if value is None else p.coerce(value)
        if value is not None:
            _set(page, p, value, seed=value)
        else:
            _set(page, p, p.default)
    names = {p.name for p in params}
    for p in _canonical():  # shared values this page does not show, kept in its URL all the same
        if p.name not in names and p.name in url:
            value = _from_url(p, notices)
            if value is not None:
                _to_shared(p, value)
    return notices


def _canonical() -> list[Param]:
    """The standard control of each shared name (``params``), to read and write those a page lacks."""
    from . import params  # noqa: PLC0415  (params imports this module)

    return params.SHARED_PARAMS


def _publish(page: str, params: Sequence[Param], values: dict) -> None:
    """Write to the shared state every shared control the user (or a preset) changed on this page."""
    for p in params:
        if not is_shared(p.name):
            continue
        seed_key = _seed_key(page, p.name)
        value = values[p.name]
        if st.session_state.get(seed_key) != value:
            _to_shared(p, value)
            st.session_state[seed_key] = value


def switch_teacher(page: str) -> None:
    """Callback of the b0/rho0 switch: the newly shown control starts from the shared teacher (exact b0)."""
    s = shared()
    if "b0" not in s:
        return
    name = "rho0" if st.session_state[key(page, "set_by")] == "rho0" else "b0"
    value = rho0_from_b0(s["b0"]) if name == "rho0" else s["b0"]
    st.session_state[key(page, name)] = value
    st.session_state[_seed_key(page, name)] = value


# --- widgets ----------------------------------------------------------------------------------------


def _log_options(p: Param, value) -> list:
    """The slider's stops, plus the current value when it is off the grid (e.g. rho0 = Phi(-0.6))."""
    options = list(p.options)
    if value is not None and not any(abs(math.log(o) - math.log(value)) < 1e-9 for o in options):
        options = sorted([*options, value])
    return options


def _widget(page: str, p: Param, where):
    k = key(page, p.name)
    common = dict(key=k, help=p.help or None)
    if p.on_change:
        common |= dict(on_change=p.on_change, args=(page,))
    if p.kind == "slider":
        return where.slider(p.label, min_value=p.lo, max_value=p.hi, step=p.step, format=p.fmt, **common)
    if p.kind == "log":
        options = _log_options(p, st.session_state.get(k))
        fmt = lambda x: f"{x:g}" if x in p.options else f"{x:.3g}"  # noqa: E731
        return where.select_slider(p.label, options=options, format_func=fmt, **common)
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


def controls(
    page: str,
    params: Sequence[Param],
    presets: dict[str, dict] | None = None,
    where=None,
    section: str = "main",
    later: Sequence[Param] = (),
) -> dict:
    """Draw the page's preset buttons and controls, sync the shared state and the URL, show URL notices;
    return the values.

    ``where`` defaults to the sidebar. The returned dict maps each parameter name to its value
    (hidden controls keep their last, shared or default value). A page may call ``controls`` more than
    once, e.g. in an ``st.fragment`` for the controls that only part of the page depends on: each call
    is a ``section`` of the page's URL, and the first call names the controls drawn ``later`` (so that
    they are read from the URL before it is rewritten)."""
    where = where or st.sidebar
    st.session_state.setdefault(f"_names.{page}", set()).update(p.name for p in [*params, *later])
    notices = _init(page, [*params, *later])
    if presets:
        preset_buttons(page, presets, where)
    values = {p.name: st.session_state[key(page, p.name)] for p in params}
    shown = [p for p in params if p.show is None or p.show(values)]
    for p in shown:
        values[p.name] = _widget(page, p, where)
        if p.note:
            where.caption(p.note(values))
    _publish(page, params, values)  # hidden ones too (a step or preset may set a hidden control)
    pending = {p.name: p.format(st.session_state[key(page, p.name)]) for p in later}
    write_url(page, pending | {p.name: p.format(values[p.name]) for p in shown}, section)
    for note in notices:
        st.warning(note, icon="⚠️")
    return values


def url_globals() -> dict[str, str]:
    """URL parameters that every page keeps (set with ``set_url_global``)."""
    return st.session_state.setdefault(GLOBAL_URL, {})


def set_url_global(name: str, value: str | None) -> None:
    """Keep ``name=value`` in the URL of every page (None: drop it)."""
    if value is None:
        url_globals().pop(name, None)
    else:
        url_globals()[name] = value


def _page_url() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if k not in url_globals()}


def write_url(page: str, wanted: dict[str, str], section: str = "main") -> None:
    """Make the URL the page's view (all its sections, plus the global parameters); remember it."""
    parts = st.session_state.setdefault(f"_url_parts.{page}", {})
    parts[section] = dict(wanted)
    wanted = {k: v for part in parts.values() for k, v in part.items()}
    s, own = shared(), st.session_state.get(f"_names.{page}", set())
    wanted |= {
        p.name: p.format(s[p.name]) for p in _canonical() if p.name in s and p.name not in own | set(wanted)
    }
    st.session_state[f"_url.{page}"] = wanted
    full = wanted | url_globals()
    st.session_state["_url_last"] = {"page": page, "url": full}
    if st.query_params.to_dict() != full:
        st.query_params.from_dict(full)

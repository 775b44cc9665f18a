"""The look of a chart written into its figure: a named Plotly template plus Streamlit's chart theme.

``st.plotly_chart(..., theme="streamlit")`` (Streamlit's default) merges its theme into the figure's
template in the browser; with a template in the layout, plotly.js redraws every chart a second time when
Streamlit's chart component calls Plotly.react again right after mounting it (see ``plots.spec``). The
charts are drawn with ``theme=None`` and ``applied`` writes the same look into each figure: the template's
layout and trace defaults where the figure sets nothing, as plotly.js applies a template, with the values
Streamlit's theme puts into it. The drawn charts are the same, pixel for pixel
(tests/e2e/test_chart_look_browser.py compares them with Streamlit's theming of the template).
"""

from __future__ import annotations

import functools

import plotly.io as pio

# Streamlit's theme sizes its chart text in rem of the page: 16 px, or 20 px in presentation mode
# (``html {font-size: 20px}`` in appearance.PRESENT_CSS).
ROOT_PX = 16
PRESENT_ROOT_PX = 20
FONT = '"Source Sans", sans-serif'
TEXT, TITLE, LEGEND, GRID = "#808495", "#1A1A1A", "#262730", "#e6eaf1"


def streamlit_theme(root_px: float) -> dict:
    """What Streamlit's front end merges into a chart's template with theme="streamlit", for the light
    theme of .streamlit/config.toml (read from a drawn chart's layout.template). Left out: what plotly
    ignores (title.color, title.subtitleColor) and ternary plots (none here). "transparent" is written as
    rgba(0,0,0,0), the same colour, which plotly.py's validation accepts."""

    def rem(x: float) -> float:
        return x * root_px

    small, medium = {"color": TEXT, "size": rem(0.75)}, {"color": TEXT, "size": rem(0.875)}
    clear = "rgba(0,0,0,0)"
    return {
        "font": {**small, "family": FONT, "weight": 400},
        "title": {"font": {"family": FONT, "size": rem(1), "color": TITLE}, "pad": {"l": rem(0.25)},
                  "x": 0, "xanchor": "left"},
        "legend": {"title": {"font": small, "side": "top"}, "valign": "top", "bordercolor": clear,
                   "borderwidth": 0, "font": {"size": rem(0.75), "color": LEGEND}},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "margin": {"pad": rem(0.5), "r": 0, "l": 0},
        "hoverlabel": {"bgcolor": "#FFFFFF", "bordercolor": "rgba(26, 26, 26, 0.2)",
                       "font": {**small, "family": FONT}},
        "xaxis": {"gridcolor": GRID, "zerolinecolor": GRID, "showgrid": False, "zeroline": False,
                  "tickcolor": GRID, "tickfont": small, "title": {"font": medium, "standoff": rem(1.25)},
                  "rangeselector": {"bgcolor": "#FFFFFF", "bordercolor": GRID, "borderwidth": 1, "x": 0}},
        "yaxis": {"gridcolor": GRID, "zerolinecolor": GRID, "tickcolor": GRID, "tickfont": small,
                  "ticklabelposition": "outside", "title": {"font": medium, "standoff": rem(1.5)}},
        "coloraxis": {"colorbar": {"outlinewidth": 8, "outlinecolor": clear, "thickness": 16,
                                   "xpad": rem(1.5), "ticklabelposition": "outside", "len": 0.75,
                                   "y": 0.5745, "title": {"font": medium}, "tickfont": small}},
    }  # fmt: skip


def merged(base, over):
    """``over`` on top of ``base`` (nested dicts merged key by key; anything else from ``over`` unless it
    is None, which plotly reads as not set)."""
    if over is None:
        return base
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    return {**base, **{k: merged(base[k], v) if k in base else v for k, v in over.items()}}


@functools.cache
def template(name: str, root_px: float = ROOT_PX) -> dict:
    """A named template with Streamlit's theme merged into its layout, as the browser did."""
    plain = pio.templates[name].to_plotly_json()
    return {
        "data": plain.get("data", {}),
        "layout": merged(plain.get("layout", {}), streamlit_theme(root_px)),
    }


# Layout containers a template's layout applies to by kind: every axis and subplot of that kind (its
# xaxis: xaxis, xaxis2, ...), and every item of the arrays with an "...defaults" entry (annotationdefaults:
# each annotation).
SUBPLOTS = ("xaxis", "yaxis", "coloraxis", "polar", "ternary", "geo", "scene", "mapbox", "map", "smith")


# Axis switches whose default plotly.js turns on when the figure itself sets one of their attributes (not
# when its template does): a template's line colour does not draw an axis line, the same colour written
# into the axis would. The other such switches (ticks, showgrid, zeroline) are set by plotly_white or
# Streamlit's theme, or on by default for cartesian axes anyway (tests/e2e/test_chart_look_browser.py).
IMPLIED = {"showline": (False, ("linecolor", "linewidth"))}


def unimplied(look: dict, container: dict) -> dict:
    """The switches to write as plotly.js would leave them for ``container`` with ``look`` as its template."""
    mine = container.keys()
    return {
        switch: off
        for switch, (off, by) in IMPLIED.items()
        if switch not in mine and switch not in look and not mine & set(by) and look.keys() & set(by)
    }


def applied(look: dict, fig: dict) -> dict:
    """The figure with the template ``look`` written into it as plotly.js applies one (the look's value
    where the figure has none; trace defaults by trace type, cycling), without a template. The traces
    are cartesian (scatter, heatmap, contour: every chart here), on the x and y axes they name."""
    layout = {k: v for k, v in fig.get("layout", {}).items() if k != "template"}
    for trace in fig.get("data", []):  # axes only the traces name (x2: xaxis2) take the look too
        for axis in ("xaxis", "yaxis"):
            layout.setdefault(axis + trace.get(axis, axis[0])[1:], {})
    for key, value in look["layout"].items():
        items = key.removesuffix("defaults") + "s"
        if key in SUBPLOTS:
            for name in [k for k in layout if k.rstrip("0123456789") == key]:
                layout[name] = merged(value, layout[name]) | unimplied(value, layout[name])
        elif key.endswith("defaults"):
            if isinstance(layout.get(items), list):
                layout[items] = [merged(value, item) for item in layout[items]]
        else:
            layout[key] = merged(value, layout.get(key))
    counts: dict[str, int] = {}
    data = []
    for trace in fig.get("data", []):
        kind = trace.get("type", "scatter")
        defaults = look["data"].get(kind) or [{}]
        data.append(merged(defaults[counts.get(kind, 0) % len(defaults)], trace))
        counts[kind] = counts.get(kind, 0) + 1
    return dict(fig, data=data, layout=layout)

"""The 2-D sketch of Figs. 1-2: population, sampled train set, teacher and student boundaries."""

from __future__ import annotations

from analysis.figures import half_plane

from . import plots

BOX = 3.5
FAR = 50.0  # the shaded half-planes reach far beyond any visible range (the plot clips them)
REGIONS = (
    (1, "student predicts anomaly", "rgba(213,94,0,0.13)"),
    (-1, "student predicts normal", "rgba(0,114,178,0.07)"),
)
CLASSES = (
    (1, "cross", plots.OKABE_ITO[1], "anomaly (+)"),
    (-1, "line-ew-open", plots.OKABE_ITO[0], "normal (−)"),
)


def _scatter(x, y, name, **kw) -> dict:
    return dict(type="scatter", x=[float(v) for v in x], y=[float(v) for v in y], name=name, **kw)


def figure(sk: dict, b0: float) -> dict:
    """Plot of a ``analysis.figures.sketch`` result: x is the teacher's direction, y an orthogonal one."""
    fig = plots.figure("teacher direction  w<sub>0</sub>·S/√N", "orthogonal direction", height=520)
    for sign, name, colour in REGIONS:  # both predicted regions, over the whole visible plane
        poly = half_plane([sign * w for w in sk["w"]], sign * sk["b"], FAR)
        if poly:
            xs, ys = zip(*poly, strict=True)
            fill = dict(fill="toself", mode="none", fillcolor=colour, hoverinfo="skip")
            fig["data"].append(_scatter([*xs, xs[0]], [*ys, ys[0]], name, **fill))
    pop = sk["population"]
    dots = dict(mode="markers", marker=dict(color="#BBBBBB", size=3), hoverinfo="skip")
    fig["data"].append(_scatter(pop["x"], pop["y"], "population", **dots))
    for r in (1, 2, 3):
        ring = dict(color="#999999", width=1, dash="dot")
        fig["layout"]["shapes"].append(
            dict(type="circle", x0=-r, y0=-r, x1=r, y1=r, xref="x", yref="y", line=ring)
        )
    train = sk["train"]
    for label, symbol, colour, name in CLASSES:
        part = train[train["label"] == label]
        marker = dict(symbol=symbol, color=colour, size=10, line=dict(width=2.5, color=colour))
        fig["data"].append(_scatter(part["x"], part["y"], name, mode="markers", marker=marker))
    plots.vline(fig, -b0, "teacher boundary", colour="#000000", dash="dash")
    fig["layout"]["xaxis"] |= dict(range=[-BOX, BOX], scaleanchor="y")
    fig["layout"]["yaxis"]["range"] = [-BOX, BOX]
    return fig

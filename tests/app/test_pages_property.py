"""Property-based page test (hypothesis): every page, driven through its URL over the whole range of each
of its controls (edges and symmetric points included), with or without one of its presets, must run
without an exception and show no "nan", "None" or "inf" (in text, tiles, tables, buttons, widget labels,
chart titles, axis labels, legends and annotations).

Every example sets every control of the page at once; derandomised, hypothesis starts from the lowest
value of each (all edges together). Bounded for CI (about 3 minutes): ``ci_examples`` per page (1 for
the pages that solve most), the resolution controls of Figs. 9-10 and of the Maps kept small;
``PAGE_EXAMPLES=n`` sets n for every page. ``benchmarks/soak_pages.py`` runs the same check over the
full ranges with many more, random examples.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.maps import AXES, OPTIMA, STATE
from dashboard.params import ALPHAS, RHO0S, TS, round_log_values
from tests.app.conftest import bad_words, run_page, shown_text

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
EXAMPLES = os.environ.get("PAGE_EXAMPLES")


def _fmt(x: float) -> str:
    return f"{x:.10g}"


def slider(lo: float, hi: float, step: float, *special: float):
    """A slider's URL value: its ends, the given special points (0, 0.5, ...) or any step of the grid."""
    n = round((hi - lo) / step)
    marks = [v for v in (lo, hi, *special) if lo <= v <= hi]
    grid = st.integers(0, n).map(lambda k: round(lo + k * step, 10))
    return st.one_of(st.sampled_from(marks), grid).map(_fmt)


def one_of(options) -> st.SearchStrategy:
    return st.sampled_from([o if isinstance(o, str) else _fmt(o) for o in options])


def some_of(options) -> st.SearchStrategy:
    """A non-empty subset of a multi-select's options, as its URL value."""
    return st.lists(st.sampled_from(list(options)), min_size=1, max_size=4, unique=True).map(
        lambda vs: ",".join(f"{v:g}" for v in vs)
    )


TOGGLE = st.sampled_from(["0", "1"])
B0 = slider(-5.0, 5.0, 0.01, 0.0, -0.6)
TEACHER = dict(set_by=one_of(["b0", "rho0"]), b0=B0, rho0=one_of(RHO0S + (0.5,)))
ALPHA, T = one_of(ALPHAS), one_of(TS)
RHO = slider(0.001, 0.999, 0.001, 0.5)
COUNTS = round_log_values(10, 1e7, (1, 2, 2.5, 4, 5, 8))


@dataclass
class Spec:
    """A page's URL controls (name -> strategy of its URL value) and preset buttons."""

    controls: dict
    presets: tuple = ()
    heavy: dict = field(default_factory=dict)  # full-range strategies used by the soak run only
    ci_examples: int = 2


SPECS = {
    "explorer": Spec(
        dict(**TEACHER, alpha=ALPHA, T=T, rho_train=RHO, rho_test=RHO, learn_b=TOGGLE, show_neg=TOGGLE),
        ("Reproduce Fig. 3(c)",),
        ci_examples=1,
    ),
    "sketch": Spec(
        dict(**TEACHER, alpha=ALPHA, T=T, rho_train=RHO, n_train=slider(10, 400, 10), seed=slider(0, 99, 1)),
        ("Reproduce Fig. 1(a): ρtrain = 0.1", "Reproduce Fig. 2(a): rare anomalies"),
    ),
    "fig3_8": Spec(
        dict(
            b0s=some_of((0.0, -0.2, -0.4, -0.6, -1.0, -1.5, -2.0, -3.0, -4.0, -5.0)),
            alpha=ALPHA,
            T=T,
            metric_b0=B0,
            tab=one_of(("R_b", "metrics")),
        ),
        ("Reproduce Fig. 3", "Reproduce Fig. 8 (left, α = 1.1)", "Reproduce Fig. 8 (right, α = 8)"),
    ),  # fmt: skip
    "fig4": Spec(
        dict(
            **TEACHER,
            alphas=some_of((0.3, 0.5, 0.7, 1.1, 2.0, 3.0, 5.0, 8.0, 15.0, 30.0)),
            T=T,
            Ts=some_of((0.005, 0.01, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0)),
            alpha=ALPHA,
        ),
        ("Reproduce Fig. 4",),
    ),  # fmt: skip
    "fig5": Spec(
        dict(
            **TEACHER,
            alpha=ALPHA,
            rho_trains=some_of((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)),
            n_T=slider(11, 81, 10),
        ),
        ("Reproduce Fig. 5",),
        ci_examples=1,
    ),  # fmt: skip
    "fig6": Spec(dict(b0_min=slider(-5.0, -0.5, 0.1), log_y=TOGGLE), ("Reproduce Fig. 6",)),
    "fig7": Spec(
        dict(b0s=some_of((0.0, -0.3, -0.6, -1.0, -1.5, -2.0, -3.0)), alpha=ALPHA, T=T), ("Reproduce Fig. 7",)
    ),
    "fig9_10": Spec(
        dict(
            b0=slider(-5.0, 0.0, 0.1),
            T=T,
            n_alpha=slider(3, 5, 1),
            n_b0=slider(3, 4, 1),
            tab=one_of(("fig9", "fig10")),
        ),
        (),  # the preset (21 + 2 x 15 optima) is the AppTest table's
        heavy=dict(n_alpha=slider(3, 31, 1), n_b0=slider(3, 25, 1)),
        ci_examples=1,
    ),
    "fig11_12": Spec(
        dict(
            **TEACHER,
            T=T,
            alphas=some_of((0.5, 1.1, 2.0, 4.0, 8.0, 20.0)),
            rho_train_12=slider(0.01, 0.99, 0.01, 0.5),
            tab=one_of(("fig11", "fig12")),
        ),
        ("Reproduce Fig. 11 & 12",),
    ),  # fmt: skip
    "simulations": Spec(
        dict(
            metric=one_of(("all", "recall", "specificity", "balanced_accuracy", "precision", "f1", "auc")),
            T_theory=T,
            fig13_set=one_of(("paper", "extra")),
            fit_by=one_of(("train_error", "Rb")),
            init=one_of(("both", "random", "teacher")),
            live_N=one_of((100, 200, 300)),
            live_seeds=one_of((2, 4, 8)),
            tab=one_of(("mc", "transition", "fig13", "fig14", "noise", "nstudy")),
        ),
        ("Reproduce Fig. 13 (left)",),
        ci_examples=1,
    ),  # fmt: skip
    "cifar": Spec(
        dict(
            rho_test=one_of(("0.5", "0.1")),
            metric=one_of(
                ("all", "recall", "specificity", "balanced_accuracy", "auc", "precision", "f1", "accuracy")
            ),
        ),
    ),  # fmt: skip
    "maps": Spec(
        dict(
            kind=one_of(("state", "optimum")),
            x=one_of(AXES),
            y=one_of(AXES),
            q_state=one_of(STATE),
            q_opt=one_of(OPTIMA),
            n=one_of(("11",)),
            b0=slider(-3.0, 0.0, 0.01),
            alpha=ALPHA,
            T=T,
            rho_train=slider(0.02, 0.98, 0.01, 0.5),
            rho_test=slider(0.01, 0.99, 0.01, 0.5),
        ),
        ("Phase diagram α × ρtrain",),
        heavy=dict(n=one_of(("11", "15", "21", "41"))),
        ci_examples=1,
    ),  # fmt: skip
    "advisor": Spec(
        dict(
            rho0=one_of(RHO0S + (0.5,)),
            n_samples=one_of(COUNTS),
            n_features=one_of(COUNTS),
            noise=one_of(("low", "T", "train_error", "sgd")),
            T=T,
            train_error=slider(0.0, 0.5, 0.001),
            train_rho=slider(0.01, 0.99, 0.01, 0.5),
            lr=one_of(round_log_values(1e-4, 1.0, (1, 2, 5))),
            batch=one_of(tuple(float(2**k) for k in range(13))),
            rho_test=slider(0.01, 0.99, 0.01, 0.5),
        ),
        ("Fig. 8 (α = 8, T = 0.5, b₀ = −2)",),
    ),  # fmt: skip
    "tour": Spec(
        dict(
            step=one_of([str(n) for n in range(1, 8)]),
            teacher=TOGGLE,
            b0=B0,
            alpha=ALPHA,
            T=T,
            rho_train=RHO,
            rho_test=RHO,
        ),
        ("Next step →", "← Previous step"),
    ),  # fmt: skip
}


def page_input(page: str, full: bool = False) -> st.SearchStrategy:
    """(URL query, preset button or None) of one page; ``full``: heavy controls over their whole range."""
    spec = SPECS[page]
    controls = {**spec.controls, **(spec.heavy if full else {})}
    query = st.fixed_dictionaries(controls)
    preset = st.sampled_from((None, *spec.presets)) if spec.presets else st.none()
    return st.tuples(query, preset)


def problems(page: str, query: dict, preset: str | None) -> list[str]:
    """What is wrong with the page at this input: an exception, or nan/None/inf shown to the reader."""
    at = run_page(page, query, timeout=600)
    out = [f"exception: {_error(e)}" for e in at.exception]
    if preset and not out:
        buttons = [b for b in at.button if b.label == preset]
        if buttons:
            buttons[0].click().run()
            out += [f"exception after '{preset}': {_error(e)}" for e in at.exception]
    return out + [f"shown: {t[:200]!r}" for t in bad_words(shown_text(at))]


def _error(e) -> str:
    """The exception's own message and the last line of its traceback (AppTest redacts ``value``)."""
    stack = [line.strip() for line in e.stack_trace if line.strip()]
    return f"{e.message} | {stack[-1] if stack else ''}"


def _test(page: str):
    @settings(
        max_examples=int(EXAMPLES or SPECS[page].ci_examples), derandomize=True, deadline=None,
        database=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )  # fmt: skip
    @given(page_input(page))
    def check(example):
        query, preset = example
        found = problems(page, query, preset)
        assert not found, (query, preset, found)

    return check


@pytest.mark.parametrize("page", list(SPECS))
def test_page_over_its_controls(page):
    _test(page)()

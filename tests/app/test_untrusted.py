"""URL values are shown back inert (dashboard.untrusted): literal inside a code span, cut to a sane length."""

from __future__ import annotations

import re

import pytest

from dashboard.state import Param
from dashboard.untrusted import MAX_SHOWN, REPLACEMENT, code_span, shorten

HOSTILE = [
    "[x](https://example.com)",
    "![img](https://example.com/a.png)",
    "`[x](https://example.com)`",
    "a``b`c ![i](http://e.x/i.png)",
    "<img src=x onerror=alert(1)>",
    "line\n\n[x](https://example.com)",
    "$\\frac{1}{0}$ :red[alarm] **bold**",
]


def _span(md: str) -> tuple[str, str]:
    """(fence, content) of a Markdown string that must be exactly one code span."""
    m = re.fullmatch(r"(`+) (.*) \1", md, flags=re.S)
    assert m, md
    return m.group(1), m.group(2)


@pytest.mark.parametrize("raw", HOSTILE)
def test_a_hostile_value_stays_inside_one_code_span(raw):
    fence, content = _span(code_span(raw))
    assert fence not in content  # CommonMark: the span ends only at a backtick run of the fence's length
    assert max((len(r) for r in re.findall(r"`+", content)), default=0) < len(fence)
    assert "\n" not in content and "\r" not in content  # a blank line would end the paragraph and the span
    assert content == shorten(raw)


def test_long_and_unprintable_values_are_cut_and_replaced():
    assert shorten("x" * 500) == "x" * MAX_SHOWN + "…"
    assert shorten("a\tb\x00c\u2028") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}"
    assert len(_span(code_span("`" * 300))[1]) == MAX_SHOWN + 1


def test_the_url_notice_names_the_parameter_and_its_range_and_quotes_the_value_inertly():
    alpha = Param("alpha", "α", 1.1, kind="log", options=(0.5, 1.1, 8.0))
    with pytest.raises(ValueError) as err:
        alpha.parse("`[x](https://example.com)`" + "y" * 200)
    notice = str(err.value)
    assert "alpha must be a number in [0.5, 8]" in notice and "Using the default 1.1" in notice
    span = notice.split(" is not valid")[0].removeprefix("URL parameter ")
    fence, content = _span(span)
    assert content.startswith("alpha=`[x](https://example.com)`") and content.endswith("…")
    assert len(fence) == 2 and len(notice) < 200

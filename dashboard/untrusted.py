"""Text from outside the app (URL values) shown back inert: cut to a sane length, inside a code span.

Inside a Markdown code span nothing is interpreted: no link, image, autolink, emphasis, HTML, math or
Streamlit directive. The span's fence is one backtick longer than the longest run of backticks in the
value, so a backtick in the value cannot close it (CommonMark, "Code spans"), and characters that are not
printable (a newline would end the paragraph and with it the span) are replaced by U+FFFD.
"""

from __future__ import annotations

import re

MAX_SHOWN = 40  # characters of an outside value shown back
REPLACEMENT = "\ufffd"


def shorten(raw: str, limit: int = MAX_SHOWN) -> str:
    """``raw`` with unprintable characters replaced and cut to ``limit`` characters (… marks a cut)."""
    text = "".join(c if c.isprintable() else REPLACEMENT for c in str(raw))
    return text if len(text) <= limit else text[:limit] + "…"


def code_span(raw: str, limit: int = MAX_SHOWN) -> str:
    """Markdown that shows ``raw`` (shortened) literally, as inline code."""
    text = shorten(raw, limit)
    runs = [len(m) for m in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    return f"{fence} {text} {fence}"

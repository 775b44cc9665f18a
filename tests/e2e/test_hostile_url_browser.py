"""A hostile URL value is answered, not echoed (issue 9, item 5): in Chromium the notice shows the value as
text (no live link, no remote image, the code span not closed by a backtick) and names the parameter."""

from __future__ import annotations

from urllib.parse import quote

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
HOSTILE = "`[x](https://example.com)` ![i](https://example.com/i.png) <b>bold</b>" + "y" * 100


def test_hostile_url_value_is_shown_as_text(page, app_url):
    harness.open_page(page, app_url, query=f"alpha={quote(HOSTILE)}")
    alert = page.locator('[data-testid="stAlertContentWarning"]').first
    alert.wait_for()
    text = alert.inner_text()
    assert "alpha must be a number in" in text and "[x](https://example.com)" in text
    assert "…" in text and "y" * 60 not in text  # cut to a sane length
    assert page.locator('a[href^="https://example.com"]').count() == 0
    assert page.locator('img[src^="https://example.com"]').count() == 0
    assert alert.locator("b").count() == 0 and alert.locator("code").count() == 1

"""The rules behind 'Paper claims, checked' (analysis.claims): verdicts, curvature, shapes, sentences."""

import numpy as np
import pytest

from analysis import claims


def test_verdict_rule():
    assert claims._verdict([True, True]) == claims.HOLDS
    assert claims._verdict([False, False]) == claims.FAILS
    assert claims._verdict([True, False]) == claims.COND


def test_sampled_curvature_of_a_parabola_and_edges():
    x = np.linspace(0.0, 1.0, 41)
    assert claims.sampled_curvature(x, 1 - 3 * (x - 0.4) ** 2) == pytest.approx(6.0)
    assert claims.sampled_curvature(x, x) is None  # maximum at the end
    assert claims.sampled_curvature(x[:2], x[:2]) is None


def test_sharpness_sentence_follows_the_numbers():
    assert "sharper" in claims.sharpness_sentence("T", [0.1, 0.5, 1.0], [1.0, 1.5, 2.0])
    assert "flatter" in claims.sharpness_sentence("α", [1, 2, 3], [2.0, 1.5, 1.0])
    assert "not monotonic" in claims.sharpness_sentence("α", [1, 2, 3], [1.0, 2.0, 1.0])
    assert "equally sharp" in claims.sharpness_sentence("T", [1, 2], [1.0, 1.001])
    assert "Too few" in claims.sharpness_sentence("T", [1, 2], [1.0, None])


def test_shape_finds_turning_points():
    x = np.linspace(-5, 0, 11)
    assert claims.shape(x, -((x + 2) ** 2), "R*", "b0").endswith("turns at b0 ≈ -2.")
    assert claims.shape(x, x, "R*", "b0") == "R* increases with b0 on this range."
    assert claims.shape(x, -x, "R*", "b0") == "R* decreases with b0 on this range."


def test_unknown_claim_names_the_known_ones():
    with pytest.raises(ValueError, match="rho_R_star"):
        claims.check("bogus")

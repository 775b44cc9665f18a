"""The first-order transition to the dummy in numbers (analysis.transition), and the README's table."""

import re
from pathlib import Path

import pytest

from analysis import cli, transition

README = Path(__file__).resolve().parents[2] / "README.md"


def test_reference_numbers_at_alpha_1_1():
    """b0 = -0.6, alpha = 1.1, T = 0.5: coexistence rho* = 0.1141, spinodal 0.1130, q jumps by 0.0169,
    and the dummy is locally stable below rho_c = 1/(1 + e^2) = 0.1192."""
    t = transition.transition(-0.6, 1.1, 0.5)
    assert round(t["rho_star"], 4) == 0.1141 and round(t["rho_spinodal"], 4) == 0.1130
    assert round(t["q_jump"], 4) == 0.0169 and round(t["rho_c"], 4) == 0.1192
    assert t["rho_spinodal"] < t["rho_star"] < t["rho_c"]
    assert "too small to resolve" in transition.resolution(t, 800)


def test_resolution_rules():
    t = dict(alpha=8.0, rho_star=0.0665, window=0.005, R_jump=0.52)
    assert transition.resolution(t, 800) == "resolvable at N = 800"
    assert "class counts" in transition.resolution(t, 20)  # 0.005 * 8 * 20 = 0.8 < 1
    assert "below 2/sqrt(N)" in transition.resolution({**t, "R_jump": 0.05}, 800)
    assert transition.resolution({**t, "rho_star": None}, 800) == "no transition on the rho_train range"


def test_cli_rejects_bad_input(capsys):
    assert cli.main(["transition", "--alpha", "-1"]) == 2
    assert "alpha" in capsys.readouterr().err
    assert cli.main(["transition", "--N", "0"]) == 2


@pytest.mark.slow
def test_readme_table_is_the_commands_output():
    """The README's numbers are generated, not typed: its table equals what the command prints now."""
    text = README.read_text()
    block = re.search(r"<!-- transition-table:begin -->\n(.*?)\n<!-- transition-table:end -->", text, re.S)
    command = re.search(r"`python -m analysis transition ([^`]*)`", text).group(1).split()
    args = cli.parser().parse_args(["transition", *command])
    assert block.group(1).strip() == transition.markdown(args.b0, args.alpha, args.T, args.N)

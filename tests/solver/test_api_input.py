"""Hostile input at the Python API (issue 15): one ValueError naming the parameter, never a silent value."""

import dataclasses
import math

import numpy as np
import pytest

from solver import b0_from_rho0, cached_solve, cached_sweep, rho0_from_b0, solve, sweep

POINT = dict(b0=-0.6, alpha=1.1, T=0.5, rho_train=0.3)
HUGE = [10**400, -(10**400), 10**5000]
WRONG_TYPES = [True, False, np.bool_(True), "1_0", "0.5", b"1", bytearray(b"1")]


def label(value) -> str:
    return f"int{value.bit_length()}bits" if isinstance(value, int) and abs(value) > 2**64 else repr(value)


def entry_points(name: str, value):
    """The seven public entry points, each called with ``value`` for parameter ``name``."""
    kw = {**POINT, name: value}
    return {
        "solve": lambda: solve(**kw),
        "cached_solve": lambda: cached_solve(**kw),
        "sweep values": lambda: sweep(name, [value], **{k: v for k, v in POINT.items() if k != name}),
        "sweep base": lambda: sweep("alpha" if name != "alpha" else "T", [1.0], **kw),
        "cached_sweep": lambda: cached_sweep(name, [value], **{k: v for k, v in POINT.items() if k != name}),
    }


@pytest.mark.parametrize("name", list(POINT))
@pytest.mark.parametrize("value", HUGE + WRONG_TYPES, ids=label)
def test_every_entry_point_names_the_parameter(name, value):
    for entry, call in entry_points(name, value).items():
        with pytest.raises(ValueError, match=rf"^{name} must be a (finite )?number") as err:
            call()
        assert len(str(err.value)) < 200, entry


@pytest.mark.parametrize("value", HUGE + WRONG_TYPES, ids=label)
def test_rho_maps_and_metrics_name_the_parameter(value):
    with pytest.raises(ValueError, match="^b0 must be"):
        rho0_from_b0(value)
    with pytest.raises(ValueError, match="^rho0 must be"):
        b0_from_rho0(value)
    with pytest.raises(ValueError, match="^rho_test must be"):
        solve(**POINT).metrics(value)


def test_huge_integers_are_described_not_printed():
    with pytest.raises(ValueError, match="an integer of about 5001 digits"):
        solve(**{**POINT, "b0": 10**5000})


@pytest.mark.parametrize("values", [None, 3.0, "0.1,0.2", b"01"], ids=label)
def test_sweep_values_must_be_a_sequence(values):
    for call in (sweep, cached_sweep):
        with pytest.raises(ValueError, match="values of rho_train must be a sequence"):
            call("rho_train", values)


def test_numbers_of_other_numeric_types_are_still_accepted():
    ref = solve(**POINT)
    assert solve(np.float32(-0.6), np.int64(1) + 0.1, 0.5, np.float64(0.3)).R == pytest.approx(ref.R, 1e-6)
    assert sweep("alpha", np.array([1.1]), b0=-0.6, T=0.5, rho_train=0.3)[0].R == ref.R


def test_metrics_of_an_unsolved_point_raise():
    sol = solve(**POINT)
    nan = math.nan
    unsolved = dataclasses.replace(sol, q=nan, R=nan, b=nan, phase="unsolved", converged=False)
    with pytest.raises(ValueError, match="unsolved point"):
        unsolved.metrics(0.5)

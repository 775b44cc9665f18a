"""'Your data' API: the protocol end to end on digits, the statistics, the theory beside it, and every
bad-upload case answered with its own message."""

from __future__ import annotations

import base64
import io
import json
import math
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtri

from analysis import yourdata as yd
from analysis.yourdata.theory import participation_ratio

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(600)
SMALL = yd.Settings(n_train=128, rho_train=(0.1, 0.2, 0.35, 0.5, 0.65, 0.8), reps=4)


@pytest.fixture(scope="module")
def digits_analysis(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("IMBALANCE_CACHE_DIR", str(tmp_path_factory.mktemp("yourdata-cache")))
    fractions = []
    out = yd.analyse(yd.digits(8), SMALL, progress=lambda f, _: fractions.append(f))
    mp.undo()
    return out, fractions


@pytest.mark.slow  # the full analysis with a cold theory cache (~20 s)
def test_digits_curves_are_well_above_chance_and_intervals_hold_their_estimates(digits_analysis):
    bundle, _ = digits_analysis
    pts = bundle["summary"]["points"]
    bal = pts[pts["metric"] == "balanced_accuracy@0.5"]
    assert set(bal["model"]) == {"logistic", "perceptron"}
    assert (bal["mean"] > 0.6).all() and bal.groupby("model")["mean"].max().min() > 0.8
    assert (bal["n"] == SMALL.reps).all()
    assert ((pts["lo"] <= pts["mean"] + 1e-12) & (pts["mean"] <= pts["hi"] + 1e-12)).all()
    assert ((pts["hi"] - pts["lo"]) > 0).any()
    opt = bundle["summary"]["optima"]
    row = opt[(opt["model"] == "perceptron") & (opt["metric"] == "balanced_accuracy@0.5")].iloc[0]
    assert row["ci_lo"] <= row["best_rho_train"] <= row["ci_hi"]
    assert 0.1 <= row["best_rho_train"] <= 0.8 and row["best"] > 0.8
    # training at rho0 ~ 0.1 costs balanced accuracy on this data: the gain is positive, its CI above 0
    assert row["at_rho0"] == 0.1 and row["gain_vs_rho0_lo"] > 0


@pytest.mark.slow  # the full analysis with a cold theory cache (~20 s)
def test_run_is_json_reproducible_and_records_the_protocol(digits_analysis):
    bundle, fractions = digits_analysis
    result = bundle["result"]
    assert json.loads(json.dumps(result)) == result
    assert result["settings"]["reps"] == SMALL.reps and result["dataset"]["d"] == 64
    assert len(result["runs"]) == SMALL.reps * len(SMALL.rho_train) * 2
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    again = yd.run(yd.digits(8), yd.Settings(**{**json.loads(SMALL.key()), "rho_train": SMALL.rho_train,
                                                 "models": ("logistic",)}))  # fmt: skip
    first = [r for r in result["runs"] if r["model"] == "logistic"]
    assert again["runs"] == first  # same seed, same draws and fits


def test_each_training_set_has_the_requested_size_and_imbalance():
    ds = yd.digits(3)
    s = yd.Settings(n_train=60, rho_train=(0.1, 0.5, 0.9), reps=2, models=("logistic",))
    sizes = yd.plan(ds, s)
    from analysis.yourdata.protocol import _prepared  # noqa: PLC0415

    idx, draws = _prepared(ds.y, s, sizes, 0)
    for rho, tr in zip(s.rho_train, draws, strict=True):
        assert len(tr) == 60 and len(set(tr)) == 60 and ds.y[tr].sum() == round(60 * rho)
        assert not set(tr) & set(idx["rho0"])  # never trained on the held-out test split
    assert ds.y[idx["0.5"]].mean() == 0.5
    assert abs(ds.y[idx["rho0"]].mean() - ds.rho0) < 0.01


@pytest.mark.slow  # the full analysis with a cold theory cache (~20 s)
def test_theory_beside_the_data(digits_analysis):
    bundle, _ = digits_analysis
    th = bundle["theory"]
    m = th["mapping"]
    assert m["d"] == 61 and 5 < m["d_eff"] < 61  # 3 constant pixels dropped; correlated pixels
    assert math.isclose(m["b0"], float(ndtri(m["rho0"])))
    assert set(th["fits"]["alpha_kind"]) == set(yd.ALPHA_KINDS)
    assert th["fits"]["T_curve"].isin(yd.THEORY_TS).all()
    comp = th["comparison"]
    verdicts = ["agrees", "lower", "higher", "at the grid's edge", "differs", "too flat to tell"]
    assert comp["verdict"].isin(verdicts).all()
    flat = comp["verdict"] == "too flat to tell"
    assert ((comp["ci_hi"] - comp["ci_lo"] >= 0.5 * (0.8 - 0.1)) == flat).all()
    text = " ".join(
        [*th["sentences"]["mapping"], *th["sentences"]["fit"], *sum(th["sentences"]["optima"].values(), [])]
    )
    for word in ("nan", "None", "inf"):
        assert word not in text.replace("informative", "")
    assert "d_eff" in text and "T =" in text


def test_participation_ratio_counts_independent_directions():
    rng = np.random.default_rng(0)
    assert participation_ratio(rng.standard_normal((20000, 8))) == pytest.approx(8, rel=0.05)
    one = rng.standard_normal((500, 1)) * np.ones((1, 6)) + 1e-6 * rng.standard_normal((500, 6))
    assert participation_ratio(one) == pytest.approx(1, rel=1e-3)


def test_reweighting_trains_at_the_pools_imbalance_and_cancel_stops():
    ds = yd.breast_cancer()
    s = yd.Settings(n_train=100, rho_train=(0.2, 0.5, 0.8), reps=2, models=("logistic",), reweight=True)
    result = yd.run(ds, s)
    models = {r["model"] for r in result["runs"]}
    assert models == {"logistic", "logistic_reweighted"}
    rw = pd.DataFrame([r for r in result["runs"] if r["model"] == "logistic_reweighted"])
    assert rw.groupby("rho_train")["recall@0.5"].mean().is_monotonic_increasing
    with pytest.raises(yd.Cancelled):
        yd.run(ds, s, cancel=lambda: True)


@pytest.mark.parametrize(
    ("field", "value"), [("reps", 1), ("n_train", 5), ("rho_train", (0.1, 0.2)), ("models", ("svm",))]
)
def test_settings_name_the_bad_parameter(field, value):
    with pytest.raises(ValueError, match=field):
        yd.Settings(**{field: value}).check()


# ------------------------------------------------------------------------------------------- uploads


def table(n=200, rho=0.2, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    y = rng.random(n) < rho
    X = rng.standard_normal((n, 4)) + 1.5 * y[:, None]
    df = pd.DataFrame(X, columns=["f1", "f2", "f3", "f4"])
    df["label"] = np.where(y, "fraud", "ok")
    return df


def csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode()


def test_a_good_csv_and_parquet_give_the_same_data_set():
    df = table()
    parquet = io.BytesIO()
    df.to_parquet(parquet, engine="pyarrow")
    a = yd.from_table(yd.read_table(csv(df), "t.csv"), "label", "fraud")
    b = yd.from_table(yd.read_table(parquet.getvalue(), "t.parquet"), "label", "fraud")
    assert a.fingerprint() == b.fingerprint() and a.X.shape == (200, 4)
    assert a.rho0 == pytest.approx((df["label"] == "fraud").mean())
    assert yd.label_values(df, "label")[-1] == "fraud"  # least frequent last: the default anomaly


@pytest.mark.parametrize(
    "raw",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b"just one column\nof text\n", b"", b"PAR1 not really"],
)
def test_not_a_table(raw):
    with pytest.raises(yd.DataError, match="not a table"):
        yd.read_table(raw, "bad.csv")


def test_too_large_a_file():
    with pytest.raises(yd.DataError, match=f"up to {yd.MAX_MB} MB"):
        yd.read_table(b"a,b\n" + b"1,2\n" * (yd.MAX_MB * 2**18 + 1), "big.csv")


def test_non_numeric_features():
    df = table()
    df["city"] = "Paris"
    with pytest.raises(yd.DataError, match="'city' is not"):
        yd.from_table(df, "label", "fraud")


def test_missing_values_offer_to_drop_rows():
    df = table()
    df.loc[[3, 7], "f2"] = np.nan
    with pytest.raises(yd.DataError, match="2 of 200 rows have missing.*Drop rows with missing values"):
        yd.from_table(df, "label", "fraud")
    ds = yd.from_table(df, "label", "fraud", drop_missing=True)
    assert len(ds.y) == 198 and "2 rows with missing values dropped" in ds.description


def test_a_single_class():
    df = table()
    with pytest.raises(yd.DataError, match="Only one class"):
        yd.from_table(df, "label", "spam")
    df["label"] = "ok"
    with pytest.raises(yd.DataError, match="Only one class"):
        yd.from_table(df, "label", "ok")


def test_too_few_anomalies_for_the_grid():
    ds = yd.from_table(table(n=300, rho=0.1), "label", "fraud")
    with pytest.raises(
        yd.DataError, match="Too few anomalies for the requested ρtrain grid.*Lower the largest"
    ):
        yd.plan(ds, yd.Settings(n_train=100, rho_train=(0.1, 0.5, 0.9)))


def test_label_column_missing():
    with pytest.raises(yd.DataError, match="label column 'target' is not in the table"):
        yd.from_table(table(), "target", "1")


def test_upload_limit_is_the_one_in_the_streamlit_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == yd.MAX_MB


def test_a_json_source_gives_the_same_data_set_as_the_page():
    df = table(n=240, rho=0.3)
    df.loc[5, "f1"] = np.nan
    raw = csv(df)
    source = dict(upload=base64.b64encode(raw).decode(), filename="t.csv", label="label", anomaly="fraud",
                  drop_missing=True)  # fmt: skip
    page = yd.from_table(yd.read_table(raw, "t.csv"), "label", "fraud", True, "t.csv")
    assert yd.dataset_from(json.loads(json.dumps(source))).fingerprint() == page.fingerprint()
    assert yd.dataset_from({"name": "digits", "anomaly": 3}).fingerprint() == yd.digits(3).fingerprint()
    s = yd.Settings(n_train=40, rho_train=(0.1, 0.3, 0.5), reps=2, models=("logistic",))
    assert yd.Settings.from_json(json.loads(s.key())) == s
    with pytest.raises(yd.DataError, match="Only one class"):
        yd.dataset_from({**source, "anomaly": "spam"})


def test_a_theory_that_did_not_converge_is_said_in_words():
    from analysis.yourdata import report, theory  # noqa: PLC0415

    ds = yd.digits(8)
    result = yd.run(ds, yd.Settings(rho_train=(0.1, 0.3, 0.5, 0.7), reps=2, models=("logistic",)))
    summary = yd.summarise(result)
    rows = [dict(rho_train=r, converged=False, phase="informative", T=T, alpha_kind=k, alpha=2.0,
                 train_error=0.1, **{c: 0.5 for c in yd.metric_columns()})
            for k in yd.ALPHA_KINDS for T in yd.THEORY_TS for r in (0.1, 0.3, 0.5, 0.7)]  # fmt: skip
    th = pd.DataFrame(rows)
    fits = theory.fit_T(summary["points"], th, "logistic")
    assert fits.empty or fits["T_curve"].isna().all()
    comp = theory.comparison(summary["optima"], th, fits)
    assert set(comp["verdict"]) <= {"no theory", "too flat to tell"}
    shown = yd.comparison_table(comp, ds.rho0)
    assert set(shown["theory (α = n/d)"]) == {"not computed"}
    lines = report.optimum_sentences(comp, ds.rho0)[yd.MODELS["logistic"]]
    assert not any(w in " ".join(lines) for w in ("nan", "None"))


def parquet(df: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    df.to_parquet(out, engine="pyarrow")
    return out.getvalue()


def test_a_compressed_parquet_over_the_limits_is_refused_before_decoding():
    rows = pd.DataFrame({"x": np.zeros(yd.MAX_ROWS + 1), "label": np.zeros(yd.MAX_ROWS + 1)})
    with pytest.raises(yd.DataError, match="more than 100,000 rows"):
        yd.read_table(parquet(rows), "rows.parquet")
    wide = pd.DataFrame(np.zeros((20_000, 300)), columns=[f"c{i}" for i in range(300)])
    raw = parquet(wide)
    assert len(raw) < yd.MAX_MB * 2**20
    with pytest.raises(yd.DataError, match="6,000,000 values; at most 5,000,000"):
        yd.read_table(raw, "wide.parquet")


def test_the_pages_default_grid_is_the_apis():
    assert yd.rho_grid(0.05, 0.85, 17) == yd.DEFAULT_GRID == yd.Settings().rho_train

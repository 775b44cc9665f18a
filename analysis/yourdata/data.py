"""Data sets for "Your data": the bundled scikit-learn sets and uploaded tables, validated.

A ``Dataset`` is a numeric feature matrix ``X`` (n, d) and a boolean anomaly label ``y``. Uploads are
parsed from bytes in memory (CSV, or Parquet through pyarrow; never unpickled, never written to disk)
and every problem raises one ``DataError`` whose message says what is wrong and what to do.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

MAX_MB = 10  # also .streamlit/config.toml server.maxUploadSize
MAX_ROWS = 100_000
MAX_COLUMNS = 500
MAX_CELLS = 5_000_000  # rows x columns: bounds the memory of a highly compressed Parquet file
MIN_PER_CLASS = 10
PARQUET_MAGIC = b"PAR1"


class DataError(ValueError):
    """A data set that cannot be analysed; the message is meant for the reader."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Features ``X`` (n, d) as float64, anomaly labels ``y`` (n,) as bool, and words about them."""

    name: str
    X: np.ndarray
    y: np.ndarray
    description: str
    features: tuple[str, ...]

    @property
    def rho0(self) -> float:
        """Fraction of anomalies in the data set (the population's rho0)."""
        return float(self.y.mean())

    def fingerprint(self) -> str:
        """SHA-256 of the shape and the bytes of X and y (a cache key; nothing is pickled)."""
        h = hashlib.sha256(repr((self.X.shape, str(self.X.dtype))).encode())
        h.update(np.ascontiguousarray(self.X).tobytes())
        h.update(np.ascontiguousarray(self.y, dtype=np.uint8).tobytes())
        return h.hexdigest()


BUNDLED = {
    "digits": "scikit-learn digits: one digit is the anomaly, the nine others normal (64 pixel features)",
    "breast_cancer": "scikit-learn breast cancer (Wisconsin): malignant = anomaly (30 features)",
}


def digits(anomaly: int = 8) -> Dataset:
    """1797 handwritten digits (8x8 pixels); ``anomaly`` is the anomalous digit (rho0 ~ 0.1)."""
    from sklearn.datasets import load_digits  # noqa: PLC0415  (scikit-learn only when used)

    if anomaly not in range(10):
        raise DataError(f"anomaly digit must be an integer 0-9, got {anomaly!r}")
    X, target = load_digits(return_X_y=True)
    return Dataset(
        name=f"digits (anomaly = {anomaly})",
        X=X.astype(np.float64),
        y=target == anomaly,
        description=f"scikit-learn digits, digit {anomaly} = anomaly, the nine other digits normal",
        features=tuple(f"pixel_{i // 8}_{i % 8}" for i in range(64)),
    )


def breast_cancer() -> Dataset:
    """569 breast tumours with 30 features; malignant = anomaly (rho0 ~ 0.37)."""
    from sklearn.datasets import load_breast_cancer  # noqa: PLC0415

    raw = load_breast_cancer()
    return Dataset(
        name="breast cancer (malignant = anomaly)",
        X=raw.data.astype(np.float64),
        y=raw.target == 0,  # target 0 is malignant in scikit-learn
        description="scikit-learn breast cancer (Wisconsin diagnostic), malignant = anomaly",
        features=tuple(str(f) for f in raw.feature_names),
    )


def read_table(raw: bytes, filename: str = "upload") -> pd.DataFrame:
    """Parse uploaded bytes as Parquet (by its magic number) or CSV; DataError if not a table or over
    the limits (a Parquet file's size is checked from its metadata before anything is decoded)."""
    if len(raw) > MAX_MB * 2**20:
        raise DataError(f"The file is {len(raw) / 2**20:.1f} MB; files up to {MAX_MB} MB are accepted.")
    try:
        if raw[:4] == PARQUET_MAGIC:
            meta = pq.ParquetFile(io.BytesIO(raw)).metadata
            _check_size(meta.num_rows, meta.num_columns)
            df = pq.read_table(io.BytesIO(raw)).to_pandas()
        else:
            df = pd.read_csv(io.BytesIO(raw), nrows=MAX_ROWS + 1)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, OSError, pa.ArrowException) as err:
        if isinstance(err, DataError):
            raise
        raise DataError(
            f"{filename} is not a table that can be read as CSV or Parquet ({type(err).__name__})."
        ) from None
    if df.shape[1] < 2 or len(df) == 0:
        raise DataError(
            f"{filename} is not a table with a label column and at least one feature column "
            f"(read {len(df)} rows and {df.shape[1]} columns)."
        )
    _check_size(len(df), df.shape[1])
    df.columns = [str(c) for c in df.columns]
    return df


def _check_size(rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise DataError(f"The table has more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are accepted.")
    if columns > MAX_COLUMNS + 1:
        raise DataError(f"The table has {columns} columns; at most {MAX_COLUMNS} features are accepted.")
    if rows * columns > MAX_CELLS:
        raise DataError(
            f"The table has {rows:,} rows × {columns} columns = {rows * columns:,} values; at most "
            f"{MAX_CELLS:,} are accepted."
        )


def label_values(df: pd.DataFrame, label: str, limit: int = 50) -> list[str]:
    """The distinct values of the label column as strings, most frequent first (at most ``limit``)."""
    _require_label(df, label)
    return [str(v) for v in df[label].dropna().astype(str).value_counts().index[:limit]]


def from_table(
    df: pd.DataFrame, label: str, anomaly: str, drop_missing: bool = False, name="upload"
) -> Dataset:
    """The data set of a table: ``label`` column, rows whose label equals ``anomaly`` (as text) are
    anomalies, every other column is a numeric feature. DataError names the first problem found."""
    _require_label(df, label)
    features = [c for c in df.columns if c != label]
    bad = [c for c in features if not _numeric(df[c])]
    if bad:
        shown = ", ".join(f"'{c}'" for c in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise DataError(
            f"Feature columns must be numeric; {shown} {'is' if len(bad) == 1 else 'are'} not. "
            "Remove or encode them as numbers."
        )
    X = df[features].to_numpy(dtype=np.float64, na_value=np.nan)
    missing = ~np.isfinite(X).all(axis=1) | df[label].isna().to_numpy()
    if missing.any():
        if not drop_missing:
            raise DataError(
                f"{int(missing.sum())} of {len(df)} rows have missing or infinite values. "
                "Tick 'Drop rows with missing values' to analyse the other rows."
            )
        X, df = X[~missing], df[~missing]
    y = (df[label].astype(str) == str(anomaly)).to_numpy()
    n_anom, n_norm = int(y.sum()), int((~y).sum())
    if n_anom == 0 or n_norm == 0:
        which = "no row has" if n_anom == 0 else "every row has"
        raise DataError(
            f"Only one class: {which} {label} = {anomaly}. Choose the label value that marks the anomalies "
            "(a value that some, but not all, rows have)."
        )
    if min(n_anom, n_norm) < MIN_PER_CLASS:
        raise DataError(
            f"Too few rows in a class ({n_anom} anomalies, {n_norm} normal); at least {MIN_PER_CLASS} of "
            "each are needed."
        )
    dropped = f", {int(missing.sum())} rows with missing values dropped" if missing.any() else ""
    return Dataset(
        name=name,
        X=X,
        y=y,
        description=f"uploaded table {name}: {label} = {anomaly} is the anomaly{dropped}",
        features=tuple(features),
    )


def _require_label(df: pd.DataFrame, label: str) -> None:
    if label not in df.columns:
        shown = ", ".join(f"'{c}'" for c in list(df.columns)[:8])
        raise DataError(f"The label column '{label}' is not in the table; its columns are {shown}.")


def _numeric(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)

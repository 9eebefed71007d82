"""`cli.py audit`: declared priorities from a hand-made two-year dataset, each verdict and number
worked out by hand, Russian text through the user's mapping, bad rows reported by file row."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import cli
from econ.audit import AUDIT_COLUMNS, MISSING_COLUMNS, SHARED_COLUMNS

# 2023 (2022 where it differs), jobs:  a (Alpha)  b (Beta)       c (Gamma)
#   A Avon                              30,000    10,000         10,000
#   B Bath                              30,000    10,000         10,000
#   C Cork                              10,000    30,000 (20k)   10,000
#   D Derry (island)                    10,000    10,000         30,000 (40k)
# 2023 totals 200,000: Alpha 80k, Beta 60k, Gamma 60k. LQ(C, Beta) = (30/50)/(60/200) = 2.00,
# a specialisation star (4 regions: no top-10 % size or focus star); 2022: (20/40)/(50/200) =
# 2.00, so no change; growth +50 % beats Beta's national +20 %: mature. LQ(D, Gamma) = 2.00,
# 2022 (40/60)/(70/200) = 1.90: rising, so growing — but growth 30/40 − 1 = −25 %.
# LQ(A, Gamma) = (10/50)/(60/200) = 0.67; 2022 0.57.
EMPLOYMENT = {
    ("A", "a"): 30000,
    ("A", "b"): 10000,
    ("A", "c"): 10000,
    ("B", "a"): 30000,
    ("B", "b"): 10000,
    ("B", "c"): 10000,
    ("C", "a"): 10000,
    ("C", "b"): 30000,
    ("C", "c"): 10000,
    ("D", "a"): 10000,
    ("D", "b"): 10000,
    ("D", "c"): 30000,
}
EARLIER = {("C", "b"): 20000, ("D", "c"): 40000}
FILES = (
    ("regions", "geojson"),
    ("employment", "csv"),
    ("clusters", "csv"),
    ("priorities", "csv"),
    ("mapping", "csv"),
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("audit")
    regions = gpd.GeoDataFrame(
        {"code": ["A", "B", "C", "D"], "label": ["Avon", "Bath", "Cork", "Derry"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1), box(10, 0, 11, 1)],
        crs="EPSG:4326",
    )
    regions.to_file(folder / "regions.geojson", driver="GeoJSON")
    rows = ["region,activity,year,employment"]
    for (region, activity), jobs in EMPLOYMENT.items():
        rows.append(f"{region},{activity},2023,{jobs}")
        rows.append(f"{region},{activity},2022,{EARLIER.get((region, activity), jobs)}")
    (folder / "employment.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "clusters.csv").write_text(
        "activity,cluster\na,Alpha\nb,Beta\nc,Gamma\n", encoding="utf-8"
    )
    (folder / "priorities.csv").write_text(
        "region,priority,kind,source\n"
        "Cork,Beta,cluster,Cork plan 2030\n"
        "D,Gamma,cluster,Derry plan\n"
        "Avon,Гамма,текст,Стратегия\n"
        "Zed,Alpha,,\n"
        "B,Space,,\n",
        encoding="utf-8",
    )
    (folder / "mapping.csv").write_text("priority,cluster\nгамма,Gamma\n", encoding="utf-8")
    return {name: folder / f"{name}.{ext}" for name, ext in FILES}


def run_audit(inputs: dict[str, Path], out: Path, *extra: str) -> int:
    return cli.main(
        [
            "audit",
            "--boundaries",
            str(inputs["regions"]),
            "--id-column",
            "code",
            "--name-column",
            "label",
            "--employment",
            str(inputs["employment"]),
            "--clusters",
            str(inputs["clusters"]),
            "--priorities",
            str(inputs["priorities"]),
            "--priority-mapping",
            str(inputs["mapping"]),
            "--out",
            str(out),
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def written(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert run_audit(inputs, out) == 0
    return out


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, dtype={"region": str, "partner": str}, keep_default_na=False)


def test_audit_csv_by_hand(written):
    audited = read(written, "audit.csv")
    assert list(audited.columns) == AUDIT_COLUMNS
    rows = audited.set_index("region")
    assert rows.loc["C", ["priority", "cluster", "stars", "stage", "verdict"]].tolist() == [
        "Beta",
        "Beta",
        1,
        "mature",
        "strength",
    ]
    assert rows.loc["C", "lq"] == pytest.approx(2.0)
    assert rows.loc["C", "growth"] == pytest.approx(0.5)
    assert rows.loc["C", "reason"] == "★, LQ 2.00 ≥ 1.00: an established specialisation"
    assert rows.loc["D", ["stage", "verdict"]].tolist() == ["growing", "declining — check"]
    assert rows.loc["D", "growth"] == pytest.approx(-0.25)
    assert rows.loc["D", "reason"] == (
        "growth −25.0\u00a0%, stage growing, LQ 2.00: check before supporting"
    )
    # Avon's Russian "Гамма" resolved by the mapping file
    assert rows.loc["A", ["priority", "cluster", "verdict"]].tolist() == [
        "Гамма",
        "Gamma",
        "weak evidence",
    ]
    assert rows.loc["A", "lq"] == pytest.approx(2 / 3)
    assert rows.loc["A", "stage"] == "emerging"  # LQ below 1 and rising from 0.57


def test_other_tables(written):
    missing = read(written, "missing.csv")
    assert list(missing.columns) == MISSING_COLUMNS
    assert missing.empty  # Cork's and Derry's only strengths are declared; Avon has none
    shared = read(written, "shared.csv")
    assert list(shared.columns) == SHARED_COLUMNS
    assert shared.to_numpy().tolist() == [
        ["A", "Gamma", "declared", "D", "both", False],
        ["D", "Gamma", "both", "A", "declared", False],
    ]
    problems = read(written, "declared_problems.csv")
    assert problems[["row", "column", "value"]].to_numpy().tolist() == [
        [5, "region", "Zed"],
        [6, "priority", "Space"],
    ]


def test_russian_reasons(inputs, tmp_path):
    assert run_audit(inputs, tmp_path, "--lang", "ru") == 0
    rows = read(tmp_path, "audit.csv").set_index("region")
    assert rows.loc["C", "reason"] == "★, LQ 2,00 ≥ 1,00: сложившаяся специализация"
    assert rows.loc["C", "verdict"] == "strength"  # verdicts stay the stated keys


def test_thresholds_change_verdicts(inputs, tmp_path):
    assert run_audit(inputs, tmp_path, "--decline-growth", "-0.3") == 0
    rows = read(tmp_path, "audit.csv").set_index("region")
    assert rows.loc["D", "verdict"] == "strength"  # −25 % is no longer a decline


def test_bad_priorities_file(inputs, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("region,topic\nA,Beta\n", encoding="utf-8")
    inputs = {**inputs, "priorities": bad}
    assert run_audit(inputs, tmp_path) == 2
    assert "bad.csv, row 1: no 'priority' column" in capsys.readouterr().err

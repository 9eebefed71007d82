"""No CSV or XLSX the atlas writes holds a live formula, whatever the regions, activities and
clusters are called: every CLI command is run on hostile names and every file it writes is
scanned (OWASP CSV injection); real negative numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import cli
from layers.tables import TRIGGERS, xlsx_bytes

REGIONS = ['=HYPERLINK("http://x.example/","x")', "+1+1", "@SUM(A:A)", "-2+3", "\tTab", "Ok"]
ACTIVITIES = ["=1+1", "@A", "+B", "-C"]
CLUSTERS = ["=cmd|' /C calc'!A0", "@food", "+trade", "-x"]
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def live(cell: str) -> bool:
    """A CSV cell a spreadsheet would run: it starts a formula and is not a number."""
    return cell.startswith(TRIGGERS) and not NUMBER.match(cell)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Six square regions in a row with hostile codes and names, four hostile activities in four
    hostile clusters, and firms placed inside the regions."""
    folder = tmp_path_factory.mktemp("hostile")
    boundaries = gpd.GeoDataFrame(
        {"code": REGIONS, "name": [f"{r} name" for r in REGIONS]},
        geometry=[box(i, 0, i + 1, 1) for i in range(len(REGIONS))],
        crs="EPSG:4326",
    )
    boundaries.to_file(folder / "regions.geojson")
    rows = [
        (region, activity, 1_000 + 700 * ((i * 3 + j * 5) % 7))
        for i, region in enumerate(REGIONS)
        for j, activity in enumerate(ACTIVITIES)
    ]
    employment = pd.DataFrame(rows, columns=["region", "activity", "employment"])
    employment.to_csv(folder / "employment.csv", index=False)
    pd.DataFrame({"activity": ACTIVITIES, "cluster": CLUSTERS}).to_csv(
        folder / "clusters.csv", index=False
    )
    firms = pd.DataFrame(
        {
            "activity_code_main": ACTIVITIES * 3,
            "employees_count": [5, -3, "=2", 7] * 3,
            "lat": [0.5] * 12,
            "lon": [0.5 + i % 6 for i in range(12)],
        }
    )
    firms.to_csv(folder / "firms.csv", index=False)
    return {
        "boundaries": folder / "regions.geojson",
        "employment": folder / "employment.csv",
        "clusters": folder / "clusters.csv",
        "firms": folder / "firms.csv",
    }


COMMANDS = {
    "check": ["--boundaries", "--employment", "--clusters"],
    "metrics": ["--boundaries", "--employment", "--clusters"],
    "priorities": ["--employment", "--clusters"],
    "links": ["--boundaries", "--employment", "--clusters"],
    "define-clusters": ["--employment", "--clusters"],
    "firms": ["--boundaries", "--firms"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_csv_a_command_writes_holds_a_formula(command, files, tmp_path, capsys):
    args = [command]
    for option in COMMANDS[command]:
        args += [option, str(files[option.strip("-")])]
    if command == "links":
        args += ["--permutations", "99"]
    assert cli.main([*args, "--out", str(tmp_path)]) == 0, capsys.readouterr().err
    written = sorted(tmp_path.glob("*.csv"))
    assert written, f"{command} wrote no CSV"
    hostile_seen = 0
    for path in written:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")):
            assert not [cell for cell in row if live(cell)], (path.name, row)
            hostile_seen += sum(cell.startswith("'") for cell in row)
    assert hostile_seen, f"{command}: no hostile name reached its files"


def test_numbers_stay_numbers_and_names_come_back_as_typed(files, tmp_path):
    assert cli.main(["metrics", "--employment", str(files["employment"]), "--clusters",
                     str(files["clusters"]), "--out", str(tmp_path)]) == 0  # fmt: skip
    table = pd.read_csv(tmp_path / "region_activity.csv", keep_default_na=False)
    # cells are read trimmed: the tab before "Tab" is gone before any export
    assert set(table["region"].str.removeprefix("'")) == {r.strip() for r in REGIONS}
    assert set(table["activity"]) == {"'=1+1", "'@A", "'+B", "'-C"}
    assert pd.api.types.is_float_dtype(table["lq"])


def test_the_xlsx_export_holds_no_formula_and_keeps_negative_numbers():
    table = pd.DataFrame({"region": REGIONS, "change": [-1.5, 2.0, -3.0, 0.0, 1.0, -0.25]})
    data = xlsx_bytes({"region_cluster": table, "=sheet": table})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(archive.read(n).decode() for n in sheets)
    assert len(sheets) == 2
    assert "<f>" not in xml and "<f " not in xml
    back = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert back["region_cluster"]["region"].tolist() == REGIONS
    assert back["region_cluster"]["change"].tolist() == [-1.5, 2.0, -3.0, 0.0, 1.0, -0.25]

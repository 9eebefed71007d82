"""`cli.py firms`: firm records become an employment table that `cli.py metrics` reads."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

import cli


def test_firms_feed_the_metrics(tmp_path, capsys):
    regions = gpd.GeoDataFrame(
        {"code": ["W", "E"], "name": ["Запад", "Восток"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs="EPSG:4326",
    )
    regions.to_file(tmp_path / "regions.geojson")
    (tmp_path / "firms.csv").write_text(
        "activity_code_main;employees_count;lat;lon\n"
        "62.01;30;0,5;0,5\n"  # West
        "10.11;10;0,5;0,6\n"  # West
        "10.11;40;0,5;1,5\n"  # East
        "62.01;10;0,5;1,6\n"  # East
        "62.01;99;5;5\n",  # outside both: reported, not counted
        encoding="cp1251",
    )
    out = tmp_path / "out"
    code = cli.main(
        [
            "firms",
            "--boundaries",
            str(tmp_path / "regions.geojson"),
            "--id",
            "code",
            "--firms",
            str(tmp_path / "firms.csv"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    employment = pd.read_csv(out / "employment.csv", dtype=str)
    assert employment.values.tolist() == [
        ["E", "10.11", "40"],
        ["E", "62.01", "10"],
        ["W", "10.11", "10"],
        ["W", "62.01", "30"],
    ]
    report = pd.read_csv(out / "firm_report.csv").set_index("item")["count"]
    assert report["firms"] == 4 and report["outside"] == 1 and report["outside_employees"] == 99
    assert (
        cli.main(["metrics", "--employment", str(out / "employment.csv"), "--out", str(out)]) == 0
    )
    lq = pd.read_csv(out / "region_activity.csv", dtype={"activity": str})
    west_ict = lq[(lq["region"] == "W") & (lq["activity"] == "62.01")]["lq"].item()
    assert abs(west_ict - (30 / 40) / (40 / 90)) < 1e-9  # 1.6875


def test_firms_without_their_columns_get_one_message(tmp_path, capsys):
    regions = gpd.GeoDataFrame({"code": ["W"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
    regions.to_file(tmp_path / "regions.geojson")
    (tmp_path / "firms.csv").write_text("okved,staff,lat,lon\n62.01,3,0.5,0.5\n")
    argv = ["firms", "--boundaries", str(tmp_path / "regions.geojson"), "--id", "code"]
    code = cli.main([*argv, "--firms", str(tmp_path / "firms.csv"), "--out", str(tmp_path)])
    assert code == 2
    error = capsys.readouterr().err
    assert "firms.csv" in error and "activity_code_main" in error
    assert "Traceback" not in error


def test_parquet_parts_by_glob_filtered_by_year(tmp_path, capsys):
    regions = gpd.GeoDataFrame(
        {"code": ["W", "E"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326"
    )
    regions.to_file(tmp_path / "regions.geojson")
    firms = pd.DataFrame(
        {
            "activity_code_main": ["62.01", "62.01", "10.11", "10.11"],
            "employees_count": [30, 5, 40, 7],
            "lat": [0.5, 0.5, 0.5, 0.5],
            "lon": [0.5, 0.6, 1.5, 1.6],
            "year": [2024, 2023, 2024, 2024],
        }
    )
    firms.iloc[:2].to_parquet(tmp_path / "register-1.parquet")
    firms.iloc[2:].to_parquet(tmp_path / "register-2.parquet")
    argv = ["firms", "--boundaries", str(tmp_path / "regions.geojson"), "--id", "code"]
    glob = str(tmp_path / "register-*.parquet")
    out = tmp_path / "out"
    assert cli.main([*argv, "--firms", glob, "--where", "year = 2024", "--out", str(out)]) == 0
    employment = pd.read_csv(out / "employment.csv", dtype=str)
    assert employment.values.tolist() == [["E", "10.11", "47"], ["W", "62.01", "30"]]

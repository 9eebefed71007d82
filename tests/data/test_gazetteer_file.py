"""The shipped Russian gazetteer: counts by level, every boundary subject once by ISO code and
its exact English name, district memberships, and no spelling shared by two territories."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from econ.gazetteer import load_gazetteer
from econ.names import normalise_name

DATA = Path(__file__).resolve().parents[2] / "data"


def test_counts_by_level():
    entries = load_gazetteer("ru").entries
    assert entries["level"].value_counts().to_dict() == {
        "subject": 89,
        "economic_region": 11,
        "federal_district": 8,
        "remainder": 2,
        "country": 1,
    }


def test_every_boundary_subject_once_with_its_exact_english_name():
    entries = load_gazetteer("ru").entries
    features = json.loads((DATA / "russia" / "rus_adm1_geoboundaries.geojson").read_text())
    shapes = {
        f["properties"]["shapeISO"]: f["properties"]["shapeName"] for f in features["features"]
    }
    assert len(shapes) == 83
    subjects = entries[entries["iso"].notna() & (entries["level"] == "subject")]
    assert dict(zip(subjects["iso"], subjects["name_en"], strict=True)) == shapes


def test_federal_districts_hold_their_subjects():
    gazetteer = load_gazetteer("ru")
    subjects = gazetteer.entries[gazetteer.entries["level"] == "subject"]
    assert subjects["district"].value_counts().to_dict() == {
        "RU-FD-CEN": 18,
        "RU-FD-VOL": 14,
        "RU-FD-SOU": 12,  # 6 + Crimea, Sevastopol + the 4 listed since 2023
        "RU-FD-NW": 11,
        "RU-FD-FE": 11,
        "RU-FD-SIB": 10,
        "RU-FD-NC": 7,
        "RU-FD-URA": 6,
    }
    assert gazetteer.parts("RU-TYU") == ["RU-TYU-X", "RU-KHM", "RU-YAN"]
    assert sorted(gazetteer.members("RU-FD-URA")) == [
        "RU-CHE",
        "RU-KGN",
        "RU-KHM",
        "RU-SVE",
        "RU-TYU-X",
        "RU-YAN",
    ]
    assert len(gazetteer.members("RU")) == 89 - 2 + 2  # two inclusive oblasts → two remainders


def test_no_spelling_names_two_territories():
    entries = load_gazetteer("ru").entries.reset_index()
    spellings = pd.concat(
        [
            entries[["id", "name_ru"]].set_axis(["id", "text"], axis=1),
            entries[["id", "name_en"]].set_axis(["id", "text"], axis=1),
            entries[["id", "variants"]]
            .dropna()
            .assign(text=lambda e: e["variants"].str.split("|"))
            .explode("text")[["id", "text"]],
        ]
    )
    spellings["key"] = spellings["text"].map(normalise_name)
    owners = spellings.groupby("key")["id"].nunique()
    assert owners.max() == 1, owners[owners > 1]

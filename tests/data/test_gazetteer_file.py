"""The shipped Russian gazetteer: counts by level, every boundary subject once by ISO code and
its exact English name, district memberships, parents, codes, and no spelling listed twice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from econ.gazetteer import load_gazetteer
from econ.names import normalise_name

DATA = Path(__file__).resolve().parents[2] / "data"


def _rows() -> pd.DataFrame:
    path = DATA / "gazetteers" / "ru.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)


def _spellings() -> pd.DataFrame:
    """Every name and variant of the file, one row each: `id, text`."""
    rows = _rows()
    variants = rows[["id", "variants"]].dropna()
    return pd.concat(
        [
            rows[["id", "name_ru"]].set_axis(["id", "text"], axis=1),
            rows[["id", "name_en"]].set_axis(["id", "text"], axis=1),
            variants.assign(text=variants["variants"].str.split("|")).explode("text")[
                ["id", "text"]
            ],
        ],
        ignore_index=True,
    )


def _light(text: str) -> str:
    """Case, ё/е, dash kinds and spacing folded; nothing else."""
    text = re.sub(r"[\u2010-\u2015\u2212-]", "-", text.lower().replace("ё", "е"))
    return re.sub(r" ?- ?", "-", " ".join(text.split()))


def test_counts_by_level():
    rows = _rows()
    assert rows["id"].is_unique
    assert rows["level"].value_counts().to_dict() == {
        "subject": 89,  # 85 + the 4 listed since 2023
        "economic_region": 12,  # 11 + Kaliningrad Oblast
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
    assert subjects["iso"].is_unique
    assert dict(zip(subjects["iso"], subjects["name_en"], strict=True)) == shapes
    assert entries.index[entries["iso"].isna() & (entries["level"] == "subject")].tolist() == [
        "RU-CR",
        "RU-SEV",
        "RU-DPR",
        "RU-LPR",
        "RU-ZAP",
        "RU-KHE",
    ]


def test_codes_as_published():
    rows = _rows().set_index("id")
    okato = rows["okato"].dropna()
    assert okato.is_unique and okato.str.fullmatch(r"\d{2}(\d{3})*").all()
    assert okato[["RU-MOW", "RU-ARK", "RU-NEN", "RU-TYU", "RU-KHM", "RU-YAN"]].tolist() == [
        "45",
        "11",
        "11100",
        "71",
        "71100",
        "71140",
    ]
    assert (rows["iso"].dropna().index == rows["iso"].dropna()).all()


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


def test_economic_regions_hold_their_subjects():
    gazetteer = load_gazetteer("ru")
    subjects = gazetteer.entries[gazetteer.entries["level"] == "subject"]
    assert subjects["economic_region"].value_counts().to_dict() == {
        "RU-ER-CEN": 13,
        "RU-ER-NCA": 10,
        "RU-ER-FEA": 9,
        "RU-ER-VOL": 8,
        "RU-ER-URA": 7,
        "RU-ER-WSI": 9,  # Tyumen Oblast and both its okrugs
        "RU-ER-NOR": 6,  # Arkhangelsk Oblast and Nenets
        "RU-ER-ESI": 6,
        "RU-ER-VVY": 5,
        "RU-ER-CBE": 5,
        "RU-ER-NWE": 4,
        "RU-ER-KGD": 1,
    }
    assert gazetteer.members("RU-ER-KGD") == ["RU-KGD"]


def test_parents_are_the_two_inclusive_oblasts():
    rows = _rows().set_index("id")
    parents = rows["parent"].dropna()
    assert parents.to_dict() == {
        "RU-ARK-X": "RU-ARK",
        "RU-NEN": "RU-ARK",
        "RU-TYU-X": "RU-TYU",
        "RU-KHM": "RU-TYU",
        "RU-YAN": "RU-TYU",
    }
    assert (rows.loc[parents.unique(), "level"] == "subject").all()
    assert (rows.loc[parents.index, "district"] == rows.loc[parents, "district"].values).all()
    held = rows.loc[rows["level"].isin(["subject", "remainder"])]
    assert held["district"].isin(rows.index[rows["level"] == "federal_district"]).all()


def test_no_spelling_listed_twice():
    keys = _spellings()["text"].map(_light)
    assert keys.is_unique, keys[keys.duplicated(keep=False)].tolist()


def test_no_spelling_names_two_territories():
    spellings = _spellings()
    spellings["key"] = spellings["text"].map(normalise_name)
    owners = spellings.groupby("key")["id"].nunique()
    assert owners.max() == 1, owners[owners > 1]

"""A gazetteer places table rows and boundary polygons on territories: names in two languages,
codes, aggregates checked by their sums, and an oblast with its okrug nested inside it."""

from __future__ import annotations

import pandas as pd
import pytest

from econ.gazetteer import load_gazetteer, region_labels
from econ.matching import match_regions

ROWS = """id,iso,okato,level,name_ru,name_en,variants,district,economic_region,parent,note
RU,,,country,Российская Федерация,Russian Federation,Россия,,,,
RU-FD-NW,,,federal_district,Северо-Западный федеральный округ,Northwestern Federal District,СЗФО,,,,
RU-ARK,RU-ARK,11,subject,Архангельская область,Arkhangelsk Oblast,,RU-FD-NW,,,
RU-NEN,RU-NEN,11100,subject,Ненецкий автономный округ,Nenets Autonomous Okrug,НАО,RU-FD-NW,,RU-ARK,
RU-ARK-X,,,remainder,Архангельская область без автономного округа,Arkhangelsk X,,RU-FD-NW,,RU-ARK,
RU-VLG,RU-VLG,19,subject,Вологодская область,Vologda Oblast,,RU-FD-NW,,,
RU-CR,,35,subject,Республика Крым,Republic of Crimea,,,,,not in ISO 3166-2:RU
"""


@pytest.fixture
def gazetteer(tmp_path):
    (tmp_path / "xx.csv").write_text(ROWS, encoding="utf-8")
    return load_gazetteer("xx", tmp_path)


TABLE = pd.DataFrame(
    {
        "code": [
            "Российская Федерация",
            "Северо-Западный федеральный округ",
            "Архангельская область",
            "Ненецкий автономный округ",
            "Архангельская область без автономного округа",
            "Вологодская область",
            "Республика Крым",
        ]
    }
)
TOTALS = pd.Series([180.0, 160.0, 110.0, 10.0, 100.0, 50.0, 10.0], index=TABLE["code"])


def statuses(report: pd.DataFrame) -> dict[str, tuple[str, str | None]]:
    rows = report[report["code"] != ""].set_index("code")
    return {code: (row.status, row.region) for code, row in rows.iterrows()}


def test_english_boundaries_with_the_okrug_apart_use_the_parts(gazetteer):
    boundaries = pd.DataFrame(
        {
            "region": ["RU-ARK", "RU-NEN", "RU-VLG"],
            "name": ["Arkhangelsk Oblast", "Nenets Autonomous Okrug", "Vologda Oblast"],
        }
    )
    report = match_regions(TABLE, boundaries, gazetteer=gazetteer, totals=TOTALS)
    assert statuses(report) == {
        "Российская Федерация": ("aggregate", None),
        "Северо-Западный федеральный округ": ("aggregate", None),
        "Архангельская область": ("aggregate", None),
        "Ненецкий автономный округ": ("matched", "RU-NEN"),
        "Архангельская область без автономного округа": ("matched", "RU-ARK"),
        "Вологодская область": ("matched", "RU-VLG"),
        "Республика Крым": ("not_in_boundaries", None),
    }
    rule = report.set_index("code")["rule"]
    assert rule["Архангельская область"] == (
        "includes RU-NEN, RU-ARK-X, which the boundaries have as separate polygons "
        "(RU-ARK Архангельская область); equals the sum of its 2 members"
    )
    assert rule["Северо-Западный федеральный округ"].endswith("equals the sum of its 3 members")
    assert rule["Российская Федерация"].endswith(
        "differs from the sum of its 4 members by +5.6%"
    )  # 180 printed against 10 + 100 + 50 + 10
    assert rule["Республика Крым"] == (
        "gazetteer: RU-CR Республика Крым; no polygon in the boundaries"
    )


def test_boundaries_holding_the_oblast_whole_use_its_row(gazetteer):
    boundaries = pd.DataFrame({"region": ["11", "19"], "name": ["Архангельская", "Вологодская"]})
    report = match_regions(TABLE, boundaries, gazetteer=gazetteer, totals=TOTALS)
    found = statuses(report)
    assert found["Архангельская область"] == ("matched", "11")
    assert found["Ненецкий автономный округ"] == ("not_in_boundaries", None)
    assert found["Архангельская область без автономного округа"] == ("not_in_boundaries", None)
    assert report.set_index("code").at["Ненецкий автономный округ", "rule"] == (
        "part of RU-ARK Архангельская область, which the boundaries hold whole; "
        "the whole row is used"
    )


def test_codes_and_variants_resolve(gazetteer):
    ids = gazetteer.resolve(pd.Series(["RU-NEN", "11100000000", "НАО", "Vologda Oblast", "?"]))
    assert ids.tolist() == ["RU-NEN", "RU-NEN", "RU-NEN", "RU-VLG", None]
    assert gazetteer.members("RU") == ["RU-NEN", "RU-ARK-X", "RU-VLG", "RU-CR"]


def test_region_labels_in_each_language_from_the_gazetteer_or_the_table():
    regions = pd.DataFrame(
        {"region": ["RU-TYU", "RU-MOW", "X-1"], "name": ["Tyumen Oblast", "Moscow", "Atlantis"]}
    )
    table = {"X-1": "Атлантида"}
    assert region_labels(regions, "ru", table).tolist() == [
        "Тюменская область",
        "г. Москва",
        "Атлантида",  # no gazetteer entry: the name in the user's table
    ]
    assert region_labels(regions, "en").tolist() == ["Tyumen Oblast", "Moscow", "Atlantis"]

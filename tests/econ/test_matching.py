"""Matching table regions to boundary regions: codes, Russian names, suggestions, user mapping."""

from __future__ import annotations

import pandas as pd
import pytest

from econ.errors import InputError
from econ.matching import (
    accept_suggestions,
    apply_mapping,
    match_regions,
    normalise_name,
    region_mapping,
)

REGIONS = pd.DataFrame(
    {
        "region": ["16", "50", "77", "86", "01", "69"],
        "name": [
            "Республика Татарстан",
            "Московская область",
            "г. Москва",
            "Ханты-Мансийский автономный округ — Югра",
            "Республика Адыгея (Адыгея)",
            "Тверская область",
        ],
    }
)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Республика Татарстан", "Татарстан Республика"),
        ("Республика Татарстан", "Respublika Tatarstan"),
        ("Московская обл.", "Moskovskaya oblast"),
        ("г. Москва", "город Москва"),
        ("Ханты-Мансийский автономный округ - Югра", "Khanty-Mansiysky AO – Yugra"),
        ("Орёл", "орел"),
        ("Приморский  край", "Primorsky Krai"),
    ],
)
def test_normalised_names_agree(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_distinct_names_stay_distinct():
    assert normalise_name("Московская область") != normalise_name("Москва")


def test_codes_names_and_suggestions():
    table = pd.DataFrame(
        {
            "code": [
                "016",
                "Moskovskaya obl.",
                "Москва",
                "Адыгея респ",
                "Tverskaja oblast'",
                "Nowhere",
            ]
        }
    )
    report = match_regions(table, REGIONS).set_index("code")
    decided = ["region", "status", "rule"]
    assert report.loc["016", decided].tolist() == ["16", "matched", "code"]  # leading zero
    assert report.loc["Moskovskaya obl.", decided].tolist() == ["50", "matched", "name"]
    assert report.loc["Москва", decided].tolist() == ["77", "matched", "name"]
    assert report.loc["Адыгея респ", "region"] == "01"
    assert report.loc["Tverskaja oblast'", decided].tolist() == ["69", "matched", "name"]
    assert report.loc["Nowhere", "status"] == "unmatched"
    assert report.loc[report["status"] == "no_data", "region"].tolist() == ["86"]


def test_fuzzy_match_is_only_a_suggestion():
    report = match_regions(pd.Series(["Tatarstn"]), REGIONS)
    row = report.iloc[0]
    assert (row["status"], row["region"]) == ("suggested", "16")
    assert region_mapping(report) == {}
    assert region_mapping(accept_suggestions(report)) == {"Tatarstn": "16"}


def test_repeated_names_are_ambiguous():
    regions = pd.DataFrame({"region": ["31109", "08073"], "name": ["Lincoln", "Lincoln"]})
    report = match_regions(pd.Series(["Lincoln"]), regions)
    assert report.loc[0, "status"] == "ambiguous"
    assert report.loc[0, "candidates"] == "31109 Lincoln; 08073 Lincoln"


def test_mapping_table_overrides_and_is_checked():
    mapping = pd.DataFrame({"code": ["ХМАО", "x"], "region": ["86", ""]})
    report = match_regions(pd.Series(["ХМАО"]), REGIONS, mapping=mapping)
    assert report.loc[0, ["region", "status", "rule"]].tolist() == ["86", "matched", "mapping file"]
    with pytest.raises(InputError, match="mapping table needs the columns code and region"):
        match_regions(pd.Series(["ХМАО"]), REGIONS, mapping=pd.DataFrame({"code": ["ХМАО"]}))


def test_mapping_rows_for_regions_not_in_the_boundaries_are_reported_and_the_rest_applies():
    mapping = pd.DataFrame({"code": ["Республика Крым", "Тверская обл"], "region": ["RU-CR", "69"]})
    report = match_regions(
        pd.Series(["Республика Крым", "Тверская обл"]), REGIONS, mapping=mapping, gazetteer=None
    ).set_index("code")
    assert report.loc["Республика Крым", ["status", "rule"]].tolist() == [
        "not_in_boundaries",
        "mapping file row 2 names region 'RU-CR', not in the boundaries",
    ]
    assert report.loc["Тверская обл", ["region", "status"]].tolist() == ["69", "matched"]


def test_total_rows_and_a_row_equal_to_the_sum_of_the_others_are_aggregates():
    codes = pd.Series(["Total", "16", "50", "77", "69", "All of it"])
    totals = pd.Series({"Total": 10.0, "16": 1.0, "50": 2.0, "77": 3.0, "69": 4.0, "All of it": 10})
    report = match_regions(codes, REGIONS, totals=totals, gazetteer=None).set_index("code")
    assert report.loc["Total", ["status", "rule"]].tolist() == [
        "aggregate",
        "a total row by its name",
    ]
    assert report.loc["All of it", ["status", "rule"]].tolist() == [
        "aggregate",
        "equals the sum of all other rows",
    ]
    assert (report.loc[["16", "50", "77", "69"], "status"] == "matched").all()


def test_apply_mapping_relabels_and_sums():
    employment = pd.DataFrame(
        {
            "region": ["016", "Татарстан Республика", "Nowhere"],
            "activity": ["A", "A", "A"],
            "employment": [1.0, 2.0, 4.0],
        }
    )
    report = match_regions(pd.Series(employment["region"].unique()), REGIONS)
    out = apply_mapping(employment, report)
    assert out.values.tolist() == [["16", "A", 3.0]]  # 1 + 2 onto Tatarstan; Nowhere dropped


def test_a_nuts_code_above_its_regions_is_their_aggregate():
    regions = pd.DataFrame(
        {"region": ["DE11", "DE12", "DE21"], "name": ["Stuttgart", "Karlsruhe", "Oberbayern"]}
    )
    codes = pd.Series(["DE1", "DE11", "DE12", "DE2", "DE21"])
    totals = pd.Series({"DE1": 30.0, "DE11": 10.0, "DE12": 20.0, "DE2": 7.0, "DE21": 7.0})
    report = match_regions(codes, regions, totals=totals, gazetteer=None).set_index("code")
    assert report.loc["DE1", ["status", "rule"]].tolist() == [
        "aggregate",
        "code level above DE11, DE12; equals the sum of its 2 members",
    ]
    assert report.loc["DE2", "status"] == "unmatched"  # one region below it: no aggregate
    assert (report.loc[["DE11", "DE12", "DE21"], "status"] == "matched").all()

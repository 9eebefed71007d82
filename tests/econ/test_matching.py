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
    assert report.loc["016", ["region", "status"]].tolist() == ["16", "code"]  # leading zero
    assert report.loc["Moskovskaya obl.", ["region", "status"]].tolist() == ["50", "name"]
    assert report.loc["Москва", ["region", "status"]].tolist() == ["77", "name"]
    assert report.loc["Адыгея респ", "region"] == "01"
    assert report.loc["Tverskaja oblast'", ["region", "status"]].tolist() == ["69", "name"]
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
    assert report.loc[0, ["region", "status"]].tolist() == ["86", "mapping"]
    with pytest.raises(InputError, match="mapping, row 2, column 'region': region '99'"):
        match_regions(
            pd.Series(["ХМАО"]), REGIONS, mapping=pd.DataFrame({"code": ["ХМАО"], "region": ["99"]})
        )


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

"""Shipped NACE/OKVED, NAICS and SOC groupings and the prefix mapping of activity codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from econ.classifications import (
    REASONS,
    TABLES,
    activity_names,
    assign_clusters,
    classification_table,
    cluster_names,
    cluster_of,
    detect_scheme,
    normalise,
    recognise_activities,
    section_of_name,
)
from econ.dataset import demo_dataset
from econ.errors import InputError


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("nace2_sections", 21),  # A-U
        ("nace2_divisions", 88),  # 01-99 with gaps (04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89)
        ("naics2022_sectors", 20),
        ("naics2022_subsectors", 96),  # Census Bureau: NAICS 2022 has 96 subsectors
        ("naics2017_retired_subsectors", 11),  # 442-454 retail stores, 511, 515
        ("clusters", 31),  # 30 groupings of divisions + manufacturing as a whole
    ],
)
def test_table_row_counts_and_unique_codes(name: str, rows: int) -> None:
    table = classification_table(name)
    key = "cluster" if name == "clusters" else "code"
    assert len(table) == rows
    assert table[key].is_unique


def test_sections_are_a_to_u_and_divisions_keep_leading_zeros() -> None:
    sections = classification_table("nace2_sections")
    divisions = classification_table("nace2_divisions")
    assert list(sections["code"]) == list("ABCDEFGHIJKLMNOPQRSTU")
    assert divisions["code"].iloc[0] == "01"
    assert divisions["code"].str.fullmatch(r"\d{2}").all()
    assert set(divisions["section"]) == set(sections["code"])
    gaps = sorted(set(f"{n:02d}" for n in range(1, 100)) - set(divisions["code"]))
    assert gaps == ["04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"]


def test_official_names_in_both_languages() -> None:
    divisions = classification_table("nace2_divisions").set_index("code")
    assert (
        divisions.loc["62", "name_en"] == "Computer programming, consultancy and related activities"
    )
    assert divisions.loc["62", "name_ru"].startswith("Разработка компьютерного программного")
    assert divisions.loc["24", "name_ru"] == "Производство металлургическое"
    sections = classification_table("nace2_sections").set_index("code")
    assert sections.loc["C", "name_ru"] == "Обрабатывающие производства"
    subsectors = classification_table("naics2022_subsectors").set_index("code")
    assert subsectors.loc["336", "name_en"] == "Transportation Equipment Manufacturing"
    assert subsectors.loc["513", "name_en"] == "Publishing Industries"
    retired = classification_table("naics2017_retired_subsectors").set_index("code")
    assert retired.loc["511", "name_en"] == "Publishing Industries (except Internet)"
    for name in TABLES:
        table = classification_table(name)
        assert (table["name_en"] != "").all()
        assert table["name_ru"].str.contains(r"[А-Яа-я]").all()


def test_every_division_and_subsector_has_a_shared_category() -> None:
    ids = set(classification_table("clusters")["cluster"])
    divisions = classification_table("nace2_divisions")
    subsectors = classification_table("naics2022_subsectors")
    retired = classification_table("naics2017_retired_subsectors")
    assert divisions["cluster"].isin(ids).all()
    assert subsectors["cluster"].isin(ids).all()
    assert retired["cluster"].isin(ids).all()
    # The same category ids serve both classifications, so each is used by both; manufacturing
    # as a whole serves section-level tables only.
    shared = ids - {"manufacturing"}
    assert set(divisions["cluster"]) == shared == set(subsectors["cluster"])
    sections = classification_table("nace2_sections")
    assert sections["cluster"].isin(ids).all() and "manufacturing" in set(sections["cluster"])


def test_sector_cluster_is_set_only_when_all_its_subsectors_agree() -> None:
    sectors = classification_table("naics2022_sectors").set_index("code")["cluster"]
    subsectors = classification_table("naics2022_subsectors")
    assert set(subsectors["sector"]) == set(sectors.index)
    per_sector = subsectors.groupby("sector")["cluster"].agg(
        lambda c: c.iloc[0] if c.nunique() == 1 else ""
    )
    assert per_sector.to_dict() == sectors.to_dict()
    # 31-33 (food ... furniture), 53 (real estate vs rental), 56 (support vs waste) and 81
    # (personal services vs private households) span several categories.
    assert sorted(sectors[sectors == ""].index) == ["31-33", "53", "56", "81"]


def test_cluster_descriptions_list_the_codes_they_hold() -> None:
    clusters = classification_table("clusters").set_index("cluster")
    assert clusters.loc["agro_food", "description"].endswith(
        "(NACE/OKVED 01–03, 10–12; NAICS 111–115, 311–312)"
    )
    assert clusters.loc["ict", "description"].endswith("(NACE/OKVED 58–63; NAICS 512–519)")
    assert clusters.loc["ict", "name_ru"] == "Информация и связь"


@pytest.mark.parametrize(
    ("code", "cluster"),
    [
        ("10.51", "agro_food"),
        ("21.20", "chemicals_pharma"),
        ("62.01", "ict"),
        ("C10.11", "agro_food"),
        ("c20.1", "chemicals_pharma"),
        ("01.11.1", "agro_food"),
        ("01.11.11", "agro_food"),
        ("10.1", "agro_food"),
        ("10", "agro_food"),
        ("0111", "agro_food"),
        ("1.11", "agro_food"),  # a spreadsheet dropped the leading zero of 01.11
        (" 29.10 ", "transport_equipment"),
        ("30.30", "transport_equipment"),
        ("33.16", "machinery"),
        ("79.11", "hospitality_tourism"),
        ("99.00", "public_administration"),
        ("F", "construction"),  # every division of F is construction
        ("C", "manufacturing"),  # a whole section: manufacturing as a whole
        ("04.1", np.nan),  # no division 04
        ("62-01", np.nan),
    ],
)
def test_nace_codes_at_any_depth(code: str, cluster: object) -> None:
    result = cluster_of(pd.Series([code]), "okved").iloc[0]
    assert result == cluster or (pd.isna(cluster) and pd.isna(result))


@pytest.mark.parametrize(
    ("code", "cluster"),
    [
        ("336111", "transport_equipment"),
        ("3361", "transport_equipment"),
        ("513210", "ict"),  # Software Publishers, NAICS 2022
        ("5112", "ict"),  # Software Publishers, NAICS 2017 (subsector 511 retired)
        ("452210", "trade"),  # NAICS 2017 department stores
        ("325412", "chemicals_pharma"),
        ("311", "agro_food"),
        ("5415", "professional_services"),  # computer systems design sits in subsector 541
        ("42", "trade"),
        ("44-45", "trade"),
        ("48–49", "transport_logistics"),
        ("45", "trade"),
        ("31-33", np.nan),
        ("32", np.nan),
        ("919", np.nan),
    ],
)
def test_naics_codes_at_any_depth(code: str, cluster: object) -> None:
    result = cluster_of(pd.Series([code]), "naics").iloc[0]
    assert result == cluster or (pd.isna(cluster) and pd.isna(result))


def test_soc_codes_map_to_major_groups_named_as_in_the_demo() -> None:
    codes = pd.Series(["15-1252", "15-0000", "151252", "51-4121", "55-1011"])
    expected = ["Computer and Mathematical Occupations"] * 3 + ["Production Occupations", np.nan]
    pd.testing.assert_series_equal(
        cluster_of(codes, "soc"), pd.Series(expected, dtype=object, name="cluster")
    )


def test_cluster_of_keeps_index_missing_codes_and_numbers() -> None:
    codes = pd.Series([311, None, 336111], index=[7, 8, 9])
    result = cluster_of(codes, "naics")
    assert list(result.index) == [7, 8, 9]
    assert result[7] == "agro_food" and pd.isna(result[8]) and result[9] == "transport_equipment"


def test_normalise_removes_dots_letters_and_dashes() -> None:
    assert list(normalise(pd.Series(["C10.11", "1.1", "F", "bad"]), "nace")) == [
        "1011",
        "011",
        "F",
        pd.NA,
    ]
    assert list(normalise(pd.Series(["31–33", "311111"]), "naics")) == ["31-33", "311111"]
    assert list(normalise(pd.Series(["15-1252"]), "soc")) == ["151252"]


@pytest.mark.parametrize(
    ("codes", "scheme"),
    [
        (["10.11", "62.01", "C"], "nace"),
        (["6201", "4711"], "nace"),  # OKVED without dots: NAICS has no subsector 620 or 471
        (["01", "02", "10", "62"], "nace"),  # 01, 02, 10 are no NAICS sectors
        (["311", "5112", "541511"], "naics"),
        (["3110"], "naics"),  # NACE 31 or NAICS 311: plain digits are written as NAICS
        (["11", "21", "31-33", "42", "54"], "naics"),
        (["15-1252", "29-1141"], "soc"),
    ],
)
def test_detect_scheme(codes: list[str], scheme: str) -> None:
    assert detect_scheme(pd.Series(codes)) == scheme


def test_detect_scheme_refuses_to_guess() -> None:
    with pytest.raises(InputError, match="fit NACE/OKVED, NAICS and SOC equally well"):
        detect_scheme(pd.Series(["11", "21"]))
    with pytest.raises(InputError, match="such as foo, bar are not NACE/OKVED, NAICS or SOC"):
        detect_scheme(pd.Series(["foo", "bar"]))


def test_unmatched_codes_are_reported_with_reasons() -> None:
    codes = pd.Series(["10.51", "C", "04.1", "x9", None, "62.01", "10.51"])
    result = assign_clusters(codes, scheme="nace")
    assert result.scheme == "nace"
    assert result.clusters.to_dict("list") == {
        "activity": ["10.51", "62.01"],
        "cluster": ["agro_food", "ict"],
        "source": ["default", "default"],
    }
    assert result.unmatched.to_dict("list") == {
        "activity": ["C", "04.1", "x9", None],
        "reason": ["subtotal", "unknown_code", "bad_format", "missing_code"],  # C holds 10.51
    }
    assert set(result.unmatched["reason"]) <= set(REASONS)


def test_overrides_win_exactly_then_by_longest_prefix() -> None:
    activities = pd.DataFrame({"activity": ["62.01", "62.02", "62.09", "10.51", "C"]})
    overrides = pd.DataFrame(
        {
            "activity": ["62", "62.02", "C", "77.11"],
            "cluster": ["software", "it_consulting", "manufacturing", "rental"],
        }
    )
    result = assign_clusters(activities, overrides=overrides)
    assert result.scheme == "nace"
    assert result.clusters.to_dict("list") == {
        "activity": ["62.01", "62.02", "62.09", "10.51", "C"],
        "cluster": ["software", "it_consulting", "software", "agro_food", "manufacturing"],
        "source": ["override", "override", "override", "default", "override"],
    }
    assert result.unmatched.empty
    assert result.unused_overrides.to_dict("list") == {"activity": ["77.11"], "cluster": ["rental"]}


def test_own_codes_need_only_the_users_table() -> None:
    activities = pd.Series(["software", "dairy", "tourism"])
    overrides = pd.DataFrame({"activity": ["software ", "dairy"], "cluster": ["ict", "agro_food"]})
    result = assign_clusters(activities, overrides=overrides)
    assert result.scheme is None
    assert list(result.clusters["cluster"]) == ["ict", "agro_food"]
    assert result.unmatched.to_dict("list") == {"activity": ["tourism"], "reason": ["not_in_table"]}
    with pytest.raises(InputError, match="not NACE/OKVED, NAICS or SOC codes"):
        assign_clusters(activities)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            pd.DataFrame({"code": ["10"], "cluster": ["a"]}),
            "my.csv, column 'activity': needs columns activity and cluster; found code, cluster",
        ),
        (
            pd.DataFrame({"activity": ["10", "11"], "cluster": ["a", " "]}),
            "my.csv, row 3, column 'cluster': empty cluster",
        ),
        (
            pd.DataFrame({"activity": ["10", "11", "10"], "cluster": ["a", "b", "c"]}),
            "my.csv, row 4, column 'cluster': activity 10 is given two clusters",
        ),
    ],
)
def test_malformed_cluster_tables_name_file_row_and_column(
    table: pd.DataFrame, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        assign_clusters(pd.Series(["10.11"]), overrides=table, overrides_source="my.csv")


def test_repeated_identical_override_rows_are_accepted() -> None:
    overrides = pd.DataFrame({"activity": ["10", "10"], "cluster": ["food", "food"]})
    result = assign_clusters(pd.Series(["10.11"]), overrides=overrides)
    assert list(result.clusters["cluster"]) == ["food"]


def test_demo_occupations_reproduce_the_demo_grouping() -> None:
    data = demo_dataset()
    result = assign_clusters(data.activities)
    assert result.scheme == "soc"
    assert len(result.clusters) == 829 and result.unmatched.empty
    merged = result.clusters.merge(data.clusters, on="activity", suffixes=("", "_demo"))
    assert len(merged) == 829
    assert (merged["cluster"] == merged["cluster_demo"]).all()
    assert merged["cluster"].nunique() == 22


def test_activities_table_names_categories() -> None:
    overrides = pd.DataFrame({"activity": ["62.02"], "cluster": ["it_consulting"]})
    table = assign_clusters(pd.Series(["62.01", "62.02"]), overrides=overrides).activities()
    assert table.to_dict("list") == {
        "activity": ["62.01", "62.02"],
        "cluster": ["ict", "it_consulting"],
        "cluster_en": ["Information and communication", "it_consulting"],
        "cluster_ru": ["Информация и связь", "it_consulting"],
    }
    assert cluster_names("ru")["Computer and Mathematical Occupations"] == (
        "Информатика и математика"
    )


# Column headers as Rosstat prints them in «Регионы России» (OKVED 2 sections, lower-case first
# letter, no letter code) and as Eurostat prints NACE Rev. 2 section labels; typed from the
# publications, not read from the shipped table.
ROSSTAT_SECTIONS = {
    "A": "сельское, лесное хозяйство, охота, рыболовство и рыбоводство",
    "B": "добыча полезных ископаемых",
    "C": "обрабатывающие производства",
    "D": "обеспечение электрической энергией, газом и паром; кондиционирование воздуха",
    "E": "водоснабжение; водоотведение, организация сбора и утилизации отходов, деятельность по "
    "ликвидации загрязнений",
    "F": "строительство",
    "G": "торговля оптовая и розничная; ремонт автотранспортных средств и мотоциклов",
    "H": "транспортировка и хранение",
    "I": "деятельность гостиниц и предприятий общественного питания",
    "J": "деятельность в области информации и связи",
    "K": "деятельность финансовая и страховая",
    "L": "деятельность по операциям с недвижимым имуществом",
    "M": "деятельность профессиональная, научная и техническая",
    "N": "деятельность административная и сопутствующие дополнительные услуги",
    "O": "государственное управление и обеспечение военной безопасности; социальное обеспечение",
    "P": "образование",
    "Q": "деятельность в области здравоохранения и социальных услуг",
    "R": "деятельность в области культуры, спорта, организации досуга и развлечений",
    "S": "предоставление прочих видов услуг",
    "T": "деятельность домашних хозяйств как работодателей; недифференцированная деятельность "
    "частных домашних хозяйств по производству товаров и оказанию услуг для собственного "
    "потребления",
    "U": "деятельность экстерриториальных организаций и органов",
}
EUROSTAT_SECTIONS = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C": "Manufacturing",
    "D": "Electricity, gas, steam and air conditioning supply",
    "E": "Water supply; sewerage, waste management and remediation activities",
    "F": "Construction",
    "G": "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    "H": "Transportation and storage",
    "I": "Accommodation and food service activities",
    "J": "Information and communication",
    "K": "Financial and insurance activities",
    "L": "Real estate activities",
    "M": "Professional, scientific and technical activities",
    "N": "Administrative and support service activities",
    "O": "Public administration and defence; compulsory social security",
    "P": "Education",
    "Q": "Human health and social work activities",
    "R": "Arts, entertainment and recreation",
    "S": "Other service activities",
    "T": "Activities of households as employers; undifferentiated goods- and services-producing "
    "activities of households for own use",
    "U": "Activities of extraterritorial organisations and bodies",
}


@pytest.mark.parametrize("titles", [ROSSTAT_SECTIONS, EUROSTAT_SECTIONS])
def test_every_section_title_as_published_maps_to_its_letter(titles: dict[str, str]) -> None:
    assert list(titles) == list("ABCDEFGHIJKLMNOPQRSTU")
    assert {letter: section_of_name(title) for letter, title in titles.items()} == {
        letter: letter for letter in titles
    }
    assert [section_of_name(title.upper()) for title in titles.values()] == list(titles)


@pytest.mark.parametrize(
    ("label", "letter"),
    [
        ("Раздел C Обрабатывающие производства", "C"),
        ("Раздел С Обрабатывающие производства", "C"),  # Cyrillic С, as typed in Russian
        ("РАЗДЕЛ C. ОБРАБАТЫВАЮЩИЕ ПРОИЗВОДСТВА", "C"),
        ("C Обрабатывающие производства", "C"),
        ("обрабатывающие производства1)", "C"),
        ("обрабатывающие производства 2)3)", "C"),
        ("Обрабатывающие производства*", "C"),
        ("обрабатывающие производства¹", "C"),
        ("  обрабатывающие   производства ", "C"),
        ("обрабатывающие\nпроизводства", "C"),
        ("обрабатываю\u00adщие производства", "C"),  # a soft hyphen left by a PDF export
        ("обеспечение электрической\nэнергией, газом и паром;\nкондиционирование воздуха", "D"),
        ("Раздел А Сельское, лесное хозяйство, охота, рыболовство и рыбоводство", "A"),
        ("C - Manufacturing", "C"),
        ("C – Manufacturing", "C"),
        ("C—Manufacturing", "C"),
        ("C. Manufacturing", "C"),
        ("C: Manufacturing", "C"),
        ("Section C Manufacturing", "C"),
        ("Manufacturing (C)", "C"),
        ("N - Administrative and support service activities", "N"),
        ("Section F Construction", "F"),
        ("E Water supply, sewerage, waste management and remediation activities", "E"),
        ("Public administration and defence, compulsory social security", "O"),
        # Older titles of a section of the same scope (OKVED 1 / NACE Rev. 1.1).
        ("Гостиницы и рестораны", "I"),
        ("Hotels and restaurants", "I"),
        ("Финансовая деятельность", "K"),
        (
            "Государственное управление и обеспечение военной безопасности; обязательное "
            "социальное обеспечение",
            "O",
        ),
        ("Здравоохранение и предоставление социальных услуг", "Q"),
        ("Activities of extraterritorial organizations and bodies", "U"),
    ],
)
def test_prefixed_footnoted_and_older_section_titles(label: str, letter: str) -> None:
    assert section_of_name(label) == letter


@pytest.mark.parametrize(
    "label",
    [
        "Всего",
        "Итого",
        "Total",
        "в том числе",
        "в том числе по видам экономической деятельности:",
        "прочие",
        "прочие виды деятельности",
        "Тверская область",
        "Российская Федерация",
        "Центральный федеральный округ",
        "C",  # a code, not a title: see recognise_activities
        "Раздел C",
        "",
        "B Construction",  # the letter contradicts the title
        "H Гостиницы и рестораны",  # OKVED 1 letter: an OKVED 1 table
        "сельское хозяйство, охота и лесное хозяйство",  # OKVED 1 A: without fishing
        "Рыболовство, рыбоводство",  # OKVED 1 B: part of OKVED 2 A
        "Производство и распределение электроэнергии, газа и воды",  # OKVED 1 E: D and part of E
        "Транспорт и связь",  # OKVED 1 I: H and J
        "Industry (except construction)",  # Eurostat's B-E aggregate
        "B-E Industry (except construction)",
        "Total - all NACE activities",
        "Manufacture of food products",  # a division
        "производство пищевых продуктов",
        "manufacturing of",
        "строительство и ремонт",
    ],
)
def test_anything_but_a_section_title_is_none(label: str) -> None:
    assert section_of_name(label) is None


def test_every_shipped_title_and_variant_maps_to_its_own_section() -> None:
    sections = classification_table("nace2_sections")
    for row in sections.itertuples():
        variants = row.variants.split("|") if row.variants else []
        for title in [row.name_en, row.name_ru, *variants]:
            assert section_of_name(title) == row.code, title


def test_recognise_activities_names_codes_and_the_rest() -> None:
    labels = pd.Series(
        [
            "обрабатывающие производства",
            "строительство1)",
            "Раздел A",
            "62.01",
            "10.11 2)",
            "C10.11",
            "Всего",
            "строительство1)",  # repeated labels are listed once
        ]
    )
    found = recognise_activities(labels)
    assert found.to_dict("list") == {
        "label": [
            "обрабатывающие производства",
            "строительство1)",
            "Раздел A",
            "62.01",
            "10.11 2)",
            "C10.11",
            "Всего",
        ],
        "activity": ["C", "F", "A", "62.01", "10.11", "C10.11", "Всего"],
        "scheme": ["nace"] * 6 + [None],
        "how": ["section_name", "section_name", "code", "code", "code", "code", "unrecognised"],
    }


def test_section_letters_typed_in_cyrillic_are_codes() -> None:
    found = recognise_activities(pd.Series(["А", "С", "Раздел Н", "F."]))
    assert found["activity"].tolist() == ["A", "C", "H", "F"]
    assert found["how"].tolist() == ["code"] * 4
    assert assign_clusters(found["activity"]).clusters["cluster"].tolist() == [
        "agro_food",
        "manufacturing",
        "transport_logistics",
        "construction",
    ]


def test_recognise_activities_leaves_the_scheme_open_when_codes_do_not_decide() -> None:
    found = recognise_activities(pd.Series(["11", "21", "Total", "software"]))
    assert found["scheme"].tolist() == [None] * 4
    assert found["how"].tolist() == ["code", "code", "unrecognised", "unrecognised"]
    soc = recognise_activities(pd.Series(["15-1252", "29-1141", "All occupations"]))
    assert soc["scheme"].tolist() == ["soc", "soc", None]


def test_a_rosstat_section_table_gives_every_section_a_category() -> None:
    # Rosstat's tables before 2017 data often list 15 sections (no T, U; some merged or left out).
    printed = [ROSSTAT_SECTIONS[letter] for letter in "ABCDEFGHIJKLMNO"]
    found = recognise_activities(pd.Series(["Всего", *printed]))
    sections = found[found["how"] == "section_name"]
    assert sections["activity"].tolist() == list("ABCDEFGHIJKLMNO")
    result = assign_clusters(sections["activity"])
    assert result.scheme == "nace" and result.level == "section"
    assert result.unmatched.empty
    clusters = result.clusters.set_index("activity")["cluster"].to_dict()
    assert clusters == {
        "A": "agro_food",
        "B": "extraction",
        "C": "manufacturing",
        "D": "energy_utilities",
        "E": "energy_utilities",
        "F": "construction",
        "G": "trade",
        "H": "transport_logistics",
        "I": "hospitality_tourism",
        "J": "ict",
        "K": "finance_insurance",
        "L": "real_estate",
        "M": "professional_services",
        "N": "business_support",
        "O": "public_administration",
    }
    report = result.report(sections.set_index("activity")["label"])
    assert report["status"].eq("assigned").all() and len(report) == 15
    assert report["reason"].eq("NACE/OKVED section grouping").all()
    assert report.set_index("activity").at["C", "label"] == "обрабатывающие производства"


def test_every_section_of_a_19_section_table_has_a_category() -> None:
    result = assign_clusters(pd.Series(list("ABCDEFGHIJKLMNOPQRS")))
    assert result.unmatched.empty and len(result.clusters) == 19 and result.level == "section"
    names = result.activities().set_index("activity")
    assert names.at["C", "cluster_en"] == "Manufacturing as a whole"
    assert names.at["C", "cluster_ru"] == "Обрабатывающие производства в целом"
    assert names.at["S", "cluster"] == "personal_services"


def test_a_section_category_agrees_with_its_divisions_where_they_agree() -> None:
    divisions = classification_table("nace2_divisions")
    sections = classification_table("nace2_sections").set_index("code")["cluster"]
    agreed = divisions.groupby("section")["cluster"].agg(
        lambda c: c.iloc[0] if c.nunique() == 1 else ""
    )
    assert sorted(agreed[agreed == ""].index) == ["C", "E", "N"]
    agreed = agreed[agreed != ""]
    assert (sections[agreed.index] == agreed).all()
    # E holds water (36-37) and waste (38-39); N holds travel agencies (79): the majority decides.
    assert sections[["C", "E", "N"]].tolist() == [
        "manufacturing",
        "energy_utilities",
        "business_support",
    ]


def test_a_dotted_code_table_still_assigns_by_division() -> None:
    result = assign_clusters(pd.Series(["01.1", "10.11", "C10.11", "62.01", "1.11"]))
    assert result.scheme == "nace" and result.level == "division"
    assert result.clusters["cluster"].tolist() == ["agro_food"] * 3 + ["ict", "agro_food"]
    assert result.report()["reason"].eq("NACE/OKVED division grouping").all()


def test_a_mixed_table_uses_sections_whole_and_reports_subtotals() -> None:
    result = assign_clusters(pd.Series(["C", "10.11", "20.1", "F", "N", "Всего"]))
    assert result.level == "mixed"
    assert result.clusters.set_index("activity")["cluster"].to_dict() == {
        "10.11": "agro_food",
        "20.1": "chemicals_pharma",
        "F": "construction",
        "N": "business_support",
    }
    report = result.report().set_index("activity")
    assert report.loc["F", "reason"] == "NACE/OKVED section grouping"
    assert report.loc["20.1", "reason"] == "NACE/OKVED division grouping"
    assert report.loc["C", ["status", "reason"]].tolist() == ["unassigned", REASONS["subtotal"]]
    assert report.loc["Всего", ["status", "reason"]].tolist() == [
        "unassigned",
        REASONS["bad_format"],
    ]


def test_report_lists_every_activity_and_unused_override() -> None:
    overrides = pd.DataFrame({"activity": ["62", "77.11"], "cluster": ["software", "rental"]})
    result = assign_clusters(pd.Series(["62.01", "10.51", "04.1", "F"]), overrides=overrides)
    report = result.report({"F": "строительство"})
    assert report.to_dict("list") == {
        "activity": ["62.01", "10.51", "F", "04.1", "77.11"],
        "label": [
            "Computer programming, consultancy and related activities",
            "Manufacture of food products",
            "строительство",
            "04.1",
            "Rental and leasing activities",
        ],
        "cluster": ["software", "agro_food", "construction", None, "rental"],
        "status": ["assigned", "assigned", "assigned", "unassigned", "unused"],
        "reason": [
            "uploaded cluster table",
            "NACE/OKVED division grouping",
            "NACE/OKVED section grouping",
            REASONS["unknown_code"],
            "the cluster table names an activity the table lacks",
        ],
    }


def test_levels_of_other_classifications() -> None:
    assert assign_clusters(pd.Series(["311", "5112"])).level == "subsector"
    assert assign_clusters(pd.Series(["42", "44-45"]), scheme="naics").level == "sector"
    assert assign_clusters(pd.Series(["42", "311"]), scheme="naics").level == "mixed"
    assert assign_clusters(pd.Series(["15-1252"])).level == "major_group"
    own = assign_clusters(
        pd.Series(["software"]),
        overrides=pd.DataFrame({"activity": ["software"], "cluster": ["x"]}),
    )
    assert own.level is None
    assert own.report().to_dict("list") == {
        "activity": ["software"],
        "label": ["software"],
        "cluster": ["x"],
        "status": ["assigned"],
        "reason": ["uploaded cluster table"],
    }


def test_activity_names_for_legends() -> None:
    codes = pd.Series(["B", "10.11", "C10.11", "x"], index=[3, 4, 5, 6])
    english = activity_names(codes, "en")
    assert list(english.index) == [3, 4, 5, 6] and english.name == "name"
    assert english.tolist()[:3] == [
        "Mining and quarrying",
        "Manufacture of food products",
        "Manufacture of food products",
    ]
    assert pd.isna(english[6])
    assert activity_names(pd.Series(["C", "62"]), "ru").tolist() == [
        "Обрабатывающие производства",
        "Разработка компьютерного программного обеспечения, консультационные услуги в данной "
        "области и другие сопутствующие услуги",
    ]
    naics = activity_names(pd.Series(["311", "5112", "31-33", "44"]), "en")
    assert naics.tolist() == [
        "Food Manufacturing",
        "Publishing Industries (except Internet)",
        "Manufacturing",
        "Retail Trade",
    ]
    soc = pd.Series(["15-1252", "15-0000"])
    assert activity_names(soc, "en").tolist() == [
        "Software Developers",
        "Computer and Mathematical Occupations",
    ]
    assert activity_names(soc, "ru").tolist()[1] == "Информатика и математика"
    assert activity_names(pd.Series(["foo"]), "en").isna().all()
    with pytest.raises(ValueError, match="unknown language 'de'"):
        activity_names(codes, "de")


def test_junk_labels_do_not_vote_for_nace() -> None:
    assert detect_scheme(pd.Series(["C", "F", "Total"])) == "nace"
    with pytest.raises(InputError, match="equally well"):
        detect_scheme(pd.Series(["11", "21", "Total"]))  # `Total` starts with T, not a section

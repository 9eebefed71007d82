"""Rosstat tables as «Регионы России» prints them, against the shipped Russia boundaries (English
names, ISO codes): every subject matched with nothing to confirm, the country, districts and
inclusive oblasts set aside, figures in persons, every section kept."""

from __future__ import annotations

import pandas as pd
import pytest

from intake.pipeline import Options, Sources, matched_dataset
from tests.fixtures import rosstat

RUSSIA = rosstat.BOUNDARIES


@pytest.fixture(
    scope="module",
    params=[("xlsx", "thousands"), ("csv", "thousands"), ("csv", "persons"), ("xlsx", "persons")],
    ids=lambda p: "-".join(p),
)
def intake(request, tmp_path_factory):
    kind, units = request.param
    folder = tmp_path_factory.mktemp(f"{kind}-{units}")
    table = (rosstat.write_xlsx if kind == "xlsx" else rosstat.write_csv)(folder, units=units)
    return matched_dataset(Sources(employment=table, boundaries=RUSSIA))


def by_status(intake) -> dict[str, list[str]]:
    rows = intake.matching[intake.matching["code"] != ""]
    return rows.groupby("status")["code"].agg(sorted).to_dict()


def test_every_boundary_subject_is_matched_without_a_suggestion(intake):
    statuses = intake.matching["status"].value_counts().to_dict()
    assert statuses["matched"] == 83
    assert "suggested" not in statuses and "ambiguous" not in statuses
    assert "unmatched" not in statuses and "no_data" not in statuses
    matched = intake.matching[intake.matching["status"] == "matched"]
    assert sorted(matched["region"]) == sorted(intake.regions["region"])


def test_country_districts_and_inclusive_oblasts_are_aggregates(intake):
    aggregates = set(by_status(intake)["aggregate"])
    assert aggregates == {
        "Российская Федерация",
        "Центральный федеральный округ",
        "Северо-Западный федеральный округ",
        "Южный федеральный округ",
        "Северо-Кавказский федеральный округ",
        "Приволжский федеральный округ",
        "Уральский федеральный округ",
        "Сибирский федеральный округ",
        "Дальневосточный федеральный округ",
        "Архангельская область",
        "Тюменская область",
    }
    rules = intake.matching.set_index("code")["rule"]
    assert rules[sorted(aggregates)].str.contains("equals the sum").all(), rules[sorted(aggregates)]
    assert by_status(intake)["not_in_boundaries"] == ["Республика Крым", "г. Севастополь"]


def test_figures_are_persons_and_nested_subjects_keep_their_own_rows(intake):
    expected = rosstat.subject_values()
    data = intake.data
    values = data.employment.set_index(["region", "activity"])["employment"]
    letters = sorted(data.employment["activity"].unique())
    assert letters == sorted(letter for letter, _ in rosstat.SECTIONS)
    for region, row in (("RU-TYU", "RU-TYU-X"), ("RU-KHM", "RU-KHM"), ("RU-ARK", "RU-ARK-X")):
        got = values[region].reindex(expected.columns)
        pd.testing.assert_series_equal(
            got, expected.loc[row].astype(float), check_names=False, check_exact=True
        )
    assert data.region_totals["RU-MOW"] == expected.loc["RU-MOW"].sum()
    assert data.meta["units"] in ("thousands", "persons")


def test_every_section_has_a_category(intake):
    activities = intake.data.activities
    assert len(activities) == len(rosstat.SECTIONS)
    assert activities.set_index("activity").at["C", "cluster"] == "manufacturing"
    assert (intake.activities["status"] == "assigned").all()


def test_the_country_row_is_the_reference_economy(intake):
    data = intake.data
    assert data.meta["reference_row"] == "Российская Федерация"
    country = rosstat.expected_rows().set_index("id").loc["RU"]
    assert data.reference_total == pytest.approx(country["total"])


def test_units_override_is_applied(tmp_path):
    table = rosstat.write_csv(tmp_path, units="thousands")
    plain = matched_dataset(Sources(employment=table, boundaries=RUSSIA))
    forced = matched_dataset(Sources(employment=table, boundaries=RUSSIA), Options(units="persons"))
    ratio = plain.data.employment["employment"].sum() / forced.data.employment["employment"].sum()
    assert ratio == pytest.approx(1000)


def test_the_fixture_is_laid_out_as_published(tmp_path):
    from openpyxl import load_workbook

    sheet = load_workbook(rosstat.write_xlsx(tmp_path)).active
    merged = sorted(str(r) for r in sheet.merged_cells.ranges)
    assert merged == ["A1:U1", "A3:A4", "B3:B4", "C3:U3"]
    text = rosstat.write_csv(tmp_path).read_bytes().decode("cp1251")
    assert "\r\n" in text and ";Всего;" in text and "…" in text
    rows = rosstat.expected_rows().set_index("id")
    assert rows.at["RU-TYU", "total"] == sum(
        rows.at[part, "total"] for part in ("RU-KHM", "RU-YAN", "RU-TYU-X")
    )


def test_a_table_of_two_years_measures_each_year_against_its_own_country_row(tmp_path):
    """Country row and `Всего` per year: the reference total is per year, and a map of one
    year (`cli.py maps --year`) keeps its LQs."""
    from cli import map_inputs, one_year, parser
    from econ.stars import region_cluster

    regions = {"Российская Федерация": 1.0, "Тверская область": 0.3, "Тульская область": 0.7}
    lines = ["регион;оквэд;год;занятость"]
    for year, scale in ((2022, 1), (2023, 2)):
        for region, share in regions.items():
            c, f = 40 * share * scale, 60 * share * scale
            if region == "Тверская область":
                c, f = 20 * scale, 10 * scale
            if region == "Тульская область":
                c, f = 20 * scale, 50 * scale
            lines += [f"{region};C;{year};{c:g}", f"{region};F;{year};{f:g}"]
            lines.append(f"{region};Всего;{year};{(c + f) * 2:g}")
    path = tmp_path / "years.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    intake = matched_dataset(Sources(employment=path, boundaries=RUSSIA))
    assert intake.data.meta["reference_row"] == "Российская Федерация"
    assert intake.data.reference_total.to_dict() == {2022: 200.0, 2023: 400.0}
    args = parser().parse_args(
        [
            "maps",
            "--boundaries",
            str(RUSSIA),
            "--employment",
            str(path),
            "--year",
            "2022",
            "--out",
            str(tmp_path),
        ]
    )
    _, data = map_inputs(args)
    data = one_year(data, args.year)  # as `maps` and `links` cut it
    lq = region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    ).set_index(["region", "cluster"])["lq"]
    # Tver 2022: C is 20 of its 60 total; Russia's C is 40 of 200
    assert lq[("RU-TVE", "C")] == pytest.approx((20 / 60) / (40 / 200))

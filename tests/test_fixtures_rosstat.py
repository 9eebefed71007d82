"""The Rosstat-layout fixture itself: laid out as published (merged header, cp1251 `;` CSV with
decimal commas, marks, footnotes), rows in Rosstat's order, and every aggregate an exact sum."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.fixtures import rosstat

DISTRICT_SIZES = {
    "RU-FD-CEN": 18,
    "RU-FD-NW": 11,
    "RU-FD-SOU": 8,
    "RU-FD-NC": 7,
    "RU-FD-VOL": 14,
    "RU-FD-URA": 6,
    "RU-FD-SIB": 10,
    "RU-FD-FE": 11,
}


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return rosstat.expected_rows()


def _filled(rows: pd.DataFrame) -> pd.DataFrame:
    """Numbered rows with each withheld cell recovered from `Всего` (one per row at most)."""
    numbered = rows[rows["level"] != "label"].set_index("id")
    sections = numbered[rosstat.LETTERS]
    assert (sections.isna().sum(axis=1) <= 1).all()
    rest = numbered["total"] - sections.sum(axis=1)
    return sections.apply(lambda column: column.fillna(rest)).assign(total=numbered["total"])


def _leaf_rows(block: pd.DataFrame) -> pd.DataFrame:
    """The rows of a printed block that carry their own numbers: an oblast followed by
    `в том числе:` is inclusive and left out, its parts are kept."""
    inclusive = block["level"].shift(-1).eq("label")
    return block[~inclusive & block["level"].isin(["subject", "remainder"])]


def _blocks(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each federal district's printed block: the rows after it up to the next district."""
    starts = rows.index[rows["level"] == "federal_district"].tolist() + [len(rows)]
    pairs = zip(starts, starts[1:], strict=False)
    return {rows.at[start, "id"]: rows.iloc[start + 1 : end] for start, end in pairs}


def test_subject_values_are_the_leaf_territories_in_hundreds():
    values = rosstat.subject_values()
    boundaries = json.loads(rosstat.BOUNDARIES.read_text())
    shapes = {f["properties"]["shapeISO"] for f in boundaries["features"]}
    expected = shapes - {"RU-ARK", "RU-TYU"} | {"RU-ARK-X", "RU-TYU-X", "RU-CR", "RU-SEV"}
    assert set(values.index) == expected and len(values) == 85
    assert values.columns.tolist() == [letter for letter, _ in rosstat.SECTIONS]
    assert len(rosstat.SECTIONS) == 19
    withheld = values.isna().stack()
    assert set(withheld[withheld].index) == {
        ("RU-NEN", "K"),
        ("RU-CHU", "K"),
        ("RU-AL", "D"),
        ("RU-SEV", "B"),
    }
    zeros = values.eq(0).stack()
    assert set(zeros[zeros].index) == {
        ("RU-MOW", "B"),
        ("RU-SPE", "B"),
        ("RU-SEV", "A"),
        ("RU-IN", "B"),
    }
    assert (values.stack() % 100 == 0).all()
    pd.testing.assert_frame_equal(values, rosstat.subject_values(12))


def test_rows_in_rosstat_order(rows):
    names = rows["name"].tolist()
    assert names[0] == "Российская Федерация1)"
    assert names[1] == "Центральный федеральный округ"
    arkhangelsk = names.index("Архангельская область")
    assert names[arkhangelsk : arkhangelsk + 4] == [
        "Архангельская область",
        "в том числе:",
        "Ненецкий автономный округ",
        "Архангельская область без автономного округа",
    ]
    tyumen = names.index("Тюменская область")
    assert names[tyumen : tyumen + 5] == [
        "Тюменская область",
        "в том числе:",
        "Ханты-Мансийский автономный округ – Югра",
        "Ямало-Ненецкий автономный округ",
        "Тюменская область без автономных округов",
    ]
    south = _blocks(rows)["RU-FD-SOU"]["name"].tolist()
    assert south == [
        "Республика Адыгея (Адыгея)",
        "Республика Калмыкия",
        "Республика Крым2)",
        "Краснодарский край",
        "Астраханская область",
        "Волгоградская область",
        "Ростовская область",
        "г. Севастополь",
    ]
    assert {"Чувашская Республика", "Кемеровская область – Кузбасс"} <= set(names)
    assert rows["level"].value_counts().to_dict() == {
        "subject": 85,  # 83 with numbers of their own + the 2 inclusive oblasts
        "federal_district": 8,
        "label": 2,
        "remainder": 2,
        "country": 1,
    }


def test_country_is_the_sum_of_the_85_leaves(rows):
    filled = _filled(rows)
    leaves = _leaf_rows(rows)
    assert len(leaves) == 85 and "RU-ARK" not in set(leaves["id"])
    got = filled.loc[leaves["id"]].sum()
    assert got.to_dict() == filled.loc["RU"].to_dict()
    assert (filled.drop(columns="total").sum(axis=1) == filled["total"]).all()


def test_each_district_is_the_sum_of_its_printed_subjects(rows):
    filled = _filled(rows)
    blocks = _blocks(rows)
    assert {d: len(_leaf_rows(b)) for d, b in blocks.items()} == DISTRICT_SIZES
    for district, block in blocks.items():
        got = filled.loc[_leaf_rows(block)["id"]].sum()
        assert got.to_dict() == filled.loc[district].to_dict(), district


def test_inclusive_oblasts_are_their_parts(rows):
    filled = _filled(rows)
    arkhangelsk = filled.loc[["RU-NEN", "RU-ARK-X"]].sum()
    assert arkhangelsk.to_dict() == filled.loc["RU-ARK"].to_dict()
    tyumen = filled.loc[["RU-KHM", "RU-YAN", "RU-TYU-X"]].sum()
    assert tyumen.to_dict() == filled.loc["RU-TYU"].to_dict()


def test_tyumen_by_hand(rows):
    numbered = rows.set_index("id")
    # Всего: 2 238 000 (KhMAO) + 2 096 400 (YaNAO) + 2 340 800 (south) = 6 675 200
    assert numbered.loc[["RU-KHM", "RU-YAN", "RU-TYU-X"], "total"].tolist() == [
        2_238_000,
        2_096_400,
        2_340_800,
    ]
    assert numbered.at["RU-TYU", "total"] == 6_675_200
    # mining: 226 800 + 194 400 + 302 400 = 723 600
    assert numbered.at["RU-TYU", "B"] == 723_600
    assert numbered.at["RU", "total"] == 108_573_400


def test_xlsx_is_laid_out_as_published(tmp_path):
    sheet = load_workbook(rosstat.write_xlsx(tmp_path)).active
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == [
        "A1:U1",
        "A3:A4",
        "B3:B4",
        "C3:U3",
    ]
    assert sheet["A1"].value == rosstat.TITLE
    assert (sheet["U2"].value, sheet["U2"].alignment.horizontal) == ("(тысяч человек)", "right")
    assert (sheet["B3"].value, sheet["C3"].value) == ("Всего", rosstat.GROUP)
    assert sheet["C4"].value == "сельское, лесное хозяйство, охота, рыболовство и рыбоводство"
    assert (sheet["A5"].value, sheet["B5"].value) == ("Российская Федерация1)", 108573.4)
    assert sheet["B5"].number_format == "0.0"
    assert sheet.cell(row=sheet.max_row, column=1).value.startswith("2) ")
    persons = load_workbook(rosstat.write_xlsx(tmp_path, units="persons")).active
    assert (persons["U2"].value, persons["B5"].value) == ("(человек)", 108573400)


@pytest.mark.parametrize("units", ["thousands", "persons"])
def test_xlsx_cells_are_the_expected_rows(tmp_path, rows, units):
    sheet = load_workbook(rosstat.write_xlsx(tmp_path, units=units)).active
    body = [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)][: len(rows)]
    scale = 1000 if units == "thousands" else 1
    for cells, (_, row) in zip(body, rows.iterrows(), strict=True):
        assert cells[0] == row["name"]
        if row["level"] == "label":
            assert cells[1:] == [None] * (len(cells) - 1)
            continue
        wanted = [row["total"], *row[rosstat.LETTERS]]
        printed = [
            "…" if np.isnan(v) else "-" if v == 0 else pytest.approx(v / scale) for v in wanted
        ]
        assert cells[1:] == printed, row["name"]


def test_csv_is_cp1251_with_semicolons_decimal_commas_and_marks(tmp_path):
    data = rosstat.write_csv(tmp_path).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    lines = data.decode("cp1251").split("\r\n")
    assert lines[-1] == "" and "\n" not in "".join(lines)
    assert lines[0].startswith(rosstat.TITLE + ";")
    assert lines[1].endswith(";(тысяч человек)")
    assert lines[2].startswith(";Всего;в том числе по видам экономической деятельности:;;")
    assert lines[3].startswith(";;сельское, лесное хозяйство")
    assert lines[4].startswith("Российская Федерация1);108\u00a0573,4;1\u00a0451,5;7\u00a0983,9;")
    nenets = next(line for line in lines if line.startswith("Ненецкий автономный округ;"))
    assert nenets.split(";")[1:3] == ["150,9", "3,0"] and "…" in nenets
    moscow = next(line for line in lines if line.startswith("г. Москва;"))
    assert moscow.split(";")[3] == "-"  # B: none
    assert lines[-3].startswith("1) Без учета") and lines[-2].startswith("2) ")


def test_csv_in_persons_and_in_utf8(tmp_path):
    text = rosstat.write_csv(tmp_path, units="persons").read_bytes().decode("cp1251")
    assert "\r\n;;;;;;;;;;;;;;;;;;;;(человек)\r\n" in text
    assert "\r\nРоссийская Федерация1);108 573 400;1 451 500;7 983 900;" in text
    utf8 = rosstat.write_csv(tmp_path, encoding="utf-8-sig").read_bytes()
    assert utf8.startswith(b"\xef\xbb\xbf") and "Тюменская область;6\u00a0675,2;" in utf8.decode(
        "utf-8-sig"
    )

"""Employment tables in the shapes users have them: numbers, encodings, layouts and bad cells."""

from __future__ import annotations

import contextlib
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from econ.errors import InputError
from econ.tables import parse_numbers, read_clusters, read_employment, read_table

FIXTURE = [HealthCheck.function_scoped_fixture]  # tmp_path is reused; each example rewrites it


def test_number_formats_and_marks():
    texts = pd.Series(["1 234,5", "1\u00a0234,5", "-", "н/д", "…", "x", "", "0,25", "-5", "abc"])
    parsed = parse_numbers(texts)
    assert parsed.values.tolist()[:2] == [1234.5, 1234.5]
    assert parsed.values[7] == 0.25 and parsed.values[8] == -5.0
    assert parsed.values[[2, 3, 4, 5, 6, 9]].isna().all()  # marks and text are missing, not 0
    assert parsed.marks.dropna().tolist() == ["-", "н/д", "…", "x", ""]
    assert parsed.problems.dropna().tolist() == ["negative value", "text in a number column"]


def test_english_thousands_commas():
    assert parse_numbers(pd.Series(["1,234", "2,345,678.5"])).values.tolist() == [1234, 2345678.5]


@given(st.lists(st.text(max_size=12), max_size=30))
def test_number_parser_never_raises(texts):
    parsed = parse_numbers(pd.Series(texts, dtype=object))
    assert len(parsed.values) == len(texts)
    assert (parsed.values.notna() | parsed.marks.notna() | parsed.problems.notna()).all()


def test_russian_round_trip(tmp_path):
    table = pd.DataFrame(
        {
            "регион": ["Москва", "Тверская область", "Карелия"] * 2,
            "оквэд": ["62.01"] * 3 + ["10.11"] * 3,
            "занятость": [1234567.5, 0.25, 98765.0, 12.0, 3456.75, 0.0],
        }
    )
    path = tmp_path / "rosstat.csv"
    table.to_csv(path, sep=";", decimal=",", encoding="cp1251", index=False)
    tidy, report = read_employment(path)
    assert (report.encoding, report.delimiter, report.layout) == ("cp1251", ";", "long")
    assert tidy["region"].tolist() == table["регион"].tolist()
    assert tidy["employment"].tolist() == table["занятость"].tolist()


def test_space_thousands_in_cp1251_with_title_rows(tmp_path):
    text = (
        "Численность занятых, человек\n\n"
        "Регион;Всего;C;G\nМосква;7 000 000;1 234 567,5;…\nТверь;600 000;-;12 345\n"
    )
    path = tmp_path / "wide.csv"
    path.write_bytes(text.replace("0 ", "0\u00a0").encode("cp1251"))  # NBSP is 0xA0
    tidy, report = read_employment(path)
    assert report.layout == "wide" and report.header_row == 3
    assert report.total_column == "Всего" and report.totals.to_dict() == {
        "Москва": 7_000_000.0,
        "Тверь": 600_000.0,
    }
    assert (report.units, report.marks) == ("persons", "rosstat")
    values = tidy.set_index(["region", "activity"])["employment"]
    assert values[("Москва", "C")] == 1234567.5 and values[("Тверь", "G")] == 12345.0
    assert values[("Тверь", "C")] == 0.0 and report.zeros == {"-": 1}
    assert values.isna().sum() == 1 and report.missing == {"…": 1}
    generic, report = read_employment(path, marks="generic")
    assert generic["employment"].isna().sum() == 2 and report.missing == {"…": 1, "-": 1}


def test_utf8_bom_and_tabs(tmp_path):
    path = tmp_path / "tab.tsv"
    path.write_bytes("\ufeffregion\tactivity\temployment\n01\t15-1252\t1200\n".encode())
    tidy, report = read_employment(path)
    assert report.encoding == "UTF-8 with BOM" and report.delimiter == "\t"
    assert tidy.values.tolist() == [["01", "15-1252", 1200.0]]


def test_text_in_numbers_names_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("region,activity,employment\n01,A,10\n02,A,ten\n03,A,-4\n")
    with pytest.raises(
        InputError,
        match=r"bad\.csv, row 3, column 'employment': text in a "
        r"number column 'ten' \(1 more listed",
    ):
        read_employment(path)
    tidy, report = read_employment(path, bad_values="missing")
    assert report.problems[["row", "problem"]].values.tolist() == [
        [3, "text in a number column"],
        [4, "negative value"],
    ]
    assert tidy["employment"].tolist()[0] == 10 and tidy["employment"][1:].isna().all()


def test_duplicate_region_codes(tmp_path):
    path = tmp_path / "dups.csv"
    path.write_text("region;A;B\n01;1;2\n02;3;4\n01;5;6\n")
    with pytest.raises(
        InputError,
        match=r"dups\.csv, row 2, column 'region': region '01' "
        r"appears more than once .*rows 2, 4",
    ):
        read_employment(path)


def test_xlsx_with_merged_header_rows(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Employment by industry, 2023"
    sheet.merge_cells("A1:D1")
    sheet["B2"] = "Industries"
    sheet.merge_cells("B2:D2")
    sheet.append(["Region", "C", "F", "G"])
    sheet.append(["Kazan", 100, 20.5, "x"])
    sheet.append(["Tver", 7, 0, 3])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    tidy, report = read_employment(path)
    assert report.header_row == 3 and report.layout == "wide"
    values = tidy.set_index(["region", "activity"])["employment"]
    assert values[("Kazan", "F")] == 20.5 and np.isnan(values[("Kazan", "G")])
    assert values.sum() == 100 + 20.5 + 7 + 0 + 3


def test_long_with_years(tmp_path):
    path = tmp_path / "years.csv"
    path.write_text("year,region,activity,employment\n2022,01,A,5\n2023,01,A,6\n")
    tidy, _ = read_employment(path)
    assert tidy["year"].tolist() == [2022, 2023] and tidy["employment"].tolist() == [5, 6]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"region\n", "no data rows"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Excel .xls"),
        (b"PK\x03\x04broken", "not a readable XLSX"),
    ],
)
def test_empty_and_broken_files(tmp_path, content, message):
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_employment(path)


def test_cluster_table(tmp_path):
    path = tmp_path / "clusters.csv"
    path.write_text("activity,cluster\n62,ICT\n63,ICT\n62,ICT\n")
    assert read_clusters(path).values.tolist() == [["62", "ICT"], ["63", "ICT"]]
    path.write_text("activity,cluster\n62,ICT\n62,Finance\n")
    with pytest.raises(InputError, match="'62' is given two different clusters"):
        read_clusters(path)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_input_error(tmp_path, data):
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    with contextlib.suppress(InputError):
        read_employment(path)


cells = st.one_of(
    st.text(alphabet=string.printable + "…—н/д ,;", max_size=8),
    st.integers(-10, 10**6).map(str),
    st.sampled_from(["", "-", "x", "1 234,5"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(
    st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "cp1251", "utf-8-sig"]),
)
def test_random_tables_raise_only_input_error(tmp_path, rows, delimiter, encoding):
    path = tmp_path / "random.csv"
    text = "\n".join(delimiter.join(row) for row in rows)
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        tidy, _ = read_employment(path)
    except InputError:
        return
    assert list(tidy.columns[:3]) == ["region", "activity", "employment"]
    assert read_table(path).frame.shape[0] >= 1


def test_a_count_beyond_any_population_is_a_problem_not_an_overflow(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("region,activity,employment\n01,A,10\n02,A,1e308\n")
    with pytest.raises(InputError, match=r"row 3, column 'employment': more people than live on"):
        read_employment(path)
    tidy, report = read_employment(path, bad_values="missing")
    assert tidy["employment"].tolist()[0] == 10 and np.isnan(tidy["employment"].tolist()[1])

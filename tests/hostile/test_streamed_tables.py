"""Big CSVs are read in chunks into categorical columns: the same table and report as the
in-memory reader (layout, label and footnote rows, marks, row numbers), refused at once when
the memory budget cannot hold them, and every error an `InputError` naming file and row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import econ.tables as tables
from econ.errors import InputError
from econ.tables import read_table, tidy_employment


@pytest.fixture
def streamed(monkeypatch):
    """Every CSV streamed, seven rows a chunk (the threshold and chunk size set small)."""
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)


def rosstat_like(path: Path, rows: int) -> Path:
    """A `;`-separated table as Rosstat publishes it: title and units rows, a label row among
    the data, a withheld mark, decimal commas, a blank line and a footnote after the data."""
    lines = [
        "Среднегодовая численность занятых по видам деятельности;;",
        "(тысяч человек);;",
        "Регион;ОКВЭД;Численность",
    ]
    for i in range(rows):
        lines.append(f"Регион {i % 97};{'ABC'[i % 3]}{i // 291};{(i % 50) * 1.5:.1f}")
        if i == 5:
            lines.append("в том числе:;;")
        if i == 7:
            lines.append("Регион 5;X;…")
    lines += ["", "1) Данные по оценке;;"]
    path.write_text("\n".join(lines).replace(".", ",") + "\n", encoding="utf-8")
    return path


def both(path: Path, monkeypatch, **options) -> tuple:
    """The tidy table and report of `path` read whole, then streamed in chunks of 7 rows."""
    whole = read_table(path)
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)
    streamed = read_table(path)
    assert isinstance(streamed.frame.dtypes.iloc[0], pd.CategoricalDtype)
    assert streamed.layout.rows == whole.layout.rows
    assert streamed.rows.tolist() == whole.rows.tolist()
    return tidy_employment(whole, **options), tidy_employment(streamed, **options)


def test_a_streamed_table_reads_as_the_whole_file_does(tmp_path, monkeypatch):
    path = rosstat_like(tmp_path / "rosstat.csv", 2_000)
    (tidy, report), (tidy_streamed, report_streamed) = both(path, monkeypatch)
    pd.testing.assert_frame_equal(tidy_streamed, tidy)
    pd.testing.assert_frame_equal(report_streamed.structure, report.structure)
    assert report_streamed.summary().equals(report.summary())
    assert len(tidy) == 2_001 and report.units == "thousands" and report.marks == "rosstat"
    assert tidy["employment"].iloc[3] == 4_500.0  # 4,5 thousand
    assert report.missing == {"…": 1}
    assert report.structure["row"].tolist() == [1, 2, 10, 2_007]
    assert report.structure["problem"].tolist()[2:] == [
        "label row, not data; left out",
        "footnote row, not data; left out",
    ]


def test_a_bad_value_in_a_late_chunk_is_named_by_its_file_row(tmp_path, streamed):
    lines = ["region,activity,employment"] + [f"r{i},a,{i}" for i in range(40)]
    lines[33] = "r32,a,12 people"
    path = tmp_path / "late.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as error:
        tidy_employment(read_table(path))
    assert str(error.value) == (
        "late.csv, row 34, column 'employment': text in a number column '12 people'; correct the "
        "cell or choose to treat bad values as missing"
    )


def test_a_table_over_the_memory_budget_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_MEMORY_MB", "1")
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    path = tmp_path / "big.csv"
    path.write_text("region,activity,employment\n" + "r1,a,1\n" * 10_000)
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == (
        "big.csv: the memory needed for the table's 30,003 cells at about 80 bytes each (2.3 MB) "
        "is over the limit of 1 MB; split the table (one year or one group of activities per "
        "file) or keep only the data (or raise the limit with the environment variable "
        "ATLAS_MEMORY_MB)"
    )


def test_a_cp1251_line_after_utf8_ones_is_named_by_row(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "STREAM_BYTES", 0)
    path = tmp_path / "mixed.csv"
    body = "регион,занятость\n" + "Москва,2\n" * 80_000  # 1.2 MB: past the first lines read
    path.write_bytes(body.encode() + "Тверь,1\n".encode("cp1251"))
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == (
        "mixed.csv, row 80002: the file mixes text encodings: its first lines are utf-8 but line "
        "80002 is not; save the whole table again as UTF-8 CSV"
    )


def test_utf8_lines_after_cp1251_ones_are_named_before_the_file_is_parsed(tmp_path, streamed):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        ("регион;занятость\n" + "Тверь;1\n" * 30).encode("cp1251") + "Москва;2\n".encode()
    )
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == (
        "mixed.csv, row 1: the file mixes text encodings: line 32 is UTF-8 but line 1 is not "
        "(cp1251 or another encoding); save the whole table again as UTF-8 CSV"
    )


def test_a_row_with_more_fields_than_the_header_is_named(tmp_path, streamed):
    lines = ["region,activity,employment"] + [f"r{i},a,{i}" for i in range(300)]
    lines[250] = "r249,a,1,2,3"  # below the first 200 lines, where the width is judged
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == (
        "ragged.csv, row 251: the CSV cannot be parsed (Error tokenizing data. C error: Expected "
        "3 fields in line 251, saw 5); check the quotes and the number of fields on this row"
    )


NAMES = st.one_of(st.text(alphabet="аб xyz-1…", max_size=6), st.just("в том числе:"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.tuples(NAMES, NAMES, st.sampled_from(["1", " 2,5", "-", "…", "x", "", "7"])),
        min_size=1,
        max_size=40,
    ),  # fmt: skip
    chunk=st.integers(min_value=1, max_value=9),
)
def test_any_small_table_streams_as_it_reads_whole(tmp_path_factory, monkeypatch, cells, chunk):
    path = tmp_path_factory.mktemp("stream") / "t.csv"
    text = "region;activity;employment\n" + "".join(f"{r};{a};{v}\n" for r, a, v in cells)
    path.write_text(text, encoding="utf-8")

    def outcome() -> tuple:
        try:
            raw = read_table(path)
            tidy, report = tidy_employment(raw, bad_values="missing")
        except InputError as error:
            return ("error", str(error))
        return (
            "read",
            raw.rows.tolist(),
            [(r.position, r.kind, r.text) for r in raw.layout.rows],
            tidy.astype(str).to_dict("list"),
            report.problems.astype(str).to_dict("list"),
            report.missing,
        )

    with monkeypatch.context() as patch:
        whole = outcome()
        patch.setattr(tables, "STREAM_BYTES", 0)
        patch.setattr(tables, "CHUNK_ROWS", chunk)
        assert outcome() == whole


def test_a_header_without_rows_is_named(tmp_path, streamed):
    path = tmp_path / "header.csv"
    path.write_text("region")
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == "header.csv: the table has no data rows below its header"

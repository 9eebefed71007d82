"""Hostile and huge CSV tables: refused before parsing with the figure, the limit and the
variable that changes it, or read exactly; every reader error an `InputError` with file and row."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ.errors import InputError
from econ.limits import TABLE_MB
from econ.tables import read_table

ROOT = Path(__file__).resolve().parents[2]


def written(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_MAX_TABLE_MB", "1")
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:  # 2 MB without writing them: a sparse file
        handle.truncate(2 * 1024**2)
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == (
        "big.csv: the table file (2.0 MB) is over the limit of 1 MB; split the table (one year "
        "or one group of activities per file) or keep only the data; firm records of any size go "
        "through `cli.py firms`, which reads them in chunks (or raise the limit with the "
        "environment variable ATLAS_MAX_TABLE_MB)"
    )


def test_fifty_thousand_columns_are_refused_by_the_width_limit(tmp_path):
    header = "region," + ",".join(f"a{i}" for i in range(50_000))
    path = written(tmp_path, header + "\n" + "r," + ",".join("1" * 50_000) + "\n", "wide.csv")
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == (
        "wide.csv: the table's width (50,001 columns) is over the limit of 16,384 columns; split "
        "the table (one year or one group of activities per file) or keep only the data (or "
        "raise the limit with the environment variable ATLAS_MAX_COLUMNS)"
    )


def test_a_wide_table_whose_lines_pass_the_field_limit_still_reads(tmp_path):
    # 12,000 columns: each line is longer than the CSV field limit under a wrong delimiter
    header = "region," + ",".join(f"activity{i}" for i in range(12_000))
    path = written(tmp_path, header + "\n" + "r," + ",".join(["12"] * 12_000) + "\n")
    assert read_table(path).frame.shape == (1, 12_001)


def test_a_field_over_the_field_limit_names_the_row_where_it_starts(tmp_path):
    text = 'region,activity,employment\n01,A,10\n02,"B,10\n' + "x" * 140_000 + "\n03,C,5\n"
    with pytest.raises(InputError) as error:
        read_table(written(tmp_path, text, "quote.csv"))
    assert str(error.value) == (
        "quote.csv, row 3: a field is longer than 131,072 characters (the CSV field limit); a "
        "table cell holds a name or a number, so check this row's quotes (an unclosed \" "
        "swallows the rest of the file) or save the table again as CSV"
    )


def test_utf8_lines_after_cp1251_ones_are_named(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "регион;занятость\n".encode("cp1251") + "Тверь;1\n".encode("cp1251") + "Москва;2\n".encode()
    )
    with pytest.raises(InputError) as error:
        read_table(path)
    assert str(error.value) == (
        "mixed.csv, row 1: the file mixes text encodings: line 3 is UTF-8 but line 1 is not "
        "(cp1251 or another encoding); save the whole table again as UTF-8 CSV"
    )


def test_a_whole_cp1251_file_still_reads(tmp_path):
    path = tmp_path / "cp1251.csv"
    path.write_bytes("регион;занятость\nТверь;1\nМосква;2\n".encode("cp1251"))
    raw = read_table(path)
    assert raw.encoding == "cp1251" and raw.frame["регион"].tolist() == ["Тверь", "Москва"]


@settings(max_examples=60)
@given(
    rows=st.integers(min_value=1, max_value=60),
    columns=st.integers(min_value=2, max_value=40),
    limit=st.integers(min_value=10, max_value=600),
)
def test_the_cell_limit_holds_for_any_shape(tmp_path_factory, rows, columns, limit):
    header = ",".join(f"c{i}" for i in range(columns))
    body = "".join(f"r{r}," + ",".join(["1"] * (columns - 1)) + "\n" for r in range(rows))
    path = written(tmp_path_factory.mktemp("cells"), header + "\n" + body)
    os.environ["ATLAS_MAX_CELLS"] = str(limit)
    try:
        if (rows + 2) * columns > limit:  # the estimate counts the header and the last newline
            with pytest.raises(InputError, match=f"over the limit of {limit:,} cells"):
                read_table(path)
        else:
            assert read_table(path).frame.shape == (rows, columns)
    finally:
        del os.environ["ATLAS_MAX_CELLS"]


def test_the_upload_limit_lets_through_every_table_the_reader_accepts():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 200  # MB, Streamlit refuses larger uploads
    assert TABLE_MB.default <= config["server"]["maxUploadSize"]


@pytest.mark.parametrize(
    ("lang", "start", "budget"),
    [
        ("en", "Up to 200 MB per file: the server's limit, `server.maxUploadSize`", "(1,024 MB"),
        ("ru", "До 200 МБ на файл: это предел сервера, `server.maxUploadSize`", "(1\u00a0024 МБ"),
    ],
)
def test_the_uploaders_name_the_upload_limit_and_how_to_change_it(lang, start, budget):
    from streamlit.testing.v1 import AppTest

    from tests.app.test_other_pages import APP

    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params.update(lang=lang)
    at.run()
    at.switch_page("pages/data.py").run()
    at.radio[0].set_value(at.radio[0].options[1]).run()  # my own files
    helps = [u.proto.help for u in at.get("file_uploader")]
    assert [h.startswith(start) for h in helps[:3]] == [True, True, True]  # boundaries, tables
    assert "`.streamlit/config.toml`" in helps[0] and f"`ATLAS_MEMORY_MB` {budget}" in helps[1]

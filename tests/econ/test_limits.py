"""Reader limits act before parsing, each with a message naming the limit and how to change it."""

from __future__ import annotations

import pytest

from econ.errors import InputError
from econ.tables import read_table


def test_a_table_over_the_cell_limit_is_refused_with_the_variable_to_raise(tmp_path, monkeypatch):
    path = tmp_path / "wide.csv"
    path.write_text("region," + ",".join(f"a{i}" for i in range(50)) + "\n" + "r," * 50 + "1\n")
    monkeypatch.setenv("ATLAS_MAX_CELLS", "60")
    with pytest.raises(
        InputError, match=r"wide\.csv: the table's size, 3 rows × 51 .*ATLAS_MAX_CELLS"
    ):
        read_table(path)
    monkeypatch.setenv("ATLAS_MAX_CELLS", "1000")
    assert read_table(path).frame.shape == (1, 51)


def test_a_runaway_field_names_its_row(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('region,activity,employment\n01,A,10\n02,"B,' + "x" * 140_000 + "\n")
    with pytest.raises(InputError, match=r"quote\.csv, row 3: a field is longer than 131,072"):
        read_table(path)


def test_mixed_encodings_name_the_first_line_of_the_other_one(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("регион;значение\n".encode() + "Тверь;1\n".encode("cp1251"))
    with pytest.raises(InputError, match=r"mixed\.csv, row 2: the file mixes text encodings"):
        read_table(path)

"""Employment tables read by DuckDB: Parquet, and big plain CSVs, give the pandas reader's table."""

from __future__ import annotations

import pandas as pd
import pytest

from econ import duck_tables
from econ.errors import InputError
from econ.tables import read_table, tidy_employment
from intake.pipeline import Sources, matched_dataset

LONG = (
    "region,activity,year,employment\n"
    "R1,011,2023,100\n"
    "R1,012,2023,(D)\n"
    "R2 ,011,2023,50\n"
    "R2,012,2023,25\n"
    "R1,011,2024,110\n"
    "R2,012,2024,\n"
)


def test_a_big_plain_csv_through_duckdb_is_tidied_as_by_pandas(tmp_path, monkeypatch):
    path = tmp_path / "employment.csv"
    path.write_text(LONG, encoding="utf-8")
    expected, expected_report = tidy_employment(read_table(path))
    monkeypatch.setattr(duck_tables, "DUCK_CSV_BYTES", 0)
    raw = duck_tables.read_employment_table(path)
    assert isinstance(raw.frame["activity"].dtype, pd.CategoricalDtype)
    assert raw.rows.tolist() == [2, 3, 4, 5, 6, 7]
    table, report = tidy_employment(raw)
    pd.testing.assert_frame_equal(
        table.astype({c: str for c in ("region", "activity", "year")}),
        expected.astype({c: str for c in ("region", "activity", "year")}),
    )
    assert table["employment"].isna().sum() == 2 and table["employment"].sum() == 285
    assert report.missing == expected_report.missing


def test_a_parquet_table_feeds_the_pipeline(tmp_path):
    frame = pd.DataFrame(
        {
            "region": ["R1", "R1", "R2", "R2"],
            "activity": ["011", "012", "011", "012"],
            "employment": [100, 300, 50, 50],
        }
    )
    frame.to_parquet(tmp_path / "employment.parquet")
    raw = duck_tables.read_employment_table(tmp_path / "employment.parquet")
    assert raw.frame["activity"].tolist() == ["011", "012", "011", "012"]
    assert raw.rows.tolist() == [1, 2, 3, 4]
    intake = matched_dataset(Sources(employment=tmp_path / "employment.parquet"))
    lq = intake.data.employment.set_index(["region", "activity"])["employment"]
    assert lq.sum() == 500 and lq[("R1", "012")] == 300


def test_title_rows_or_cp1251_stay_with_the_pandas_reader(tmp_path, monkeypatch):
    monkeypatch.setattr(duck_tables, "DUCK_CSV_BYTES", 0)
    titled = tmp_path / "titled.csv"
    titled.write_text("Employment by region, persons\n" + LONG, encoding="utf-8")
    assert duck_tables._plain_header(titled, "titled.csv") is None
    russian = tmp_path / "russian.csv"
    russian.write_text("регион;отрасль;занятые\nМосква;62;10\n", encoding="cp1251")
    assert duck_tables._plain_header(russian, "russian.csv") is None
    assert duck_tables._plain_header(tmp_path / "titled.csv", "x") is None


def test_an_unreadable_parquet_is_one_message(tmp_path):
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match="broken.parquet: the table cannot be read") as caught:
        duck_tables.read_employment_table(bad)
    assert str(tmp_path) not in str(caught.value) and "'broken.parquet'" in str(caught.value)
    assert caught.value.localised("ru").startswith("broken.parquet: не удаётся прочитать таблицу (")
    assert "'broken.parquet'" in caught.value.localised("ru")


def test_file_sets_duckdb_cannot_take_are_refused_in_russian(tmp_path):
    from econ import duck

    with pytest.raises(InputError) as caught:
        duck.expand([tmp_path / "firms-*.csv"])
    assert caught.value.localised("ru") == "firms-*.csv: ни один файл не подходит под этот шаблон"
    (tmp_path / "a.csv").write_text("region;employment\nR1;5\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("region,employment\nR1,5\n", encoding="utf-8")
    (tmp_path / "c.parquet").write_bytes(b"PAR1")
    files = [str(tmp_path / name) for name in ("a.csv", "b.csv", "c.parquet")]
    with pytest.raises(InputError) as caught:
        duck.readable(files, tmp_path)
    assert caught.value.localised("ru") == (
        "a.csv: укажите либо файлы Parquet, либо файлы CSV, но не те и другие вместе"
    )
    with pytest.raises(InputError) as caught:
        duck.readable(files[:2], tmp_path)
    assert str(caught.value) == "a.csv: the CSV files use different delimiters"
    assert caught.value.localised("ru") == "a.csv: в файлах CSV разные разделители"

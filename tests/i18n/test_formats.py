"""Numbers, percentages and dates on known values, as Babel writes them for ru_RU and en_US."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from i18n.formats import date, formatted, number, parse_number, percent

NBSP = "\u00a0"  # Babel's (CLDR's) group separator for ru_RU


def test_numbers():
    assert number(1234567.8, "ru", 1) == f"1{NBSP}234{NBSP}567,8"
    assert number(1234567.8, "en", 1) == "1,234,567.8"
    assert number(0.93821, "ru", 3) == "0,938"
    assert number(157600, "ru") == f"157{NBSP}600"
    assert number(-4, "ru") == "-4"
    assert number(1234.5, "ru", 2, group=False) == "1234,50"
    assert number(np.nan, "ru") == number(None, "en") == number(float("inf"), "en") == "—"


def test_percentages():
    assert percent(0.125, "ru") == f"12,5{NBSP}%"
    assert percent(0.125, "en") == "12.5%"
    assert percent(0.5, "ru", 0) == f"50{NBSP}%"


def test_dates():
    day = dt.date(2025, 5, 5)
    assert date(day, "ru") == "5 мая 2025\u202fг."
    assert date(day, "en") == "5 May 2025"
    assert date(day, "ru", "short") == "05.05.2025"


def test_typed_numbers():
    assert parse_number("0,8", "ru") == 0.8
    assert parse_number("1,250.5", "en") == 1250.5


def test_a_table_is_formatted_per_column_type():
    table = pd.DataFrame(
        {
            "region": ["RU-TYU", "RU-MOW"],
            "employment": [157600, 20000],
            "lq": [0.93821, 1.5],
            "share": [0.125, 0.5],
            "star": [True, False],
        }
    )
    shown = formatted(table, "ru", percents={"share": 1})
    assert shown["employment"].tolist() == [f"157{NBSP}600", f"20{NBSP}000"]
    assert shown["lq"].tolist() == ["0,938", "1,500"]
    assert shown["share"].tolist() == [f"12,5{NBSP}%", f"50,0{NBSP}%"]
    assert shown["region"].tolist() == ["RU-TYU", "RU-MOW"]
    assert shown["star"].tolist() == [True, False]

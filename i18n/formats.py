"""Numbers, percentages and dates as the user's language writes them (Babel, CLDR data).

One place for every shown number: tables, metrics, tooltips, legends, chart axes and export
titles. Russian gets a decimal comma and the no-break space Babel uses between thousands;
English the comma and point. Missing values show as a dash.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from functools import partial

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, parse_decimal

LOCALES = {"en": "en_US", "ru": "ru_RU"}
MISSING = "—"


def locale(language: str) -> str:
    """The Babel locale of an interface language (`en` → `en_US`, `ru` → `ru_RU`)."""
    return LOCALES.get(language, LOCALES["en"])


def _missing(value: object) -> bool:
    try:
        return value is None or pd.isna(value) or not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def number(value: object, language: str = "en", digits: int | None = 0, group: bool = True) -> str:
    """`1 234 567,8` / `1,234,567.8`: `value` with exactly `digits` decimals (None: as few
    as needed, up to three, like `{:g}`), thousands grouped unless `group` is false (a cell a
    spreadsheet must read as a number)."""
    if _missing(value):
        return MISSING
    decimals = "." + ("#" * 3 if digits is None else "0" * digits) if digits != 0 else ""
    pattern = ("#,##0" if group else "0") + decimals
    return format_decimal(float(value), format=pattern, locale=locale(language))


def percent(value: object, language: str = "en", digits: int = 1, signed: bool = False) -> str:
    """A share (0.125) as a percentage with `digits` decimals: `12,5 %` / `12.5%`; `signed`
    writes `+` before a gain."""
    if _missing(value):
        return MISSING
    pattern = Locale.parse(locale(language)).percent_formats[None].pattern  # `#,##0\xa0%`
    decimals = "." + "0" * digits if digits > 0 else ""
    form = pattern.replace("#,##0", "#,##0" + decimals, 1)
    if signed:
        form = f"+{form};-{form}"
    return format_percent(float(value), format=form, locale=locale(language))


def date(day: dt.date, language: str = "en", length: str = "long") -> str:
    """`5 May 2025` / `5 мая 2025 г.` (`length` "long"), or the locale's `short` or `medium`."""
    if language == "en" and length == "long":
        return format_date(day, "d MMMM y", locale=locale(language))
    return format_date(day, length, locale=locale(language))


def decimal_separator(language: str) -> str:
    """`,` in Russian, `.` in English."""
    return get_decimal_symbol(locale(language))


def parse_number(text: str, language: str = "en") -> float:
    """A number the user typed in the interface language (`0,8` in Russian)."""
    return float(parse_decimal(text, locale=locale(language), strict=False))


KINDS = ("integer", "decimal", "percent", "text")


def column_kind(series: pd.Series) -> str:
    """How a column is shown: whole numbers, decimals, or text (booleans and names)."""
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return "text"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    finite = series.dropna()
    whole = bool(len(finite)) and bool((finite == finite.round()).all()) and finite.abs().max() > 99
    return "integer" if whole else "decimal"


def formatters(
    table: pd.DataFrame,
    language: str = "en",
    *,
    digits: Mapping[str, int] | None = None,
    percents: Mapping[str, int] | None = None,
) -> dict[str, Callable[[object], str]]:
    """One formatter per numeric column of `table`: integers grouped, decimals with `digits`
    (3 by default), the columns in `percents` as shares shown in per cent."""
    digits, percents = dict(digits or {}), dict(percents or {})
    out: dict[str, Callable[[object], str]] = {}
    for column in table.columns:
        kind = column_kind(table[column])
        if column in percents:
            out[column] = partial(percent, language=language, digits=percents[column])
        elif kind != "text":
            default = 0 if kind == "integer" else 3
            out[column] = partial(number, language=language, digits=digits.get(column, default))
    return out


def formatted(
    table: pd.DataFrame,
    language: str = "en",
    *,
    digits: Mapping[str, int] | None = None,
    percents: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """`table` with every numeric column written out as text in `language` (for text outputs
    such as Markdown tables; the app shows `styled` instead, which keeps numeric sorting)."""
    shown = formatters(table, language, digits=digits, percents=percents)
    return table.assign(**{str(c): table[c].map(f) for c, f in shown.items()})


def chart_locale(language: str = "en") -> dict[str, object]:
    """The d3 number locale of `language` for Vega-Lite charts (`config.locale`), from Babel's
    symbols: axis labels, legends and tooltips then read `1 234,5` in Russian."""
    symbols = Locale.parse(locale(language)).number_symbols["latn"]
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", ""],
            "minus": "-",
        }
    }

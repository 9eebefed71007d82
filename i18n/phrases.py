"""The machine words of the reports (a matching rule, a quality or flow problem) as the user
reads them.

The `econ` and `geo` tables keep their English text, which the CLI's CSVs and other tools rely
on; the pages translate it when they show it. Each phrase is a catalogue message under
`phrase.`: its English text is the pattern the code writes (`gazetteer: {place}`), its Russian
text the same with the fields in place. A field is translated again, so a composed rule
(`{level} ({place}); {check}`) reads whole; a field that is data (a region's name, a code)
stays as it is; a number field (`FIELD_FORMS`: a row, a count, a signed percentage) matches
only a number and is written as the language writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pandas as pd

from i18n.catalog import DEFAULT, section, text
from i18n.formats import number, percent

SECTION = "phrase"
SHARED = (  # messages of the error catalogue that are also the words of a report's cell
    "error.value.missing",
    "error.value.text",
    "error.value.negative",
    "error.value.not_finite",
    "error.flows.unknown_region",
)
COLUMNS = ("rule", "problem")  # the report columns whose cells are phrases
FIELD = re.compile(r"\{(\w+)\}")
INTEGER = r"\d+"
SIGNED_PERCENT = r"[+-]\d+(?:\.\d+)?%"
FIELD_FORMS = {  # fields that hold a number, so `{listed} of {expected}` parses only numbers
    "row": INTEGER,
    "listed": INTEGER,
    "expected": INTEGER,
    "difference": SIGNED_PERCENT,
}


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(catalogue key, the English text as a pattern), the most literal text first, so that
    `gazetteer: {place}; no polygon …` is tried before `gazetteer: {place}`."""
    english = {f"{SECTION}.{key}": value for key, value in section(DEFAULT, SECTION).items()}
    english.update({key: text(DEFAULT, key) for key in SHARED})
    patterns = []
    for key, value in english.items():
        parts = FIELD.split(value)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>{FIELD_FORMS.get(part, '.+?')})"
            for i, part in enumerate(parts)
        )
        literal = len(FIELD.sub("", value))
        patterns.append((literal, key, re.compile(regex, re.DOTALL)))
    patterns.sort(key=lambda item: -item[0])
    return tuple((key, pattern) for _, key, pattern in patterns)


def _field(name: str, value: str, language: str) -> object:
    """A matched field as `language` writes it: a number in its form, a phrase translated."""
    if FIELD_FORMS.get(name) == INTEGER:
        return number(int(value), language)
    if FIELD_FORMS.get(name) == SIGNED_PERCENT:
        return percent(float(value[:-1]) / 100, language, digits=1, signed=True)
    return phrase(value, language)


def phrase(value: object, language: str) -> object:
    """`value` in `language` when it is a known phrase (or made of them), else unchanged."""
    if language == DEFAULT or not isinstance(value, str) or not value:
        return value
    for key, pattern in _patterns():
        found = pattern.fullmatch(value)
        if found:
            fields = {
                name: _field(name, part, language) for name, part in found.groupdict().items()
            }
            return text(language, key, **fields)
    return value


def translated(
    frame: pd.DataFrame, language: str, columns: Iterable[str] = COLUMNS
) -> pd.DataFrame:
    """`frame` with the phrase cells of `columns` in `language` (each distinct text once)."""
    present = [c for c in columns if c in frame.columns]
    if language == DEFAULT or not present:
        return frame
    return frame.assign(
        **{
            c: frame[c]
            .map({v: phrase(v, language) for v in frame[c].dropna().unique()})
            .where(frame[c].notna(), frame[c])
            for c in present
        }
    )

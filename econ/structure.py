"""How a published table is laid out: title and units rows, a multi-row header, label and
footnote rows among the data — found in the cells so that only regions and numbers go on.

Statistical offices print tables for reading, not parsing: Rosstat's «Регионы России» puts a
title row and a units row (`тысяч человек`) above a two-row merged header (`Всего` | `в том
числе по видам экономической деятельности:` over the section names), `в том числе:` rows inside
the body and numbered footnotes below it. This module says which row is which.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Units as printed in a title, units row or header, with the factor to persons.
UNIT_FACTORS = {"persons": 1.0, "thousands": 1_000.0, "millions": 1_000_000.0}
UNIT_PATTERNS = (
    ("millions", re.compile(r"\bмлн\.?\s*(человек|чел)|\bmillions?\b", re.IGNORECASE)),
    (
        "thousands",
        re.compile(
            r"\bтыс(\.|яч[аи]?)?\s*(человек|чел|занятых|работник)|\bthousands?\b|\b000s\b|"
            r"\(\s*'?000\s*\)",
            re.IGNORECASE,
        ),
    ),
    (
        "persons",
        re.compile(r"(^|[\s(])(человек|чел\.)|\bpersons\b|\bpeople\b|\bheadcount\b", re.IGNORECASE),
    ),
)
FOOTNOTE_MARK = re.compile(r"(?<=\S)\s*(\d{1,2}\)|\*{1,3})+$")
FOOTNOTE_ROW = re.compile(
    r"^\s*(\d{1,2}\)|\*{1,3}|примечани|источник|note|source|по данным|данные|без учета)",
    re.IGNORECASE,
)
LABEL_ROW = re.compile(
    r"(:\s*$|^\s*(в том числе|из них|включая|including|of which)\b)", re.IGNORECASE
)


@dataclass
class StructureRow:
    """A row that is not data: its position among the cells, kind and text."""

    position: int
    kind: str  # title, units, label, footnote
    text: str


@dataclass
class Layout:
    """Where the header is, what the units are, and which rows are not data."""

    header: list[str]
    header_rows: list[int]  # positions of the header rows among the cells, top to bottom
    units: str | None = None  # a key of UNIT_FACTORS
    units_text: str | None = None  # as printed
    title: str | None = None
    rows: list[StructureRow] = field(default_factory=list)

    @property
    def factor(self) -> float:
        """Persons per printed unit (1 when the table states none)."""
        return UNIT_FACTORS[self.units] if self.units else 1.0


def units_in(text: str) -> str | None:
    """The unit a text states (`(тысяч человек)` → thousands), or None."""
    for units, pattern in UNIT_PATTERNS:
        if pattern.search(text):
            return units
    return None


def strip_footnote(text: str) -> str:
    """A label without its footnote marks: `Российская Федерация1)` → `Российская Федерация`."""
    return FOOTNOTE_MARK.sub("", text).strip()


def _filled(cells: pd.DataFrame) -> np.ndarray:
    """True where a cell holds text other than blanks."""
    text = cells.fillna("").astype(str)
    return text.apply(lambda c: c.str.strip() != "").to_numpy()


def _header_row(filled: np.ndarray) -> int:
    """The last header row: the first of the top rows that, with the header rows stacked above
    it (rows of two or more labels), covers nearly the table's width — merged cells leave
    blanks under a spanning label, so one header row alone may not."""
    top = filled[:30]
    counts = top.sum(axis=1)
    if counts.size == 0 or counts.max() == 0:
        return 0
    covered = np.zeros(top.shape[1], dtype=bool)
    for position, row in enumerate(top):
        covered = covered | row if counts[position] >= 2 else row.copy()
        if covered.sum() >= 0.8 * counts.max():
            return position
    return 0


def _flat_header(rows: pd.DataFrame) -> list[str]:
    """One label per column from stacked header rows: the lowest label printed in the column
    wins; where that repeats, the spanning label above it (merged cells) is put in front."""
    text = (
        rows.fillna("")
        .astype(str)
        .apply(lambda c: c.str.strip().str.replace(r"\s+", " ", regex=True))
    )
    own = text.to_numpy()
    spans = text.replace("", None).ffill(axis=1).fillna("").to_numpy()
    leaves, groups = [], []
    for j in range(own.shape[1]):
        filled = [i for i in range(own.shape[0]) if own[i, j]]
        leaf = strip_footnote(own[filled[-1], j]) if filled else ""
        level = filled[-1] if filled else own.shape[0]
        above = [spans[i, j] for i in range(level) if spans[i, j]]
        leaves.append(leaf)
        groups.append(strip_footnote(above[-1]) if above else "")
    repeated = Counter(leaves)
    header = []
    for j, (leaf, group) in enumerate(zip(leaves, groups, strict=True)):
        if not leaf:
            header.append(f"column {j + 1}")
        elif repeated[leaf] > 1 and group and group != leaf:
            header.append(f"{group} {leaf}")
        else:
            header.append(leaf)
    seen: Counter[str] = Counter()
    unique = []
    for name in header:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def table_layout(cells: pd.DataFrame) -> Layout:
    """The layout of a table's cells (all text, None for blanks): header rows above the data,
    title and units rows above them, and the label and footnote rows among and below the data."""
    filled = _filled(cells)
    last = _header_row(filled)
    first = last
    while first > 0 and filled[first - 1].sum() >= 2:
        first -= 1
    layout = Layout(header=_flat_header(cells.iloc[first : last + 1]), header_rows=[])
    layout.header_rows = list(range(first, last + 1))
    for position in range(first):
        texts = [str(v).strip() for v in cells.iloc[position] if v is not None and str(v).strip()]
        if not texts:
            continue
        text = " ".join(texts)
        found = units_in(text)
        kind = "units" if found and len(text) < 60 else "title"
        layout.rows.append(StructureRow(position, kind, text))
        if kind == "title" and layout.title is None:
            layout.title = text
        if found and layout.units is None:
            layout.units, layout.units_text = found, text
    if layout.units is None:
        for name in layout.header:
            found = units_in(name)
            if found:
                layout.units, layout.units_text = found, name
                break
    body = filled[last + 1 :]
    lone = body.sum(axis=1) == 1
    data = np.flatnonzero(body.sum(axis=1) >= 2)
    end = data[-1] if data.size else -1
    for offset in np.flatnonzero(lone):
        values = cells.iloc[last + 1 + offset]
        text = next(str(v).strip() for v in values if v is not None and str(v).strip())
        after_data = offset > end
        kind = "footnote" if after_data or FOOTNOTE_ROW.match(text) else "label"
        if kind == "label" and not LABEL_ROW.search(text):
            continue
        layout.rows.append(StructureRow(last + 1 + int(offset), kind, text))
    return layout

"""What a publisher's marks in number cells mean: zero, withheld, or a value too small to print.

Rosstat's legend («Условные обозначения») reads `-` as «явление отсутствует» (a true zero), `…`
as «данных не имеется» or withheld for confidentiality, and `0,0` as «небольшая величина» (below
half of the last printed digit). Other publishers (BLS, Eurostat, most spreadsheets) use `-` and
friends for suppressed values, so the convention is chosen per table and shown to the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

WITHHELD = frozenset(
    {
        "",
        "…",
        "...",
        "..",
        "x",
        "X",
        "х",
        "Х",
        "*",
        "**",
        "***",
        "н/д",
        "Н/Д",
        "нд",
        "n/a",
        "N/A",
        "NA",
        "na",
        "(D)",
        "(S)",
        "#N/A",
        "nan",
        "c",
        ":",
    }
)
DASHES = frozenset({"-", "—", "–"})
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@dataclass(frozen=True)
class Marks:
    """One publisher's convention: which marks are zeros, which are withheld, and whether a
    printed zero with decimals (`0,0`) means a small positive value."""

    name: str
    zero: frozenset[str]
    withheld: frozenset[str]
    small_zero: bool
    legend: str

    def all(self) -> frozenset[str]:
        """Every mark this convention knows."""
        return self.zero | self.withheld


CONVENTIONS = {
    "rosstat": Marks(
        "rosstat",
        zero=DASHES,
        withheld=WITHHELD,
        small_zero=True,
        legend="Rosstat: '-' = none (zero); '…' = not available or confidential (missing); "
        "'0,0' = below half a unit (read as 0, flagged)",
    ),
    "generic": Marks(
        "generic",
        zero=frozenset(),
        withheld=WITHHELD | DASHES,
        small_zero=False,
        legend="'-', '…', 'x', '(D)', '**', 'н/д' and empty cells = suppressed (missing)",
    ),
}


def marks_for(labels: pd.Series | list[str]) -> Marks:
    """Rosstat's convention for a table whose region or column labels are Russian, else generic."""
    text = " ".join(str(v) for v in list(labels)[:500])
    return CONVENTIONS["rosstat" if CYRILLIC.search(text) else "generic"]


def convention(name: str | None, labels: pd.Series | list[str]) -> Marks:
    """The named convention (`rosstat`, `generic`) or, for None or `auto`, the guessed one."""
    if name in (None, "", "auto"):
        return marks_for(labels)
    if name not in CONVENTIONS:
        raise ValueError(f"unknown marks convention {name!r}; choose {', '.join(CONVENTIONS)}")
    return CONVENTIONS[name]

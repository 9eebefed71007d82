"""Gazetteers: a country's territories with their codes, names in several languages and how they
nest, so that a table's Russian names meet boundaries keyed by English names, ISO or OKATO codes.

Each country is one CSV in `data/gazetteers/` (`id, iso, okato, level, name_ru, name_en,
variants, district, economic_region, parent, note`; `variants` separated by `|`). Levels:
`country`, `federal_district`, `economic_region` (aggregates), `subject`, `remainder` (an oblast
without its autonomous okrugs, as Rosstat prints it). `parent` names the inclusive subject of an
okrug or remainder: Tyumen Oblast = KhMAO + YaNAO + Tyumen Oblast without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from econ.names import normalise_name

GAZETTEERS = Path(__file__).resolve().parent.parent / "data" / "gazetteers"
AGGREGATE_LEVELS = ("country", "federal_district", "economic_region")
NAME_COLUMNS = ("name_ru", "name_en")


def code_key(code: object) -> str:
    """A code for comparison: upper case; digits without trailing zeros (OKATO `45000000`)."""
    text = str(code).strip().upper()
    return text.rstrip("0") or text if text.isdigit() else text


@dataclass(frozen=True)
class Gazetteer:
    """One country's territories (`entries`, indexed by `id`) and their lookup keys."""

    name: str
    entries: pd.DataFrame
    names: dict[str, str]  # normalised name or variant -> id
    codes: dict[str, str]  # ISO or OKATO code key -> id

    def resolve(self, values: pd.Series) -> pd.Series:
        """The territory id of each value (a code or a name, in any listed spelling), else NA."""
        text = values.fillna("").astype(str)
        by_code = text.map(code_key).map(self.codes)
        by_name = text.map(normalise_name).map(self.names)
        found = by_code.astype(object).where(by_code.notna(), by_name.astype(object))
        return found.where(found.notna(), None)

    def level(self, ids: pd.Series) -> pd.Series:
        """The level of each territory id (None where the id is None)."""
        return ids.map(self.entries["level"])

    def parts(self, gid: str) -> list[str]:
        """The territories an inclusive subject is made of (empty for the rest)."""
        return self.entries.index[self.entries["parent"] == gid].tolist()

    def remainder(self, gid: str) -> str | None:
        """The `remainder` part of an inclusive subject (the oblast without its okrugs)."""
        parts = self.entries.loc[self.parts(gid)]
        rest = parts.index[parts["level"] == "remainder"]
        return rest[0] if len(rest) else None

    def leaves(self) -> pd.DataFrame:
        """The territories that tile the country once: subjects, with inclusive ones replaced
        by their parts."""
        e = self.entries
        inclusive = set(e["parent"].dropna())
        return e[e["level"].isin(["subject", "remainder"]) & ~e.index.isin(inclusive)]

    def members(self, gid: str) -> list[str]:
        """The leaf territories an aggregate or inclusive subject adds up (empty for a leaf)."""
        level = self.entries.at[gid, "level"]
        leaves = self.leaves()
        if level == "country":
            return leaves.index.tolist()
        if level in ("federal_district", "economic_region"):
            column = "district" if level == "federal_district" else "economic_region"
            return leaves.index[leaves[column] == gid].tolist()
        return self.parts(gid)

    def label(self, gid: str, language: str = "ru") -> str:
        """The territory's name in `language` (`ru`, `en`)."""
        return str(self.entries.at[gid, f"name_{language}"])


def _keys(entries: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    for gid, row in entries.iterrows():
        spellings = [row[c] for c in NAME_COLUMNS] + str(row["variants"] or "").split("|")
        for spelling in spellings:
            key = normalise_name(spelling)
            if key:
                names.setdefault(key, gid)
    codes: dict[str, str] = {}
    for column in ("iso", "okato"):
        for gid, code in entries[column].dropna().items():
            codes.setdefault(code_key(code), gid)
    codes.update({code_key(gid): gid for gid in entries.index})
    return names, codes


def _not_numeric(values: pd.Series) -> pd.Series:
    text = values.fillna("").astype(str).str.strip()
    return values[~text.str.fullmatch(r"\d*")]


@cache
def load_gazetteer(name: str, folder: Path = GAZETTEERS) -> Gazetteer:
    """The gazetteer `data/gazetteers/<name>.csv` (`ru` for Russia)."""
    entries = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    entries = entries.replace("", None).set_index("id")
    names, codes = _keys(entries)
    return Gazetteer(name, entries, names, codes)


def gazetteer_names(folder: Path = GAZETTEERS) -> list[str]:
    """The countries with a gazetteer."""
    return sorted(p.stem for p in folder.glob("*.csv"))


def best_gazetteer(*columns: pd.Series, folder: Path = GAZETTEERS) -> Gazetteer | None:
    """The gazetteer that resolves the most values of `columns` (table or boundary names and
    codes), if it resolves at least a third of the values of one of them; else None. Plain
    numbers are left out of the vote: FIPS `06` and OKATO `06` look alike."""
    best, score = None, 0.0
    for name in gazetteer_names(folder):
        gazetteer = load_gazetteer(name, folder)
        shares = [gazetteer.resolve(c).notna().mean() for c in map(_not_numeric, columns) if len(c)]
        share = max(shares, default=0.0)
        if share > score:
            best, score = gazetteer, share
    return best if score >= 1 / 3 else None


def region_labels(
    regions: pd.DataFrame, language: str, table_names: Mapping[str, str] | None = None
) -> pd.Series:
    """Each region's name in `language` (`ru`, `en`): the gazetteer's where one knows the region
    (by code, boundary name or the table's name), else the name in the user's table, else the
    boundary file's. `regions` has `region, name`; the result is aligned with it."""
    own = regions["region"].map(dict(table_names or {}))
    usable = own.notna() & own.astype(str).str.strip().ne("")
    shown = own.where(usable, regions["name"])
    gazetteer = best_gazetteer(regions["region"], regions["name"], own[usable])
    if gazetteer is None or f"name_{language}" not in gazetteer.entries:
        return shown
    ids = gazetteer.resolve(regions["region"])
    for names in (regions["name"], own.where(usable, "")):
        ids = ids.where(ids.notna(), gazetteer.resolve(names))
    named = ids.map(lambda gid: gazetteer.label(gid, language) if gid else None)
    return named.where(named.notna(), shown)

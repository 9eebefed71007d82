"""Matching a table's region codes or names to the boundary regions, with a report to fix by hand.

Order: the user's mapping; aggregates (country, districts, totals, inclusive oblasts) set aside;
codes (as given, then without leading zeros); a gazetteer of the country's territories, so that
`Тульская область` meets `Tula Oblast` or `RU-TUL`; normalised names (case, ё/е, spacing,
region-type words such as "область"/"обл."/"oblast", word order, "г."/"город", Russian→Latin
transliteration); then fuzzy suggestions (rapidfuzz) that the user must confirm. Every row of
the report says which rule decided it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from econ.errors import InputError
from econ.gazetteer import AGGREGATE_LEVELS, Gazetteer, best_gazetteer
from econ.names import normalise_name

REPORT_COLUMNS = [
    "code",
    "label",
    "region",
    "region_name",
    "status",
    "rule",
    "score",
    "candidates",
]
STATUSES = (
    "matched",
    "suggested",
    "ambiguous",
    "unmatched",
    "aggregate",
    "not_in_boundaries",
    "no_data",
)
SUGGESTION_CUTOFF = 75.0
AMBIGUITY_MARGIN = 3.0
NUTS_CODE = r"[A-Z]{2}[0-9A-Z]{0,3}"
SUM_TOLERANCE = 0.005  # an aggregate equals the sum of its members within 0.5 %
TOTAL_ROW = re.compile(
    r"^(total|totals?\s.*|all regions|all areas|grand total|всего|итого|в целом по .*|"
    r"всего по .*|united states|u\.?\s?s\.?( total)?|us total|national( total)?|"
    r"eu-?2[78].*|european union.*|euro area.*)$",
    re.IGNORECASE,
)


def _code_key(code: object) -> str:
    text = str(code).strip()
    return text.lstrip("0") or text if text.isdigit() else text.upper()


def _unique_lookup(keys: pd.Series, values: pd.Series) -> tuple[dict[str, str], dict[str, list]]:
    """key -> value where the key is unique; key -> all values where it repeats."""
    frame = pd.DataFrame({"key": keys.to_numpy(), "value": values.to_numpy()})
    frame = frame[frame["key"] != ""]
    groups = frame.groupby("key")["value"].agg(list)
    unique = {k: v[0] for k, v in groups.items() if len(v) == 1}
    repeated = {k: v for k, v in groups.items() if len(v) > 1}
    return unique, repeated


class _Report:
    """The matching report under construction: one decision per table region, first one wins."""

    def __init__(self, n: int) -> None:
        self.found = pd.Series([None] * n, dtype=object)
        self.status = pd.Series(["unmatched"] * n, dtype=object)
        self.rule = pd.Series([""] * n, dtype=object)
        self.score = pd.Series([np.nan] * n, dtype=float)
        self.candidates = pd.Series([""] * n, dtype=object)

    def open(self) -> np.ndarray:
        return (self.status == "unmatched").to_numpy()

    def decide(
        self, mask: np.ndarray, status: str, rule: pd.Series | str, found=None, points=100.0
    ) -> None:
        """Settle the still-open rows of `mask`."""
        chosen = np.asarray(mask, dtype=bool) & self.open()
        if found is not None:
            found = pd.Series(found).reset_index(drop=True)
            chosen &= found.notna().to_numpy()
            self.found[chosen] = found[chosen]
        self.status[chosen] = status
        self.rule[chosen] = rule[chosen] if isinstance(rule, pd.Series) else rule
        self.score[chosen] = points if status == "matched" else np.nan


def match_regions(
    table_regions: pd.DataFrame | pd.Series,
    regions: pd.DataFrame,
    *,
    mapping: pd.DataFrame | None = None,
    gazetteer: Gazetteer | None | str = "auto",
    totals: pd.Series | None = None,
) -> pd.DataFrame:
    """The matching report: one row per table region and one per boundary region left without data.

    `table_regions` has `code` (the table's region value) and optionally `label` (a name column);
    `regions` has the boundary `region, name`. Decisions, first one wins: the user's `mapping`
    (`code, region`, as in a report the user filled in); aggregates (the country, federal
    districts, economic regions, totals; an inclusive oblast whose parts the boundaries have as
    polygons); codes; the `gazetteer` (a `Gazetteer`, `"auto"` to pick by the names, None for
    none); normalised names; territories the gazetteer knows but the boundaries lack; fuzzy
    suggestions. `totals` (table code -> the row's employment) checks aggregates by their sums.
    Columns: code, label, region, region_name, status (one of `STATUSES`), rule, score,
    candidates.
    """
    if isinstance(table_regions, pd.Series):
        table_regions = pd.DataFrame({"code": table_regions})
    table = table_regions.drop_duplicates("code").reset_index(drop=True).copy()
    table["code"] = table["code"].astype(str)
    if "label" not in table:
        table["label"] = ""
    table["label"] = table["label"].fillna("").astype(str)
    boundary = regions[["region", "name"]].astype(str).reset_index(drop=True)
    names = dict(zip(boundary["region"], boundary["name"], strict=True))
    report = _Report(len(table))

    if mapping is not None:
        fixed, absent = _mapping_lookup(mapping, set(names))
        codes = table["code"]
        report.decide(codes.isin(absent).to_numpy(), "not_in_boundaries", codes.map(absent))
        report.decide(
            codes.isin(fixed).to_numpy(), "matched", "mapping file", found=codes.map(fixed)
        )
    if isinstance(gazetteer, str):
        gazetteer = best_gazetteer(
            table["label"], table["code"], boundary["name"], boundary["region"]
        )
    places = _Places(table, boundary, gazetteer)
    places.aggregates(report, totals)
    _by_code(table, boundary, report)
    places.matches(report)
    _by_name(table, boundary, report, names)
    places.not_in_boundaries(report)
    _suggest(table, boundary, report)
    out = pd.DataFrame(
        {
            "code": table["code"],
            "label": table["label"],
            "region": report.found,
            "region_name": report.found.map(names),
            "status": report.status,
            "rule": report.rule,
            "score": report.score,
            "candidates": report.candidates,
        }
    )
    out.loc[~out["status"].isin(["matched", "suggested"]), ["region", "region_name"]] = None
    taken = set(out.loc[out["status"] == "matched", "region"].dropna())
    missing = boundary[~boundary["region"].isin(taken)]
    rest = pd.DataFrame(
        {
            "code": "",
            "label": "",
            "region": missing["region"],
            "region_name": missing["name"],
            "status": "no_data",
            "rule": "no table row for this boundary region",
            "score": np.nan,
            "candidates": "",
        }
    )
    return pd.concat([out, rest], ignore_index=True)[REPORT_COLUMNS]


class _Places:
    """Table rows and boundary regions placed in a gazetteer, with the nesting rule applied."""

    def __init__(self, table: pd.DataFrame, boundary: pd.DataFrame, gazetteer) -> None:
        self.table, self.boundary, self.g = table, boundary, gazetteer
        n = len(table)
        if gazetteer is None:
            self.rows = pd.Series([None] * n, dtype=object)
            self.polygons = pd.Series([None] * len(boundary), dtype=object)
            self.whole: dict[str, str] = {}
            return
        rows = gazetteer.resolve(table["label"])
        self.rows = rows.where(rows.notna(), gazetteer.resolve(table["code"]))
        polygons = gazetteer.resolve(boundary["region"])
        polygons = polygons.where(polygons.notna(), gazetteer.resolve(boundary["name"]))
        present = set(polygons.dropna())
        self.whole = {}
        for i, gid in polygons.dropna().items():
            parts = gazetteer.parts(gid)
            if parts and present & set(parts):
                polygons[i] = gazetteer.remainder(gid)
            elif parts:
                self.whole.update({part: gid for part in parts})
        self.polygons = polygons

    def _name(self, gid: str) -> str:
        return f"{gid} {self.g.label(gid)}"

    def aggregates(self, report: _Report, totals: pd.Series | None) -> None:
        """Rows that add up others: by the gazetteer's levels and nesting, by total names, and
        a row equal to the sum of all the others; each checked by its sum where it can be."""
        codes = self.table["code"]
        row_total = (
            codes.map(totals) if totals is not None else pd.Series(np.nan, index=codes.index)
        )
        on_map = set(self.polygons.dropna())
        if self.g is not None:
            levels = self.g.level(self.rows)
            rules = pd.Series([""] * len(codes), dtype=object)
            mask = np.zeros(len(codes), dtype=bool)
            for i, gid in self.rows.items():
                if gid is None or gid in on_map:
                    continue
                if levels[i] in AGGREGATE_LEVELS:
                    kind = levels[i].replace("_", " ")
                elif self.g.parts(gid) and on_map & set(self.g.parts(gid)):
                    parts = ", ".join(p for p in self.g.parts(gid) if p in on_map)
                    kind = f"includes {parts}, which the boundaries have as separate polygons"
                else:
                    continue
                members = set(self.g.members(gid))
                listed = self.rows.isin(members).to_numpy()
                check = _sum_check(row_total[i], row_total[listed], len(members))
                rules[i] = f"{kind} ({self._name(gid)}); {check}"
                mask[i] = True
            report.decide(mask, "aggregate", rules)
        named = self.table["label"].where(self.table["label"] != "", codes).str.strip()
        total_names = named.str.match(TOTAL_ROW).to_numpy()
        report.decide(total_names, "aggregate", "a total row by its name")
        self._code_levels(report, row_total, set(self.boundary["region"]))
        if totals is None:
            return
        open_ = report.open() & ~self.rows.isin(on_map).to_numpy()
        if open_.sum() <= 3:
            return
        values = row_total.where(open_).fillna(0.0).to_numpy()
        rest = values.sum() - values
        equal = open_ & (rest > 0) & (np.abs(values - rest) <= SUM_TOLERANCE * rest)
        report.decide(equal, "aggregate", "equals the sum of all other rows")

    def _code_levels(self, report: _Report, row_total: pd.Series, on_map: set[str]) -> None:
        """Hierarchical codes (NUTS: `DE1` above `DE11`, `DE12`): a code that begins two or more
        others of the table, and is not a boundary region itself, is their aggregate."""
        codes = self.table["code"].str.strip().str.upper()
        shaped = codes[codes.str.fullmatch(NUTS_CODE)]
        for i, code in shaped.items():
            if self.table.at[i, "code"] in on_map or not report.open()[i]:
                continue
            below = shaped[(shaped.str.len() == len(code) + 1) & shaped.str.startswith(code)]
            if len(below) < 2:
                continue
            listed = codes.index.isin(below.index)
            check = _sum_check(row_total[i], row_total[listed], len(below))
            rule = f"code level above {', '.join(below)}; {check}"
            report.decide(np.arange(len(codes)) == i, "aggregate", rule)

    def matches(self, report: _Report) -> None:
        """Rows and polygons placed on the same territory."""
        if self.g is None:
            return
        lookup, _ = _unique_lookup(self.polygons.fillna(""), self.boundary["region"])
        found = self.rows.map(lambda gid: lookup.get(gid) if gid else None)
        rule = self.rows.map(lambda gid: f"gazetteer: {self._name(gid)}" if gid else "")
        report.decide(found.notna().to_numpy(), "matched", rule, found=found)

    def not_in_boundaries(self, report: _Report) -> None:
        """Territories the gazetteer knows that have no polygon of their own."""
        if self.g is None:
            return
        rules = self.rows.map(
            lambda gid: (
                ""
                if gid is None
                else (
                    f"part of {self._name(self.whole[gid])}, which the boundaries hold whole; "
                    "the whole row is used"
                    if gid in self.whole
                    else f"gazetteer: {self._name(gid)}; no polygon in the boundaries"
                )
            )
        )
        report.decide(self.rows.notna().to_numpy(), "not_in_boundaries", rules)


def _sum_check(total: float, members: pd.Series, expected: int) -> str:
    """How an aggregate row compares with the rows of its members."""
    listed = members.dropna()
    if np.isnan(total) or listed.empty:
        return "its sum could not be checked"
    share = (
        f"{len(listed)} of {expected} members"
        if len(listed) < expected
        else (f"its {expected} members")
    )
    difference = total - listed.sum()
    if abs(difference) <= SUM_TOLERANCE * max(abs(total), 1.0):
        return f"equals the sum of {share}"
    return f"differs from the sum of {share} by {difference / total:+.1%}"


def _by_code(table: pd.DataFrame, boundary: pd.DataFrame, report: _Report) -> None:
    """Codes as given, then without leading zeros or case."""
    known = set(boundary["region"])
    exact = table["code"].where(table["code"].isin(known))
    report.decide(exact.notna().to_numpy(), "matched", "code", found=exact)
    by_code, _ = _unique_lookup(boundary["region"].map(_code_key), boundary["region"])
    loose = table["code"].map(_code_key).map(by_code)
    report.decide(loose.notna().to_numpy(), "matched", "code", found=loose)


def _by_name(table: pd.DataFrame, boundary: pd.DataFrame, report: _Report, names: dict) -> None:
    """Normalised names, with region-type words and then without; repeated names are ambiguous."""
    for keep_type in (True, False):
        by_name, repeated = _unique_lookup(
            boundary["name"].map(lambda v, k=keep_type: normalise_name(v, keep_type=k)),
            boundary["region"],
        )
        for source in ("label", "code"):
            keys = table[source].map(lambda v, k=keep_type: normalise_name(v, keep_type=k))
            found = keys.map(by_name)
            report.decide(found.notna().to_numpy(), "matched", "name", found=found)
            several = keys.map(repeated)
            mask = several.notna().to_numpy() & report.open()
            report.candidates[mask] = several[mask].map(
                lambda ids: "; ".join(f"{i} {names[i]}" for i in ids)
            )
            report.decide(mask, "ambiguous", "the name fits several boundary regions")


def _suggest(table: pd.DataFrame, boundary: pd.DataFrame, report: _Report) -> None:
    """Fuzzy suggestions (rapidfuzz token-sort ratio) for table regions still unmatched."""
    open_ = np.flatnonzero(report.open())
    taken = set(report.found.dropna())
    pool = boundary[~boundary["region"].isin(taken)]
    if not len(open_) or pool.empty:
        return
    choices = pool["name"].map(lambda v: normalise_name(v, keep_type=False)).tolist()
    for i in open_:
        query = normalise_name(table.at[i, "label"] or table.at[i, "code"], keep_type=False)
        if not query:
            continue
        hits = process.extract(
            query, choices, scorer=fuzz.token_sort_ratio, score_cutoff=SUGGESTION_CUTOFF, limit=3
        )
        if not hits:
            continue
        report.candidates[i] = "; ".join(
            f"{pool['region'].iat[j]} {pool['name'].iat[j]} ({s:.0f})" for _, s, j in hits
        )
        if len(hits) > 1 and hits[0][1] - hits[1][1] < AMBIGUITY_MARGIN:
            report.status[i], report.rule[i] = "ambiguous", "close fuzzy candidates"
        else:
            report.status[i], report.rule[i] = "suggested", "fuzzy name; confirm it"
            report.found[i] = pool["region"].iat[hits[0][2]]
        report.score[i] = hits[0][1]


def _mapping_lookup(
    mapping: pd.DataFrame, known: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """code -> region from a user's mapping table, and code -> why for the rows that name a
    region the boundaries do not have (reported; the rest applies)."""
    if not {"code", "region"} <= set(mapping.columns):
        raise InputError(
            "error.matching.mapping_columns",
            file="mapping",
        )
    table = mapping[["code", "region"]].astype("string").apply(lambda c: c.str.strip())
    table = table[table["code"].fillna("").ne("") & table["region"].fillna("").ne("")]
    unknown = ~table["region"].isin(known)
    absent = {
        code: f"mapping file row {row + 2} names region {region!r}, not in the boundaries"
        for row, code, region in zip(
            table.index[unknown], table["code"][unknown], table["region"][unknown], strict=True
        )
    }
    fixed = table[~unknown]
    return dict(zip(fixed["code"], fixed["region"], strict=True)), absent


def accept_suggestions(report: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    """The report with the suggestions for `codes` (all when None) confirmed as matches."""
    out = report.copy()
    chosen = out["status"].eq("suggested")
    if codes is not None:
        chosen &= out["code"].isin(codes)
    out.loc[chosen, "status"] = "matched"
    out.loc[chosen, "rule"] = "fuzzy name, accepted"
    return out


def region_mapping(report: pd.DataFrame) -> dict[str, str]:
    """table code -> boundary region for the confirmed rows of a matching report."""
    rows = report[(report["status"] == "matched") & report["region"].notna()]
    return dict(zip(rows["code"], rows["region"], strict=True))


def apply_mapping(employment: pd.DataFrame, report: pd.DataFrame) -> pd.DataFrame:
    """Employment relabelled to boundary ids; rows of unmatched regions are dropped.

    Several table regions confirmed onto one boundary region are summed (missing stays missing).
    """
    mapping = region_mapping(report)
    out = employment.assign(region=employment["region"].astype(str).map(mapping))
    out = out[out["region"].notna()]
    keys = [c for c in ("region", "activity", "year") if c in out]
    if not out.duplicated(keys).any():
        return out.reset_index(drop=True)
    return out.groupby(keys, as_index=False, sort=False)["employment"].sum(min_count=1)


def matching_summary(report: pd.DataFrame) -> pd.Series:
    """How many rows of the report fall in each status."""
    return report["status"].value_counts()

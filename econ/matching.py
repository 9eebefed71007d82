"""Matching a table's region codes or names to the boundary regions, with a report to fix by hand.

Order: codes (as given, then without leading zeros), normalised names (case, ё/е, spacing,
region-type words such as "область"/"обл."/"oblast", word order, "г."/"город", Russian→Latin
transliteration), then fuzzy suggestions (rapidfuzz) that the user must confirm.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from econ.errors import InputError

REPORT_COLUMNS = ["code", "label", "region", "region_name", "status", "score", "candidates"]
MATCHED = ("code", "name", "mapping", "accepted")
SUGGESTION_CUTOFF = 75.0
AMBIGUITY_MARGIN = 3.0

CYRILLIC = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщыэюяъьё",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "h",
            "c",
            "ch",
            "sh",
            "sh",
            "i",
            "e",
            "iu",
            "ia",
            "",
            "",
            "e",
        ],
        strict=True,
    )
)
# Latin spelling variants folded the same way on both sides (kh/h, ts/c, y/i/j, double letters).
LATIN_FOLDS = (
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("sch", "sh"),
    ("shch", "sh"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
    ("ya", "ia"),
    ("yu", "iu"),
    ("'", ""),
    ("ie", "e"),
)
# Region-type words, each to one canonical token; "city" words and prepositions are dropped.
TYPE_WORDS = {
    "область": "oblast",
    "обл": "oblast",
    "oblast": "oblast",
    "oblast'": "oblast",
    "region": "oblast",
    "obl": "oblast",
    "край": "krai",
    "kray": "krai",
    "krai": "krai",
    "territory": "krai",
    "республика": "resp",
    "респ": "resp",
    "resp": "resp",
    "rep": "resp",
    "respublika": "resp",
    "republic": "resp",
    "автономный": "ao",
    "автономная": "ao",
    "округ": "ao",
    "ао": "ao",
    "autonomous": "ao",
    "okrug": "ao",
    "district": "ao",
    "ao": "ao",
    "aok": "ao",
}
DROPPED = {
    "г",
    "город",
    "city",
    "gorod",
    "of",
    "the",
    "федерального",
    "значения",
    "federal",
    "significance",
    "g",
}


def transliterate(text: str) -> str:
    """Russian letters to a plain Latin spelling (one of many; folding makes the rest agree)."""
    return "".join(CYRILLIC.get(ch, ch) for ch in text)


def _fold(token: str) -> str:
    for old, new in LATIN_FOLDS:
        token = token.replace(old, new)
    return re.sub(r"(.)\1", r"\1", token)


def normalise_name(name: object, *, keep_type: bool = True) -> str:
    """A comparison key for a region name: lower case, ё→е, punctuation and "г." dropped,
    type words canonical ("обл." = "область" = "oblast"), transliterated and word-order free.

    "Республика Татарстан", "Татарстан Республика" and "Respublika Tatarstan" share one key.
    """
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return ""
    text = str(name).lower().replace("ё", "е")
    text = re.sub(r"[\"'«»“”()\[\].,;:/\\–—\-]+", " ", text)
    tokens = []
    for token in text.split():
        if token in DROPPED:
            continue
        canonical = TYPE_WORDS.get(token)
        if canonical is not None:
            if keep_type:
                tokens.append(canonical)
            continue
        tokens.append(_fold(transliterate(token)))
    return " ".join(sorted(dict.fromkeys(tokens)))


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


def match_regions(
    table_regions: pd.DataFrame | pd.Series,
    regions: pd.DataFrame,
    *,
    mapping: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The matching report: one row per table region and one per boundary region left without data.

    `table_regions` has `code` (the table's region value) and optionally `label` (a name column);
    `regions` has the boundary `region, name`. `mapping` (columns `code, region`, as in a report
    the user filled in) overrides everything else. Columns: code, label, region, region_name,
    status (code, name, mapping, suggested, ambiguous, unmatched, no_data), score, candidates.
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
    n = len(table)
    found = pd.Series([None] * n, dtype=object)
    status = pd.Series(["unmatched"] * n, dtype=object)
    score = pd.Series([np.nan] * n, dtype=float)
    candidates = pd.Series([""] * n, dtype=object)

    def assign(mask: np.ndarray, value: pd.Series, kind: str, points: float) -> None:
        open_ = mask & found.isna().to_numpy()
        found[open_] = value[open_]
        status[open_] = kind
        score[open_] = points

    if mapping is not None:
        fixed = _mapping_lookup(mapping, set(names))
        assign(table["code"].isin(fixed).to_numpy(), table["code"].map(fixed), "mapping", 100.0)
    exact = table["code"].where(table["code"].isin(names))
    assign(exact.notna().to_numpy(), exact, "code", 100.0)
    by_code, _ = _unique_lookup(boundary["region"].map(_code_key), boundary["region"])
    loose = table["code"].map(_code_key).map(by_code)
    assign(loose.notna().to_numpy(), loose, "code", 100.0)
    for keep_type in (True, False):
        by_name, repeated = _unique_lookup(
            boundary["name"].map(lambda v, k=keep_type: normalise_name(v, keep_type=k)),
            boundary["region"],
        )
        for source in ("label", "code"):
            keys = table[source].map(lambda v, k=keep_type: normalise_name(v, keep_type=k))
            assign(keys.map(by_name).notna().to_numpy(), keys.map(by_name), "name", 100.0)
            several = keys.map(repeated)
            open_ = several.notna().to_numpy() & found.isna().to_numpy() & (status == "unmatched")
            status[open_] = "ambiguous"
            candidates[open_] = several[open_].map(
                lambda ids: "; ".join(f"{i} {names[i]}" for i in ids)
            )
    _suggest(table, boundary, found, status, score, candidates)
    report = pd.DataFrame(
        {
            "code": table["code"],
            "label": table["label"],
            "region": found.where(status.isin(MATCHED)),
            "region_name": found.where(status.isin(MATCHED)).map(names),
            "status": status,
            "score": score,
            "candidates": candidates,
        }
    )
    suggested = status == "suggested"
    report.loc[suggested, "region"] = found[suggested]
    report.loc[suggested, "region_name"] = found[suggested].map(names)
    missing = boundary[~boundary["region"].isin(report["region"].dropna())]
    rest = pd.DataFrame(
        {
            "code": "",
            "label": "",
            "region": missing["region"],
            "region_name": missing["name"],
            "status": "no_data",
            "score": np.nan,
            "candidates": "",
        }
    )
    return pd.concat([report, rest], ignore_index=True)[REPORT_COLUMNS]


def _suggest(table, boundary, found, status, score, candidates) -> None:
    """Fuzzy suggestions (rapidfuzz token-sort ratio) for table regions still unmatched."""
    open_ = np.flatnonzero(found.isna().to_numpy() & (status == "unmatched").to_numpy())
    taken = set(found.dropna())
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
        listed = "; ".join(
            f"{pool['region'].iat[j]} {pool['name'].iat[j]} ({s:.0f})" for _, s, j in hits
        )
        candidates[i] = listed
        score[i] = hits[0][1]
        if len(hits) > 1 and hits[0][1] - hits[1][1] < AMBIGUITY_MARGIN:
            status[i] = "ambiguous"
        else:
            status[i] = "suggested"
            found[i] = pool["region"].iat[hits[0][2]]


def _mapping_lookup(mapping: pd.DataFrame, known: set[str]) -> dict[str, str]:
    """code -> region from a user's mapping table; unknown regions are an error naming the row."""
    if not {"code", "region"} <= set(mapping.columns):
        raise InputError(
            "the mapping table needs the columns code and region "
            "(download the matching report, fill in region, upload it)",
            file="mapping",
        )
    table = mapping[["code", "region"]].astype("string").apply(lambda c: c.str.strip())
    table = table[table["code"].fillna("").ne("") & table["region"].fillna("").ne("")]
    unknown = ~table["region"].isin(known)
    if unknown.any():
        row = int(table.index[unknown.to_numpy()][0])
        raise InputError(
            f"region {table['region'][unknown].iloc[0]!r} is not in the boundaries",
            file="mapping",
            row=row + 2,
            column="region",
        )
    return dict(zip(table["code"], table["region"], strict=True))


def accept_suggestions(report: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    """The report with the suggestions for `codes` (all when None) confirmed as matches."""
    out = report.copy()
    chosen = out["status"].eq("suggested")
    if codes is not None:
        chosen &= out["code"].isin(codes)
    out.loc[chosen, "status"] = "accepted"
    return out


def region_mapping(report: pd.DataFrame) -> dict[str, str]:
    """table code -> boundary region for the confirmed rows of a matching report."""
    rows = report[report["status"].isin(MATCHED) & report["region"].notna()]
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

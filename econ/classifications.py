"""Default cluster categories for activity codes: NACE Rev. 2 / OKVED 2, NAICS and SOC.

A code at any depth maps by its prefix to a shipped grouping in `data/classifications/`: NACE
division (`C10.11`, `10.11`, `10.1`, `10`, `01.11.1`, `0111`), NAICS 3-digit subsector (`311`,
`3111`, `311111`; NAICS 2017 subsectors that 2022 retired still map) and SOC major group
(`15-1252`, named as in the demo). A whole NACE section maps to its section-level category
(`nace2_sections.csv`: C is manufacturing as a whole, D and E utilities), unless the table lists
its divisions too; a whole NAICS sector maps only when all of it falls in one category. Column
labels that print a section's title (Rosstat's `обрабатывающие производства`, Eurostat's
`Manufacturing`) are recognised as the section. A user's `activity, cluster` table overrides the
default, by exact code or by code prefix. The category grouping is this project's own default;
users can replace it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from econ.errors import InputError
from econ.structure import strip_footnote

DATA = Path(__file__).resolve().parent.parent / "data"
CLASSIFICATIONS = DATA / "classifications"
SOC_GROUPS = DATA / "demo" / "activities.csv"

SCHEMES = ("nace", "naics", "soc")
DISPLAY = {"nace": "NACE/OKVED", "naics": "NAICS", "soc": "SOC"}
ALIASES = {"okved": "nace", "okved2": "nace", "nace2": "nace", "naics2022": "naics"}
TABLES = (
    "clusters",
    "nace2_sections",
    "nace2_divisions",
    "naics2022_sectors",
    "naics2022_subsectors",
    "naics2017_retired_subsectors",
)

# Why a code has no cluster, as reported in `ClusterAssignment.unmatched`.
REASONS = {
    "missing_code": "the activity code is empty",
    "bad_format": "the code does not have the form of a code in this classification",
    "too_coarse": "the section or sector spans several cluster categories",
    "unknown_code": "no such code in this classification",
    "subtotal": "the section's divisions are listed too, so the section is their subtotal",
    "not_in_table": "the code fits no classification and is not in the uploaded cluster table",
}

# A section letter around a title (`C Manufacturing`, `Раздел С. …`, `C - …`, `Manufacturing (C)`)
# and a letter alone as a code (`Раздел C`, `Section C`); Cyrillic look-alike letters accepted.
LETTER = r"(?P<letter>[A-UАВСЕНКМОРТХ])"
SECTION_PREFIX = re.compile(
    rf"^\s*(?:(?:раздел|section)\s*)?{LETTER}(?:\s*[-–—.:)]\s*|\s+)(?=\S)", re.IGNORECASE
)
SECTION_SUFFIX = re.compile(rf"\s*\(\s*(?:(?:раздел|section)\s*)?{LETTER}\s*\)\s*$", re.IGNORECASE)
SECTION_CODE = re.compile(rf"^\s*(?:(?:раздел|section)\s*)?{LETTER}\s*[.:]?\s*$", re.IGNORECASE)
SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+\s*$")
LOOKALIKES = str.maketrans("АВСЕНКМОРТХавсенкмортх", "ABCEHKMOPTXabcehkmoptx")

# The grouping a normalised code is matched by (whole code, prefix), as `ClusterAssignment.level`.
LEVELS = {
    "nace": ("section", "division"),
    "naics": ("sector", "subsector"),
    "soc": ("major_group", "major_group"),
}
WHOLE_KEYS = {"nace": r"[A-U]", "naics": r"\d{2}(?:-\d{2})?", "soc": r"$^"}

# Code shapes, matched after stripping spaces and upper-casing. Named groups are the parts kept.
SHAPES = {
    "nace": r"^(?P<section>[A-U])?\s*(?:(?P<division>\d{1,2})(?P<rest>(?:\.\d{1,2}){0,2})"
    r"|(?P<run>\d{2,6}))?$",
    "naics": r"^(?:(?P<run>\d{2,6})|(?P<first>\d{2})\s*[-–]\s*(?P<last>\d{2}))$",
    "soc": r"^(?P<major>\d{2})(?:-?(?P<detail>\d{4})(?:\.\d{2})?)?$",
}


@dataclass(frozen=True)
class Grouping:
    """How one classification's normalised codes map to clusters.

    `prefixes` maps the first `depth` digits of a code (NACE division, NAICS subsector, SOC
    major group) to its cluster; `whole` maps coarser codes that are matched whole (NACE
    sections by their section-level category, NAICS sectors when they fall in one cluster);
    `coarse` holds the NAICS sectors that do not.
    """

    depth: int
    prefixes: dict[str, str]
    whole: dict[str, str] = field(default_factory=dict)
    coarse: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClusterAssignment:
    """Clusters of a set of activity codes, with what could not be assigned.

    `clusters`: `activity, cluster, source` (`override` or `default`), one row per activity
    that has a cluster; `unmatched`: `activity, reason` (a key of `REASONS`) for the rest;
    `unused_overrides`: rows of the user's table that matched no activity; `level`: the shipped
    grouping the codes were matched by (`section`, `division`, `sector`, `subsector`,
    `major_group`, `mixed` when several; None without a classification).
    """

    scheme: str | None
    clusters: pd.DataFrame
    unmatched: pd.DataFrame
    unused_overrides: pd.DataFrame
    level: str | None = None

    def activities(self) -> pd.DataFrame:
        """`activity, cluster, cluster_en, cluster_ru` for `Dataset.activities`.

        Categories the shipped tables do not name (a user's own) keep their id as name.
        """
        table = self.clusters[["activity", "cluster"]].copy()
        for language in ("en", "ru"):
            table[f"cluster_{language}"] = (
                table["cluster"].map(cluster_names(language)).fillna(table["cluster"])
            )
        return table

    def report(self, labels: Mapping[str, str] | pd.Series | None = None) -> pd.DataFrame:
        """`activity, label, cluster, status, reason` for the quality report and the CLI.

        One row per activity: `assigned` (reason: the grouping that decided) or `unassigned`
        (reason: why, from `REASONS`); and one per row of the user's cluster table that matched
        no activity (`unused`). `labels` maps an activity to the label its table printed;
        otherwise the classification's English name stands in, else the code.
        """
        assigned = self.clusters
        unused = self.unused_overrides
        rows = pd.concat(
            [
                assigned[["activity", "cluster"]].assign(
                    status="assigned", reason=self._grouping_reasons()
                ),
                self.unmatched[["activity"]].assign(
                    cluster=None, status="unassigned", reason=self.unmatched["reason"].map(REASONS)
                ),
                unused[["activity", "cluster"]].assign(
                    status="unused", reason="the cluster table names an activity the table lacks"
                ),
            ],
            ignore_index=True,
        ).astype(object)
        label = rows["activity"].map(labels) if labels is not None else None
        if self.scheme is not None:
            named = activity_names(rows["activity"], "en", self.scheme)
            label = named if label is None else label.fillna(named)
        rows["label"] = rows["activity"] if label is None else label.fillna(rows["activity"])
        return rows[["activity", "label", "cluster", "status", "reason"]]

    def _grouping_reasons(self) -> list[str]:
        """What decided each assigned activity's cluster: the user's table or a shipped grouping."""
        if self.scheme is None:
            levels = pd.Series(pd.NA, index=self.clusters.index, dtype=object)
        else:
            levels = _levels(normalise(self.clusters["activity"], self.scheme), self.scheme)
        return [
            "uploaded cluster table"
            if source == "override"
            else f"{DISPLAY[self.scheme]} {level.replace('_', ' ')} grouping"
            for source, level in zip(self.clusters["source"], levels, strict=True)
        ]


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(CLASSIFICATIONS / f"{name}.csv", dtype=str, keep_default_na=False)


def classification_table(name: str) -> pd.DataFrame:
    """A shipped table from data/classifications/ by file stem (one of `TABLES`), as text."""
    if name not in TABLES:
        raise ValueError(f"unknown classification table {name!r}; choose one of {TABLES}")
    return _read(name).copy()


@cache
def _soc_major_groups() -> pd.DataFrame:
    groups = pd.read_csv(
        SOC_GROUPS, dtype=str, usecols=["major_group", "major_name", "major_name_ru"]
    )
    return groups.drop_duplicates("major_group").assign(major=lambda g: g["major_group"].str[:2])


def cluster_names(language: str = "en") -> dict[str, str]:
    """Display names of every shipped category (NACE/NAICS clusters and SOC major groups)."""
    clusters = _read("clusters")
    names = dict(zip(clusters["cluster"], clusters[f"name_{language}"], strict=True))
    soc = _soc_major_groups()
    column = "major_name" if language == "en" else f"major_name_{language}"
    return names | dict(zip(soc["major_name"], soc[column], strict=True))


def _sole_cluster(parts: pd.DataFrame, key: str) -> tuple[dict[str, str], frozenset[str]]:
    """Coarse codes (`key`) whose parts share one cluster, and those whose parts do not."""
    counts = parts.groupby(key)["cluster"].agg(["nunique", "first"])
    single = counts["nunique"] == 1
    return dict(counts.loc[single, "first"]), frozenset(counts.index[~single])


def _sector_parts(sector: str) -> list[str]:
    """A NAICS sector and the two-digit codes it may be written as (`31-33`: 31, 32, 33)."""
    first, _, last = sector.partition("-")
    return [sector] + [f"{n:02d}" for n in range(int(first), int(last or first) + 1)]


@cache
def grouping(scheme: str) -> Grouping:
    """The default mapping of `scheme` (`nace`, `naics` or `soc`), loaded once."""
    if scheme == "nace":
        divisions = _read("nace2_divisions").set_index("code")["cluster"].to_dict()
        sections = _read("nace2_sections").set_index("code")["cluster"].to_dict()
        return Grouping(2, divisions, sections)
    if scheme == "naics":
        current = _read("naics2022_subsectors")
        whole, coarse = _sole_cluster(current, "sector")
        subsectors = pd.concat([current, _read("naics2017_retired_subsectors")])
        return Grouping(
            3,
            subsectors.set_index("code")["cluster"].to_dict(),
            {part: c for sector, c in whole.items() for part in _sector_parts(sector)},
            frozenset(part for sector in coarse for part in _sector_parts(sector)),
        )
    if scheme == "soc":
        soc = _soc_major_groups()
        return Grouping(2, soc.set_index("major")["major_name"].to_dict())
    raise ValueError(f"unknown classification {scheme!r}; choose one of {SCHEMES}")


@cache
def _division_sections() -> dict[str, str]:
    """NACE division (two digits) -> its section letter."""
    divisions = _read("nace2_divisions")
    return dict(zip(divisions["code"], divisions["section"], strict=True))


def _section_key(text: str) -> str:
    """A section title for comparison: lower case, ё/е, punctuation and spacing folded."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower().replace("ё", "е")).split())


@cache
def _section_titles() -> dict[str, str]:
    """Every printed title of a NACE Rev. 2 / OKVED 2 section (Russian and English) -> letter.

    Raises ValueError when two sections share a title, which would make the lookup guess.
    """
    titles: dict[str, str] = {}
    for row in _read("nace2_sections").itertuples():
        for title in [row.name_en, row.name_ru, *row.variants.split("|")]:
            key = _section_key(title)
            if key and titles.setdefault(key, row.code) != row.code:
                raise ValueError(
                    f"section title {title!r} is given to {titles[key]} and {row.code}"
                )
    return titles


def _label_text(label: object) -> str:
    """A column label without footnote marks (`1)`, `*`, `¹`), soft hyphens and outer spaces."""
    text = SUPERSCRIPTS.sub("", str(label).replace("\u00ad", ""))
    return strip_footnote(text).strip()


def _letter(match: re.Match[str]) -> str:
    """The Latin section letter of a match (`С` typed in Cyrillic is `C`)."""
    return match.group("letter").translate(LOOKALIKES).upper()


def section_of_name(label: str) -> str | None:
    """The NACE Rev. 2 / OKVED 2 section letter of a column label that prints a section's title.

    As Rosstat (`обрабатывающие производства`, `Раздел C Обрабатывающие производства1)`) or
    Eurostat (`Manufacturing`, `C - Manufacturing`) print it, in any case, with ё or е, any
    punctuation or line breaks; older OKVED 1 / NACE Rev. 1.1 titles only where that section is
    the same (`Гостиницы и рестораны` is I). None for anything else: a bare letter (a code, see
    `recognise_activities`), a total, an OKVED 1 section of other scope (`Сельское хозяйство,
    охота и лесное хозяйство`), or a letter that contradicts the title (`B Construction`).
    """
    text = _label_text(label)
    titles = _section_titles()
    found = titles.get(_section_key(text))
    if found is not None:
        return found
    for pattern in (SECTION_PREFIX, SECTION_SUFFIX):
        match = pattern.search(text)
        if match:
            title = text[: match.start()] + text[match.end() :]
            found = titles.get(_section_key(title))
            return found if found == _letter(match) else None
    return None


def _code_of_label(label: str) -> str:
    """The activity code a label prints: footnote marks dropped, `Раздел C` or Cyrillic `С` as
    `C`."""
    text = _label_text(label)
    match = SECTION_CODE.match(text)
    return _letter(match) if match else text


def _fits(codes: pd.Series, scheme: str | None) -> pd.Series:
    """True where a code has the written form of `scheme` (of any classification when None)."""
    schemes = SCHEMES if scheme is None else (scheme,)
    fits = pd.Series(False, index=codes.index)
    for name in schemes:
        fits |= normalise(codes, name).notna().to_numpy()
    return fits


def recognise_activities(labels: pd.Series) -> pd.DataFrame:
    """How a table names its activities: `label, activity, scheme, how`, one row per label.

    `how` is `section_name` (a section's title: `activity` its letter, `scheme` nace), `code`
    (the code as printed, footnote marks dropped: `10.11`, `C10.11`; `Раздел C`, `С` as `C`;
    `scheme` the classification the table's codes fit best, None when that stays undecided) or
    `unrecognised` (`Всего`, a region, an own code: `activity` is the label, stripped). The
    label stays the activity's display name.
    """
    labels = pd.Series(pd.unique(labels.astype(str)), name="label", dtype=object)
    letters = labels.map(section_of_name)
    named = letters.notna()
    codes = letters.where(named, labels.map(_code_of_label))
    try:
        scheme = detect_scheme(codes)
    except InputError:
        scheme = None
    coded = ~named & _fits(codes, scheme)
    known = named | coded
    return pd.DataFrame(
        {
            "label": labels,
            "activity": codes.where(known, labels.str.strip()),
            "scheme": pd.Series(np.where(named, "nace", scheme), dtype=object).where(known),
            "how": np.select([named, coded], ["section_name", "code"], "unrecognised"),
        }
    ).replace({np.nan: None})


@cache
def _code_names(scheme: str, language: str) -> tuple[dict[str, str], dict[str, str], int]:
    """Names of `scheme`'s codes in `language`: whole codes by normalised key, prefixes, depth."""
    column = f"name_{language}"
    if scheme == "nace":
        sections = _read("nace2_sections").set_index("code")[column].to_dict()
        return sections, _read("nace2_divisions").set_index("code")[column].to_dict(), 2
    if scheme == "naics":
        sectors = _read("naics2022_sectors")
        whole = {
            part: name
            for code, name in zip(sectors["code"], sectors[column], strict=True)
            for part in _sector_parts(code)
        }
        subsectors = pd.concat(
            [_read("naics2017_retired_subsectors"), _read("naics2022_subsectors")]
        )
        return whole, subsectors.set_index("code")[column].to_dict(), 3
    groups = _soc_major_groups()
    major = "major_name" if language == "en" else f"major_name_{language}"
    whole = dict(zip(groups["major"], groups[major], strict=True))
    whole |= {f"{code}0000": name for code, name in whole.items()}
    if language == "en":
        detailed = pd.read_csv(SOC_GROUPS, dtype=str, usecols=["activity", "name"])
        whole |= dict(zip(detailed["activity"].str.replace("-", ""), detailed["name"], strict=True))
    return whole, {}, 2


def activity_names(codes: pd.Series, language: str = "en", scheme: str | None = None) -> pd.Series:
    """The official name of each activity code in `language` (`en` or `ru`), for legends.

    NACE/OKVED: the section (`B`: Mining and quarrying) or the division of a finer code
    (`10.11`: Manufacture of food products); NAICS: the sector or subsector; SOC: the occupation
    (English only) or major group. `scheme` is guessed from the codes when None; NA where a code
    has no name (or the codes fit no classification).
    """
    if language not in ("en", "ru"):
        raise ValueError(f"unknown language {language!r}; choose en or ru")
    names = pd.Series(pd.NA, index=codes.index, dtype=object, name="name")
    if scheme is None:
        try:
            scheme = detect_scheme(codes)
        except InputError:
            return names
    scheme = _scheme_name(scheme)
    whole, prefixes, depth = _code_names(scheme, language)
    keys = normalise(codes, scheme)
    by_prefix = keys.str[:depth].where(keys.str.len() >= depth).map(prefixes)
    found = keys.map(whole).fillna(by_prefix)
    return names.where(found.isna(), found.astype(object))


def _levels(keys: pd.Series, scheme: str) -> pd.Series:
    """The shipped grouping each normalised code is matched by (`LEVELS`); NA for no key."""
    whole, prefix = LEVELS[scheme]
    coarse = keys.str.fullmatch(WHOLE_KEYS[scheme]).fillna(False).astype(bool)
    return pd.Series(np.where(coarse, whole, prefix), index=keys.index, dtype=object).where(
        keys.notna()
    )


def _scheme_name(scheme: str) -> str:
    name = ALIASES.get(scheme.lower(), scheme.lower())
    if name not in SCHEMES:
        raise InputError(
            "error.classification.unknown",
            params={"scheme": repr(scheme)},
            column="activity",
        )
    return name


def _text(codes: pd.Series) -> pd.Series:
    """Codes as stripped text; whole numbers read from a spreadsheet lose their `.0`."""
    if pd.api.types.is_float_dtype(codes) and (codes.dropna() % 1 == 0).all():
        codes = codes.astype("Int64")
    return codes.astype("string").str.strip()


def normalise(codes: pd.Series, scheme: str) -> pd.Series:
    """Codes in the form the groupings use (NA where a code does not fit `scheme`).

    NACE/OKVED: the digits without dots or section letter (`C10.11` -> `1011`, `1.1` -> `011`),
    or the section letter alone (`C`); NAICS: the digits, or a sector range as `31-33`;
    SOC: major group and detail digits (`15-1252` -> `151252`).
    """
    scheme = _scheme_name(scheme)
    parts = _text(codes).str.upper().str.extract(SHAPES[scheme])
    if scheme == "nace":
        dotted = parts["division"].str.zfill(2) + parts["rest"].str.replace(".", "", regex=False)
        digits = parts["run"].fillna(dotted)
        return digits.fillna(parts["section"])
    if scheme == "naics":
        return parts["run"].fillna(parts["first"] + "-" + parts["last"])
    return parts["major"] + parts["detail"].fillna("")


def _blank(codes: pd.Series) -> pd.Series:
    """True where a code is missing or only spaces."""
    return codes.isna() | (_text(codes) == "")


def _match(codes: pd.Series, scheme: str | None) -> pd.DataFrame:
    """Normalised `key`, default `cluster` and, where none, `reason` of each code.

    With no scheme (codes the user's cluster table alone describes) nothing matches.
    """
    if scheme is None:
        reason = pd.Series("not_in_table", index=codes.index, dtype=object).mask(
            _blank(codes), "missing_code"
        )
        return pd.DataFrame({"key": pd.NA, "cluster": None, "reason": reason}).astype(
            {"key": "string"}
        )
    table = grouping(scheme)
    keys = normalise(codes, scheme)
    by_prefix = keys.str[: table.depth].where(keys.str.len() >= table.depth).map(table.prefixes)
    whole = keys.map(table.whole)
    cluster = whole.where(whole.notna(), by_prefix)
    reason = pd.Series("unknown_code", index=codes.index, dtype=object)
    reason[keys.isin(table.coarse)] = "too_coarse"
    if scheme == "nace":
        listed = set(keys.dropna().str[:2].map(_division_sections()).dropna())
        subtotal = keys.str.fullmatch("[A-U]").fillna(False) & keys.isin(listed)
        cluster = cluster.mask(subtotal.to_numpy())
        reason[subtotal.to_numpy()] = "subtotal"
    reason[keys.isna()] = "bad_format"
    reason[_blank(codes)] = "missing_code"
    return pd.DataFrame({"key": keys, "cluster": cluster, "reason": reason.where(cluster.isna())})


def cluster_of(codes: pd.Series, scheme: str) -> pd.Series:
    """Default cluster of each code under `scheme` (NaN where none), aligned with `codes`."""
    distinct = pd.Series(codes.dropna().unique())
    found = _match(distinct, _scheme_name(scheme))
    return codes.map(dict(zip(distinct, found["cluster"], strict=True))).rename("cluster")


def _recognised(codes: pd.Series, scheme: str) -> int:
    """How many codes `scheme` knows, including sections or sectors too coarse to map."""
    found = _match(codes, scheme)
    return int((found["cluster"].notna() | found["reason"].eq("too_coarse")).sum())


def _shape_votes(codes: pd.Series) -> dict[str, int]:
    """How many codes are written the way each classification writes them."""
    text = _text(codes).str.upper()
    return {
        "nace": int(text.str.contains(r"\.|^[A-U](?:\s*\d|$)", regex=True).sum()),
        "naics": int(text.str.fullmatch(r"\d{3,6}|\d{2}\s*[-–]\s*\d{2}").sum()),
        "soc": int(text.str.fullmatch(r"\d{2}-\d{4}(?:\.\d{2})?").sum()),
    }


def detect_scheme(codes: pd.Series) -> str:
    """Guess the classification of `codes`: the one that knows most of them.

    Ties (as for `3110`, NACE furniture or NAICS food) go to the one whose written form the codes
    follow: dots or a section letter (alone or before digits) for NACE/OKVED, plain 3-6 digits
    for NAICS, `15-1252` for SOC. Raises `InputError` when no classification knows the codes or
    the guess stays a tie.
    """
    distinct = pd.Series(codes.dropna().unique())
    known = {scheme: _recognised(distinct, scheme) for scheme in SCHEMES}
    best = max(known.values())
    if best == 0:
        examples = ", ".join(map(str, distinct.head(3)))
        raise InputError(
            "error.classification.no_fit",
            params={"examples": examples},
            column="activity",
        )
    tied = [scheme for scheme in SCHEMES if known[scheme] == best]
    votes = _shape_votes(distinct)
    most = max(votes[scheme] for scheme in tied)
    leaders = [scheme for scheme in tied if votes[scheme] == most]
    if len(leaders) > 1:
        names = [DISPLAY[scheme] for scheme in leaders]
        raise InputError(
            "error.classification.tie",
            params={"schemes": ", ".join(names[:-1]), "last": names[-1]},
            column="activity",
        )
    return leaders[0]


def _checked_overrides(overrides: pd.DataFrame, source: str) -> pd.DataFrame:
    """The user's `activity, cluster` rows, stripped; one clear error for a malformed table.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    missing = [column for column in ("activity", "cluster") if column not in overrides.columns]
    if missing:
        raise InputError(
            "error.clusters.needs_columns",
            params={"found": ", ".join(map(str, overrides.columns))},
            file=source,
            column=missing[0],
        )
    table = pd.DataFrame(
        {
            "activity": _text(overrides["activity"]).to_numpy(),
            "cluster": _text(overrides["cluster"]).to_numpy(),
            "row": range(2, len(overrides) + 2),
        }
    )
    for column in ("activity", "cluster"):
        empty = table[table[column].isna() | (table[column] == "")]
        if len(empty):
            raise InputError(
                f"error.clusters.empty_{column}",
                file=source,
                row=int(empty["row"].iloc[0]),
                column=column,
            )
    rows = table.drop_duplicates(["activity", "cluster"])
    clash = rows[rows.duplicated("activity")]
    if len(clash):
        first = clash.iloc[0]
        raise InputError(
            "error.clusters.one_row",
            params={"activity": str(first["activity"])},
            file=source,
            row=int(first["row"]),
            column="cluster",
        )
    return rows.drop(columns="row").reset_index(drop=True).astype(object)


def _override(
    codes: pd.Series, keys: pd.Series, rules: pd.DataFrame, scheme: str | None
) -> tuple[pd.Series, set[str]]:
    """The user's cluster for each code (exact code first, then the longest matching prefix)
    and the override activities that matched some code."""
    stripped = _text(codes)
    exact = dict(zip(rules["activity"], rules["cluster"], strict=True))
    cluster = stripped.map(exact).astype(object)
    used = set(stripped[cluster.notna()])
    if scheme is None:
        return cluster, used
    keyed = rules.assign(key=normalise(rules["activity"], scheme)).dropna(subset="key")
    for length in sorted(keyed["key"].str.len().unique(), reverse=True):
        level = keyed[keyed["key"].str.len() == length]
        prefix = keys.str[:length].map(dict(zip(level["key"], level["cluster"], strict=False)))
        hit = cluster.isna() & prefix.notna()
        cluster[hit] = prefix[hit]
        used |= set(level.loc[level["key"].isin(set(keys[hit].str[:length])), "activity"])
    return cluster, used


def assign_clusters(
    activities: pd.Series | pd.DataFrame,
    scheme: str | None = None,
    overrides: pd.DataFrame | None = None,
    *,
    overrides_source: str = "cluster table",
) -> ClusterAssignment:
    """Cluster of every activity code: the user's `overrides` first, then the shipped default.

    `activities` is a Series of codes or a table with an `activity` column; `scheme` is
    `nace` (or `okved`), `naics` or `soc`, guessed with `detect_scheme` when None. When the codes
    fit no classification and `overrides` are given, only the overrides apply. Codes that get no
    cluster are listed in `unmatched` with the reason, never dropped silently; `report()` lists
    both. Sections get their section-level category whether the table lists only sections
    (`level` `section`) or sections beside divisions of other sections (`mixed`).
    """
    column = activities["activity"] if isinstance(activities, pd.DataFrame) else activities
    codes = pd.Series(pd.unique(column), name="activity")
    rules = None if overrides is None else _checked_overrides(overrides, overrides_source)
    if scheme is not None:
        scheme = _scheme_name(scheme)
    elif rules is None:
        scheme = detect_scheme(codes)
    else:
        try:
            scheme = detect_scheme(codes)
        except InputError:
            scheme = None
    default = _match(codes, scheme)
    cluster, source = default["cluster"], pd.Series("default", index=codes.index)
    unused = pd.DataFrame({"activity": [], "cluster": []}, dtype=object)
    if rules is not None:
        chosen, used = _override(codes, default["key"], rules, scheme)
        source[chosen.notna()] = "override"
        cluster = chosen.where(chosen.notna(), cluster)
        unused = rules[~rules["activity"].isin(used)].reset_index(drop=True)
    assigned = cluster.notna()
    levels = set() if scheme is None else set(_levels(default["key"], scheme).dropna())
    return ClusterAssignment(
        scheme=scheme,
        clusters=pd.DataFrame(
            {"activity": codes[assigned], "cluster": cluster[assigned], "source": source[assigned]}
        ).reset_index(drop=True),
        unmatched=pd.DataFrame(
            {"activity": codes[~assigned], "reason": default["reason"][~assigned]}
        ).reset_index(drop=True),
        unused_overrides=unused,
        level=levels.pop() if len(levels) == 1 else ("mixed" if levels else None),
    )

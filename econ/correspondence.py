"""Classification changes between years: comparable groups of old and new codes.

A correspondence table links each code of the old classification to the new codes its
activities went to (`old, new, main, note`). Codes joined by main links, directly or through
others, form one comparable group (the connected components of the old–new graph, as
concordances are applied in practice, e.g. Eurostat's NACE Rev. 1.1 → Rev. 2 tables and the
US Census Bureau's NAICS 2017 → 2022 concordance); employment is summed per group in every year
before years are compared. Minor links (`main = 0`) move a small part of an old code; they are
reported, not allocated. Shipped: NAICS 2017 → 2022 subsectors and NACE Rev. 1.1 / OKVED 1 →
NACE Rev. 2 / OKVED 2 sections (data/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from econ.dataset import Dataset
from econ.errors import InputError

CLASSIFICATIONS = Path(__file__).resolve().parent.parent / "data" / "classifications"
CORRESPONDENCES = {  # name: (file stem, digits the codes are cut to, or 0 for whole codes)
    "naics2017": ("naics2017_2022_subsectors", 3),
    "nace11": ("nace11_nace2_sections", 0),
    "okved1": ("nace11_nace2_sections", 0),
}
REPORT_COLUMNS = ["group", "old", "new", "change", "minor_moves"]


@dataclass(frozen=True)
class Correspondence:
    """Links `old, new, main, note` from an old classification's codes to a new one's."""

    links: pd.DataFrame
    digits: int = 0

    def key(self, codes: pd.Series) -> pd.Series:
        """Codes at the correspondence's level (NAICS cut to subsectors)."""
        text = codes.astype(str).str.strip()
        return text.str[: self.digits] if self.digits else text

    def groups(self, old: set[str], new: set[str]) -> tuple[dict[str, str], dict[str, str]]:
        """The comparable group of each old and each new code: connected components over the
        main links; codes without a link stand for themselves."""
        main = self.links[self.links["main"] == "1"]
        parent: dict[tuple[str, str], tuple[str, str]] = {}

        def root(node: tuple[str, str]) -> tuple[str, str]:
            parent.setdefault(node, node)
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for a, b in zip(main["old"], main["new"], strict=True):
            parent[root(("old", a))] = root(("new", b))
        members: dict[tuple[str, str], list[tuple[str, str]]] = {}
        nodes = {("old", c) for c in old} | {("new", c) for c in new} | set(parent)
        for node in nodes:
            members.setdefault(root(node), []).append(node)
        name = {
            top: "+".join(sorted({c for side, c in group if side == "new"}))
            or "+".join(sorted(c for _, c in group))
            for top, group in members.items()
        }
        old_group = {c: name[root(("old", c))] for c in old}
        new_group = {c: name[root(("new", c))] for c in new}
        return old_group, new_group


def correspondence(name: str) -> Correspondence:
    """A shipped correspondence by name (`naics2017`, `nace11`, `okved1`)."""
    if name not in CORRESPONDENCES:
        raise InputError(
            "error.correspondence.unknown",
            params={"name": repr(name), "choices": ", ".join(CORRESPONDENCES)},
        )
    stem, digits = CORRESPONDENCES[name]
    links = pd.read_csv(CLASSIFICATIONS / f"{stem}.csv", dtype=str, keep_default_na=False)
    return Correspondence(links, digits)


USER_COLUMNS = {  # role: accepted column names (lower case), first found wins
    "old": ("old", "from", "source", "старый", "старый код", "код_старый"),
    "new": ("new", "to", "target", "новый", "новый код", "код_новый"),
    "main": ("main", "основная", "основной"),
    "note": ("note", "примечание", "comment"),
}


def read_correspondence(
    path: str | Path, *, digits: int = 0, label: str | None = None
) -> Correspondence:
    """A published correspondence table the user brings: `old, new[, main, note]`.

    Eurostat's NACE Rev. 1.1 → Rev. 2 table, Rosstat's OKVED 1 → OKVED 2 key or a national
    concordance, one row per link (CSV or XLSX, dots in codes kept). Without `main` every link
    counts as a main one. With `digits`, codes of both sides are cut to that many characters
    (a class-level table used on division data: `15.11 → 10.11` becomes `15 → 10`); a cut link
    is main when any of its class links is.
    """
    from econ.tables import read_table

    raw = read_table(path, label=label)
    names = {str(c).strip().lower(): c for c in raw.frame.columns}
    found = {
        role: next((names[n] for n in accepted if n in names), None)
        for role, accepted in USER_COLUMNS.items()
    }
    for role in ("old", "new"):
        if found[role] is None:
            raise InputError(
                "error.correspondence.no_column",
                params={"role": repr(role), "found": ", ".join(map(str, raw.frame.columns))},
                file=raw.file,
                row=raw.header_row,
            )
    text = {
        role: raw.frame[column].fillna("").astype(str).str.strip()
        for role, column in found.items()
        if column is not None
    }
    links = pd.DataFrame(
        {
            "old": text["old"],
            "new": text["new"],
            "main": text.get("main", pd.Series("1", index=raw.frame.index)),
            "note": text.get("note", pd.Series("", index=raw.frame.index)),
        }
    )
    bad = ~links["main"].isin(["0", "1", ""])
    if bad.any():
        first = int(bad.to_numpy().argmax())
        raise InputError(
            "error.correspondence.main",
            params={"value": repr(links["main"][first])},
            file=raw.file,
            row=int(raw.file_row(first)),
            column=str(found["main"]),
        )
    links["main"] = links["main"].replace("", "1")
    links = links[(links["old"] != "") & (links["new"] != "")]
    if links.empty:
        raise InputError("error.correspondence.nothing_filled", file=raw.file)
    if digits:
        cut = links.assign(old=links["old"].str[:digits], new=links["new"].str[:digits])
        links = cut.groupby(["old", "new"], as_index=False, sort=True).agg(
            main=("main", "max"), note=("note", lambda n: "; ".join(x for x in n if x)[:200])
        )
    return Correspondence(links.reset_index(drop=True), digits)


def harmonise(
    employment: pd.DataFrame, links: Correspondence, old_years: list
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Employment of every year in comparable groups, and the report of what changed.

    `employment` is tidy with `year`; rows of `old_years` carry old codes, the others new ones.
    Each row's `activity` becomes its group (e.g. `449+455+…` for NAICS retail, `C` for NACE
    manufacturing) and cells are summed per region, group and year (missing stays missing when
    every part is missing). The report has one row per group that is not a plain one-to-one
    renaming of the same code: `group, old, new, change` (renamed, split, merged, split and
    merged) and `minor_moves`, the minor links of its old codes, left unallocated.
    """
    if "year" not in employment.columns:
        raise InputError("error.correspondence.no_year", column="year")
    code = links.key(employment["activity"])
    is_old = employment["year"].isin(old_years).to_numpy()
    old_group, new_group = links.groups(set(code[is_old]), set(code[~is_old]))
    group = code.where(~is_old, code.map(old_group)).where(is_old, code.map(new_group))
    keys = ["region", "year", "activity"]
    harmonised = (
        employment.assign(activity=group)
        .groupby(keys, sort=False, as_index=False)["employment"]
        .sum(min_count=1)
    )
    return harmonised, _report(links, old_group, new_group)


def _report(links: Correspondence, old_group: dict, new_group: dict) -> pd.DataFrame:
    """One row per changed group: its old and new codes, the kind of change, minor moves."""
    minor = links.links[links.links["main"] == "0"]
    rows = []
    for group in sorted(set(old_group.values()) | set(new_group.values())):
        old = sorted(c for c, g in old_group.items() if g == group)
        new = sorted(c for c, g in new_group.items() if g == group)
        moves = minor[minor["old"].isin(old)]
        if old == new and moves.empty:
            continue
        change = "renamed" if len(old) == len(new) == 1 else ""
        if not change:
            change = {
                (True, False): "merged",
                (False, True): "split",
            }.get((len(old) > 1 and len(new) <= 1, len(old) <= 1 and len(new) > 1), "")
        change = change or ("split and merged" if old and new else "only in one period")
        notes = "; ".join(
            f"{o} → {n}: {note}" for o, n, note in moves[["old", "new", "note"]].values
        )
        rows.append(
            {
                "group": group,
                "old": " ".join(old),
                "new": " ".join(new),
                "change": change if old != new else "same code",
                "minor_moves": notes,
            }
        )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def group_clusters(
    harmonised: pd.DataFrame, clusters: pd.DataFrame, links: Correspondence
) -> pd.DataFrame:
    """`activity, cluster` for the groups: the one cluster all of a group's new codes share
    in `clusters`, else the group itself (a cluster of its own)."""
    groups = pd.Series(harmonised["activity"].unique(), name="activity")
    mapping = clusters.assign(code=links.key(clusters["activity"])).drop_duplicates("code")
    cluster_of = dict(zip(mapping["code"], mapping["cluster"], strict=True))

    def one(group: str) -> str:
        found = {cluster_of.get(code) for code in group.split("+")}
        return found.pop() if len(found) == 1 and None not in found else group

    return pd.DataFrame({"activity": groups, "cluster": groups.map(one)})


def comparable_dataset(
    data: Dataset, links: Correspondence, old_years: list
) -> tuple[Dataset, pd.DataFrame]:
    """`data` in groups comparable across a classification change: employment, a yearly
    reference and wages harmonised (`harmonise`; a group's wage is the employment-weighted mean
    of its parts' known wages), each group in the one cluster its new codes share; and the
    report of the groups that split or merged."""
    employment, report = harmonise(data.employment, links, old_years)
    reference = data.reference
    if reference is not None and "year" in reference.columns:
        reference, _ = harmonise(reference.assign(region=""), links, old_years)
        reference = reference.drop(columns="region")
    activities = group_clusters(employment, data.clusters, links)
    wages = data.wages
    if wages is not None and "year" in wages.columns:
        keys = ["region", "activity", "year"]
        paid = data.employment[keys + ["employment"]].merge(wages[keys + ["wage"]], on=keys)
        paid = paid[paid["employment"].notna() & paid["wage"].notna()]
        staff, _ = harmonise(paid[keys + ["employment"]], links, old_years)
        bill = paid.assign(employment=paid["employment"] * paid["wage"])[keys + ["employment"]]
        bill, _ = harmonise(bill, links, old_years)
        wages = staff.merge(bill, on=keys, suffixes=("", "_bill"))
        wages["wage"] = wages["employment_bill"] / wages["employment"]
        wages = wages[keys + ["wage"]]
    changed = replace(
        data, employment=employment, activities=activities, reference=reference, wages=wages
    )
    return changed, report

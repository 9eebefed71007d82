"""Declared priorities tested against the evidence, the strengths a declared list lacks, and the
regions that share a region's priorities.

The audit puts each declared priority (`econ.declared`) beside what the data measures for its
region and category: LQ and cluster stars (European Cluster Observatory; `econ.stars`), size,
growth and life-cycle stage when the data has years (`econ.dynamics`, `econ.stages`),
relatedness density to the region's strengths (Hidalgo et al. 2007; Balland et al. 2019),
complexity (mean PCI of the category's activities; Hidalgo & Hausmann 2009) and membership of a
cross-border cluster zone (`econ.links`). A stated rule set turns that into a verdict; the other
direction lists measured strengths and junction candidates (`econ.junctions`; Foray 2015) that
the declared list does not contain. Policy reviews of cluster programmes (e.g. the OECD's 2013
"Innovation-driven Growth in Regions: The Role of Smart Specialisation") find declared lists that
miss promising related activities and keep declining ones: this is the check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from econ.dataset import Dataset
from econ.errors import Phrase
from econ.junctions import category_strength
from econ.links import border_links, cluster_zones
from econ.priorities import priorities
from econ.stages import staged_change

VERDICTS = ("strength", "growth point", "emerging option", "weak evidence", "declining — check")
VERDICT_NAMES = {
    "en": {v: v for v in VERDICTS},
    "ru": {
        "strength": "сильная сторона",
        "growth point": "точка роста",
        "emerging option": "перспективная возможность",
        "weak evidence": "слабые основания",
        "declining — check": "спад — проверить",
    },
}
AUDIT_COLUMNS = [
    "region",
    "priority",
    "cluster",
    "lq",
    "stars",
    "growth",
    "stage",
    "density",
    "complexity",
    "verdict",
    "reason",
]
MISSING_COLUMNS = ["region", "cluster", "kind", "score", "reason"]
SHARED_COLUMNS = ["region", "cluster", "basis", "partner", "partner_basis", "borders"]
BORDER_KINDS = ("queen", "rook")
STAGE_NAMES = {
    "en": {
        "emerging": "emerging",
        "growing": "growing",
        "mature": "mature",
        "declining": "declining",
    },
    "ru": {
        "emerging": "зарождение",
        "growing": "рост",
        "mature": "зрелость",
        "declining": "упадок",
    },
}
TEXT = {
    "en": {
        "strength": "{stars}, LQ {lq} ≥ {strength_lq}: an established specialisation",
        "growth point": "LQ {lq} ≥ {near_lq}, {growth}: a specialisation forming",
        "option density": "LQ {lq}, density {density} ≥ {option_density}: related to the region's "
        "strengths",
        "option complexity": "LQ {lq} ≥ {near_lq}, complexity {complexity} ≥ {option_complexity}: "
        "close to strong and complex",
        "weak evidence": "LQ {lq}, {stars}, density {density}: little measured support",
        "no data": "no employment in this category in the data",
        "declining — check": "{growth}, LQ {lq}: check before supporting",
        "growth": "growth {value}",
        "stage": "stage {stage}",
        "no stars": "no star",
        "unreliable": " (unreliable cell)",
        "zone": "; cross-border zone with {members}",
        "missing strength": "{stars}, LQ {lq}: a measured strength not in the declared list",
        "missing junction": "junction of {a} and {b} (relatedness {relatedness}, density "
        "{density}): {missing} not declared",
    },
    "ru": {
        "strength": "{stars}, LQ {lq} ≥ {strength_lq}: сложившаяся специализация",
        "growth point": "LQ {lq} ≥ {near_lq}, {growth}: специализация складывается",
        "option density": "LQ {lq}, плотность {density} ≥ {option_density}: связано с сильными "
        "сторонами региона",
        "option complexity": "LQ {lq} ≥ {near_lq}, сложность {complexity} ≥ {option_complexity}: "
        "близко к сильной стороне и сложно",
        "weak evidence": "LQ {lq}, {stars}, плотность {density}: мало измеримых оснований",
        "no data": "в данных нет занятости в этой категории",
        "declining — check": "{growth}, LQ {lq}: проверить перед поддержкой",
        "growth": "рост {value}",
        "stage": "стадия «{stage}»",
        "no stars": "без звёзд",
        "unreliable": " (ненадёжная ячейка)",
        "zone": "; межрегиональная зона с {members}",
        "missing strength": "{stars}, LQ {lq}: измеренная сильная сторона, которой нет в списке",
        "missing junction": "стык {a} и {b} (связанность {relatedness}, плотность {density}): "
        "{missing} нет в списке",
    },
}
RULES = {
    "min_stars": 1,
    "strength_lq": 1.0,
    "near_lq": 0.8,
    "growth_min": 0.05,
    "decline_growth": -0.05,
    "option_density": 0.5,
    "option_complexity": 0.0,
}


def number(value: object, digits: int = 2, language: str = "en", *, sign: bool = False) -> str:
    """A number as the language writes it (`1,234.50`, `1 234,50`); `—` when missing."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{float(value):{'+' if sign else ''},.{digits}f}".replace("-", "−")
    if language == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def percent(value: object, language: str = "en") -> str:
    """A fraction as a signed percentage (`+12.5 %`, `+12,5 %`)."""
    if value is None or pd.isna(value):
        return "—"
    return f"{number(float(value) * 100, 1, language, sign=True)}\u00a0%"


@dataclass(frozen=True)
class Evidence:
    """What the data measures per region × category, for the audit and the dossier.

    `table`: `econ.junctions.category_strength` of the latest year (`region, cluster,
    employment, share_of_region, share_of_reference, lq, reliable, *_star, stars, strong,
    near`); `change`: `region, cluster, growth, lq_change, stage` (None with one year);
    `density`: regions × categories relatedness density; `complexity`: category -> mean PCI;
    `junctions`: `econ.junctions` candidates with explanations; `zones`: `zone, cluster,
    region`; `neighbours`: contiguity pairs `region_a, region_b[, kind]`; `regions`: `region,
    eci, diversity` (`econ.complexity`); `note`: the method.
    """

    table: pd.DataFrame
    change: pd.DataFrame | None
    density: pd.DataFrame
    complexity: pd.Series
    junctions: pd.DataFrame
    zones: pd.DataFrame
    neighbours: pd.DataFrame
    regions: pd.DataFrame
    note: Phrase


def gather_evidence(
    data: Dataset,
    *,
    pairs: pd.DataFrame | None = None,
    min_stars: int = 1,
    near_lq: float = 0.8,
    link_lq: float = 1.25,
    language: str = "en",
) -> Evidence:
    """Every measure the audit reads, computed once for all regions of `data`.

    `pairs` are neighbour pairs (`geo.adjacency`); without them there are no zones. Zones link
    neighbours both with LQ >= `link_lq` in a category (as `cli.py links` by default).
    """
    result = priorities(data, min_stars=min_stars, near_lq=near_lq, language=language)
    table = category_strength(result.categories, min_stars=min_stars, near_lq=near_lq)
    mapping = data.clusters.drop_duplicates("activity").set_index("activity")["cluster"]
    pci = result.activities.set_index(result.activities.columns[0])["pci"]
    complexity = pci.groupby(pci.index.map(mapping)).mean()
    change = None
    if len(data.years) >= 2:
        moved = staged_change(data)
        change = moved[["region", "cluster", "growth", "lq_change", "stage"]]
    neighbours = pd.DataFrame(columns=["region_a", "region_b", "kind"])
    zones = pd.DataFrame({"zone": pd.Series(dtype="int64"), "cluster": [], "region": []})
    if pairs is not None:
        neighbours = pairs
        zones = cluster_zones(border_links(result.categories, pairs, min_lq=link_lq))
    return Evidence(
        table=table,
        change=change,
        density=result.category_density,
        complexity=complexity,
        junctions=result.junctions,
        zones=zones,
        neighbours=neighbours,
        regions=result.regions,
        note=result.note,
    )


def facts(cells: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """`cells` (`region, cluster`, …) with every measured fact beside it: `employment, lq,
    reliable, stars, growth, lq_change, stage, density, complexity`, and `zone_members` (the
    other regions of its cross-border zone, a list)."""
    measured = evidence.table[["region", "cluster", "employment", "lq", "reliable", "stars"]]
    out = cells.merge(measured, on=["region", "cluster"], how="left")
    if evidence.change is not None:
        out = out.merge(evidence.change, on=["region", "cluster"], how="left")
    else:
        out = out.assign(growth=np.nan, lq_change=np.nan, stage=None)
    dense = evidence.density.rename_axis(index="region", columns="cluster").stack(future_stack=True)
    out = out.merge(dense.rename("density").reset_index(), on=["region", "cluster"], how="left")
    out["complexity"] = out["cluster"].map(evidence.complexity)
    zones = evidence.zones
    members = zones.merge(zones, on=["zone", "cluster"], suffixes=("", "_other"))
    members = members[members["region"] != members["region_other"]]
    grouped = members.groupby(["region", "cluster"])["region_other"].agg(sorted)
    keys = pd.MultiIndex.from_frame(out[["region", "cluster"]])
    out["zone_members"] = [
        list(v) if isinstance(v, list) else [] for v in grouped.reindex(keys).to_numpy()
    ]
    out["stars"] = out["stars"].astype("Int64")
    return out


def verdicts(
    cells: pd.DataFrame,
    *,
    min_stars: int = RULES["min_stars"],
    strength_lq: float = RULES["strength_lq"],
    near_lq: float = RULES["near_lq"],
    growth_min: float = RULES["growth_min"],
    decline_growth: float = RULES["decline_growth"],
    option_density: float = RULES["option_density"],
    option_complexity: float = RULES["option_complexity"],
) -> pd.DataFrame:
    """The verdict of each row of a `facts` table, and which rule gave it (`verdict, rule`).

    The first rule that holds decides:

    1. `declining — check`: life-cycle stage `declining`, or growth ≤ `decline_growth` (−5 %
       over the period); needs two years, never reached on one;
    2. `strength`: at least `min_stars` stars, LQ ≥ `strength_lq` and a reliable cell;
    3. `growth point`: LQ ≥ `near_lq` and stage `emerging`/`growing` or growth ≥ `growth_min`;
    4. `emerging option` (`rule` `option density` or `option complexity`): relatedness
       density to the region's strengths ≥ `option_density`, or LQ ≥ `near_lq` with
       complexity ≥ `option_complexity`;
    5. `weak evidence` (`rule` `no data` when the region has no employment in it): the rest.
    """
    lq, growth, stage = cells["lq"], cells["growth"], cells["stage"]
    declining = stage.eq("declining") | growth.le(decline_growth)
    stars = pd.to_numeric(cells["stars"], errors="coerce").fillna(0)
    strong = stars.ge(min_stars) & lq.ge(strength_lq) & cells["reliable"].eq(True)
    rising = stage.isin(["emerging", "growing"]) | growth.ge(growth_min)
    growing = lq.ge(near_lq) & rising
    dense = cells["density"].ge(option_density)
    complex_ = lq.ge(near_lq) & cells["complexity"].ge(option_complexity)
    rule = np.select(
        [
            declining,
            strong,
            growing,
            dense,
            complex_,
            lq.isna() | cells["employment"].fillna(0).eq(0),
        ],
        [
            "declining — check",
            "strength",
            "growth point",
            "option density",
            "option complexity",
            "no data",
        ],
        default="weak evidence",
    )
    verdict = pd.Series(rule, index=cells.index).replace(
        {
            "option density": "emerging option",
            "option complexity": "emerging option",
            "no data": "weak evidence",
        }
    )
    return pd.DataFrame({"verdict": verdict, "rule": rule}, index=cells.index)


def _stars(count: object, text: Mapping[str, str]) -> str:
    return "★" * int(count) if pd.notna(count) and int(count) > 0 else text["no stars"]


def _movement(row: pd.Series, text: Mapping[str, str], language: str) -> str:
    """`growth +12.0 %` and/or `stage growing`, as far as the data says."""
    parts = []
    if pd.notna(row["growth"]):
        parts.append(text["growth"].format(value=percent(row["growth"], language)))
    if isinstance(row["stage"], str):
        stage = STAGE_NAMES[language].get(row["stage"], row["stage"])
        parts.append(text["stage"].format(stage=stage))
    return ", ".join(parts) or "—"


def reasons(
    cells: pd.DataFrame,
    rules: pd.Series,
    *,
    language: str = "en",
    region_names: Mapping[str, str] | None = None,
    **thresholds: float,
) -> pd.Series:
    """One line per row of a `facts` table saying why its rule (`verdicts`' `rule`) held."""
    text = TEXT.get(language, TEXT["en"])
    limits = {**RULES, **thresholds}
    names = region_names or {}

    def line(row: pd.Series, rule: str) -> str:
        values = {
            "lq": number(row["lq"], 2, language),
            "stars": _stars(row["stars"], text),
            "density": number(row["density"], 2, language),
            "complexity": number(row["complexity"], 2, language),
            "growth": _movement(row, text, language),
            **{name: number(value, 2, language) for name, value in limits.items()},
        }
        said = text[rule].format(**values)
        if rule in ("weak evidence", "option density") and not (
            pd.notna(row["reliable"]) and bool(row["reliable"])
        ):
            said += text["unreliable"]
        if row["zone_members"]:
            members = ", ".join(names.get(r, r) for r in row["zone_members"])
            said += text["zone"].format(members=members)
        return said

    return pd.Series(
        [line(row, rule) for (_, row), rule in zip(cells.iterrows(), rules, strict=True)],
        index=cells.index,
        dtype=object,
    )


def audit(
    declared: pd.DataFrame,
    evidence: Evidence,
    *,
    language: str = "en",
    region_names: Mapping[str, str] | None = None,
    **rules: float,
) -> pd.DataFrame:
    """Each declared priority (`econ.declared.Declared.table`) with its evidence and verdict.

    Columns: `AUDIT_COLUMNS`, then `employment`, `reliable`, `zone_members`, `rule`, `row` and
    `kind`/`source` when declared. `rules` are the thresholds of `verdicts`; `reason` is in
    `language` (`en`, `ru`).
    """
    keep = [c for c in ("row", "region", "priority", "kind", "source", "cluster") if c in declared]
    cells = facts(declared[keep].reset_index(drop=True), evidence)
    judged = verdicts(cells, **rules)
    cells["verdict"] = judged["verdict"]
    cells["rule"] = judged["rule"]
    cells["reason"] = reasons(
        cells, judged["rule"], language=language, region_names=region_names, **rules
    )
    extra = [c for c in cells.columns if c not in AUDIT_COLUMNS and c not in ("lq_change",)]
    return cells[[*AUDIT_COLUMNS, *extra]]


def missing_priorities(
    declared: pd.DataFrame,
    evidence: Evidence,
    *,
    regions: list[str] | None = None,
    junctions: int = 3,
    language: str = "en",
    cluster_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """What the declared list of each region lacks: `region, cluster, kind, score, reason`.

    `kind` `strength`: a measured strength (`econ.junctions.category_strength`, reliable) not
    declared, `score` its LQ; `junction`: one of the region's best `junctions` candidates with
    a side not declared, `cluster` that side (the weaker one when both are missing), `score`
    the junction score (0–1). `regions` default to those of `declared`.
    """
    text = TEXT.get(language, TEXT["en"])
    names = cluster_names or {}
    chosen = sorted(set(declared["region"])) if regions is None else list(regions)
    held = set(zip(declared["region"], declared["cluster"], strict=True))
    rows: list[tuple] = []
    table = evidence.table[evidence.table["region"].isin(chosen)]
    strong = table[table["strong"] & table["reliable"].eq(True)]
    strong = strong.sort_values(["region", "stars", "lq"], ascending=[True, False, False])
    for cell in strong.itertuples():
        if (cell.region, cell.cluster) in held:
            continue
        reason = text["missing strength"].format(
            stars=_stars(cell.stars, text), lq=number(cell.lq, 2, language)
        )
        rows.append((cell.region, cell.cluster, "strength", float(cell.lq), reason))
    candidates = evidence.junctions[evidence.junctions["region"].isin(chosen)]
    for region, group in candidates.groupby("region", sort=True):
        taken = 0
        for cell in group.sort_values("score", ascending=False).itertuples():
            if taken >= junctions:
                break
            absent = [c for c in (cell.cluster_b, cell.cluster_a) if (region, c) not in held]
            if not absent:
                continue
            taken += 1
            reason = text["missing junction"].format(
                a=names.get(cell.cluster_a, cell.cluster_a),
                b=names.get(cell.cluster_b, cell.cluster_b),
                relatedness=number(cell.relatedness, 2, language),
                density=number(cell.density_b, 2, language),
                missing=" + ".join(names.get(c, c) for c in absent),
            )
            rows.append((region, absent[0], "junction", float(cell.score), reason))
    out = pd.DataFrame(rows, columns=MISSING_COLUMNS)
    order = out["kind"].map({"strength": 0, "junction": 1})
    return (
        out.assign(order=order)
        .sort_values(["region", "order"], kind="stable")[MISSING_COLUMNS]
        .reset_index(drop=True)
    )


def shared_priorities(declared: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """For each region's declared or measured strength, the other regions sharing it.

    `basis` and `partner_basis` are `declared`, `measured` (a reliable strength) or `both`;
    `borders` is True when the two regions share a border (contiguity pairs, not an island's
    distance fallback). Columns: `SHARED_COLUMNS` — the partner search of interregional and
    macro-regional strategies.
    """
    said = declared[["region", "cluster"]].drop_duplicates().assign(said=True)
    table = evidence.table
    shown = table.loc[table["strong"] & table["reliable"].eq(True), ["region", "cluster"]]
    both = said.merge(shown.assign(shown=True), on=["region", "cluster"], how="outer")
    both["basis"] = np.select(
        [both["said"].eq(True) & both["shown"].eq(True), both["said"].eq(True)],
        ["both", "declared"],
        default="measured",
    )
    cells = both[["region", "cluster", "basis"]]
    pairs = cells.merge(cells, on="cluster", suffixes=("", "_partner"))
    pairs = pairs[pairs["region"] != pairs["region_partner"]]
    pairs = pairs.rename(columns={"region_partner": "partner", "basis_partner": "partner_basis"})
    neighbours = evidence.neighbours
    if "kind" in neighbours.columns:
        neighbours = neighbours[neighbours["kind"].isin(BORDER_KINDS)]
    touching = {(a, b) for a, b in zip(neighbours["region_a"], neighbours["region_b"], strict=True)}
    pairs["borders"] = [
        (a, b) in touching or (b, a) in touching
        for a, b in zip(pairs["region"], pairs["partner"], strict=True)
    ]
    ordered = pairs.sort_values(
        ["region", "cluster", "borders", "partner"], ascending=[True, True, False, True]
    )
    return ordered[SHARED_COLUMNS].reset_index(drop=True)

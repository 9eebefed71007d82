"""Junction candidates: pairs of related cluster categories a region could build on together.

A junction is a pair of categories related above a threshold where the region is strong in one
and close to strong in the other, or strong in both (the "junction of clusters" of smart
specialisation: Foray 2015; related variety, Frenken, Van Oort & Verburg 2007). Each candidate is
scored on relatedness, combined employment, the relatedness density of its weaker side and
complexity, and explained in one line built from those numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from econ.errors import Phrase

SCORE_PARTS = ("relatedness", "employment", "density_b", "complexity")

TEMPLATES = {
    "en": {
        "strong": "{name} ({stars}LQ {lq})",
        "near": "{name} (LQ {lq}, density {density})",
        "stars": "{stars}, ",
        "line": "{a} and {b} are related ({symbol} {relatedness}); bridging activities: {bridges}",
        "none": "none missing",
    },
    "ru": {
        "strong": "{name} ({stars}LQ {lq})",
        "near": "{name} (LQ {lq}, плотность {density})",
        "stars": "{stars}, ",
        "line": "{a} и {b} связаны ({symbol} {relatedness}); связующие виды деятельности: "
        "{bridges}",
        "none": "все уже есть",
    },
}


def category_strength(
    table: pd.DataFrame, *, min_stars: int = 1, strong_lq: float = 1.25, near_lq: float = 0.8
) -> pd.DataFrame:
    """Mark each region × category cell `strong` or `near` (close to strong).

    With a `stars` column (econ.stars) a category is strong when it holds at least `min_stars`
    stars and LQ >= 1 (size alone is not specialisation); without it, when LQ >= `strong_lq`.
    `near` is any other category with LQ >= `near_lq`.
    """
    marked = table.copy()
    if "stars" in marked.columns:
        marked["strong"] = marked["stars"].ge(min_stars) & marked["lq"].ge(1.0)
    else:
        marked["strong"] = marked["lq"].ge(strong_lq)
    marked["near"] = ~marked["strong"] & marked["lq"].ge(near_lq)
    return marked


def strength_rule(table: pd.DataFrame, *, min_stars: int = 1, strong_lq: float = 1.25) -> Phrase:
    """Which rule `category_strength` applied to `table`, as a catalogue phrase."""
    if "stars" in table.columns:
        return Phrase("note.strong_stars", {"stars": min_stars})
    return Phrase("note.strong_lq", {"lq": float(strong_lq)})


def junction_candidates(
    strength: pd.DataFrame,
    relatedness: pd.DataFrame,
    density: pd.DataFrame,
    complexity: pd.Series,
    *,
    min_relatedness: float = 0.5,
) -> pd.DataFrame:
    """Every region's junction candidates, scored.

    `strength` is a `category_strength` table (`region, cluster, employment, lq, strong, near`
    [, `stars`]); `relatedness` a category × category matrix; `density` the regions × categories
    relatedness density; `complexity` a Series category -> complexity (e.g. mean PCI). Side `a`
    is the stronger side (strong, higher LQ), side `b` the weaker. `score` is the mean of the
    percentile ranks, over all candidates, of relatedness, combined employment, `density_b` and
    complexity (the mean of both sides').
    """
    cells = strength.assign(stars=strength.get("stars", np.nan))
    keep = ["region", "cluster", "employment", "lq", "stars", "strong", "near"]
    side_a = cells.loc[cells["strong"], keep]
    side_b = cells.loc[cells["strong"] | cells["near"], keep]
    pairs = side_a.merge(side_b, on="region", suffixes=("_a", "_b"))
    stronger = pairs["strong_b"].to_numpy() & (
        (pairs["lq_b"] > pairs["lq_a"])
        | ((pairs["lq_b"] == pairs["lq_a"]) & (pairs["cluster_b"] < pairs["cluster_a"]))
    )
    pairs = pairs[(pairs["cluster_a"] != pairs["cluster_b"]) & ~stronger]
    phi = relatedness.stack(future_stack=True).rename("relatedness")
    phi.index.names = ["cluster_a", "cluster_b"]
    pairs = pairs.merge(phi.reset_index(), on=["cluster_a", "cluster_b"], how="left")
    pairs = pairs[pairs["relatedness"].ge(min_relatedness)].copy()
    pairs["kind"] = np.where(pairs["strong_b"], "strong-strong", "strong-near")
    pairs["employment"] = pairs["employment_a"].fillna(0) + pairs["employment_b"].fillna(0)
    weaker = density.rename_axis(index="region", columns="cluster_b").stack(future_stack=True)
    pairs = pairs.merge(
        weaker.rename("density_b").reset_index(), on=["region", "cluster_b"], how="left"
    )
    pairs["complexity"] = (
        pairs["cluster_a"].map(complexity).to_numpy() + pairs["cluster_b"].map(complexity)
    ) / 2
    ranks = pairs[list(SCORE_PARTS)].rank(pct=True)
    pairs["score"] = ranks.mean(axis=1, skipna=True)
    columns = [
        "region",
        "cluster_a",
        "cluster_b",
        "relatedness",
        "score",
        "kind",
        "employment",
        "lq_a",
        "lq_b",
        "stars_a",
        "stars_b",
        "density_b",
        "complexity",
    ]
    ordered = pairs[columns].sort_values(["region", "score"], ascending=[True, False])
    return ordered.reset_index(drop=True)


def bridge_relatedness(relatedness: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Mean relatedness of each activity to the other members of each category (activities ×
    categories), from an activity × activity relatedness matrix."""
    mapping = clusters.drop_duplicates("activity").set_index("activity")["cluster"]
    units = relatedness.index[relatedness.index.isin(mapping.index)]
    member = pd.get_dummies(mapping.reindex(units)).astype("float64")
    phi = relatedness.loc[units, units].to_numpy(dtype="float64", copy=True)
    np.fill_diagonal(phi, 0.0)
    others = member.sum().to_numpy()[None, :] - member.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (np.nan_to_num(phi) @ member.to_numpy()) / np.where(others > 0, others, np.nan)
    return pd.DataFrame(mean, index=units, columns=member.columns)


def bridging_activities(
    candidates: pd.DataFrame,
    presence: pd.DataFrame,
    bridges: pd.DataFrame,
    clusters: pd.DataFrame,
    *,
    top: int = 3,
) -> pd.Series:
    """For each candidate, up to `top` activities of its two categories the region does not yet
    hold (RCA < 1), ranked by min(relatedness to side a, relatedness to side b): what would
    join the two. `bridges` is `bridge_relatedness`; returns lists of activity codes."""
    mapping = clusters.drop_duplicates("activity").set_index("activity")["cluster"]
    result = pd.Series([[] for _ in range(len(candidates))], index=candidates.index, dtype=object)
    for (a, b), group in candidates.groupby(["cluster_a", "cluster_b"], sort=False):
        members = bridges.index[bridges.index.map(mapping).isin([a, b])]
        reach = np.minimum(bridges.loc[members, a], bridges.loc[members, b]).to_numpy()
        held = presence.reindex(index=group["region"], columns=members).fillna(0).to_numpy()
        ranked = np.where(held > 0, -np.inf, np.nan_to_num(reach, nan=-np.inf)[None, :])
        order = np.argsort(-ranked, axis=1, kind="stable")[:, :top]
        picked = np.take_along_axis(ranked, order, axis=1) > -np.inf
        labels = members.to_numpy()[order]
        result.loc[group.index] = [list(row[ok]) for row, ok in zip(labels, picked, strict=True)]
    return result


def explain(
    candidates: pd.DataFrame,
    *,
    cluster_names: Mapping[str, str] | None = None,
    activity_names: Mapping[str, str] | None = None,
    symbol: str = "φ",
    language: str = "en",
) -> pd.Series:
    """One line per candidate built from its numbers, e.g. "Production (★★, LQ 1.42) and
    Transportation (LQ 0.91, density 0.38) are related (φ 0.64); bridging activities: …"."""
    text = TEMPLATES.get(language, TEMPLATES["en"])
    clusters, activities = cluster_names or {}, activity_names or {}

    def side(row: pd.Series, key: str) -> str:
        name = clusters.get(row[f"cluster_{key}"], row[f"cluster_{key}"])
        lq = f"{row[f'lq_{key}']:.2f}"
        stars = row[f"stars_{key}"]
        if key == "a" or row["kind"] == "strong-strong":
            counted = text["stars"].format(stars="★" * int(stars)) if stars > 0 else ""
            return text["strong"].format(name=name, stars=counted, lq=lq)
        return text["near"].format(name=name, lq=lq, density=f"{row['density_b']:.2f}")

    def line(row: pd.Series) -> str:
        codes = row.get("bridges") or []
        bridges = ", ".join(activities.get(code, code) for code in codes) or text["none"]
        return text["line"].format(
            a=side(row, "a"),
            b=side(row, "b"),
            symbol=symbol,
            relatedness=f"{row['relatedness']:.2f}",
            bridges=bridges,
        )

    if candidates.empty:
        return pd.Series(dtype=str)
    return candidates.apply(line, axis=1)

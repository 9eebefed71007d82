"""Links between regions: cross-border clusters and their zones, partner regions, flows.

Every function takes the region × cluster table (`region, cluster, employment, lq[, stars]`, as
`econ.stars.region_cluster` or `location_quotients(unit="cluster")` return it) and, for links
along borders, the neighbour pairs `region_a, region_b[, kind]` of `geo.adjacency`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from econ.errors import InputError, Phrase
from econ.tables import VALUE_PROBLEMS, parse_numbers

LINK_COLUMNS = ["region_a", "region_b", "cluster", "weight"]
ZONE_COLUMNS = ["zone", "cluster", "region"]
PARTNER_COLUMNS = ["region", "partner", "similarity", "shared", "complementary"]
FLOW_COLUMNS = ["origin", "destination", "value"]
PROBLEM_KEYS = {  # a flow problem's catalogue key, for the message in the user's language
    "unknown region id": "error.flows.unknown_region",
    **VALUE_PROBLEMS,
}
SIMILARITIES = ("lq", "slq", "stars")
SEPARATOR = "; "


def specialised(
    table: pd.DataFrame, *, min_lq: float = 1.0, min_stars: int | None = None
) -> pd.Series:
    """True where a region is specialised in a category: LQ >= `min_lq`, or, when `min_stars`
    is given, at least that many cluster stars (European Cluster Observatory)."""
    if min_stars is not None:
        if "stars" not in table.columns:
            raise ValueError("the table has no `stars` column: compute stars first")
        return table["stars"].ge(min_stars)
    return table["lq"].ge(min_lq)


def border_links(
    table: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    min_lq: float = 1.0,
    min_stars: int | None = None,
    kinds: Iterable[str] = ("queen", "rook"),
) -> pd.DataFrame:
    """Neighbouring regions both specialised in the same category: `region_a, region_b, cluster,
    weight`, with weight the smaller of the two regions' employment in the category.

    Only pairs of the given contiguity `kinds` count (islands joined by a distance fallback share
    no border); pairs without a `kind` column all count.
    """
    if "kind" in pairs.columns:
        pairs = pairs[pairs["kind"].isin(list(kinds))]
    strong = table.loc[
        specialised(table, min_lq=min_lq, min_stars=min_stars), ["region", "cluster", "employment"]
    ]
    links = (
        pairs[["region_a", "region_b"]]
        .merge(strong.add_suffix("_a"), left_on="region_a", right_on="region_a")
        .merge(
            strong.add_suffix("_b"),
            left_on=["region_b", "cluster_a"],
            right_on=["region_b", "cluster_b"],
        )
    )
    links = links.assign(
        cluster=links["cluster_a"],
        weight=np.fmin(links["employment_a"], links["employment_b"]),
    )
    return links[LINK_COLUMNS].sort_values(["cluster", "region_a", "region_b"], ignore_index=True)


def cluster_zones(links: pd.DataFrame) -> pd.DataFrame:
    """Interregional cluster zones: the connected groups of regions linked in one category.

    Returns `zone, cluster, region`, zones numbered from 1 by category, then by size (largest
    first), then by first region id.
    """
    if links.empty:
        return pd.DataFrame({"zone": pd.Series(dtype="int64"), "cluster": [], "region": []})
    ends = pd.concat(
        [
            links[["cluster", "region_a"]].rename(columns={"region_a": "region"}),
            links[["cluster", "region_b"]].rename(columns={"region_b": "region"}),
        ]
    )
    nodes = ends.drop_duplicates(ignore_index=True)
    code = pd.MultiIndex.from_frame(nodes[["cluster", "region"]])
    a = code.get_indexer(pd.MultiIndex.from_frame(links[["cluster", "region_a"]]))
    b = code.get_indexer(pd.MultiIndex.from_frame(links[["cluster", "region_b"]]))
    graph = coo_matrix((np.ones(len(links)), (a, b)), shape=(len(nodes), len(nodes)))
    _, component = connected_components(graph, directed=False)
    nodes = nodes.assign(component=component)
    summary = nodes.groupby("component").agg(
        cluster=("cluster", "first"), size=("region", "size"), first=("region", "min")
    )
    summary = summary.sort_values(["cluster", "size", "first"], ascending=[True, False, True])
    summary["zone"] = np.arange(1, len(summary) + 1)
    nodes = nodes.assign(zone=nodes["component"].map(summary["zone"]))
    return nodes[ZONE_COLUMNS].sort_values(["zone", "region"], ignore_index=True)


def zone_summary(
    zones: pd.DataFrame, table: pd.DataFrame, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per zone: `zone, cluster, regions` (count), `employment` (sum) and `members`."""
    joined = zones.merge(table[["region", "cluster", "employment"]], on=["region", "cluster"])
    labels = joined["region"].map(names or {}).fillna(joined["region"])
    grouped = joined.assign(label=labels).groupby(["zone", "cluster"], sort=True)
    return grouped.agg(
        regions=("region", "size"),
        employment=("employment", "sum"),
        members=("label", lambda labels: SEPARATOR.join(sorted(labels))),
    ).reset_index()


def similarity_matrix(
    table: pd.DataFrame, *, method: str = "lq", min_stars: int = 1
) -> pd.DataFrame:
    """Cosine similarity between regions' specialisation profiles (region × region).

    `lq`: cosine of LQ vectors; `slq`: of symmetric LQs (LQ-1)/(LQ+1) (Dalum, Laursen &
    Villumsen 1998), which weighs under- and over-representation alike; `stars`: of the sets of
    categories with at least `min_stars` stars (the Ochiai coefficient). Missing LQs count as 0.
    """
    if method not in SIMILARITIES:
        raise ValueError(f"method must be one of {SIMILARITIES}, not {method!r}")
    profile = table.pivot_table(index="region", columns="cluster", values="lq", dropna=False)
    if method == "slq":
        profile = (profile - 1) / (profile + 1)
    elif method == "stars":
        stars = table.pivot_table(index="region", columns="cluster", values="stars", dropna=False)
        profile = stars.ge(min_stars).astype(float)
    vectors = profile.fillna(0.0).to_numpy()
    norms = np.linalg.norm(vectors, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = vectors / norms[:, None]
    cosine = np.nan_to_num(unit) @ np.nan_to_num(unit).T
    cosine[norms == 0, :] = np.nan
    cosine[:, norms == 0] = np.nan
    return pd.DataFrame(cosine, index=profile.index, columns=profile.index)


def partner_regions(
    table: pd.DataFrame,
    *,
    k: int = 5,
    method: str = "lq",
    regions: Iterable[str] | None = None,
    min_lq: float = 1.0,
    min_stars: int | None = None,
) -> pd.DataFrame:
    """The `k` most similar regions anywhere for each region (or for the given `regions`).

    `shared` lists the categories both are specialised in (by `min_lq`, or `min_stars`), strongest
    first by the smaller LQ; `complementary` those where exactly one of the two is, by the larger
    LQ. Returns `region, partner, similarity, shared, complementary` (lists joined by "; ").
    """
    similarity = similarity_matrix(table, method=method, min_stars=min_stars or 1)
    chosen = similarity.index if regions is None else pd.Index([str(r) for r in regions])
    unknown = chosen.difference(similarity.index)
    if len(unknown):
        raise InputError("error.links.unknown_region", params={"regions": ", ".join(unknown[:5])})
    pairs = (
        similarity.loc[chosen]
        .rename_axis(index="region", columns="partner")
        .stack(future_stack=True)
        .rename("similarity")
        .dropna()
        .reset_index()
    )
    pairs = pairs[pairs["region"] != pairs["partner"]]
    pairs = pairs.sort_values(["region", "similarity", "partner"], ascending=[True, False, True])
    top = pairs.groupby("region", sort=False).head(k).reset_index(drop=True)

    cells = table.assign(strong=specialised(table, min_lq=min_lq, min_stars=min_stars))
    cells = cells[["region", "cluster", "lq", "strong"]]
    both = top.merge(cells, on="region").merge(
        cells, left_on=["partner", "cluster"], right_on=["region", "cluster"], suffixes=("", "_p")
    )
    shared = both[both["strong"] & both["strong_p"]].assign(
        rank=lambda f: np.fmin(f["lq"], f["lq_p"])
    )
    complementary = both[both["strong"] ^ both["strong_p"]].assign(
        rank=lambda f: np.fmax(f["lq"], f["lq_p"])
    )
    top["shared"] = _joined(top, shared)
    top["complementary"] = _joined(top, complementary)
    return top[PARTNER_COLUMNS]


def check_flows(
    flows: pd.DataFrame,
    regions: Iterable[str],
    *,
    file: str | None = None,
    first_row: int = 2,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split user flows (`origin, destination, value[, category]`) into usable rows and problems.

    Problems (`row, column, value, problem`) are unknown region ids and values that are missing,
    not numbers or negative; `row` is the file row, the first data row being `first_row` (2 under
    a one-line header, as a spreadsheet shows it). Missing required columns raise InputError.
    """
    missing = [column for column in FLOW_COLUMNS if column not in flows.columns]
    if missing:
        raise InputError(
            "error.flows.columns",
            params={"columns": ", ".join(FLOW_COLUMNS), "missing": ", ".join(missing)},
            file=file,
        )
    known = pd.Index([str(region) for region in regions])
    rows = pd.Series(np.arange(len(flows)) + first_row, index=flows.index)
    ids = {column: flows[column].astype("string").str.strip() for column in FLOW_COLUMNS[:2]}
    parsed = parse_numbers(flows["value"])
    value_problem = parsed.problems.fillna(
        parsed.values.isna().map({True: "missing value", False: pd.NA})
    )
    found = [
        *(("unknown region id", column, ~ids[column].isin(known).fillna(False)) for column in ids),
        *(
            (problem, "value", value_problem.eq(problem).fillna(False))
            for problem in value_problem.dropna().unique()
        ),
    ]
    problems = pd.concat(
        [
            pd.DataFrame(
                {
                    "row": rows[bad],
                    "column": column,
                    "value": flows.loc[bad, column].astype(str),
                    "problem": problem,
                }
            )
            for problem, column, bad in found
        ],
        ignore_index=True,
    ).sort_values(["row", "column"], ignore_index=True)
    good = ~rows.isin(problems["row"]).to_numpy()
    clean = flows.loc[good].assign(
        origin=ids["origin"][good].astype(str),
        destination=ids["destination"][good].astype(str),
        value=parsed.values[good],
    )
    keep = [*FLOW_COLUMNS, *(["category"] if "category" in flows.columns else [])]
    return clean[keep].reset_index(drop=True), problems


def validate_flows(
    flows: pd.DataFrame,
    regions: Iterable[str],
    *,
    file: str | None = None,
    first_row: int = 2,
) -> pd.DataFrame:
    """The flows, or InputError naming the first problem rows (for batch use, e.g. the CLI)."""
    clean, problems = check_flows(flows, regions, file=file, first_row=first_row)
    if problems.empty:
        return clean
    first = problems.iloc[0]
    listed = [
        Phrase(
            "error.flows.problem",
            {
                "row": str(row),
                "column": column,
                "value": repr(value),
                "problem": Phrase(PROBLEM_KEYS[problem]) if problem in PROBLEM_KEYS else problem,
            },
        )
        for row, column, value, problem in problems.head(5).to_numpy()
    ]
    more = Phrase("error.flows.more", {"count": len(problems) - 5}) if len(problems) > 5 else ""
    raise InputError(
        "error.flows.problems",
        params={"count": len(problems), "listed": listed, "more": more},
        file=file,
        row=int(first["row"]),
        column=str(first["column"]),
    )


def _joined(top: pd.DataFrame, cells: pd.DataFrame) -> pd.Series:
    """Per (region, partner) of `top`, the clusters of `cells` joined, highest `rank` first."""
    ordered = cells.sort_values(["rank", "cluster"], ascending=[False, True])
    text = ordered.groupby(["region", "partner"], sort=False)["cluster"].agg(SEPARATOR.join)
    keys = pd.MultiIndex.from_frame(top[["region", "partner"]])
    return pd.Series(text.reindex(keys).fillna("").to_numpy(), index=top.index)

"""Cluster definitions from the data: activities grouped by how they co-locate, scored as in
Delgado, Porter & Stern (2016), "Defining clusters of related industries", Journal of Economic
Geography 16(1): 1–38.

Relatedness between activities combines, with stated weights, the correlation of their
location quotients across regions, the Ellison–Glaeser co-agglomeration index of their
employment shares (Ellison, Glaeser & Kerr 2010), proximity φ of their specialisations (Hidalgo
et al. 2007) and optionally a user's matrix (input–output or labour-flow links). Candidate
definitions come from hierarchical clustering over a range of cluster counts, and from the
current grouping with activities moved to the cluster they relate to best. Every candidate gets
the validation scores below; the best one is proposed, the analyst decides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.metrics import adjusted_rand_score

from econ.concentration import location_quotients
from econ.errors import InputError
from econ.relatedness import lq_correlation, lq_matrix, proximity

WEIGHTS = {"correlation": 0.5, "coagglomeration": 0.25, "proximity": 0.25, "user": 0.0}
METHODS = ("average", "ward", "moves")
CANDIDATE_COLUMNS = ["candidate", "method", "k", "score_within", "score_best_own", "score_between"]


def employment_matrix(employment: pd.DataFrame) -> pd.DataFrame:
    """Employment as a wide matrix (regions × activities, both sorted), repeated rows summed and
    missing cells 0."""
    rows, regions = pd.factorize(employment["region"], sort=True)
    columns, activities = pd.factorize(employment["activity"], sort=True)
    cells = np.bincount(
        rows.astype(np.int64) * len(activities) + columns,
        weights=employment["employment"].to_numpy(dtype="float64"),
        minlength=len(regions) * len(activities),
    )
    return pd.DataFrame(
        cells.reshape(len(regions), len(activities)),
        index=pd.Index(np.asarray(regions), name="region"),
        columns=pd.Index(np.asarray(activities), name="activity"),
    )


def coagglomeration(employment: pd.DataFrame) -> pd.DataFrame:
    """Ellison–Glaeser co-agglomeration γᶜ_ij = Σ_r (s_ri − x_r)(s_rj − x_r) / (1 − Σ_r x_r²),
    with s_ri activity i's share of its employment in region r and x_r region r's share of all
    employment (Ellison, Glaeser & Kerr 2010, eq. 2)."""
    wide = employment_matrix(employment)
    values = wide.to_numpy()
    totals = values.sum(axis=0)
    shares = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
    x = values.sum(axis=1) / values.sum()
    deviation = shares - x[:, None]
    gamma = deviation.T @ deviation / (1 - (x**2).sum())
    return pd.DataFrame(gamma, index=wide.columns, columns=wide.columns)


def _unit_range(matrix: np.ndarray) -> np.ndarray:
    """Off-diagonal values rescaled to [0, 1], diagonal 1, so measures can be averaged."""
    values = matrix.copy()
    off = ~np.eye(len(values), dtype=bool)
    low, high = values[off].min(), values[off].max()
    values = (values - low) / (high - low) if high > low else np.zeros_like(values)
    np.fill_diagonal(values, 1.0)
    return np.clip(values, 0.0, 1.0)


def activity_relatedness(
    employment: pd.DataFrame,
    *,
    weights: dict[str, float] | None = None,
    user: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Relatedness between activities (activities × activities, in [0, 1]): the `weights`-weighted
    mean of the measures in `WEIGHTS`, each rescaled to [0, 1] over its off-diagonal pairs.

    `employment` is one year of the tidy table; `user` is a square matrix over the same
    activities (needed when its weight is above 0).
    """
    weights = {**WEIGHTS, **(weights or {})}
    if user is None:
        weights["user"] = 0.0
    if sum(weights.values()) <= 0:
        raise InputError("error.definitions.zero_weights")
    lq = lq_matrix(location_quotients(employment))
    measures = {
        "correlation": lq_correlation(lq),
        "coagglomeration": coagglomeration(employment),
        "proximity": proximity(lq.ge(1.0).astype("float64")),
    }
    if user is not None:
        measures["user"] = user
    units = lq.columns
    total = np.zeros((len(units), len(units)))
    for name, weight in weights.items():
        if weight > 0:
            matrix = measures[name].reindex(index=units, columns=units).fillna(0.0)
            total += weight * _unit_range(matrix.to_numpy(dtype="float64"))
    combined = total / sum(w for w in weights.values() if w > 0)
    return pd.DataFrame(combined, index=units, columns=units)


@dataclass(frozen=True)
class Scores:
    """Validation scores of one definition, after the benchmarking step of Delgado, Porter &
    Stern (2016), which compares each industry's relatedness inside its cluster with that to the
    other clusters. With R the relatedness matrix (diagonal ignored), c(i) activity i's cluster
    and n_c the size of cluster c:

    `within` = mean over i of Σ_{j ∈ c(i), j ≠ i} R_ij / Σ_{j ≠ i} R_ij, the share of i's
    relatedness that stays in its cluster (rises as clusters merge; 0 for an activity alone);
    `best_own` = share of activities i whose own cluster has the highest mean relatedness
    Σ_{j ∈ c, j ≠ i} R_ij / (n_c − [c = c(i)]) over all clusters c (an activity alone never
    counts); `between` = mean R_ij over pairs in different clusters / mean R_ij over pairs in
    the same cluster (lower is better).
    """

    within: float
    best_own: float
    between: float


def validation_scores(relatedness: pd.DataFrame, labels: pd.Series) -> Scores:
    """The `Scores` of cluster `labels` (indexed by activity) on a relatedness matrix."""
    labels = labels.reindex(relatedness.index)
    values = relatedness.to_numpy(dtype="float64").copy()
    np.fill_diagonal(values, 0.0)
    codes, _ = pd.factorize(labels)
    member = np.eye(codes.max() + 1)[codes]  # activities × clusters
    sums = values @ member  # each activity's relatedness to the members of each cluster
    to_own, to_all = sums[np.arange(len(codes)), codes], sums.sum(axis=1)
    within = np.divide(to_own, to_all, out=np.zeros_like(to_all), where=to_all > 0).mean()
    sizes = member.sum(axis=0) - member  # other members of each cluster, per activity
    means = np.divide(sums, sizes, out=np.full_like(sums, -np.inf), where=sizes > 0)
    best_own = float((means.argmax(axis=1) == codes).mean())
    counts = member.sum(axis=0)
    inside_pairs = (counts * (counts - 1)).sum() / 2
    outside_pairs = len(codes) * (len(codes) - 1) / 2 - inside_pairs
    inside, outside = to_own.sum() / 2, (to_all.sum() - to_own.sum()) / 2
    between = (
        (outside / outside_pairs) / (inside / inside_pairs)
        if inside_pairs and outside_pairs
        else np.nan
    )
    return Scores(float(within), best_own, float(between))


def tree(relatedness: pd.DataFrame, method: str) -> np.ndarray:
    """The scipy linkage of the activities: `average` on distances 1 − relatedness, or `ward` on
    each activity's relatedness profile (Euclidean). Built once, cut at every cluster count."""
    values = relatedness.to_numpy(dtype="float64")
    if method == "average":
        distance = 1 - (values + values.T) / 2
        np.fill_diagonal(distance, 0.0)
        return linkage(squareform(np.clip(distance, 0, None), checks=False), method="average")
    if method == "ward":
        return linkage(values, method="ward")
    raise ValueError(f"unknown linkage {method!r}; choose average or ward")


def cut(linked: np.ndarray, activities: pd.Index, k: int) -> pd.Series:
    """At most `k` clusters of a linkage `linked` over `activities`."""
    labels = fcluster(linked, t=k, criterion="maxclust")
    return pd.Series(labels, index=activities, name="cluster").astype(str)


def moved(relatedness: pd.DataFrame, start: pd.Series, *, rounds: int = 1) -> pd.Series:
    """The `start` grouping with each activity moved to the cluster whose members it relates to
    most on average, when that is not its own. With one round (the default) every move is read
    against `start`: the activity relates more to the starting members of its new cluster than
    to those of its old one. More rounds repeat this until none moves, when every activity is
    best related to its own cluster. An activity alone in its cluster stays: it is a category of
    its own by the analyst's choice."""
    labels = start.reindex(relatedness.index).astype(str)
    values = relatedness.to_numpy(dtype="float64").copy()
    np.fill_diagonal(values, 0.0)
    for _ in range(rounds):
        codes, names = pd.factorize(labels)
        member = np.eye(len(names))[codes]
        sizes = member.sum(axis=0) - member
        means = np.divide(
            values @ member, sizes, out=np.full(member.shape, -np.inf), where=sizes > 0
        )
        best = means.argmax(axis=1)
        rows = np.arange(len(codes))
        better = (means[rows, best] > means[rows, codes]) & (sizes[rows, codes] > 0)
        if not better.any():
            break
        labels = pd.Series(np.where(better, names[best], labels), index=labels.index)
    return labels.rename("cluster")


@dataclass(frozen=True)
class Candidates:
    """Candidate definitions and their scores; `best` is the proposed one."""

    table: pd.DataFrame  # CANDIDATE_COLUMNS, best first
    labels: dict[str, pd.Series]  # candidate -> cluster of each activity
    relatedness: pd.DataFrame

    @property
    def best(self) -> str:
        """The proposed candidate: most activities best related to their own cluster, then
        the lowest between/within ratio."""
        return str(self.table["candidate"].iloc[0])


def candidate_definitions(
    relatedness: pd.DataFrame,
    *,
    ks: range,
    methods: tuple[str, ...] = METHODS,
    current: pd.Series | None = None,
) -> Candidates:
    """Every method × cluster count in `ks` (and `current` with moves), scored and ranked."""
    labels: dict[str, pd.Series] = {}
    rows = []
    count = len(relatedness)
    for method in methods:
        if method == "moves":
            options = [] if current is None else [("moves", moved(relatedness, current))]
        else:
            linked = tree(relatedness, method)
            options = [
                (f"{method}-{k}", cut(linked, relatedness.index, k)) for k in ks if k < count
            ]
        for name, found in options:
            if found.nunique() < 2:
                continue
            scores = validation_scores(relatedness, found)
            labels[name] = found
            rows.append(
                [name, method, found.nunique(), scores.within, scores.best_own, scores.between]
            )
    if not rows:
        raise InputError(
            "error.definitions.no_candidate",
            params={
                "activities": count,
                "low": ks.start,
                "high": ks.stop - 1,
                "most": count - 1,
            },
        )
    table = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    table = table.sort_values(
        ["score_best_own", "score_between"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    return Candidates(table, labels, relatedness)


def suggested_names(
    labels: pd.Series, employment: pd.DataFrame, names: dict[str, str] | None = None
) -> pd.Series:
    """A name for each cluster from its two largest activities by employment (`A / B`)."""
    names = names or {}
    size = employment.groupby("activity")["employment"].sum()
    table = pd.DataFrame({"cluster": labels, "size": size.reindex(labels.index).fillna(0)})
    table["name"] = [names.get(a, a) for a in table.index]
    top = table.sort_values("size", ascending=False).groupby("cluster", sort=False)["name"]
    return top.agg(lambda n: " / ".join(n.head(2))).rename("cluster_name")


def compare(
    labels: pd.Series, current: pd.Series, *, same_ids: bool = False
) -> tuple[float, pd.DataFrame]:
    """Adjusted Rand index against `current`, and the activities that moved (`activity, from,
    to`). A new cluster is read as the current one it shares most activities with, or, with
    `same_ids` (a candidate that keeps the current cluster ids, as the moves do), as itself."""
    current = current.reindex(labels.index)
    known = current.notna()
    ari = adjusted_rand_score(current[known], labels[known])
    pairs = pd.DataFrame({"new": labels[known], "current": current[known]})
    if same_ids:
        counterpart = pairs["new"]
    else:
        read_as = pairs.groupby("new")["current"].agg(lambda c: c.value_counts().index[0])
        counterpart = pairs["new"].map(read_as)
    moves = pairs[pairs["current"] != counterpart]
    return float(ari), pd.DataFrame(
        {
            "activity": moves.index,
            "from": moves["current"].to_numpy(),
            "to": counterpart[moves.index].to_numpy(),
        }
    )


def definition_table(labels: pd.Series, names: pd.Series) -> pd.DataFrame:
    """`activity, cluster, cluster_name` for download and for `Dataset.activities`."""
    return pd.DataFrame(
        {
            "activity": labels.index,
            "cluster": labels.to_numpy(),
            "cluster_name": labels.map(names).to_numpy(),
        }
    )


@dataclass(frozen=True)
class Definitions:
    """Candidate definitions for one dataset, with what is needed to name and compare them."""

    candidates: Candidates
    current: pd.Series  # the dataset's grouping: activity -> cluster
    employment: pd.DataFrame
    names: dict[str, str]  # activity -> display name

    def labels(self, candidate: str | None = None) -> pd.Series:
        """Cluster of each activity in `candidate` (default: the best), as `c01`, `c02`, … or,
        for the moves candidate, the current cluster ids."""
        name = candidate or self.candidates.best
        found = self.candidates.labels[name]
        if name == "moves":
            return found
        order = {c: f"c{i + 1:02d}" for i, c in enumerate(sorted(found.unique(), key=int))}
        return found.map(order)

    def table(self, candidate: str | None = None) -> pd.DataFrame:
        """`activity, cluster, cluster_name` of `candidate`, names suggested from its largest
        activities."""
        labels = self.labels(candidate)
        return definition_table(labels, suggested_names(labels, self.employment, self.names))

    def comparison(self, candidate: str | None = None) -> tuple[float, pd.DataFrame]:
        """ARI against the current grouping and the activities that moved."""
        name = candidate or self.candidates.best
        return compare(self.labels(name), self.current, same_ids=name == "moves")


def define_clusters(
    employment: pd.DataFrame,
    activities: pd.DataFrame,
    *,
    ks: range = range(10, 61),
    methods: tuple[str, ...] = METHODS,
    weights: dict[str, float] | None = None,
    user: pd.DataFrame | None = None,
) -> Definitions:
    """Candidate definitions of one year of `employment` (the latest when there are several);
    `activities` is the current `activity, cluster[, name]` grouping."""
    if "year" in employment:
        employment = employment[employment["year"] == employment["year"].max()].drop(columns="year")
    employment = employment.dropna(subset="employment")
    relatedness = activity_relatedness(employment, weights=weights, user=user)
    current = activities.drop_duplicates("activity").set_index("activity")["cluster"]
    current = current.reindex(relatedness.index)
    found = candidate_definitions(relatedness, ks=ks, methods=methods, current=current)
    names = {}
    if "name" in activities:
        names = dict(
            zip(
                activities["activity"],
                activities["name"].fillna(activities["activity"]),
                strict=False,
            )
        )
    return Definitions(found, current, employment, names)

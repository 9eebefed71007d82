"""Cluster definitions for 3,000 regions × 1,000 activities, against a plain scipy peer.

Prints seconds and peak traced memory of the relatedness matrix and of each candidate set (one
linkage, average or Ward, cut at k = 10..60 and every cut scored), and of the peer in the same
process: `numpy.corrcoef` of the LQ matrix and `scipy` average linkage cut at the same counts, with
no scores; then how well the best candidate recovers the planted groups. Run:
python bench/definitions.py
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from econ.cluster_definitions import activity_relatedness, candidate_definitions  # noqa: E402

REGIONS, ACTIVITIES, GROUPS = 3_000, 1_000, 40


def synthetic(seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Activities in planted groups, each group over-represented in its own set of regions; the
    tidy table and each activity's group."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, GROUPS, ACTIVITIES)
    homes = rng.random((REGIONS, GROUPS)) < 0.1
    values = rng.gamma(2.0, 200.0, (REGIONS, ACTIVITIES)) * (1 + 6 * homes[:, group])
    table = pd.DataFrame(
        {
            "region": np.repeat([f"r{i:04d}" for i in range(REGIONS)], ACTIVITIES),
            "activity": np.tile([f"a{j:04d}" for j in range(ACTIVITIES)], REGIONS),
            "employment": values.ravel(),
        }
    )
    return table, group


def measured(work):
    """(result, seconds, peak traced MiB) of `work()`."""
    tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def peer(employment: pd.DataFrame) -> np.ndarray:
    """LQ correlation and average linkage at k = 10..60, unscored."""
    wide = employment.pivot(index="region", columns="activity", values="employment").to_numpy()
    lq = wide / wide.sum(axis=1, keepdims=True) / (wide.sum(axis=0) / wide.sum())
    distance = 1 - np.corrcoef(lq, rowvar=False)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform(np.clip(distance, 0, None), checks=False), method="average")
    return np.array([fcluster(tree, t=k, criterion="maxclust") for k in range(10, 61)])


def main() -> None:
    employment, group = synthetic()
    ks = range(10, 61)
    relatedness, r_seconds, r_peak = measured(lambda: activity_relatedness(employment))
    print(f"{REGIONS:,} regions × {ACTIVITIES:,} activities, {GROUPS} planted groups")
    print(f"relatedness (3 measures): {r_seconds:.2f} s, peak {r_peak:.0f} MiB")
    seconds = {}
    for method in ("average", "ward"):
        found, seconds[method], peak = measured(
            lambda m=method: candidate_definitions(relatedness, ks=ks, methods=(m,))
        )
        n = len(found.table)
        best = found.labels[found.best]
        ari = adjusted_rand_score(group, best.reindex(relatedness.index))
        print(
            f"{method} candidate set ({n} candidates, scored): {seconds[method]:.2f} s "
            f"({seconds[method] / n * 1000:.0f} ms each), peak {peak:.0f} MiB; "
            f"best {found.best}, ARI {ari:.3f} against the planted groups"
        )
    _, p_seconds, p_peak = measured(lambda: peer(employment))
    print(f"peer (corrcoef + average linkage, unscored): {p_seconds:.2f} s, peak {p_peak:.0f} MiB")
    ours = r_seconds + seconds["average"]
    print(f"ratio ours (relatedness + average set) / peer: {ours / p_seconds:.2f}")


if __name__ == "__main__":
    main()

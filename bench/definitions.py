"""Cluster definitions for 3,000 regions × 1,000 activities, against a plain scipy peer.

Prints seconds and peak traced memory of the relatedness matrix and of one candidate set
(average and Ward linkage for k = 10..60, each scored), and of the peer in the same process:
`numpy.corrcoef` of the LQ matrix and `scipy` average linkage, with no scores. Run:
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from econ.cluster_definitions import activity_relatedness, candidate_definitions  # noqa: E402

REGIONS, ACTIVITIES, GROUPS = 3_000, 1_000, 40


def synthetic(seed: int = 0) -> pd.DataFrame:
    """Activities in planted groups, each group over-represented in its own set of regions."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, GROUPS, ACTIVITIES)
    homes = rng.random((REGIONS, GROUPS)) < 0.1
    values = rng.gamma(2.0, 200.0, (REGIONS, ACTIVITIES)) * (1 + 6 * homes[:, group])
    return pd.DataFrame(
        {
            "region": np.repeat([f"r{i:04d}" for i in range(REGIONS)], ACTIVITIES),
            "activity": np.tile([f"a{j:04d}" for j in range(ACTIVITIES)], REGIONS),
            "employment": values.ravel(),
        }
    )


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
    employment = synthetic()
    relatedness, r_seconds, r_peak = measured(lambda: activity_relatedness(employment))
    found, c_seconds, c_peak = measured(
        lambda: candidate_definitions(relatedness, ks=range(10, 61), methods=("average", "ward"))
    )
    _, p_seconds, p_peak = measured(lambda: peer(employment))
    n = len(found.table)
    print(f"{REGIONS:,} regions × {ACTIVITIES:,} activities, {GROUPS} planted groups")
    print(f"relatedness (3 measures): {r_seconds:.2f} s, peak {r_peak:.0f} MiB")
    print(
        f"candidate set ({n} candidates, scored): {c_seconds:.2f} s "
        f"({c_seconds / n * 1000:.0f} ms each), peak {c_peak:.0f} MiB"
    )
    print(f"peer (corrcoef + average linkage, unscored): {p_seconds:.2f} s, peak {p_peak:.0f} MiB")
    print(f"ratio ours / peer: {(r_seconds + c_seconds) / p_seconds:.2f}")
    print(f"best candidate: {found.best} (k = {found.table.loc[0, 'k']})")


if __name__ == "__main__":
    main()

"""Proximity, density and complexity for 1,000 regions × 800 activities, against `ecomplexity`.

Prints seconds (best of three) and peak traced memory of each, the speed ratio, and the largest
difference of the results once the two packages' documented conventions are aligned (see
tests/econ/test_complexity.py). Run: python bench/priorities.py
"""

from __future__ import annotations

import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from econ.complexity import complexity, outlook_gain, standardised  # noqa: E402
from econ.concentration import location_quotients  # noqa: E402
from econ.relatedness import density, presence_matrix, proximity  # noqa: E402

REGIONS, ACTIVITIES = 1_000, 800
COLUMNS = {"time": "year", "loc": "region", "prod": "activity", "val": "employment"}


def synthetic(seed: int = 0) -> pd.DataFrame:
    """A nested employment table: larger regions hold more, rarer activities sit in them."""
    rng = np.random.default_rng(seed)
    scale = np.outer(np.linspace(0.2, 3, REGIONS), np.linspace(3, 0.2, ACTIVITIES))
    values = rng.gamma(2.0, 500.0, (REGIONS, ACTIVITIES)) * np.exp(scale)
    return pd.DataFrame(
        {
            "region": np.repeat([f"r{i:04d}" for i in range(REGIONS)], ACTIVITIES),
            "activity": np.tile([f"a{j:03d}" for j in range(ACTIVITIES)], REGIONS),
            "employment": values.ravel(),
        }
    )


def ours(employment: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return measures(presence_matrix(location_quotients(employment)))


def measures(m: pd.DataFrame) -> dict[str, pd.DataFrame]:
    phi = proximity(m)
    regions, activities = complexity(m)
    gain = outlook_gain(m, phi, activities.set_index("activity")["pci"])
    return {
        "m": m,
        "phi": phi,
        "density": density(m, phi),
        "regions": regions,
        "activities": activities,
        "gain": gain,
    }


def growth_lab(employment: pd.DataFrame) -> pd.DataFrame:
    from ecomplexity import ecomplexity

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(
            employment.assign(year=2025), COLUMNS, verbose=False, check_logsupermodularity=False
        )


def measured(run, *args, repeat: int = 3):
    """Result, seconds (best of `repeat` untraced runs, as timeit reports) and peak traced MiB
    (one more, traced run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run(*args)
        times.append(time.perf_counter() - start)
    seconds = min(times)
    tracemalloc.start()
    run(*args)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def main() -> None:
    employment = synthetic()
    import ecomplexity  # noqa: F401  (import time kept out of the timing)

    mine, seconds, peak = measured(ours, employment)
    theirs, their_seconds, their_peak = measured(growth_lab, employment)
    _, core_seconds, core_peak = measured(measures, mine["m"])
    print(f"{REGIONS} regions × {ACTIVITIES} activities (tidy table of {len(employment):,} rows)")
    print(f"atlas, tidy table -> LQ -> measures  {seconds:7.2f} s   peak {peak:7.1f} MiB")
    print(f"atlas, measures from presence M      {core_seconds:7.2f} s   peak {core_peak:7.1f} MiB")
    print(
        f"ecomplexity, tidy table -> measures  {their_seconds:7.2f} s   peak {their_peak:7.1f} MiB"
    )
    print(f"speed ratio, whole run     {their_seconds / seconds:6.1f} x")
    print(f"speed ratio, measures only {their_seconds / core_seconds:6.1f} x")

    wide = lambda v: theirs.pivot(index="region", columns="activity", values=v).to_numpy()  # noqa: E731
    m = mine["m"].to_numpy()
    totals = mine["phi"].sum(axis=0).to_numpy()
    n = REGIONS
    eci = theirs.drop_duplicates("region")["eci"].to_numpy() * np.sqrt((n - 1) / n)
    pci = standardised(theirs.drop_duplicates("activity")["pci"].to_numpy())
    differences = {
        "presence": np.abs(m - wide("mcp")).max(),
        "density (self-proximity removed from theirs)": np.nanmax(
            np.abs(mine["density"].to_numpy() - (wide("density") * totals - m) / (totals - 1))
        ),
        "eci (× sqrt((n-1)/n))": np.nanmax(np.abs(mine["regions"]["eci"].to_numpy() - eci)),
        "pci (z-scored)": np.nanmax(np.abs(mine["activities"]["pci"].to_numpy() - pci)),
    }
    for name, value in differences.items():
        print(f"max |difference| {name}: {value:.2e}")


if __name__ == "__main__":
    main()

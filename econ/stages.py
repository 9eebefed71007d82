"""Life-cycle stage of each region × cluster from its specialisation and how it changes.

The stages are those of Menzel & Fornahl (2010, "Cluster life cycles — dimensions and rationales
of cluster evolution", Industrial and Corporate Change 19(1)): emerging, growing, mature
(sustainment) and declining. They measure a stage by employment and the heterogeneity of
knowledge; with employment tables only, cluster-mapping practice reads it from the quadrant chart
of specialisation against its change (Porter 2003, "The economic performance of regions",
Regional Studies 37; the US Cluster Mapping Project's LQ-change bubble charts; the European
Cluster Observatory's specialisation and dynamism stars). This module implements that chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ.dataset import Dataset
from econ.dynamics import dataset_change, dynamism_star

STAGES = ("emerging", "growing", "mature", "declining")


def life_cycle_stage(
    change: pd.DataFrame,
    *,
    lq_threshold: float = 1.0,
    lq_change_threshold: float = 0.0,
    growth_margin: float = 0.0,
) -> pd.Series:
    """The stage of each row of a `econ.dynamics.cluster_change` table.

    With `rising` = `lq_change > lq_change_threshold` and `keeping_pace` = `growth >=
    national_growth + growth_margin` (the cluster's own national rate):

    - emerging: LQ below `lq_threshold` (default 1) and rising;
    - growing: LQ at least `lq_threshold` and rising;
    - mature: LQ at least `lq_threshold`, not rising, keeping pace;
    - declining: not rising and either below `lq_threshold` or, when specialised, falling
      behind the national rate.

    LQ is the later year's. Rows missing LQ, its change or growth get no stage (missing).
    """
    lq, lq_change = change["lq"], change["lq_change"]
    specialised = lq.ge(lq_threshold)
    rising = lq_change.gt(lq_change_threshold)
    keeping_pace = change["growth"].ge(change["national_growth"] + growth_margin)
    stage = np.select(
        [
            ~specialised & rising,
            specialised & rising,
            specialised & keeping_pace,
        ],
        ["emerging", "growing", "mature"],
        default="declining",
    )
    known = lq.notna() & lq_change.notna()
    known &= change["growth"].notna() & change["national_growth"].notna()
    return pd.Series(stage, index=change.index, name="stage").where(known)


def staged_change(
    data: Dataset,
    base_year: object = None,
    year: object = None,
    *,
    lq_threshold: float = 1.0,
    lq_change_threshold: float = 0.0,
    growth_margin: float = 0.0,
    dynamism_top: float = 0.10,
    floor: float = 1000.0,
) -> pd.DataFrame:
    """`econ.dynamics.dataset_change` with each row's life-cycle `stage` and `dynamism_star`:
    the table behind the change maps of the app and of `cli.py maps`."""
    change = dataset_change(data, base_year, year)
    change["stage"] = life_cycle_stage(
        change,
        lq_threshold=lq_threshold,
        lq_change_threshold=lq_change_threshold,
        growth_margin=growth_margin,
    )
    change["dynamism_star"] = dynamism_star(change, top=dynamism_top, floor=floor)
    return change

"""Work shared among this machine's cores by threads.

numpy lets go of the GIL inside its ufuncs and sorts, so blocks of rows that write outputs of
their own run at once on two cores. (`np.bincount` keeps the GIL: sums gain nothing here.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

CORES = max(1, min(len(os.sched_getaffinity(0)), 8))

T = TypeVar("T")
R = TypeVar("R")


def on_cores(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`work` of each item, in the items' order, as many at once as there are cores. A thread
    starts without the caller's `np.errstate`: `work` sets its own."""
    if len(items) < 2 or CORES == 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(min(CORES, len(items))) as pool:
        return list(pool.map(work, items))

"""Blocks of rows run on the cores: results in order, errors raised, the same on one core."""

import numpy as np
import pytest

from econ import cores
from econ.concentration import location_quotients
from econ.cores import on_cores
from econ.growth import growth
from tests.econ.test_growth import TABLE


def test_results_come_back_in_the_items_order() -> None:
    assert on_cores(lambda n: n * n, list(range(20))) == [n * n for n in range(20)]
    assert on_cores(lambda n: n, []) == []


def test_an_error_of_one_item_is_raised() -> None:
    def work(n: int) -> int:
        if n == 7:
            raise ValueError("item 7")
        return n

    with pytest.raises(ValueError, match="item 7"):
        on_cores(work, list(range(10)))


def test_one_core_and_many_give_the_same_figures(monkeypatch) -> None:
    monkeypatch.setattr("econ.concentration.BLOCK", 3)  # 8 rows: three blocks
    monkeypatch.setattr("econ.growth.BLOCK", 1)  # one region per block of cells
    monkeypatch.setattr(cores, "CORES", 2)
    shared = location_quotients(TABLE), growth(TABLE)
    monkeypatch.setattr(cores, "CORES", 1)
    alone = location_quotients(TABLE), growth(TABLE)
    for many, one in zip(shared, alone, strict=True):
        assert many.equals(one)
    # (100/200) / (200/500) for A, x in 2020
    assert shared[0]["lq"].iloc[0] == pytest.approx(1.25)
    assert np.isfinite(shared[1]["competitive"]).all()

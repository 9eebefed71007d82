"""Growth, LQ change and shift-share on a two-region, two-year table computed by hand."""

import numpy as np
import pandas as pd
import pytest

from econ.growth import GROWTH_COLUMNS, growth

# 2020: A x=100 y=100, B x=100 y=200 (x 200, y 300, E 500)
# 2021: A x=150 y=100, B x=100 y=250 (x 250, y 350, E 600): G = .2, g_x = .25, g_y = 1/6
TABLE = pd.DataFrame(
    {
        "region": ["A", "A", "B", "B"] * 2,
        "activity": ["x", "y"] * 4,
        "year": [2020] * 4 + [2021] * 4,
        "employment": [100.0, 100, 100, 200, 150, 100, 100, 250],
    }
)


def test_growth_and_shift_share_by_hand() -> None:
    got = growth(TABLE).set_index(["region", "activity"])
    assert list(got.columns) == GROWTH_COLUMNS
    ax = got.loc[("A", "x")]
    assert ax["growth"] == pytest.approx(0.5)
    assert ax["lq_start"] == pytest.approx(1.25)  # (100/200) / (200/500)
    assert ax["lq_change"] == pytest.approx((150 / 250) / (250 / 600) - 1.25)  # 1.44 - 1.25
    assert ax["share_change"] == pytest.approx(0.1)  # 150/250 - 100/200
    # 100·.2 = 20; 100·(.25 - .2) = 5; 150 - 100·1.25 = 25; 20 + 5 + 25 = 50
    assert ax[["national_growth", "industry_mix", "competitive"]].tolist() == pytest.approx(
        [20.0, 5.0, 25.0]
    )
    by = got.loc[("B", "y")]
    # 200·.2 = 40; 200·(1/6 - .2) = -6.667; 250 - 200·7/6 = 16.667
    assert by[["national_growth", "industry_mix", "competitive"]].tolist() == pytest.approx(
        [40.0, -20 / 3, 50 / 3]
    )


def test_components_add_up_to_the_change() -> None:
    got = growth(TABLE)
    parts = got[["national_growth", "industry_mix", "competitive"]].sum(axis=1)
    change = got["employment_end"] - got["employment_start"]
    assert parts.to_numpy() == pytest.approx(change.to_numpy())


def test_missing_year_stays_missing() -> None:
    table = TABLE.copy()
    table.loc[4, "employment"] = np.nan  # A,x 2021 suppressed
    ax = growth(table).set_index(["region", "activity"]).loc[("A", "x")]
    assert np.isnan(ax["growth"]) and np.isnan(ax["competitive"])
    assert ax["employment_start"] == 100.0


def test_needs_two_years() -> None:
    with pytest.raises(ValueError, match="two different years"):
        growth(TABLE, start=2020, end=2020)
    with pytest.raises(ValueError, match="two different years"):
        growth(TABLE, start=2019)


def test_any_row_order_and_a_missing_cell_give_the_same_figures(monkeypatch) -> None:
    # The hand table is in cell order (the grid path); shuffled it is scattered into the grid,
    # and with a cell dropped from one year only the present cells are computed.
    ordered = growth(TABLE)
    shuffled = growth(TABLE.sample(frac=1, random_state=7))
    pd.testing.assert_frame_equal(shuffled, ordered)
    monkeypatch.setattr("econ.growth.BLOCK", 1)  # one region per block of the grid
    pd.testing.assert_frame_equal(growth(TABLE), ordered)
    sparse = growth(TABLE.drop(index=[3]))  # B, y of 2020 has no row
    by = sparse.set_index(["region", "activity"]).loc[("B", "y")]
    assert np.isnan(by["employment_start"]) and by["employment_end"] == 250.0
    kept = sparse.set_index(["region", "activity"]).loc[("A", "x")]
    assert kept["growth"] == pytest.approx(0.5)
    assert kept["lq_start"] == pytest.approx((100 / 200) / (200 / 300))  # E 2020 is now 300

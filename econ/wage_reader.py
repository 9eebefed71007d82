"""The wage or payroll column of a long employment table, read beside its employment.

Rosstat publishes the average monthly nominal wage by OKVED section per subject; BLS the mean
annual wage per occupation. A long table may carry either in a `wage` column (or a payroll, the
wage bill, from which the mean wage is payroll / employment). Wages keep the table's own unit:
they are not scaled with employment's thousands.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from econ.errors import InputError
from econ.marks import CONVENTIONS
from econ.structure import strip_footnote
from econ.tables import (
    LONG_NAMES,
    RawTable,
    TableReport,
    detect_decimal,
    guess_layout,
    value_problem,
)
from econ.tables import parse_numbers as parse
from econ.wages import payroll_wages

PAYROLL = re.compile(r"^(payroll|wage_?bill|фонд.*оплат.*труда.*|фот)$", re.IGNORECASE)


def wage_column(raw: RawTable, column: str | None = None) -> str | None:
    """The chosen wage column, else the first whose header names a wage or payroll."""
    if column:
        if column not in raw.frame.columns:
            raise InputError(
                "error.wages.no_column",
                params={"column": repr(column), "columns": ", ".join(raw.frame.columns)},
                file=raw.file,
                column=column,
            )
        return column
    pattern = LONG_NAMES["wage"]
    return next((c for c in raw.frame.columns if pattern.match(c.strip())), None)


def with_wages(
    raw: RawTable,
    report: TableReport,
    employment: pd.DataFrame,
    *,
    column: str | None = None,
    activity: str | None = None,
    year: str | None = None,
    bad_values: str = "error",
) -> pd.DataFrame:
    """`employment` (the tidy table of `raw`) with a `wage` column, when the long table has one.

    Rows are joined on the same region, activity and year texts `tidy_employment` read. Marks
    and empty cells are missing wages, and so is a printed zero (no one earns nothing); text or
    a negative number raises `InputError` (or is missing with `bad_values="missing"`).
    """
    column = wage_column(raw, column)
    if report.layout != "long" or column is None:
        return employment
    guess = guess_layout(raw)
    frame = raw.frame
    cells = pd.DataFrame(
        {
            "region": frame[report.region_column].map(strip_footnote).to_numpy(),
            "activity": frame[activity or guess["activity"]].str.strip().to_numpy(),
        }
    )
    if "year" in employment.columns:
        text = frame[year or guess["year"]].str.strip()
        years = parse(text).values
        cells["year"] = years.astype("Int64") if years.notna().all() else text.to_numpy()
    values = frame[column]
    parsed = parse(
        values, decimal=detect_decimal(values, raw.delimiter), marks=CONVENTIONS[report.marks]
    )
    wage = parsed.values.to_numpy(dtype="float64", copy=True)
    bad = (parsed.problems.notna() & values.str.strip().ne("")).to_numpy()
    keys = list(cells.columns)
    listed = cells.merge(employment[keys], on=keys, how="left", indicator=True)
    bad &= (listed["_merge"] == "both").to_numpy()
    if bad.any() and bad_values == "error":
        first = int(np.flatnonzero(bad)[0])
        raise InputError(
            "error.wages.bad_value",
            params={
                "problem": value_problem(parsed.problems.iloc[first]),
                "value": repr(values.iloc[first]),
            },
            file=raw.file,
            row=int(raw.file_row(first)),
            column=column,
        )
    wage[bad | (wage <= 0)] = np.nan
    cells["wage"] = wage
    cells = cells[cells["region"] != ""].drop_duplicates(keys)
    joined = employment.merge(cells, on=keys, how="left", validate="many_to_one")
    if PAYROLL.match(column.strip()):
        joined["wage"] = payroll_wages(joined.rename(columns={"wage": "payroll"}))
    return joined


def split_wages(employment: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The employment table without its `wage` column, and the tidy wages (None without)."""
    if "wage" not in employment.columns:
        return employment, None
    keys = [c for c in ("region", "activity", "year") if c in employment.columns]
    return employment.drop(columns="wage"), employment[[*keys, "wage"]].reset_index(drop=True)

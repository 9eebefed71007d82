"""Numbers and options that are not what they seem: a figure that would overflow the sums,
options outside their range, names that matplotlib would read as mathtext. Each is refused
with one message and exit code 2, or drawn as typed."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import cli
from econ.errors import InputError
from econ.tables import read_employment


def test_a_figure_that_would_overflow_the_sums_is_named_by_row(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("region,activity,employment\n01,A,10\n02,A,1e308\n02,B,1e308\n")
    with pytest.raises(InputError) as error:
        read_employment(path)
    assert str(error.value) == (
        "huge.csv, row 3, column 'employment': more people than live on Earth '1e308' (1 more "
        "listed in the report); correct the cell or choose to treat bad values as missing"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["links", "--permutations", "-1"], "argument --permutations: '-1' is not a whole "
         "number of at least 1"),
        (["maps", "--demo", "--k", "0"], "argument --k: '0' is not a whole number of at least 1"),
        (["maps", "--demo", "--scheme", "user_defined", "--breaks", "nan"],
         "argument --breaks: 'nan' is not a finite number"),
        (["metrics", "--demo", "--floor", "inf"], "argument --floor: 'inf' is not a finite number"),
        (["metrics", "--demo", "--size-top", "2"],
         "argument --size-top: '2' is not a share between 0 and 1"),
        (["links", "--alpha", "nan"], "argument --alpha: 'nan' is not a finite number"),
    ],
)  # fmt: skip
def test_options_out_of_range_end_with_one_message(arguments, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main([*arguments, "--out", str(tmp_path)])
    assert stop.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(f"error: {message}")


def test_mathtext_in_category_names_prints_as_typed(tmp_path, capsys):
    names = [r"$\frac{1}{0}$ jobs", "$x^{$ broken", "Price $5 and $6"]
    regions = gpd.GeoDataFrame(
        {"code": ["A", "B"], "name": ["$A$", "B"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs="EPSG:4326",
    )
    regions.to_file(tmp_path / "regions.geojson")
    rows = [(r, f"a{i}", 1_000 * (i + 1) + 500 * j) for i in range(3) for j, r in enumerate("AB")]
    pd.DataFrame(rows, columns=["region", "activity", "employment"]).to_csv(
        tmp_path / "employment.csv", index=False
    )
    pd.DataFrame({"activity": ["a0", "a1", "a2"], "cluster": names}).to_csv(
        tmp_path / "clusters.csv", index=False
    )
    code = cli.main(
        [
            *("maps", "--boundaries", str(tmp_path / "regions.geojson")),
            *("--employment", str(tmp_path / "employment.csv")),
            *("--clusters", str(tmp_path / "clusters.csv"), "--out", str(tmp_path / "maps")),
        ]
    )
    assert code == 0, capsys.readouterr().err
    pngs = sorted((tmp_path / "maps").glob("*.png"))
    assert len(pngs) == 3 and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)

"""`cli.py metrics`: the three tables from hand-made files, the demo through files, bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cli
from econ.dataset import DEMO_DIR


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A: x=10 y=30, B: x=30 y=30 (y suppressed in C); x and y in two clusters."""
    return {
        "employment": write(
            tmp_path / "employment.csv",
            "region,activity,employment\nA,x,10\nA,y,30\nB,x,30\nB,y,30\nC,x,5\nC,y,\n",
        ),
        "clusters": write(tmp_path / "clusters.csv", "activity,cluster\nx,X\ny,Y\n"),
    }


def test_writes_the_three_tables_with_the_published_columns(files: dict, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = cli.main(
        [
            "metrics",
            "--employment",
            str(files["employment"]),
            "--clusters",
            str(files["clusters"]),
            "--floor",
            "0",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    by_cluster = pd.read_csv(out / "region_cluster.csv", dtype={"region": str})
    assert list(by_cluster.columns) == [
        "region",
        "cluster",
        "employment",
        "share_of_region",
        "share_of_reference",
        "lq",
        "reliable",
        "size_star",
        "specialisation_star",
        "focus_star",
        "stars",
    ]
    by_activity = pd.read_csv(out / "region_activity.csv")
    assert list(by_activity.columns) == ["region", "activity", "employment", "lq"]
    indices = pd.read_csv(out / "region_indices.csv")
    assert list(indices.columns) == [
        "region",
        "krugman",
        "hoover",
        "herfindahl",
        "herfindahl_norm",
        "entropy",
        "related_variety",
        "unrelated_variety",
    ]
    assert len(by_cluster) == 6 and len(by_activity) == 6 and len(indices) == 3
    lq = by_activity.set_index(["region", "activity"])["lq"]
    # known: A 10/30, B 30/30, C 5; x = 45, y = 60, E = 105. A,x: (10/40)/(45/105) = .58333
    assert lq[("A", "x")] == pytest.approx(0.25 / (45 / 105), abs=1e-6)
    assert pd.isna(lq[("C", "y")])  # suppressed stays empty, never 0
    assert by_cluster.set_index(["region", "cluster"]).loc[("C", "Y"), "reliable"] == False  # noqa: E712


def test_demo_files_reproduce_the_bls_lq(tmp_path: Path) -> None:
    published = pd.read_csv(DEMO_DIR / "employment.csv", dtype={"region": str})
    employment = tmp_path / "employment.csv"
    published[["region", "activity", "employment"]].to_csv(employment, index=False)
    clusters = tmp_path / "clusters.csv"
    activities = pd.read_csv(DEMO_DIR / "activities.csv", dtype=str)
    activities[["activity", "major_name"]].set_axis(["activity", "cluster"], axis=1).to_csv(
        clusters, index=False
    )
    out = tmp_path / "out"
    code = cli.main(
        [
            "metrics",
            "--employment",
            str(employment),
            "--clusters",
            str(clusters),
            "--totals",
            str(DEMO_DIR / "totals.csv"),
            "--reference",
            str(DEMO_DIR / "reference.csv"),
            "--reference-total",
            "155495730",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    ours = pd.read_csv(out / "region_activity.csv", dtype={"region": str})
    both = ours.merge(published, on=["region", "activity"]).dropna(subset=["lq", "published_lq"])
    assert len(both) == 34_850
    # Alabama 11-1011: (810 / 2,113,660) / (204,350 / 155,495,730) = .2916, BLS .29
    alabama = both.set_index(["region", "activity"]).loc[("01", "11-1011")]
    assert alabama["lq"] == pytest.approx(0.2916, abs=1e-4)
    assert ((both["lq"] - both["published_lq"]).abs() <= 0.01).mean() > 0.77
    assert len(pd.read_csv(out / "region_cluster.csv")) == 1184  # 54 areas × 22 groups, less 4


def test_demo_flag_writes_stars(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["metrics", "--demo", "--strong", "--out", str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "region_cluster.csv", dtype={"region": str})
    assert len(table) == 1184
    assert table["size_star"].sum() == 5 * 22  # top 5 of 54 areas in each of 22 groups
    assert table.columns[-1] == "strong"
    assert "1,184 region × cluster cells" in capsys.readouterr().out


def test_missing_column_is_one_line_and_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    bad = write(tmp_path / "bad.csv", "place,jobs\nA,10\n")
    code = cli.main(["metrics", "--employment", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: bad.csv") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["links", "--permutations", "-1"], "argument --permutations: '-1' is not a whole number"),
        (["maps", "--demo", "--k", "0"], "argument --k: '0' is not a whole number of at least 1"),
        (["maps", "--demo", "--breaks", "nan"], "argument --breaks: 'nan' is not a finite number"),
        (["metrics", "--demo", "--size-top", "2"], "'2' is not a share between 0 and 1"),
    ],
)
def test_options_out_of_range_end_in_one_message(args, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main([*args, "--out", str(tmp_path)])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


PANEL = (
    "region,activity,employment,year\n"
    "01001,x,10,2022\n01001,y,30,2022\n01003,x,30,2022\n01003,y,-,2022\n"
    "01001,x,12,2023\n01001,y,26,2023\n01003,x,35,2023\n01003,y,40,2023\n"
    "01005,x,5,2023\n01005,y,1,2023\n"
)


def metrics_files(employment: Path, clusters: Path, out: Path) -> dict[str, bytes]:
    assert (
        cli.main(
            [
                "metrics",
                "--employment",
                str(employment),
                "--clusters",
                str(clusters),
                "--floor",
                "0",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))}


def test_a_big_table_read_as_codes_writes_the_same_files(tmp_path: Path, monkeypatch) -> None:
    """The DuckDB reader, the tidy table on codes and region_activity.csv written a few rows at
    a time (as for a 2 GB panel) give byte for byte the files of the pandas path."""
    from econ import concentration, duck_tables
    from econ.tidy_codes import tidy_coded
    from intake import pipeline

    employment = write(tmp_path / "employment.csv", PANEL)
    clusters = write(tmp_path / "clusters.csv", "activity,cluster\nx,X\ny,Y\n")
    whole = metrics_files(employment, clusters, tmp_path / "whole")
    monkeypatch.setattr(duck_tables, "DUCK_CSV_BYTES", 0)
    monkeypatch.setattr(cli, "ACTIVITY_BLOCK_ROWS", 3)
    monkeypatch.setattr(concentration, "BLOCK", 3)
    tidied = []
    monkeypatch.setattr(
        pipeline, "tidy_coded", lambda raw, **o: tidied.append(raw) or tidy_coded(raw, **o)
    )
    coded = metrics_files(employment, clusters, tmp_path / "coded")
    assert len(tidied) == 1  # the table went the way of a big one
    assert list(coded) == [
        "region_activity.csv",
        "region_cluster.csv",
        "region_cluster_change.csv",
        "region_indices.csv",
    ]
    assert coded == whole
    by_activity = pd.read_csv(tmp_path / "coded" / "region_activity.csv", dtype={"region": str})
    assert len(by_activity) == 10 and by_activity["employment"].isna().sum() == 1
    # 2023: 01001 x 12 of 38 (12 + 26), x 52 (12 + 35 + 5) of 119: (12/38) / (52/119) = .72267
    lq = by_activity.set_index(["region", "year", "activity"])["lq"]
    assert lq[("01001", 2023, "x")] == pytest.approx(0.72267206, abs=1e-8)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("01001,x,ten,2022\n", "row 2, column 'employment'"),
        ("01001,x,1,2022\n01001,x,2,2022\n", "appears more than once"),
    ],
)
def test_a_big_table_read_as_codes_stops_on_the_same_message(
    tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture, cells: str, message: str
) -> None:
    from econ import duck_tables

    employment = write(tmp_path / "bad.csv", "region,activity,employment,year\n" + cells)
    arguments = ["metrics", "--employment", str(employment), "--out", str(tmp_path / "out")]
    assert cli.main(arguments) == 2
    whole = capsys.readouterr().err
    monkeypatch.setattr(duck_tables, "DUCK_CSV_BYTES", 0)
    assert cli.main(arguments) == 2
    coded = capsys.readouterr().err
    assert coded == whole and message in coded and "Traceback" not in coded

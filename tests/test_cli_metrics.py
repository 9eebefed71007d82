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

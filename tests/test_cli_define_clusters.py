"""`cli.py define-clusters`: candidates scored, the best definition written with names, and the
comparison with the current grouping printed; bad options exit 2."""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import adjusted_rand_score

from cli import main
from econ.cluster_definitions import CANDIDATE_COLUMNS
from tests.econ.test_cluster_definitions import planted


def test_planted_groups_come_back_from_the_command_line(tmp_path, capsys):
    employment, truth = planted()
    table = tmp_path / "employment.csv"
    employment.to_csv(table, index=False)
    clusters = tmp_path / "clusters.csv"
    pd.DataFrame({"activity": truth.index, "cluster": "all"}).to_csv(clusters, index=False)
    code = main(
        [
            "define-clusters",
            "--employment",
            str(table),
            "--clusters",
            str(clusters),
            "--clusters-range",
            "2:8",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0, capsys.readouterr().err
    candidates = pd.read_csv(tmp_path / "out" / "candidates.csv")
    assert (
        list(candidates.columns)
        == CANDIDATE_COLUMNS
        == [
            "candidate",
            "method",
            "k",
            "score_within",
            "score_best_own",
            "score_between",
        ]
    )
    assert len(candidates) == 2 * 7  # average and Ward for k = 2..8; one group has no moves
    found = pd.read_csv(tmp_path / "out" / "clusters.csv").set_index("activity")
    assert list(found.columns) == ["cluster", "cluster_name"]
    assert adjusted_rand_score(truth[found.index], found["cluster"]) >= 0.9
    pairs = pd.read_csv(tmp_path / "out" / "relatedness.csv")
    assert list(pairs.columns) == ["activity_a", "activity_b", "relatedness"]
    assert pairs["relatedness"].between(0, 1).all()
    assert "adjusted Rand index 0.000" in capsys.readouterr().out  # one current group


def test_a_bad_range_exits_2(tmp_path, capsys):
    code = main(["define-clusters", "--demo", "--clusters-range", "60", "--out", str(tmp_path)])
    assert code == 2
    assert "--clusters-range '60': give two counts, as 10:60" in capsys.readouterr().err


def test_counts_beyond_the_activities_and_zero_weights_exit_2(tmp_path, capsys):
    employment, truth = planted()
    table = tmp_path / "employment.csv"
    employment.to_csv(table, index=False)
    clusters = tmp_path / "clusters.csv"
    pd.DataFrame({"activity": truth.index, "cluster": "all"}).to_csv(clusters, index=False)
    files = ["--employment", str(table), "--clusters", str(clusters), "--out", str(tmp_path)]
    code = main(["define-clusters", *files, "--method", "average", "--clusters-range", "30:60"])
    assert code == 2
    assert "24 activities and cluster counts 30–60; choose counts from 2 to 23" in (
        capsys.readouterr().err
    )
    zero = ["--weight", "correlation=0", "--weight", "coagglomeration=0", "--weight", "proximity=0"]
    assert main(["define-clusters", *files, "--clusters-range", "2:8", *zero]) == 2
    assert "every relatedness weight is 0" in capsys.readouterr().err

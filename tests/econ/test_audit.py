"""Declared priorities: reading, mapping text to categories, the audit's verdicts and reasons,
what the declared list lacks, and the regions that share a priority."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from econ.audit import (
    AUDIT_COLUMNS,
    MISSING_COLUMNS,
    SHARED_COLUMNS,
    Evidence,
    audit,
    gather_evidence,
    missing_priorities,
    shared_priorities,
    verdicts,
)
from econ.dataset import demo_dataset
from econ.declared import declared_priorities, read_declared
from econ.errors import InputError

# Region R declares A–F; each of A–E reaches one verdict, F has no employment at all.
#   A: ★★, LQ 1.5, reliable, mature, +2 %      -> strength
#   B: LQ 0.9, growing, +10 %                  -> growth point
#   C: LQ 0.4, density 0.6 ≥ 0.5               -> emerging option
#   D: LQ 0.3, density 0.2, complexity −1      -> weak evidence
#   E: ★, LQ 1.3, declining, −12 %             -> declining — check (before strength)
TABLE = pd.DataFrame(
    {
        "region": ["R"] * 5 + ["S"] * 5,
        "cluster": list("ABCDE") * 2,
        "employment": [5000.0, 800, 300, 200, 4000, 3000, 100, 100, 100, 100],
        "lq": [1.5, 0.9, 0.4, 0.3, 1.3, 1.6, 0.2, 0.2, 0.2, 0.2],
        "reliable": [True, False, False, False, True, True, False, False, False, False],
        "stars": [2, 0, 0, 0, 1, 1, 0, 0, 0, 0],
        "strong": [True, False, False, False, True, True, False, False, False, False],
        "near": [False, True, False, False, False, False, False, False, False, False],
    }
)
CHANGE = pd.DataFrame(
    {
        "region": ["R"] * 5,
        "cluster": list("ABCDE"),
        "growth": [0.02, 0.10, 0.0, -0.01, -0.12],
        "lq_change": [0.0, 0.1, 0.0, 0.0, -0.2],
        "stage": ["mature", "growing", None, None, "declining"],
    }
)
DENSITY = pd.DataFrame(
    [[0.7, 0.4, 0.6, 0.2, 0.3], [0.1, 0.1, 0.1, 0.1, 0.1]],
    index=["R", "S"],
    columns=list("ABCDE"),
)
COMPLEXITY = pd.Series({"A": 0.5, "B": 0.2, "C": 0.1, "D": -1.0, "E": -0.3})
JUNCTIONS = pd.DataFrame(
    {
        "region": ["R", "R"],
        "cluster_a": ["A", "A"],
        "cluster_b": ["B", "X"],
        "relatedness": [0.7, 0.6],
        "score": [0.9, 0.8],
        "density_b": [0.4, 0.55],
    }
)
ZONES = pd.DataFrame({"zone": [1, 1], "cluster": ["A", "A"], "region": ["R", "S"]})
NEIGHBOURS = pd.DataFrame({"region_a": ["R"], "region_b": ["S"], "kind": ["queen"]})
EVIDENCE = Evidence(
    table=TABLE,
    change=CHANGE,
    density=DENSITY,
    complexity=COMPLEXITY,
    junctions=JUNCTIONS,
    zones=ZONES,
    neighbours=NEIGHBOURS,
    regions=pd.DataFrame({"region": ["R", "S"], "eci": [0.5, -0.5], "diversity": [2, 1]}),
    note="",
)
DECLARED = pd.DataFrame(
    {
        "row": [2, 3, 4, 5, 6, 7],
        "region": ["R"] * 6,
        "priority": ["a", "b", "c", "d", "e", "f"],
        "cluster": list("ABCDEF"),
    }
)


@pytest.fixture(scope="module")
def audited() -> pd.DataFrame:
    return audit(DECLARED, EVIDENCE, region_names={"S": "Southland"})


def test_each_verdict_once(audited):
    assert list(audited.columns[: len(AUDIT_COLUMNS)]) == AUDIT_COLUMNS
    assert audited["verdict"].tolist() == [
        "strength",
        "growth point",
        "emerging option",
        "weak evidence",
        "declining — check",
        "weak evidence",
    ]
    assert audited["rule"].iloc[-1] == "no data"


def test_reasons_state_the_numbers(audited):
    reason = audited.set_index("cluster")["reason"]
    assert reason["A"] == (
        "★★, LQ 1.50 ≥ 1.00: an established specialisation; cross-border zone with Southland"
    )
    assert (
        reason["B"]
        == "LQ 0.90 ≥ 0.80, growth +10.0\u00a0%, stage growing: a specialisation forming"
    )
    assert reason["C"] == (
        "LQ 0.40, density 0.60 ≥ 0.50: related to the region's strengths (unreliable cell)"
    )
    assert reason["D"] == (
        "LQ 0.30, no star, density 0.20: little measured support (unreliable cell)"
    )
    assert reason["E"] == "growth −12.0\u00a0%, stage declining, LQ 1.30: check before supporting"
    assert reason["F"] == "no employment in this category in the data"


def test_reasons_in_russian():
    reason = audit(DECLARED, EVIDENCE, language="ru").set_index("cluster")["reason"]
    assert reason["A"] == "★★, LQ 1,50 ≥ 1,00: сложившаяся специализация; межрегиональная зона с S"
    assert reason["E"] == "рост −12,0\u00a0%, стадия «упадок», LQ 1,30: проверить перед поддержкой"


def test_thresholds_are_arguments():
    cells = audit(DECLARED, EVIDENCE)
    # without stages: growth +10 % under 20 % and complexity 0.2 under 0.5 leave B weak;
    # density 0.6 under 0.65 leaves C weak; E still falls by −12 % ≤ −5 %
    stricter = verdicts(
        cells.assign(stage=None), option_density=0.65, growth_min=0.2, option_complexity=0.5
    )["verdict"].tolist()
    assert stricter[1:] == ["weak evidence"] * 3 + ["declining — check", "weak evidence"]
    # B (LQ 0.9 ≥ 0.8, complexity 0.2 ≥ 0) becomes an option by complexity once not growing
    judged = verdicts(cells.assign(stage=None, growth=np.nan))
    assert judged["rule"].tolist()[:2] == ["strength", "option complexity"]
    # one year of data: E is a strength again (no stage, no growth)
    assert judged["verdict"].iloc[4] == "strength"


def test_missing_strengths_and_junctions():
    declared = DECLARED[DECLARED["cluster"].isin(["B", "C"])]
    missing = missing_priorities(declared, EVIDENCE, cluster_names={"A": "Alpha"})
    assert list(missing.columns) == MISSING_COLUMNS
    rows = missing[["region", "cluster", "kind", "score"]].to_numpy().tolist()
    # strengths A (★★) then E (★), by stars; junction A–B has B declared, so A is missing;
    # A–X: X is the weaker, undeclared side
    assert rows == [
        ["R", "A", "strength", 1.5],
        ["R", "E", "strength", 1.3],
        ["R", "A", "junction", 0.9],
        ["R", "X", "junction", 0.8],
    ]
    assert missing["reason"].iloc[3] == (
        "junction of Alpha and X (relatedness 0.60, density 0.55): X + Alpha not declared"
    )


def test_shared_priorities_with_borders():
    shared = shared_priorities(DECLARED[DECLARED["cluster"] == "A"], EVIDENCE)
    assert list(shared.columns) == SHARED_COLUMNS
    assert shared.to_numpy().tolist() == [
        ["R", "A", "both", "S", "measured", True],
        ["S", "A", "measured", "R", "both", True],
    ]


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


def write(tmp_path, text: str, name: str = "priorities.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_russian_text_and_codes_map_to_categories(tmp_path, demo):
    path = write(
        tmp_path,
        "регион,приоритет,тип,источник\n"
        "Калифорния,Информатика и математика,кластер,Стратегия\n"
        "06,Информатика и математика,,\n"
        "Texas,15-1252,activity,\n"
        "48,Farming fishing and forestry occupations,,\n"
        "48,Production,,\n"
        "Nowhere,Production Occupations,,\n"
        "48,,,\n"
        "48,space tourism,,\n",
    )
    declared = declared_priorities(path, demo)
    computing = "Computer and Mathematical Occupations"
    table = declared.table.set_index("row")
    # Калифорния is not a name the demo knows: its row is a problem; 06 is California
    assert table.loc[3, ["region", "cluster", "rule"]].tolist() == [
        "06",
        computing,
        "category name",
    ]
    assert table.loc[4, ["region", "cluster", "rule"]].tolist() == [
        "48",
        computing,
        "activity code",
    ]
    assert table.loc[5, "cluster"] == "Farming, Fishing, and Forestry Occupations"
    assert table.loc[6, ["cluster", "rule"]].tolist() == [
        "Production Occupations",
        "close category name (90/100)",
    ]
    problems = declared.problems.set_index("row")
    assert sorted(problems.index) == [2, 7, 8, 9]
    assert problems.loc[2, "column"] == "region"
    assert problems.loc[7, "problem"].startswith("no region of the data matches")
    assert problems.loc[8, "problem"] == "the priority is empty; fill it in or remove it"
    assert problems.loc[9, "column"] == "priority"


def test_user_mapping_and_repeats(tmp_path, demo):
    path = write(tmp_path, "region,priority\n06,ИТ-кластер\n06,Информатика и математика\n")
    mapping = write(
        tmp_path, "priority,cluster\nит кластер,Computer and Mathematical Occupations\n", "map.csv"
    )
    declared = declared_priorities(path, demo, mapping=mapping)
    assert declared.table[["row", "rule"]].to_numpy().tolist() == [[2, "user mapping"]]
    assert declared.problems["problem"].iloc[0].startswith("the same category as row 2")


def test_bad_files_name_file_row_and_column(tmp_path, demo):
    with pytest.raises(InputError, match=r"p\.csv, row 1: no 'priority' column"):
        read_declared(write(tmp_path, "region,focus\n06,x\n", "p.csv"))
    with pytest.raises(InputError, match=r"q\.csv, row 2, column 'priority': no declared"):
        declared_priorities(write(tmp_path, "region,priority\n06,moon mining\n", "q.csv"), demo)


def test_demo_audit_of_california(demo):
    from geo.adjacency import neighbour_pairs
    from geo.boundaries import demo_regions

    evidence = gather_evidence(demo, pairs=neighbour_pairs(demo_regions()).pairs)
    declared = pd.DataFrame(
        {
            "region": ["06", "06"],
            "priority": ["computing", "farming"],
            "cluster": [
                "Computer and Mathematical Occupations",
                "Farming, Fishing, and Forestry Occupations",
            ],
        }
    )
    audited = audit(declared, evidence).set_index("cluster")
    computing = audited.loc["Computer and Mathematical Occupations"]
    # BLS OEWS May 2025: California's computing LQ 1.16 with one star -> strength
    assert computing["lq"] == pytest.approx(1.16, abs=0.005)
    assert computing["verdict"] == "strength"
    assert np.isnan(computing["growth"]) and computing["stage"] is None
    missing = missing_priorities(declared, evidence)
    assert "Arts, Design, Entertainment, Sports, and Media Occupations" in set(
        missing.loc[missing["kind"] == "strength", "cluster"]
    )

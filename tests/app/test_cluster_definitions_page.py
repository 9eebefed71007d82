"""The Cluster definitions page on the demo: candidates scored, the comparison with the SOC
major groups shown, and a definition applied to every page."""

from __future__ import annotations

import pytest

from econ.cluster_definitions import CANDIDATE_COLUMNS
from tests.app.test_other_pages import opened


@pytest.mark.parametrize(
    ("language", "title", "comparison"),
    [
        ("en", "Cluster definitions", "Against the current grouping: adjusted Rand index"),
        ("ru", "Определение кластеров", "По сравнению с текущей группировкой"),
    ],
)
def test_candidates_are_scored_and_compared(language, title, comparison):
    at = opened("pages/cluster_definitions.py", language)
    assert at.title[0].value == title
    candidates = at.dataframe[0].value
    assert list(candidates.columns) == CANDIDATE_COLUMNS
    assert len(candidates) == 2 * 51 + 1  # average and Ward for k = 10..60, and the moves
    assert candidates["score_best_own"].is_monotonic_decreasing
    assert at.markdown[0].value.startswith(comparison)
    if language == "ru":  # the method and the candidate as the reader says them
        ward = candidates.set_index("k").query("method == 'метод Уорда'").loc[12]
        assert ward["candidate"] == "метод Уорда, кластеров: 12"
        assert set(candidates["method"]) == {
            "средняя связь",
            "метод Уорда",
            "текущая группировка с переносами",
        }


def test_a_definition_is_applied_to_every_page():
    at = opened("pages/cluster_definitions.py", "en")
    at.slider(key="definitions_range").set_value((10, 12)).run()
    at.selectbox(key="definitions_candidate").set_value("ward-12").run()
    at.button(key="definitions_apply").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "The definition is applied: 12 cluster categories on every page."
    atlas = at.session_state["atlas"]
    assert atlas.data.activities["cluster"].nunique() == 12
    at.switch_page("pages/cluster_map.py").run()
    assert not at.exception
    assert len(at.selectbox(key="category.en").options) == 12


def test_the_moves_are_listed_by_name_from_their_current_cluster():
    at = opened("pages/cluster_definitions.py", "en")
    at.slider(key="definitions_range").set_value((10, 11)).run()
    at.selectbox(key="definitions_candidate").set_value("moves").run()
    moves = at.dataframe[-1].value
    assert list(moves.columns) == ["activity", "activity_name", "from", "to"]
    assert (moves["from"] != moves["to"]).all()
    chief = moves.set_index("activity").loc["11-1011"]
    assert chief["activity_name"] == "Chief Executives"
    assert chief["from"] == "Management Occupations"

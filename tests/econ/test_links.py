"""Cross-border links, zones, partner regions and flow checks on a small hand-made economy."""

from __future__ import annotations

import pandas as pd
import pytest

from econ.errors import InputError
from econ.links import (
    border_links,
    check_flows,
    cluster_zones,
    partner_regions,
    similarity_matrix,
    validate_flows,
    zone_summary,
)

# a chain A-B-C-D-E of bordering regions, and F joined to D only by the islands' fallback
PAIRS = pd.DataFrame(
    {
        "region_a": ["A", "B", "C", "D", "D"],
        "region_b": ["B", "C", "D", "E", "F"],
        "kind": ["queen", "queen", "queen", "queen", "knn"],
    }
)
LQ = {
    "x": {"A": 1.5, "B": 1.2, "C": 0.8, "D": 2.0, "E": 1.1, "F": 3.0},
    "y": {"A": 2.0, "B": 0.5, "C": 1.3, "D": 0.2, "E": 0.1, "F": 1.0},
}
EMPLOYMENT = {
    "x": {"A": 100, "B": 50, "C": 10, "D": 400, "E": 30, "F": 5},
    "y": {"A": 10, "B": 20, "C": 30, "D": 1, "E": 1, "F": 7},
}
STARS = {
    "x": {"A": 1, "B": 0, "C": 0, "D": 3, "E": 2, "F": 1},
    "y": {"A": 2, "B": 0, "C": 1, "D": 0, "E": 0, "F": 0},
}


@pytest.fixture
def table() -> pd.DataFrame:
    rows = [
        (
            region,
            cluster,
            float(EMPLOYMENT[cluster][region]),
            LQ[cluster][region],
            STARS[cluster][region],
        )
        for cluster in LQ
        for region in LQ[cluster]
    ]
    return pd.DataFrame(rows, columns=["region", "cluster", "employment", "lq", "stars"])


def test_neighbours_specialised_in_the_same_category_are_linked(table):
    links = border_links(table, PAIRS, min_lq=1.0)
    # x: A(1.5)-B(1.2) weight min(100, 50) = 50; D(2.0)-E(1.1) weight min(400, 30) = 30;
    #    D-F is a fallback pair (no shared border), so it does not count.
    # y: A(2.0)-B(0.5) no; B-C no; C(1.3)-D(0.2) no; none.
    assert links.values.tolist() == [["A", "B", "x", 50.0], ["D", "E", "x", 30.0]]
    assert list(links.columns) == ["region_a", "region_b", "cluster", "weight"]


def test_threshold_and_stars_change_the_links(table):
    # LQ >= 1.25: only A (1.5), D (2.0), F in x; A, C in y: no bordering pair qualifies
    assert border_links(table, PAIRS, min_lq=1.25).empty
    # at least one star: x A, D, E, F; y A, C -> D-E (x); fallback D-F counts when asked for
    starred = border_links(table, PAIRS, min_stars=1, kinds=("queen", "knn"))
    assert starred[["region_a", "region_b", "cluster", "weight"]].values.tolist() == [
        ["D", "E", "x", 30.0],
        ["D", "F", "x", 5.0],
    ]


def test_zones_are_connected_groups_per_category(table):
    chain = table.assign(lq=table["lq"].where(table["cluster"] != "y", 1.5))  # all of y >= 1
    links = border_links(chain, PAIRS, min_lq=1.0)
    zones = cluster_zones(links)
    # x: {A, B} and {D, E} (sizes tie: first region decides); y: the whole chain A..E
    assert zones.groupby("zone")["region"].apply(list).to_dict() == {
        1: ["A", "B"],
        2: ["D", "E"],
        3: ["A", "B", "C", "D", "E"],
    }
    assert zones.groupby("zone")["cluster"].first().tolist() == ["x", "x", "y"]
    summary = zone_summary(zones, chain, names={"A": "Alpha"})
    # zone 3 employment in y: 10 + 20 + 30 + 1 + 1 = 62
    assert summary.loc[2, ["regions", "employment"]].tolist() == [5, 62.0]
    assert summary.loc[0, "members"] == "Alpha; B"


def test_no_links_no_zones():
    links = pd.DataFrame(columns=["region_a", "region_b", "cluster", "weight"])
    assert cluster_zones(links).empty


def test_cosine_similarity_of_lq_vectors(table):
    similarity = similarity_matrix(table, method="lq")
    # A = (1.5, 2.0), |A| = 2.5; B = (1.2, 0.5), |B| = 1.3; A·B = 1.8 + 1.0 = 2.8
    assert similarity.loc["A", "B"] == pytest.approx(2.8 / (2.5 * 1.3))
    assert similarity.loc["B", "A"] == pytest.approx(similarity.loc["A", "B"])
    assert similarity.loc["C", "C"] == pytest.approx(1.0)


def test_symmetric_lq_similarity(table):
    similarity = similarity_matrix(table, method="slq")
    # SLQ = (LQ-1)/(LQ+1): A = (0.2, 1/3), D = (1/3, -2/3); A·D = 0.2/3 - 2/9 = -0.1556
    a, d = (0.2, 1 / 3), (1 / 3, -2 / 3)
    dot = a[0] * d[0] + a[1] * d[1]
    norm = (a[0] ** 2 + a[1] ** 2) ** 0.5 * (d[0] ** 2 + d[1] ** 2) ** 0.5
    assert similarity.loc["A", "D"] == pytest.approx(dot / norm)
    assert similarity.loc["A", "D"] < 0  # opposite profiles


def test_partner_regions_with_shared_and_complementary_categories(table):
    partners = partner_regions(table, k=2, regions=["A"])
    # cos(A, C) = (1.2 + 2.6) / (2.5 · √2.33) = 0.9958; cos(A, B) = 0.8615; cos(A, F) = 0.8222
    assert partners["partner"].tolist() == ["C", "B"]
    assert partners["similarity"].tolist() == pytest.approx([3.8 / (2.5 * 2.33**0.5), 2.8 / 3.25])
    # A is specialised in x and y; C only in y; B only in x
    assert partners[["shared", "complementary"]].values.tolist() == [["y", "x"], ["x", "y"]]


def test_partners_by_starred_sets(table):
    partners = partner_regions(table, k=1, method="stars", min_stars=1, regions=["C"])
    # starred sets: A {x, y}, C {y}, D/E/F {x}: Ochiai(C, A) = 1/√2, the only overlap
    assert partners.loc[0, "partner"] == "A"
    assert partners.loc[0, "similarity"] == pytest.approx(2**-0.5)
    assert partners.loc[0, "shared"] == "y" and partners.loc[0, "complementary"] == "x"


def test_partners_for_every_region_and_unknown_region(table):
    partners = partner_regions(table, k=3)
    assert len(partners) == 6 * 3
    assert not (partners["region"] == partners["partner"]).any()
    with pytest.raises(InputError, match="no such region in the data: Z"):
        partner_regions(table, regions=["Z"])


FLOWS = pd.DataFrame(
    {
        "origin": ["A", "A", "Q", "C", "D", " E "],
        "destination": ["B", "Z", "B", "D", "E", "F"],
        "value": ["10", "5", "3", "ten", "-1", "2.5"],
        "category": ["x", "x", "y", "y", "x", "y"],
    }
)


def test_flows_with_unknown_regions_are_reported_by_row():
    clean, problems = check_flows(FLOWS, list("ABCDEF"), file="flows.csv")
    # header is row 1: data rows 2..7
    assert problems.values.tolist() == [
        [3, "destination", "Z", "unknown region id"],
        [4, "origin", "Q", "unknown region id"],
        [5, "value", "ten", "text in a number column"],
        [6, "value", "-1", "negative value"],
    ]
    assert clean.values.tolist() == [["A", "B", 10.0, "x"], ["E", "F", 2.5, "y"]]


def test_missing_values_and_rows_below_a_title_are_reported():
    flows = pd.DataFrame({"origin": ["A", "B"], "destination": ["B", "C"], "value": ["", "1"]})
    _, problems = check_flows(flows, list("ABC"), first_row=4)  # header on row 3
    assert problems.values.tolist() == [[4, "value", "", "missing value"]]


def test_validate_flows_raises_with_file_row_and_column():
    with pytest.raises(InputError) as error:
        validate_flows(FLOWS, list("ABCDEF"), file="flows.csv")
    assert error.value.row == 3 and error.value.column == "destination"
    assert str(error.value).startswith("flows.csv, row 3, column 'destination': 4 problem(s)")
    with pytest.raises(InputError, match="missing: value"):
        validate_flows(FLOWS.drop(columns="value"), list("ABCDEF"))


def test_demo_mountain_states_share_computing_across_the_border():
    from econ.dataset import demo_dataset
    from econ.stars import region_cluster
    from geo.adjacency import neighbour_pairs
    from geo.boundaries import demo_regions

    data = demo_dataset()
    table = region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
    links = border_links(table, neighbour_pairs(demo_regions()).pairs, min_lq=1.2)
    computing = links[links["cluster"] == "Computer and Mathematical Occupations"]
    pairs = set(zip(computing["region_a"], computing["region_b"], strict=True))
    assert ("08", "49") in pairs  # Colorado - Utah
    assert ("11", "51") in pairs and ("24", "51") in pairs  # DC - Virginia, Maryland - Virginia
    cells = table.set_index(["region", "cluster"])["employment"]
    utah = links[(links["region_a"] == "08") & (links["region_b"] == "49")]
    row = utah[utah["cluster"] == "Computer and Mathematical Occupations"].iloc[0]
    key = "Computer and Mathematical Occupations"
    assert row["weight"] == min(cells[("08", key)], cells[("49", key)])


def test_flow_errors_read_in_russian_with_each_problem_worded(table):
    with pytest.raises(InputError) as error:
        validate_flows(FLOWS, list("ABCDEF"), file="flows.csv")
    assert str(error.value) == (
        "flows.csv, row 3, column 'destination': 4 problem(s) in the flows: row 3 destination "
        "'Z': unknown region id; row 4 origin 'Q': unknown region id; row 5 value 'ten': text in "
        "a number column; row 6 value '-1': negative value. Use the region ids of the boundaries "
        "for origin and destination, and numbers of zero or more for value."
    )
    assert error.value.localised("ru") == (
        "flows.csv, строка 3, столбец 'destination': проблемы в потоках (4): строка 3, "
        "destination 'Z': неизвестный идентификатор региона; строка 4, origin 'Q': неизвестный "
        "идентификатор региона; строка 5, value 'ten': текст в числовом столбце; строка 6, value "
        "'-1': отрицательное значение. Для origin и destination используйте идентификаторы "
        "регионов из файла границ, для value — числа не меньше нуля."
    )
    many = pd.DataFrame({"origin": ["A"] * 1207, "destination": ["B"] * 1207, "value": [""] * 1207})
    with pytest.raises(InputError) as error:
        validate_flows(many, list("AB"))
    assert str(error.value).startswith("row 2, column 'value': 1,207 problem(s) in the flows: ")
    assert error.value.localised("ru").startswith(
        "строка 2, столбец 'value': проблемы в потоках (1\u00a0207): строка 2, value '': нет "
        "значения; строка 3, value '': нет значения; "
    )
    assert "строка 6, value '': нет значения; и ещё 1\u00a0202. Для origin" in (
        error.value.localised("ru")
    )
    with pytest.raises(InputError) as error:
        validate_flows(FLOWS.drop(columns="value"), list("ABCDEF"))
    assert error.value.localised("ru") == (
        "в таблице потоков должны быть столбцы origin, destination, value[, category]; "
        "не хватает: value"
    )
    with pytest.raises(InputError) as error:
        partner_regions(table, regions=["Z"])
    assert error.value.localised("ru") == "в данных нет таких регионов: Z"

"""Classification changes: NAICS 2017 → 2022 subsectors and NACE Rev. 1.1 / OKVED 1 → Rev. 2
sections harmonised into comparable groups, with the report of splits and merges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cli
from econ.correspondence import (
    comparable_dataset,
    correspondence,
    group_clusters,
    harmonise,
    read_correspondence,
)
from econ.errors import InputError

OLD_SECTIONS = list("ABCDEFGHIJKLMNOPQ")  # NACE Rev. 1.1 / OKVED 1
NEW_SECTIONS = list("ABCDEFGHIJKLMNOPQRSTU")  # NACE Rev. 2 / OKVED 2


def table(old: list[str], new: list[str], old_year: int, new_year: int) -> pd.DataFrame:
    """Region R with 10 employees in every old code and 1..n in the new codes."""
    return pd.DataFrame(
        {
            "region": "R",
            "year": [old_year] * len(old) + [new_year] * len(new),
            "activity": old + new,
            "employment": [10.0] * len(old) + [float(i + 1) for i in range(len(new))],
        }
    )


def test_nace_sections_by_hand() -> None:
    employment, report = harmonise(
        table(OLD_SECTIONS, NEW_SECTIONS, 2016, 2017), correspondence("okved1"), [2016]
    )
    cells = employment.set_index(["activity", "year"])["employment"]
    # agriculture (old A) and fishing (old B) are both new A (1)
    assert (cells[("A", 2016)], cells[("A", 2017)]) == (20.0, 1.0)
    assert (cells[("C", 2016)], cells[("C", 2017)]) == (10.0, 3.0)  # manufacturing: old D
    assert cells[("K", 2016)] == 10.0 and cells[("K", 2017)] == 11.0  # finance: old J
    # old I (transport, communication) and K (real estate, business) ↔ new H, J, L, M, N
    assert cells[("H+J+L+M+N", 2016)] == 20.0
    assert cells[("H+J+L+M+N", 2017)] == 8 + 10 + 12 + 13 + 14
    # old E (utilities) and O (other services) ↔ new D, E, R, S
    assert cells[("D+E+R+S", 2017)] == 4 + 5 + 18 + 19
    assert employment.groupby("year")["employment"].sum().to_dict() == {
        2016: 170.0,
        2017: float(sum(range(1, 22))),
    }
    changes = report.set_index("group")
    assert changes.loc["A", "change"] == "merged" and changes.loc["A", "old"] == "A B"
    assert changes.loc["C", "change"] == "renamed"
    assert "publishing (22.1) -> 58.1" in changes.loc["C", "minor_moves"]
    assert changes.loc["H+J+L+M+N", "change"] == "split and merged"
    assert "F" not in changes.index  # construction keeps its letter and its scope
    assert changes.loc["G", "change"] == "same code"  # trade too, but for a minor move
    assert changes.loc["G", "minor_moves"].startswith("G → S: repair of personal")


def test_naics_retail_and_information_by_hand() -> None:
    old = ["311", "441", "442", "443", "444", "445", "446", "447", "448"]
    old += ["451", "452", "453", "454", "511", "515", "519"]
    new = ["311", "441", "444", "445", "449", "455", "456", "457", "458", "459"]
    new += ["513", "516", "519"]
    frame = table(old, new, 2019, 2022)
    frame.loc[frame["activity"] == "311", "activity"] = ["311111", "311"]  # any depth
    employment, report = harmonise(frame, correspondence("naics2017"), [2019])
    cells = employment.set_index(["activity", "year"])["employment"]
    retail = "441+444+445+449+455+456+457+458+459"
    assert cells[(retail, 2019)] == 120.0  # all of 44-45: e-commerce (454) went to every one
    assert cells[(retail, 2022)] == sum(range(2, 11))
    assert (cells[("513+516+519", 2019)], cells[("513+516+519", 2022)]) == (30.0, 11 + 12 + 13)
    assert (cells[("311", 2019)], cells[("311", 2022)]) == (10.0, 1.0)
    assert report["group"].tolist() == [retail, "513+516+519"]
    assert report["change"].tolist() == ["split and merged", "split and merged"]


def test_missing_stays_missing_and_clusters_follow() -> None:
    frame = table(["D", "J"], ["C", "K"], 2016, 2017)
    frame.loc[0, "employment"] = np.nan
    employment, _ = harmonise(frame, correspondence("nace11"), [2016])
    assert employment["employment"].isna().tolist() == [True, False, False, False]
    clusters = pd.DataFrame({"activity": ["C", "K", "H", "J"], "cluster": ["m", "f", "t", "i"]})
    grouped = group_clusters(
        pd.DataFrame({"activity": ["C", "H+J"]}), clusters, correspondence("nace11")
    )
    assert grouped["cluster"].tolist() == ["m", "H+J"]  # a mixed group is a cluster of its own


def test_needs_years_and_a_known_name() -> None:
    with pytest.raises(InputError, match="year column"):
        harmonise(pd.DataFrame({"region": ["R"], "activity": ["A"]}), correspondence("nace11"), [])
    with pytest.raises(InputError, match="unknown classification 'sic'"):
        correspondence("sic")


def test_metrics_compares_okved1_and_okved2_years(tmp_path: Path) -> None:
    rows = ["region,activity,year,employment"]
    for region, scale in (("A1", 1), ("B2", 2), ("C3", 3)):
        rows += [f"{region},{s},2016,{10 * scale}" for s in OLD_SECTIONS]
        rows += [f"{region},{s},2017,{(i + 1) * scale}" for i, s in enumerate(NEW_SECTIONS)]
    source = tmp_path / "okved.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["metrics", "--employment", str(source), "--floor", "0", "--out", str(out)]
    assert cli.main([*args, "--old-classification", "okved1", "--old-years", "2016"]) == 0
    report = pd.read_csv(out / "classification_changes.csv")
    assert "H+J+L+M+N" in set(report["group"])
    change = pd.read_csv(out / "region_cluster_change.csv")
    manufacturing = change[(change["cluster"] == "manufacturing") & (change["region"] == "B2")]
    assert manufacturing[["employment_base", "employment"]].values.tolist() == [[20.0, 6.0]]
    with pytest.raises(InputError, match="--old-years"):
        cli.metrics(cli.parser().parse_args([*args, "--old-classification", "okved1"]))


EUROSTAT_STYLE = "\n".join(  # class level, as the published table prints codes
    [
        "Соответствие ОКВЭД 1 и ОКВЭД 2 (фрагмент)",
        "старый код;новый код;основная;примечание",
        "15.11;10.11;1;мясо",
        "15.91;11.01;1;напитки",
        "22.11;58.11;1;издание книг",
        "22.21;18.11;1;печатание газет",
        "72.21;58.29;1;издание программ",
        "72.22;62.01;1;разработка программ",
        "72.50;95.11;0;ремонт компьютеров",
    ]
)


def test_a_published_class_table_on_division_data(tmp_path: Path) -> None:
    path = tmp_path / "okved1_okved2.csv"
    path.write_bytes(EUROSTAT_STYLE.encode("cp1251"))
    links = read_correspondence(path, digits=2)
    assert links.links[["old", "new", "main"]].values.tolist() == [
        ["15", "10", "1"],
        ["15", "11", "1"],
        ["22", "18", "1"],
        ["22", "58", "1"],
        ["72", "58", "1"],
        ["72", "62", "1"],
        ["72", "95", "0"],
    ]
    employment = pd.DataFrame(
        {
            "region": "R",
            "year": [2005] * 3 + [2010] * 6,
            "activity": ["15", "22", "72", "10", "11", "18", "58", "62", "95"],
            "employment": [100.0, 50, 30, 80, 30, 20, 40, 35, 5],
        }
    )
    harmonised, report = harmonise(employment, links, [2005])
    cells = harmonised.set_index(["activity", "year"])["employment"].to_dict()
    assert cells == {
        ("10+11", 2005): 100.0,
        ("10+11", 2010): 110.0,
        ("18+58+62", 2005): 80.0,  # publishing (22) and software (72) share new 58
        ("18+58+62", 2010): 95.0,
        ("95", 2010): 5.0,  # computer repair: a minor link, reported, not allocated
    }
    software = report.set_index("group").loc["18+58+62"]
    assert (software["old"], software["change"]) == ("22 72", "split and merged")
    assert "72 → 95: ремонт компьютеров" in software["minor_moves"]


def test_a_bad_correspondence_is_named(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text("old,new,main\n15,10,yes\n", encoding="utf-8")
    with pytest.raises(InputError, match="main must be 1 .* or 0, not 'yes'") as caught:
        read_correspondence(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("links.csv", 2, "main")
    path.write_text("code,title\n15,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'old' column"):
        read_correspondence(path)


def test_metrics_with_the_users_correspondence(tmp_path: Path) -> None:
    links = tmp_path / "links.csv"
    links.write_bytes(EUROSTAT_STYLE.encode("cp1251"))
    rows = ["region,activity,year,employment"]
    for region, scale in (("A1", 1), ("B2", 2)):
        rows += [f"{region},{c},2005,{v * scale}" for c, v in (("15", 100), ("22", 50))]
        rows += [f"{region},{c},2010,{v * scale}" for c, v in (("10", 80), ("11", 30), ("18", 60))]
    source = tmp_path / "okved.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["metrics", "--employment", str(source), "--floor", "0", "--out", str(out)]
    args += ["--correspondence", str(links), "--correspondence-digits", "2", "--old-years", "2005"]
    assert cli.main(args) == 0
    change = pd.read_csv(out / "region_cluster_change.csv")
    food = change[(change["region"] == "B2") & (change["cluster"] == "agro_food")]  # 10, 11
    assert food[["employment_base", "employment"]].values.tolist() == [[200.0, 220.0]]
    printing = change[(change["region"] == "B2") & (change["cluster"] == "18+58+62")]
    assert printing["growth"].tolist() == [pytest.approx(0.2)]  # 100 in 22, then 120 in 18
    assert "18+58+62" in set(pd.read_csv(out / "classification_changes.csv")["group"])


def test_wages_follow_the_groups_weighted_by_employment() -> None:
    from econ.dataset import Dataset

    employment = pd.DataFrame(
        {
            "region": "R",
            "year": [2015, 2015, 2015, 2017, 2017],
            "activity": ["D", "I", "K", "C", "M"],
            "employment": [300.0, 300.0, 100.0, 200.0, 50.0],
        }
    )
    wage = [30_000.0, 20_000.0, 60_000.0, 40_000.0, np.nan]
    wages = employment[["region", "activity", "year"]].assign(wage=wage)
    activities = pd.DataFrame({"activity": list("DIKCM"), "cluster": list("mttmb")})
    data = Dataset(employment=employment, activities=activities, wages=wages)
    changed, _ = comparable_dataset(data, correspondence("okved1"), [2015])
    cells = changed.wages.set_index(["activity", "year"])["wage"].to_dict()
    assert cells == {
        ("C", 2015): 30_000.0,
        ("H+J+L+M+N", 2015): 30_000.0,  # (300 × 20,000 + 100 × 60,000) / 400
        ("C", 2017): 40_000.0,
    }  # M's wage is not published: the 2017 group has none, not zero

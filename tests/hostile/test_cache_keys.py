"""Cache keys from content: whatever determines a number is in its key. A switch of year,
scheme or threshold, or another upload under the same name, changes the numbers shown."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from econ.dataset import Dataset
from econ.keys import content_key
from pages.common import Atlas, demo_atlas
from tests.app.test_other_pages import APP


def test_numpy_and_python_values_of_one_number_have_their_own_keys():
    keys = {
        content_key(value)
        for value in (2020, np.int64(2020), np.int32(2020), 2020.0, "2020", np.int64(2021))
    }
    assert len(keys) == 6
    assert content_key(np.int64(2020)) == content_key(np.int64(2020))


def test_one_cell_in_the_middle_of_a_long_table_changes_the_key():
    frame = pd.DataFrame({"region": ["r"] * 200_000, "employment": np.arange(200_000.0)})
    edited = frame.copy()
    edited.loc[100_000, "employment"] = -1.0
    assert repr(frame) == repr(edited)  # the repr elides the edited row
    assert content_key(frame) != content_key(edited)


def test_nested_choices_and_datasets_are_keyed_by_content():
    data = Dataset(
        employment=pd.DataFrame({"region": ["a"], "activity": ["x"], "employment": [1.0]}),
        activities=pd.DataFrame({"activity": ["x"], "cluster": ["X"]}),
        meta={"year": np.int64(2020)},
    )
    later = Dataset(data.employment, data.activities, meta={"year": np.int64(2021)})
    assert content_key(data, {"k": (1, 2)}) != content_key(later, {"k": (1, 2)})
    assert content_key(data, {"k": (1, 2)}) != content_key(data, {"k": (1, 3)})


def test_a_type_without_a_rule_is_an_error_not_skipped():
    with pytest.raises(TypeError, match="no content key for a object"):
        content_key(object())


def two_year_atlas(key: str, growth: float) -> Atlas:
    """The demo's states and occupations in 2023 and 2024; California's computing jobs grow by
    `growth` from 2023 to 2024, nothing else changes."""
    demo = demo_atlas()
    latest = demo.data.employment
    grew = latest["activity"].str.startswith("15-") & (latest["region"] == "06")
    earlier = latest.assign(
        employment=latest["employment"].mask(grew, latest["employment"] / growth)
    )
    employment = pd.concat(
        [earlier.assign(year=np.int64(2023)), latest.assign(year=np.int64(2024))], ignore_index=True
    )
    data = Dataset(employment, demo.data.activities, meta={"title": "Two years", "source": "test"})
    return Atlas(regions=demo.regions, data=data, key=key)


def hand_lq(atlas: Atlas, year: int) -> float:
    """California's computing LQ computed directly: (e_rc / e_r) / (E_c / E)."""
    table = atlas.data.employment[atlas.data.employment["year"] == year]
    computing = table["activity"].str.startswith("15-")
    california = table["region"] == "06"
    e = table["employment"]
    return (e[computing & california].sum() / e[california].sum()) / (e[computing].sum() / e.sum())


COMPUTER = "Computer and Mathematical Occupations"


def panel(atlas: Atlas, **query: str) -> dict[str, str]:
    """California's figures in the cluster map's side panel for a fresh session on `atlas`
    opened by a link with `query`. Sessions share the server's caches, as real ones do."""
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params.update(lang="en", category=COMPUTER, region="06", **query)
    at.session_state["atlas"] = atlas
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return {m.label: m.value for m in at.metric}


def test_year_thresholds_and_another_upload_change_the_numbers_shown():
    doubled, quadrupled = two_year_atlas("own", growth=2.0), two_year_atlas("own", growth=4.0)
    assert f"{hand_lq(doubled, 2024):.2f}" == "1.17"
    assert f"{hand_lq(doubled, 2023):.2f}" == "0.64"
    assert f"{hand_lq(quadrupled, 2023):.2f}" == "0.33"
    latest = panel(doubled)
    assert latest["Location quotient"] == "1.17"
    assert panel(doubled, year="2023")["Location quotient"] == "0.64"
    more = panel(doubled, spec_lq="1.1")["Stars"].count("★")
    assert more == latest["Stars"].count("★") + 1  # LQ 1.17 now earns the specialisation star
    # another upload under the same key, in another session: its own numbers, not the cache's
    assert panel(quadrupled, year="2023")["Location quotient"] == "0.33"


def legend(at: AppTest) -> str:
    """The text of the cluster map's legend, from the map the page sends to the browser."""
    component = next(e for e in at.main if getattr(e, "type", "") == "component_instance")
    script = json.loads(component.proto.json_args)["script"]
    found = re.search(r"atlas-legend.*?</div>\s*</div>", script, re.DOTALL)
    return re.sub(r"<[^>]+>", " ", found.group(0)) if found else script


def test_the_scheme_changes_the_map_classes():
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params.update(lang="en", category=COMPUTER, metric="employment")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.selectbox(key="scheme.en.quantiles").set_value("quantiles").run()
    quantiles = legend(at)
    at.selectbox(key="scheme.en.quantiles").set_value("equal_interval").run()
    equal = legend(at)
    assert quantiles != equal

"""The reports' machine words worded in Russian at display time, the tables left in English."""

from __future__ import annotations

import io
import math

import pandas as pd

from i18n.phrases import phrase, translated
from layers.tables import csv_bytes


def test_composed_rules_read_whole_in_russian():
    assert phrase(
        "code level above DE11, DE12; differs from the sum of 2 of 3 members by +5.2%", "ru"
    ) == (
        "код уровнем выше DE11, DE12; отличается от суммы своих частей, что есть в таблице "
        "(2 из 3) на +5,2\xa0%"
    )
    assert phrase(
        "federal district (RU-FD-SOU Южный федеральный округ); its sum could not be checked", "ru"
    ) == ("федеральный округ (RU-FD-SOU Южный федеральный округ); сумму проверить не удалось")
    assert phrase("mapping file row 1204 names region 'XX', not in the boundaries", "ru") == (
        "строка 1\xa0204 файла сопоставления указывает регион 'XX', которого нет в границах"
    )
    assert (
        phrase("activity left out of every measure: no such code in this classification", "ru")
        == "вид деятельности не входит ни в один показатель: такого кода нет в этой классификации"
    )


def test_unknown_text_and_english_stay_as_they_are():
    assert phrase("Tula Oblast", "ru") == "Tula Oblast"
    assert phrase("fuzzy name; confirm it", "en") == "fuzzy name; confirm it"
    assert math.isnan(phrase(float("nan"), "ru"))


def test_only_the_phrase_columns_are_translated_and_the_table_is_unchanged():
    table = pd.DataFrame(
        {"value": ["negative value"], "problem": ["negative value"], "rule": [None]}
    )
    shown = translated(table, "ru")
    assert shown.to_dict("list") == {
        "value": ["negative value"],
        "problem": ["отрицательное значение"],
        "rule": [None],
    }
    assert table["problem"].iloc[0] == "negative value"


def test_a_russian_quality_download_carries_the_russian_words():
    quality = pd.DataFrame({"file": ["firms.csv"], "row": [3], "problem": ["outside every region"]})
    back = pd.read_csv(io.BytesIO(csv_bytes(quality, language="ru")), sep=";", encoding="utf-8-sig")
    assert back.to_dict("list") == {
        "Файл": ["firms.csv"],
        "Строка": [3],
        "Проблема": ["вне всех регионов"],
    }
    english = pd.read_csv(io.BytesIO(csv_bytes(quality, language="en")))
    assert english["problem"].tolist() == ["outside every region"]

"""The catalogues: every key in both languages with the same fields, and lookups that work."""

from __future__ import annotations

import string

import pytest

from i18n.catalog import LANGUAGES, messages, section, text, translation


def fields(message: str) -> set[str]:
    """The `{name}` fields of a message (`str.format` syntax)."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def test_every_key_is_in_every_language():
    keys = {language: set(messages(language)) for language in LANGUAGES}
    english = keys["en"]
    assert len(english) > 400
    for language, own in keys.items():
        assert english - own == set(), f"missing in {language}"
        assert own - english == set(), f"only in {language}"


def test_every_translation_has_the_english_fields():
    english = messages("en")
    for language in LANGUAGES:
        differ = {
            key: (fields(english[key]), fields(message))
            for key, message in messages(language).items()
            if fields(message) != fields(english[key])
        }
        assert differ == {}, language


def test_every_message_formats_with_its_fields():
    for language in LANGUAGES:
        for key, message in messages(language).items():
            filled = message.format(**dict.fromkeys(fields(message), "X"))
            assert "{" not in filled.replace("{X", ""), key


def test_lookups():
    assert text("ru", "export.csv", name="region_cluster") == "Скачать region_cluster.csv"
    assert text("en", "export.csv", name="region_cluster") == "Download region_cluster.csv"
    assert text("de", "export.title") == "Export"  # an unknown language falls back to English
    t = translation("ru", "map", "legend")
    assert (t("metric"), t("lq")) == ("Показатель", "Коэффициент локализации")
    assert section("ru", "legend")["missing"] == "Нет данных"
    with pytest.raises(KeyError):
        text("en", "export.no_such_key")

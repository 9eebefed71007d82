"""Region names as comparison keys: case, ё/е, punctuation, region-type words, word order and
Russian→Latin transliteration folded away, so that spellings of one region share one key."""

from __future__ import annotations

import re

import numpy as np

CYRILLIC = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщыэюяъьё",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "h",
            "c",
            "ch",
            "sh",
            "sh",
            "i",
            "e",
            "iu",
            "ia",
            "",
            "",
            "e",
        ],
        strict=True,
    )
)
# Latin spelling variants folded the same way on both sides (kh/h, ts/c, y/i/j, double letters).
LATIN_FOLDS = (
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("sch", "sh"),
    ("shch", "sh"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
    ("ya", "ia"),
    ("yu", "iu"),
    ("'", ""),
    ("ie", "e"),
)
# Region-type words, each to one canonical token; "city" words and prepositions are dropped.
TYPE_WORDS = {
    "область": "oblast",
    "обл": "oblast",
    "oblast": "oblast",
    "oblast'": "oblast",
    "region": "oblast",
    "obl": "oblast",
    "край": "krai",
    "kray": "krai",
    "krai": "krai",
    "territory": "krai",
    "республика": "resp",
    "респ": "resp",
    "resp": "resp",
    "rep": "resp",
    "respublika": "resp",
    "republic": "resp",
    "автономный": "ao",
    "автономная": "ao",
    "округ": "ao",
    "ао": "ao",
    "autonomous": "ao",
    "okrug": "ao",
    "district": "ao",
    "ao": "ao",
    "aok": "ao",
}
DROPPED = {
    "г",
    "город",
    "city",
    "gorod",
    "of",
    "the",
    "федерального",
    "значения",
    "federal",
    "significance",
    "g",
}


def transliterate(text: str) -> str:
    """Russian letters to a plain Latin spelling (one of many; folding makes the rest agree)."""
    return "".join(CYRILLIC.get(ch, ch) for ch in text)


def _fold(token: str) -> str:
    for old, new in LATIN_FOLDS:
        token = token.replace(old, new)
    return re.sub(r"(.)\1", r"\1", token)


def normalise_name(name: object, *, keep_type: bool = True) -> str:
    """A comparison key for a region name: lower case, ё→е, punctuation and "г." dropped,
    type words canonical ("обл." = "область" = "oblast"), transliterated and word-order free.

    "Республика Татарстан", "Татарстан Республика" and "Respublika Tatarstan" share one key.
    """
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return ""
    text = str(name).lower().replace("ё", "е")
    text = re.sub(r"[\"'«»“”()\[\].,;:/\\–—\-]+", " ", text)
    tokens = []
    for token in text.split():
        if token in DROPPED:
            continue
        canonical = TYPE_WORDS.get(token)
        if canonical is not None:
            if keep_type:
                tokens.append(canonical)
            continue
        tokens.append(_fold(transliterate(token)))
    return " ".join(sorted(dict.fromkeys(tokens)))

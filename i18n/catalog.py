"""Message catalogues: every user-facing sentence lives in `locale/<lang>/LC_MESSAGES/atlas.po`.

A message id is a stable, readable key (`data.title`, `error.csv.no_column`); its `msgstr` is
the text in that language, with `{name}` fields filled by `str.format`. The catalogues are read
with Babel on first use (no build step), so a translator edits a `.po` file and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "atlas"
LANGUAGES = ("en", "ru")
DEFAULT = "en"


def po_path(language: str) -> Path:
    """The `.po` file of `language`."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def messages(language: str) -> Mapping[str, str]:
    """Every translated message of `language` by key (read once per process)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    with po_path(language).open("rb") as handle:
        catalogue = read_po(handle, locale=language, domain=DOMAIN)
    return {m.id: m.string for m in catalogue if m.id and m.string}


def text(language: str, key: str, **fields: object) -> str:
    """The message `key` in `language` (English when the language lacks it), fields filled in."""
    own = messages(language if language in LANGUAGES else DEFAULT)
    message = own.get(key) or messages(DEFAULT)[key]
    return message.format(**fields) if fields else message


def section(language: str, prefix: str) -> dict[str, str]:
    """Every message under `prefix.` as {short key: text}, for code that fills a template."""
    start = f"{prefix}."
    own = messages(language if language in LANGUAGES else DEFAULT)
    return {
        key[len(start) :]: own.get(key) or value
        for key, value in messages(DEFAULT).items()
        if key.startswith(start)
    }


def translation(language: str, *sections: str) -> Callable[..., str]:
    """`t(key, **fields)` for `language`: the message `<section>.key` of the first of
    `sections` that has one (a page's own text, then shared ones such as `legend`)."""
    english = messages(DEFAULT)

    def t(key: str, **fields: object) -> str:
        found = next((f"{s}.{key}" for s in sections if f"{s}.{key}" in english), key)
        return text(language, found, **fields)

    return t

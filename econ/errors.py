"""The one error type for bad input: a message a user can act on, never a traceback.

An error carries a catalogue key and its parameters (`i18n.catalog`, section `error`), so the
page or the CLI shows it in the user's language; `str(error)` is the English text. Numbers among
the parameters are written as the language writes them: an int whole (`1 234` in Russian), a
float with two decimals (`30,00`), a `Figure` with its own decimals (`2,0`); pass anything
else (a year, a code) as text. A parameter that is itself worded (a listed problem) is a
`Phrase`, or a list of them, shown in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from i18n.catalog import text
from i18n.formats import number


@dataclass(frozen=True)
class Phrase:
    """A catalogue message used as a parameter of an error, e.g. one of several listed problems."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def localised(self, language: str) -> str:
        """The phrase in `language`, its own parameters shown as an error's are."""
        return text(language, self.key, **_shown(self.params, language))


@dataclass(frozen=True)
class Figure:
    """A number shown with a set count of decimals (a size of `2.0` MB), in the language's form."""

    value: float
    digits: int


def _shown(params: Mapping[str, object], language: str) -> dict[str, object]:
    """Parameters as `language` writes them: numbers formatted, phrases (lists joined by "; ")
    worded."""
    shown: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, Phrase):
            shown[name] = value.localised(language)
        elif isinstance(value, list | tuple) and value and isinstance(value[0], Phrase):
            shown[name] = "; ".join(part.localised(language) for part in value)
        elif isinstance(value, Figure):
            shown[name] = number(value.value, language, value.digits)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            shown[name] = number(value, language, 0 if isinstance(value, int) else 2)
        else:
            shown[name] = value
    return shown


class InputError(ValueError):
    """Bad user input, with the file, row and column it concerns and what to do about it.

    `InputError("error.zip.no_shp", file="a.zip")` names a catalogue message; `params` fill its
    fields. A plain English sentence (no key) is still accepted and shown as it is.
    """

    def __init__(
        self,
        message: str,
        *,
        params: Mapping[str, object] | None = None,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file, self.row, self.column = file, row, column
        self.key = message if message.startswith("error.") else None
        self.params = dict(params or {})
        self.detail = self._detail("en") if self.key else message
        super().__init__(self.localised("en"))

    def _detail(self, language: str) -> str:
        return text(language, self.key, **_shown(self.params, language))

    def localised(self, language: str) -> str:
        """The whole message (file, row, column, then what is wrong) in `language`."""
        detail = self._detail(language) if self.key else self.detail
        where = [
            part
            for part in (
                self.file,
                text(language, "error.where.row", row=self.row) if self.row is not None else None,
                text(language, "error.where.column", column=repr(self.column))
                if self.column
                else None,
            )
            if part
        ]
        return f"{', '.join(where)}: {detail}" if where else detail

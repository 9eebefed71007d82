"""The one error type for bad input: a message a user can act on, never a traceback.

An error carries a catalogue key and its parameters (`i18n.catalog`, section `error`), so the
page or the CLI shows it in the user's language; `str(error)` is the English text. Numbers among
the parameters are written as the language writes them: an int whole (`1 234` in Russian), a
float with two decimals (`30,00`); pass anything else (a year, a code) as text.
"""

from __future__ import annotations

from collections.abc import Mapping

from i18n.catalog import text
from i18n.formats import number


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
        shown = {
            name: number(value, language, 0 if isinstance(value, int) else 2)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else value
            for name, value in self.params.items()
        }
        return text(language, self.key, **shown)

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

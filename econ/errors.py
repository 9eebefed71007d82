"""The one error type for bad input: a message a user can act on, never a traceback."""

from __future__ import annotations


class InputError(ValueError):
    """Bad user input, with the file, row and column it concerns and what to do about it."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file, self.row, self.column, self.detail = file, row, column, message
        where = [
            part
            for part in (
                file,
                f"row {row}" if row is not None else None,
                f"column {column!r}" if column else None,
            )
            if part
        ]
        super().__init__(f"{', '.join(where)}: {message}" if where else message)

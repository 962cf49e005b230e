"""Expected problems a user can act on. Anything else is a bug and reaches the crash handler."""

from __future__ import annotations


class RehearsalError(Exception):
    """An expected problem: the UI shows the message, the CLI prints it and exits 2."""


class FormatError(RehearsalError):
    """A file could not be read as what it claims to be. Nothing was imported."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        row: int | None = None,
        column: str | None = None,
        expected: str = "",
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        self.reason = message
        where = [file] if file else []
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        text = ", ".join(where)
        full = f"{text}: {message}" if text else message
        if expected:
            full += f" (expected {expected})"
        super().__init__(full)

    def located(self, file: str) -> FormatError:
        """The same error, naming `file` when it did not already."""
        if self.file:
            return self
        return FormatError(
            self.reason, file=file, row=self.row, column=self.column, expected=self.expected
        )


class NotFound(RehearsalError):
    """No program, plan or rehearsal with that id in this workspace."""


class WorkspaceLocked(RehearsalError):
    """Another process has this workspace open."""


class SchemaTooNew(RehearsalError):
    """The workspace was written by a newer version of Rehearsal."""


class InvalidOperation(RehearsalError):
    """The operation does not apply in the current state (e.g. next() after finish())."""

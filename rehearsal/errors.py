"""Expected problems a user can act on. Anything else is a bug and reaches the crash handler."""

from __future__ import annotations

import copy


class RehearsalError(Exception):
    """An expected problem: the UI shows the message, the CLI prints it and exits 2."""


class FormatError(RehearsalError):
    """A file could not be read as what it claims to be. Nothing was imported.

    Where in the file: a sheet's `row` (and `column`), or a text file's `line` (a
    transcript, a chat: where the row of a sheet means nothing)."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        row: int | None = None,
        column: str | None = None,
        expected: str = "",
        line: int | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.line = line
        self.column = column
        self.expected = expected
        self.reason = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = ", ".join(where)
        full = f"{text}: {self.reason}" if text else self.reason
        if self.expected:
            full += f" (expected {self.expected})"
        return full

    def located(self, file: str) -> FormatError:
        """The same error, naming `file` when it did not already."""
        if self.file:
            return self
        located = copy.copy(self)
        located.file = file
        located.args = (located._compose(),)
        return located


class ColumnsNotRecognised(FormatError):
    """A sheet's title or timing column could not be told; `columns` are the headers seen.

    The CLI suggests `--map FIELD=COLUMN`; the app offers a column-mapping step.
    """

    def __init__(
        self,
        message: str,
        *,
        columns: tuple[str, ...],
        file: str = "",
        row: int | None = None,
        expected: str = "",
    ) -> None:
        super().__init__(message, file=file, row=row, expected=expected)
        self.columns = columns


class PackError(FormatError):
    """A file that is not a pack this app can merge. Nothing was changed."""


class NotFound(RehearsalError):
    """No program, plan or rehearsal with that id in this workspace."""


class WorkspaceLocked(RehearsalError):
    """Another process (or this one, under another name) has this workspace open."""


class NotAWorkspace(RehearsalError):
    """The file is not a Rehearsal workspace (another application's database, or no
    database at all). It was left exactly as it was."""


class StorageError(RehearsalError):
    """The disk, a folder or the workspace file failed us: full, read-only, an I/O error,
    a name too long, a folder that cannot be made. What the failed operation was writing
    was not saved; what was saved before is intact."""


class SchemaTooNew(RehearsalError):
    """The workspace was written by a newer version of Rehearsal."""


class InvalidOperation(RehearsalError):
    """The operation does not apply in the current state (e.g. next() after finish())."""


class LastEvidence(InvalidOperation):
    """Archiving or deleting the only complete rehearsal of a plan revision: the proof of
    its timing would go. Refused unless asked for (`even_if_last`); the app asks first."""

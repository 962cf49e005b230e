"""What an SQLite error says about the disk, the folder or the file, in words a user can
act on (`StorageError`). Errors that mean a bug (a constraint, bad SQL) are not translated:
they reach the crash handler as they are."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from rehearsal.errors import StorageError

# SQLite's primary result codes (the low byte of an extended one, `sqlite_errorcode`).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_PROTOCOL = 15
SQLITE_NOTADB = 26
_NEARLY_FULL_BYTES = 64 * 1024  # less than SQLite's next step of NAME-shm


def primary_code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of `exc` (None for an error not from SQLite itself)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def storage_failure(exc: sqlite3.Error, path: Path, *, writing: bool) -> StorageError | None:
    """`exc` as a `StorageError` about the workspace `path`, or None when it is not about
    storage. `writing`: it ended a write (which then saved nothing)."""
    primary = primary_code(exc)
    if primary == SQLITE_FULL or (primary == SQLITE_IOERR and _disk_full(path)):
        text = f"{path} could not be written: the disk is full. Free some space and try again"
    elif primary == SQLITE_IOERR:
        text = (
            f"{path} could not be read or written: the disk reported an error ({exc}). "
            "Check the disk, or its connection for a network or removable one"
        )
    elif primary in (SQLITE_READONLY, SQLITE_PERM):
        text = f"{path} cannot be written: {_not_writable(path)}"
    elif primary == SQLITE_CANTOPEN:
        text = f"{path} cannot be opened: {_not_writable(path)}"
    elif primary in (SQLITE_BUSY, SQLITE_PROTOCOL):
        text = f"{path} is busy: another write to it did not end within 5 seconds. Try again"
    elif primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        text = f"{path} is damaged ({exc}); restore it from a copy"
    else:
        return None
    return StorageError(text + (". Nothing of this change was saved." if writing else "."))


def _disk_full(path: Path) -> bool:
    """Whether the disk of `path` has (next to) no room left: SQLite reports a full disk
    as an I/O error where it grows a file it maps into memory (NAME-shm)."""
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def _not_writable(path: Path) -> str:
    """Why SQLite cannot write `path` or the files it keeps beside it."""
    folder = path.parent
    beside = f"Rehearsal keeps {path.name}-wal and {path.name}-shm beside the workspace"
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only (or on a read-only disk)"
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only ({beside})"
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and not side.is_file():
            return f"{side} is not a file ({beside})"
        if side.exists() and not os.access(side, os.W_OK):
            return f"{side} is read-only ({beside})"
    return "the system refused it (check the permissions of the file and its folder)"

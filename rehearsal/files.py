"""Writing a file so that nobody ever sees half of it: what the app writes (packs, reports,
exports, plan files) is written to a temporary file in the same folder, flushed to disk,
then renamed over the target. A failure (a full disk, a folder that is read-only) leaves
no partial file behind and raises `RehearsalError` naming the file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rehearsal.errors import RehearsalError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    with replacing(path) as temp, open(temp, "wb") as out:
        out.write(data)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to (by any library); when the block ends
    without an error it is flushed to disk and renamed over `path`, else removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise RehearsalError(f"Could not write {path}: {exc.strerror or exc}.") from None
    temp = Path(name)
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise RehearsalError(f"Could not write {path}: {exc.strerror or exc}.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise

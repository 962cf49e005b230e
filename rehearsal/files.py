"""Writing a file so that nobody ever sees half of it: what the app writes (packs, reports,
exports, plan files) is written to a temporary file in the same folder, flushed to disk,
then renamed over the target. A failure (a full disk, a folder that is read-only) leaves
no partial file behind and raises `StorageError` naming the file."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rehearsal.errors import StorageError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    with replacing(path) as temp, open(temp, "wb") as out:
        out.write(data)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to (by any library); when the block ends
    without an error it is flushed to disk and renamed over `path`, else removed. The
    folder must exist: a missing one is a mistyped name more often than a wish."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise StorageError(f"{path} could not be written: {reason(path, exc)}.") from None
    temp = Path(name)
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StorageError(f"{path} could not be written: {reason(path, exc)}.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def reason(path: Path, exc: OSError) -> str:
    """Why `path` could not be written (or made, or opened to write), in words a user can
    act on."""
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    for folder in (path.parent, *path.parent.parents):
        if folder.exists():
            if not folder.is_dir():
                return f"{folder} is a file, not a folder"
            break
    if exc.errno == errno.ENOENT and not path.parent.exists():
        return f"the folder {path.parent} does not exist"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return f"{path.parent} is on a read-only disk"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write in {path.parent}"
    return exc.strerror or str(exc)

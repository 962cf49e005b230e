"""Opening a workspace file: look before writing, lock it by its identity, then connect.

1. The file is recognised without a byte written (`recognise`): another application's
   file, or a workspace of a newer version, is refused and left exactly as it was.
2. It is locked (`lock`), and its header read again through the lock: a file that changed
   between the look and the lock is looked at again.
3. It is connected (`database.connect`): WAL, the migrations (after a backup) and the mark
   of Rehearsal's files. If that fails for a new workspace, the file it made is removed.
"""

from __future__ import annotations

from pathlib import Path

from rehearsal.errors import StorageError
from rehearsal.files import reason
from rehearsal.storage.database import Storage, connect
from rehearsal.storage.lock import WorkspaceLock
from rehearsal.storage.recognise import read_header, recognise

_LOOKS = 3  # times a file may change under our eyes before opening gives up


def open_file(path: Path) -> tuple[Storage, WorkspaceLock]:
    """The workspace at `path` (created when there is no file, or an empty one), connected
    and locked to this process. The caller releases the lock after closing the storage."""
    try:
        if path.is_dir():
            raise StorageError(f"{path} is a folder; a workspace is a file.")
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"{path} cannot be opened: {reason(path, exc)}.") from None
    for _ in range(_LOOKS):
        lock = WorkspaceLock(path)
        lock.refuse_if_held_here()
        header = read_header(path)
        version = recognise(path, header)
        lock.acquire()
        if lock.header() == header:
            break
        lock.release()
    else:
        raise StorageError(f"{path} kept changing while it was being opened; try again.")
    try:
        storage = connect(path, new=version is None, settled=lock.confirm)
    except BaseException:
        lock.release(discard=version is None)
        raise
    return storage, lock

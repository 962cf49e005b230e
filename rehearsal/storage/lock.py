"""One process at a time per workspace, whatever name it is opened by: an OS lock on the
database file itself (its real identity: a symlink, a hard link or a relative path reach the
same lock), which the OS drops when the process ends, however it ends.

How the file is locked depends on what leaves SQLite's own locks alone (SQLite takes POSIX
record locks on the same file, at its "pending byte", 1 GiB in):

- Linux: `flock` on the whole file. Linux keeps flock locks and POSIX record locks apart.
- macOS and the BSDs keep them in one table, where a whole-file flock would collide with
  SQLite's own locks (every query would find the database busy). There: a POSIX record lock
  on one byte of the page SQLite reserves for its locks and never stores data in, past the
  bytes SQLite locks. A record lock belongs to the process, and goes when the process
  closes any descriptor of the file or SQLite, its own locks all released, unlocks the
  whole file. In WAL mode a connection holds its read lock from its first read until it
  closes, and SQLite keeps the descriptors of closed connections open meanwhile; this
  process's own second opens are refused before a descriptor is made (`_held`). Only a new
  workspace, written before it is in WAL mode, loses the lock: `confirm()` takes it again
  once SQLite holds its own, before anything else is written.
- Windows: `msvcrt.locking` of that same byte (Windows locks are mandatory; nothing reads
  or writes that byte).

No side file names the holder or enforces anything: a file that is not a workspace gets
nothing beside it.
"""

from __future__ import annotations

import enum
import errno
import os
import sys
import threading
from pathlib import Path

from rehearsal.errors import StorageError, WorkspaceLocked
from rehearsal.files import reason

HEADER_BYTES = 100  # the SQLite header: enough to tell the file (`recognise`)
# SQLite's pending byte is 0x40000000; it locks that byte and the 511 after it, and never
# stores data in the page holding it (pages are at least 512 bytes, ours 4096).
LOCK_BYTE = 0x40000000 + 512


class Mechanism(enum.StrEnum):
    FLOCK = "flock"  # Linux
    RECORD = "record"  # POSIX record lock on LOCK_BYTE: macOS, BSD (and on Linux in tests)
    WINDOWS = "windows"


def _native() -> Mechanism:
    if sys.platform == "win32":
        return Mechanism.WINDOWS
    return Mechanism.FLOCK if sys.platform.startswith("linux") else Mechanism.RECORD


MECHANISM = _native()

# The files this process holds, by identity (device, inode) → the path it was opened as;
# and descriptors of them opened since, kept open until the lock goes (closing one would
# drop a record lock).
_held: dict[tuple[int, int], Path] = {}
_spare: dict[tuple[int, int], list[int]] = {}
_held_guard = threading.Lock()


def identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path` (symlinks followed), None when there is none."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"{path} cannot be opened: {reason(path, exc)}.") from None
    return (st.st_dev, st.st_ino)


class WorkspaceLock:
    """An exclusive, non-blocking lock on the workspace file `path` (created if missing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created = False  # acquire() made the file
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None
        self._mechanism = MECHANISM

    def refuse_if_held_here(self) -> None:
        """`WorkspaceLocked` if this process already has the file open, by any name. Done
        before a descriptor of the file is opened (closing one would drop a record lock)."""
        found = identity(self.path)
        with _held_guard:
            held = _held.get(found) if found is not None else None
        if held is not None:
            raise WorkspaceLocked(
                f"{self.path} is already open in this process (as {held}): use that "
                "workspace, or close it first."
            )

    def acquire(self) -> None:
        self.refuse_if_held_here()
        flags = os.O_RDWR | getattr(os, "O_BINARY", 0)
        try:
            try:
                fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o644)
                self.created = True
            except FileExistsError:
                fd = os.open(self.path, flags)
        except OSError as exc:
            raise StorageError(f"{self.path} cannot be opened: {_why(self.path, exc)}.") from None
        st = os.fstat(fd)
        key = (st.st_dev, st.st_ino)
        with _held_guard:
            held = _held.get(key)
            if held is not None:  # the name now leads to a file this process holds
                _spare.setdefault(key, []).append(fd)
                raise WorkspaceLocked(f"{self.path} is already open in this process (as {held}).")
        try:
            with _held_guard:
                _lock(self._mechanism, fd)
                _held[key] = self.path
        except OSError:
            os.close(fd)  # a file made here stays: the process that locked it first has it
            raise WorkspaceLocked(
                f"{self.path} is already open in {_holder(key, self._mechanism)}. "
                "Close it there first, or open another workspace."
            ) from None
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._identity = fd, key

    def confirm(self) -> None:
        """Take the lock again if SQLite's first writes to a new file dropped it (a record
        lock, `Mechanism.RECORD`); `WorkspaceLocked` if another process took it meanwhile.
        Call once the workspace's connection holds SQLite's own lock for good."""
        if self._fd is None or self._identity is None:
            raise RuntimeError("the workspace lock is not held")
        if self._mechanism is Mechanism.RECORD:
            try:
                _lock(self._mechanism, self._fd)
            except OSError:
                raise WorkspaceLocked(
                    f"{self.path} was opened by {_holder(self._identity, self._mechanism)} "
                    "while it was being created here. Use it there."
                ) from None

    def header(self) -> bytes:
        """The first bytes of the file as it is now, read through the locked descriptor."""
        if self._fd is None:
            raise RuntimeError("the workspace lock is not held")
        os.lseek(self._fd, 0, os.SEEK_SET)
        return os.read(self._fd, HEADER_BYTES)

    def release(self, *, discard: bool = False) -> None:
        """Let the workspace go. `discard`: opening a new workspace failed; the file
        acquire() made is removed (an empty one given is emptied again), and SQLite's
        files beside it go too."""
        fd, key = self._fd, self._identity
        if fd is None or key is None:
            return
        self._fd = self._identity = None
        suffixes = ("-wal", "-shm", "-journal", "") if self.created else ("-wal", "-shm")
        left = [self.path.with_name(self.path.name + s) for s in suffixes] if discard else []
        try:
            if discard and not self.created:
                os.ftruncate(fd, 0)
            for path in left:  # while still locked; Windows refuses it for the open file
                _remove(path)
            _unlock(self._mechanism, fd)
        finally:
            os.close(fd)
            with _held_guard:
                del _held[key]
                for spare in _spare.pop(key, []):
                    os.close(spare)
        for path in left:
            _remove(path)


def _remove(path: Path) -> None:
    try:
        if path.is_file():
            path.unlink()
    except OSError:  # another process has it open (Windows): left, and harmless
        pass


def _why(path: Path, exc: OSError) -> str:
    """Why the workspace file cannot be opened to write, in words a user can act on."""
    if os.path.isdir(path):
        return "it is a folder; a workspace is a file"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and os.path.exists(path):
        where = "the file" if os.access(path.parent, os.W_OK) else f"the folder {path.parent}"
        return (
            f"{where} is read-only, and Rehearsal writes to a workspace it opens. Copy it "
            "to a folder you can write to, or make it writable"
        )
    return reason(path, exc)


def _holder(key: tuple[int, int], mechanism: Mechanism) -> str:
    """Which process holds the lock, where the system says (Linux's /proc/locks)."""
    if not sys.platform.startswith("linux"):
        return "another process"
    kind = "FLOCK" if mechanism is Mechanism.FLOCK else "POSIX"
    dev, ino = key
    where = f"{os.major(dev):02x}:{os.minor(dev):02x}:{ino}"
    try:
        with open("/proc/locks", encoding="ascii") as table:
            for line in table:
                # "1: FLOCK  ADVISORY  WRITE 4242 fe:00:2170958 0 EOF"
                fields = line.split()
                if (
                    fields[1:4] == [kind, "ADVISORY", "WRITE"]
                    and fields[5:6] == [where]
                    and (kind == "FLOCK" or fields[6:7] == [str(LOCK_BYTE)])
                ):
                    return f"process {fields[4]}"
    except (OSError, ValueError):
        pass
    return "another process"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(mechanism: Mechanism, fd: int) -> None:
        os.lseek(fd, LOCK_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(mechanism: Mechanism, fd: int) -> None:
        os.lseek(fd, LOCK_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(mechanism: Mechanism, fd: int) -> None:
        if mechanism is Mechanism.FLOCK:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, LOCK_BYTE, os.SEEK_SET)

    def _unlock(mechanism: Mechanism, fd: int) -> None:
        if mechanism is Mechanism.FLOCK:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, LOCK_BYTE, os.SEEK_SET)

"""Real disks that fail, for tests: a small disk that fills up, a folder or a file that
cannot be written. Root ignores file permissions, so "read-only" here is what the system
enforces for everyone: a read-only mount.

    with small_disk(tmp_path, 2_000_000) as disk:      # a tmpfs of that size, a new folder
        ...
        with read_only(disk):                          # the whole disk remounted read-only
            ...
    with read_only_folder(folder):                     # any folder (or file): read-only
        ...

Mounting needs root on Linux; where it is not permitted, the test is skipped and says why.
Everything mounted is unmounted when the block ends, whatever happened in it.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    """Run `mount` (or `umount`) with `args`; skip the test when mounting is not permitted."""
    if not sys.platform.startswith("linux") or shutil.which(args[0]) is None:
        pytest.skip(f"{args[0]} is not available here: a test disk needs Linux and {args[0]}")
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        refused = "permission denied" in done.stderr.lower() or "must be superuser" in (
            done.stderr.lower()
        )
        if refused or "only root" in done.stderr.lower():
            pytest.skip(f"mounting is not permitted here ({done.stderr.strip()})")
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()}")


def _unmount(path: Path) -> None:
    """Unmount `path`; while something still has a file open on it (a test that failed
    and leaked it), detach it now and let the system finish when the file closes."""
    done = subprocess.run(["umount", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        _mount("umount", "--lazy", str(path))


@contextmanager
def small_disk(parent: Path, size: int) -> Iterator[Path]:
    """A new, empty folder in `parent` that is a disk of `size` bytes of its own (tmpfs)."""
    folder = parent / f"disk-{size}"
    folder.mkdir()
    _mount("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


@contextmanager
def read_only(disk: Path) -> Iterator[Path]:
    """`disk` (a `small_disk`) remounted read-only for the block, then writable again.
    Linux refuses while a file on it is open for writing."""
    _mount("mount", "-o", "remount,ro", str(disk))
    try:
        yield disk
    finally:
        _mount("mount", "-o", "remount,rw", str(disk))


@contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    """`path`, a folder or a file, made read-only for the block (a read-only bind mount of
    it on itself): nothing can be created, changed or removed in it."""
    _mount("mount", "--bind", str(path), str(path))
    try:
        _mount("mount", "-o", "remount,bind,ro", str(path))
        yield path
    finally:
        _unmount(path)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill `disk` with one file until about `leave` bytes are free on it (none: to the
    last byte); the file (remove it to free the space again)."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb", buffering=0) as out:
        if leave:
            out.write(b"\0" * max(0, free - leave))
            return filler
        chunk = b"\0" * 65_536
        while True:
            try:
                out.write(chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(chunk) == 1:
                    return filler
                chunk = chunk[: len(chunk) // 2]


def names(folder: Path) -> list[str]:
    """What `folder` holds, hidden files included, by name."""
    return sorted(p.name for p in folder.iterdir())


# Fixtures, for a module that imports them: `from small_disk import full_disk`.
@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a small disk with no byte left (it holds the filler only)."""
    with small_disk(tmp_path, 64_000) as disk:
        fill(disk)
        yield disk


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """An empty folder on a small disk mounted read-only."""
    with small_disk(tmp_path, 64_000) as disk, read_only(disk):
        yield disk

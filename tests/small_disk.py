"""A real full disk and a real read-only folder, for tests of what the app writes.

`small_disk(folder)` mounts a tiny tmpfs on `folder` and unmounts it afterwards; the
fixtures `full_disk` (mounted, then filled to the last byte) and `read_only_folder`
(remounted read-only: root ignores chmod, not a read-only mount) build on it under the
test's `tmp_path`. Mounting needs root or CAP_SYS_ADMIN; where it is not permitted the test
is skipped, saying so. Use them in a test module with

    from small_disk import full_disk, read_only_folder  # noqa: F401  (fixtures)
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SIZE = "64k"


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=False)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = SIZE) -> Iterator[Path]:
    """`folder` (created) with a tmpfs of `size` mounted on it, for the block's duration.

    Skips the calling test when mounting is not permitted here."""
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("a full disk needs `mount`, which this system does not have")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(folder))
    if mounted.returncode != 0:
        pytest.skip(
            "a full disk is a tmpfs mounted for the test, and mounting is not permitted "
            f"here ({mounted.stderr.strip() or 'mount failed'}); run the tests as root"
        )
    try:
        yield folder
    finally:
        if _run("umount", str(folder)).returncode != 0:
            _run("umount", "-l", str(folder))  # busy: detach it now, freed when let go


def fill(folder: Path) -> None:
    """Write into `folder` until its disk has no byte left."""
    chunk = b"\0" * 4096
    with open(folder / "filler", "wb", buffering=0) as out:
        while True:
            try:
                out.write(chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(chunk) == 1:
                    return
                chunk = chunk[: len(chunk) // 2]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a disk with no space left (what is there: the filler only)."""
    with small_disk(tmp_path / "full-disk") as folder:
        fill(folder)
        yield folder


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder on a disk mounted read-only (empty)."""
    with small_disk(tmp_path / "read-only") as folder:
        remounted = _run("mount", "-o", "remount,ro", str(folder))
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount a tmpfs read-only here ({remounted.stderr.strip()})")
        yield folder


def names(folder: Path) -> list[str]:
    """What `folder` holds, hidden files included, by name."""
    return sorted(p.name for p in folder.iterdir())

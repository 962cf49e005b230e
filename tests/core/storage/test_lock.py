"""One process per workspace, whatever name it is opened by: the lock is on the database
file itself, so a symlink, a hard link, a relative path or a removed side file never let a
second process in, and the same process cannot open it twice either.

A real second process (tests/open_child.py) holds the workspace; the test waits for the
line it prints once it has it open. Each test runs with every way of locking that this
system can run: on Linux both flock (Linux's own) and the POSIX record lock that macOS and
the BSDs use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from plans import small_draft

import rehearsal
from rehearsal import Workspace, WorkspaceLocked
from rehearsal.storage import lock
from rehearsal.storage.lock import Mechanism

CHILD = Path(__file__).parents[2] / "open_child.py"
HERE = (
    [Mechanism.WINDOWS]
    if sys.platform == "win32"
    else [Mechanism.FLOCK, Mechanism.RECORD]
    if sys.platform.startswith("linux")
    else [Mechanism.RECORD]
)


@pytest.fixture(params=HERE, ids=str)
def mechanism(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Mechanism:
    chosen = Mechanism(request.param)
    monkeypatch.setattr(lock, "MECHANISM", chosen)
    return chosen


def _env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(rehearsal.__file__).parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _child(
    path: Path | str, mechanism: Mechanism, cwd: Path | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(path), mechanism.value],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=_env(),
    )


def _first_line(child: subprocess.Popen[str]) -> str:
    assert child.stdout is not None
    line = child.stdout.readline()  # the child prints it, or ends (EOF) on a failure
    if not line:
        child.wait(timeout=60)
        assert child.stderr is not None
        pytest.fail(f"the child ended without a word:\n{child.stderr.read()}")
    return line.strip()


@contextmanager
def held(path: Path | str, mechanism: Mechanism, cwd: Path | None = None) -> Iterator[str]:
    """The workspace at `path` open in another process for the block; its pid."""
    child = _child(path, mechanism, cwd)
    try:
        word, _, pid = _first_line(child).partition(" ")
        assert word == "OPEN", pid
        yield pid
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=60)
        for stream in (child.stdout, child.stderr):
            assert stream is not None
            stream.close()
    assert child.returncode == 0


def _second_process(path: Path | str, mechanism: Mechanism, cwd: Path | None = None) -> str:
    """What another process says when it tries to open `path` (it must be refused)."""
    child = _child(path, mechanism, cwd)
    try:
        line = _first_line(child)
        if child.stdin is not None:
            child.stdin.close()
        child.wait(timeout=60)
    finally:
        for stream in (child.stdout, child.stderr):
            assert stream is not None
            stream.close()
    return line


def _symlink(ws: Path) -> Path:
    link = ws.with_name("link.rehearsal")
    link.symlink_to(ws.name)
    return link


def _hard_link(ws: Path) -> Path:
    other = ws.with_name("hard.rehearsal")
    os.link(ws, other)
    return other


def _lock_file_deleted(ws: Path) -> Path:
    ws.with_name(ws.name + ".lock").unlink(missing_ok=True)  # where the lock used to be
    return ws


NAMES: dict[str, Callable[[Path], Path]] = {
    "same path": lambda ws: ws,
    "symlink": _symlink,
    "hard link": _hard_link,
    "lock file deleted": _lock_file_deleted,
}


@pytest.mark.parametrize("name", NAMES)
def test_a_second_process_is_refused_whatever_the_name(
    tmp_path: Path, mechanism: Mechanism, name: str
) -> None:
    path = tmp_path / "w.rehearsal"
    Workspace.open(path).close()
    with held(path, mechanism) as pid:
        other = NAMES[name](path)
        with pytest.raises(WorkspaceLocked, match="already open") as refused:
            Workspace.open(other)
        if sys.platform.startswith("linux"):
            assert f"process {pid}" in str(refused.value)
        word, _, message = _second_process(other, mechanism).partition(" ")
        assert (word, "already open" in message) == ("LOCKED", True), message
    with Workspace.open(NAMES["same path"](path)) as ws:  # released when the holder closed
        ws.add_plan(small_draft())


def test_a_relative_path_from_another_folder_is_the_same_workspace(
    tmp_path: Path, mechanism: Mechanism, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with held("w.rehearsal", mechanism, cwd=tmp_path / "a"):
        monkeypatch.chdir(tmp_path / "b")
        with pytest.raises(WorkspaceLocked, match="already open"):
            Workspace.open("../a/w.rehearsal")
        line = _second_process(Path("../a/w.rehearsal"), mechanism, cwd=tmp_path / "b")
        assert line.startswith("LOCKED"), line
    assert sorted(os.listdir(tmp_path / "a")) == ["w.rehearsal"]


@pytest.mark.parametrize("name", ["same path", "symlink", "hard link"])
def test_the_same_process_cannot_open_a_workspace_twice(
    tmp_path: Path, mechanism: Mechanism, name: str
) -> None:
    path = tmp_path / "w.rehearsal"
    with Workspace.open(path) as ws:
        other = NAMES[name](path)
        with pytest.raises(WorkspaceLocked, match="already open in this process"):
            Workspace.open(other)
        ws.add_plan(small_draft())  # the first is as it was
    with Workspace.open(other) as again:
        assert len(again.programs()) == 1


def test_the_lock_outlives_companions_and_refused_opens(
    tmp_path: Path, mechanism: Mechanism
) -> None:
    """A record lock goes when this process closes any descriptor of the file: companions
    closing theirs, or a second open of the file refused, must not let another process in."""
    path = tmp_path / "w.rehearsal"
    with Workspace.open(path) as ws:
        plan = ws.add_plan(small_draft())
        for read_only in (False, True, False):
            with ws.companion(read_only=read_only) as other:
                assert other.plan(plan.id) == plan
        with ws.companion() as writer:
            writer.add_plan(small_draft("Written by a companion"))
        for name in ("same path", "symlink", "hard link"):
            with pytest.raises(WorkspaceLocked):
                Workspace.open(NAMES[name](path))
        run = ws.start_rehearsal(plan.id)
        run.next()
        line = _second_process(path, mechanism)
        assert line.startswith("LOCKED"), line
        run.finish()
        assert len(ws.programs()) == 2


def test_no_file_is_left_beside_the_workspace(tmp_path: Path, mechanism: Mechanism) -> None:
    path = tmp_path / "w.rehearsal"
    with Workspace.open(path) as ws:
        ws.add_plan(small_draft())
        assert sorted(os.listdir(tmp_path)) == ["w.rehearsal", "w.rehearsal-shm", "w.rehearsal-wal"]
    assert sorted(os.listdir(tmp_path)) == ["w.rehearsal"]

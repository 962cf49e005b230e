"""A shared folder between workspaces: packs written atomically, colleagues' packs merged."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from reviewing import REVIEW_TABLES, dump, recorded

from rehearsal import Workspace
from rehearsal.errors import InvalidOperation
from rehearsal.exchange.packs import PACK_SUFFIX
from rehearsal.exchange.shared_folder import set_shared_folder, shared_folder, sync


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Path]]:
    folder = tmp_path / "OneDrive - Team" / "Rehearsals"
    folder.mkdir(parents=True)
    with ExitStack() as stack:
        one = stack.enter_context(Workspace.open(tmp_path / "one.rehearsal"))
        two = stack.enter_context(Workspace.open(tmp_path / "two.rehearsal"))
        set_shared_folder(one, folder)
        set_shared_folder(two, folder)
        yield one, two, folder


def test_the_folder_is_remembered_and_must_exist(ws: Workspace, tmp_path: Path) -> None:
    assert shared_folder(ws) is None
    with pytest.raises(InvalidOperation, match="not a folder"):
        set_shared_folder(ws, tmp_path / "missing")
    set_shared_folder(ws, tmp_path)
    assert shared_folder(ws) == tmp_path.resolve()
    set_shared_folder(ws, None)
    assert shared_folder(ws) is None
    with pytest.raises(InvalidOperation, match="No shared folder"):
        sync(ws)


def test_two_workspaces_meet_in_one_folder(pair: tuple[Workspace, Workspace, Path]) -> None:
    one, two, folder = pair
    rehearsal, (flag, _) = recorded(one)
    steps: list[tuple[int, int, str]] = []
    first = sync(one, progress=lambda done, total, text: steps.append((done, total, text)))
    assert [p.parent for p in first.written] == [folder] and first.merged == []
    assert steps[-1][0] == steps[-1][1] and [s[0] for s in steps] == sorted(s[0] for s in steps)
    assert not any(p.name.endswith(".tmp") for p in folder.iterdir())  # no leftovers
    got = sync(two)
    assert [m.rehearsal_id for m in got.merged] == [rehearsal.id]
    assert two.events(rehearsal.id) == one.events(rehearsal.id)
    # The producer annotates on their machine; the lead gets it on the next sync.
    two.review.annotate(rehearsal.id, "Rooms opened late", author="Sam")
    two.review.edit_flag(flag.id, severity="high")
    sync(two)
    again = sync(one)
    assert any(m.changed for m in again.merged)
    assert dump(one, REVIEW_TABLES) == dump(two, REVIEW_TABLES)
    assert one.review.flag(flag.id).severity.value == "high"
    # Nothing new: nothing written, nothing re-read.
    quiet = sync(one)
    assert quiet.written == [] and quiet.merged == []
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and all(n.endswith(PACK_SUFFIX) for n in names)
    assert {n.split("@")[1] for n in names} == {
        f"{one.origin}{PACK_SUFFIX}",
        f"{two.origin}{PACK_SUFFIX}",
    }


def test_a_half_written_pack_is_skipped_until_it_is_complete(
    pair: tuple[Workspace, Workspace, Path], tmp_path: Path
) -> None:
    one, two, folder = pair
    rehearsal, _ = recorded(one)
    written = sync(one, folder=tmp_path).written[0]  # written elsewhere first
    data = written.read_bytes()
    arriving = folder / written.name
    arriving.write_bytes(data[: len(data) // 3])  # the sync tool is still copying it
    (folder / f".{written.name}.partial").write_bytes(data[:100])  # a sync tool's temp file
    (folder / "~lock.rehearsalpack").write_bytes(b"")
    before = dump(two)
    report = sync(two)
    assert [p for p, _ in report.skipped] == [arriving]
    assert "cut short" in report.skipped[0][1] and "skipped 1" in report.summary()
    assert dump(two) == before  # nothing of it was merged
    arriving.write_bytes(data)  # the copy completes
    done = sync(two)
    assert done.skipped == [] and [m.rehearsal_id for m in done.merged] == [rehearsal.id]


def test_two_machines_writing_at_once_never_share_a_file(
    pair: tuple[Workspace, Workspace, Path],
) -> None:
    one, two, folder = pair
    rehearsal, _ = recorded(one)
    sync(one)
    sync(two)  # two now has the rehearsal, and writes its own copy
    sync(one)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and all(rehearsal.id in n for n in names)
    one.review.annotate(rehearsal.id, "from one")
    two.review.annotate(rehearsal.id, "from two")
    # Both write before either reads: each touches only its own file.
    sync(one)
    sync(two)
    sync(one)
    texts = {a.text for a in one.review.annotations(rehearsal.id)}
    assert texts == {"from one", "from two"}
    assert {a.text for a in two.review.annotations(rehearsal.id)} == texts


def test_sync_can_be_cancelled(pair: tuple[Workspace, Workspace, Path]) -> None:
    one, _, _ = pair
    recorded(one)
    report = sync(one, cancelled=lambda: True)
    assert report.cancelled and report.written == [] and "Stopped" in report.summary()

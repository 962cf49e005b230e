"""The shared folder is written by whoever can reach it: what is found there is untrusted.
Attacked here as an adversary with write access to the folder would."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import raw
from packs import Document, document, forged, write
from reviewing import dump, recorded

from rehearsal import Workspace
from rehearsal.exchange import shared_folder
from rehearsal.exchange.packs import PACK_SUFFIX, export_pack
from rehearsal.exchange.shared_folder import pack_name, set_shared_folder, sync


@pytest.fixture
def team(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Path]]:
    folder = tmp_path / "share" / "Rehearsals"
    folder.mkdir(parents=True)
    with ExitStack() as stack:
        colleague = stack.enter_context(Workspace.open(tmp_path / "colleague.rehearsal"))
        victim = stack.enter_context(Workspace.open(tmp_path / "victim.rehearsal"))
        set_shared_folder(victim, folder)
        yield colleague, victim, folder


def everything_under(top: Path) -> set[Path]:
    return {p for p in top.rglob("*")}


def escape(doc: Document) -> None:
    """A rehearsal id and date that would climb out of the folder if used as a name."""
    rid = "../../../escaped"
    doc["rehearsal_id"] = rid
    for table in doc["content"].values():
        for row in table:
            if "rehearsal_id" in row:
                row["rehearsal_id"] = rid
    doc["content"]["rehearsals"][0].update(id=rid, created="../../../../x")


def test_a_pack_naming_a_path_makes_nobody_write_outside_the_folder(
    team: tuple[Workspace, Workspace, Path], tmp_path: Path
) -> None:
    colleague, victim, folder = team
    rehearsal, _ = recorded(colleague)
    hostile = forged(document(colleague, rehearsal.id), escape)
    write(folder, f"2026-01-01 dry-run x @{colleague.origin}{PACK_SUFFIX}", hostile)
    recorded(victim)
    outside = everything_under(tmp_path) - everything_under(folder)
    report = sync(victim)
    [(_, why)] = report.skipped
    assert "UUID" in why
    assert everything_under(tmp_path) - everything_under(folder) == outside
    [written] = report.written
    assert written.parent == folder  # its own pack still goes out, inside the folder
    assert victim.rehearsals()[0].id not in why


def test_a_hostile_rehearsal_already_here_is_never_written_as_a_path(
    team: tuple[Workspace, Workspace, Path], tmp_path: Path
) -> None:
    """A workspace that took a hostile rehearsal before packs were checked (an older
    version) must not write it out under the name it carries."""
    _, victim, folder = team
    rehearsal, _ = recorded(victim)
    hostile = "../../../../escaped"
    conn = raw.conn(victim)
    conn.execute("PRAGMA foreign_keys = OFF")
    for table in ("events", "flags", "step_figures"):
        conn.execute(f"UPDATE {table} SET rehearsal_id = ?", (hostile,))
    conn.execute("UPDATE rehearsals SET id = ?", (hostile,))
    conn.execute("PRAGMA foreign_keys = ON")
    outside = everything_under(tmp_path) - everything_under(folder)
    report = sync(victim)
    assert report.written == []
    [(rid, why)] = report.unwritten
    assert rid == hostile and "cannot be named" in why
    assert everything_under(tmp_path) - everything_under(folder) == outside
    assert rehearsal.id != hostile


def test_a_file_above_the_pack_limit_is_skipped_unread_with_its_real_size(
    team: tuple[Workspace, Workspace, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, victim, folder = team
    junk = folder / f"junk{PACK_SUFFIX}"
    with open(junk, "wb") as out:
        out.truncate(300_000_000)  # sparse: costs no disk, would cost 300 MB to read
    opened: list[str] = []
    real = shared_folder.read_pack_bytes

    def spy(path: Path, **kwargs: bool) -> bytes:
        opened.append(path.name)
        return real(path, **kwargs)

    monkeypatch.setattr(shared_folder, "read_pack_bytes", spy)
    for _ in range(2):  # and again at the next sync: still unread
        report = sync(victim)
        [(path, why)] = report.skipped
        assert path.name == junk.name
        assert why == "the file is 300 MB; a pack is at most 50 MB"
    assert opened == []


def test_links_pipes_and_folders_in_the_folder_are_skipped_unread(
    team: tuple[Workspace, Workspace, Path], tmp_path: Path
) -> None:
    colleague, victim, folder = team
    rehearsal, _ = recorded(colleague)
    (tmp_path / "private").mkdir()
    elsewhere = export_pack(colleague, rehearsal.id, tmp_path / "private" / "p.rehearsalpack")
    (folder / f"link{PACK_SUFFIX}").symlink_to(elsewhere)
    os.mkfifo(folder / f"pipe{PACK_SUFFIX}")  # reading a pipe nobody writes would block
    (folder / f"folder{PACK_SUFFIX}").mkdir()
    before = dump(victim)
    report = sync(victim)
    assert sorted(p.name for p, _ in report.skipped) == [
        f"folder{PACK_SUFFIX}",
        f"link{PACK_SUFFIX}",
        f"pipe{PACK_SUFFIX}",
    ]
    assert all("not a file" in why for _, why in report.skipped)
    assert dump(victim) == before


def test_a_link_planted_under_our_own_name_is_replaced_not_written_through(
    team: tuple[Workspace, Workspace, Path], tmp_path: Path
) -> None:
    _, victim, folder = team
    rehearsal, _ = recorded(victim)
    target = tmp_path / "victim-file.txt"
    target.write_text("precious")
    planted = folder / pack_name(victim, rehearsal.id)
    planted.symlink_to(target)
    [written] = sync(victim).written
    assert written == planted and not planted.is_symlink()
    assert target.read_text() == "precious"


def test_a_name_that_is_not_text_is_skipped_and_shown_readably(
    team: tuple[Workspace, Workspace, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, victim, folder = team
    os.close(os.open(os.fsencode(folder) + b"/\xff\xfe" + PACK_SUFFIX.encode(), os.O_CREAT))
    report = sync(victim)
    [(path, why)] = report.skipped
    assert "not valid text" in why
    path.name.encode("utf-8")  # printable
    print(report.summary(), path.name, why)
    assert "\ufffd" in capsys.readouterr().out

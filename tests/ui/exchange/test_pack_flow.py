"""Exchanging rehearsals from the app: export and import packs, and the shared folder."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import raw
from plans import small_draft
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.durations import format_moment
from rehearsal.errors import RehearsalError
from rehearsal.exchange.packs import PACK_SUFFIX
from rehearsal.exchange.shared_folder import SyncReport, set_shared_folder, shared_folder
from rehearsal_ui.exchange import pack_flow
from rehearsal_ui.exchange.pack_flow import (
    choose_shared_folder,
    default_pack_name,
    export_rehearsal_pack,
    import_rehearsal_packs,
    sync_shared_folder,
)
from rehearsal_ui.exchange.progress import WorkProgress, count_label, fraction
from rehearsal_ui.exchange.shared_folder_dialog import NOT_SHARING, SharedFolderDialog
from rehearsal_ui.exchange.task import Task
from rehearsal_ui.shell.worker import Runner

Message = tuple[str, str, str]  # kind, title, text
Finished = Callable[[Task | None], Any]  # waits for a task, returns what it came to
UI = threading.get_ident()


@pytest.fixture
def messages(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> list[Message]:
    """Message boxes recorded instead of shown (a shown one would wait for a click); the
    functions make progress dialogs, so the application must exist."""
    shown: list[Message] = []
    for kind in ("information", "warning", "critical", "question"):

        def record(parent: Any, title: str, text: str, *_: Any, kind: str = kind) -> Any:
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, kind, record)
    return shown


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Workspace]:
    """A second workspace: a colleague's laptop."""
    with Workspace.open(tmp_path / "colleague.rehearsal") as workspace:
        yield workspace


def rehearse(ws: Workspace, finish: bool = True) -> str:
    """A rehearsal of a new plan with a flag and an annotation; its id."""
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock, facilitator="Maya")
    run.next()
    clock.advance(30)
    run.flag("tool launch", on_handoff=False)
    run.next()
    if finish:
        run.finish()
    ws.review.annotate(run.rehearsal.id, "Poll opened late", segment_id=plan.segments[0].id)
    return run.rehearsal.id


def dump(ws: Workspace) -> list[str]:
    """Every row of the workspace but its settings (`meta`: the shared folder, files seen)."""
    return [line for line in raw.conn(ws).iterdump() if not line.startswith('INSERT INTO "meta"')]


def event_ids(ws: Workspace, rehearsal_id: str) -> list[tuple[str, int]]:
    return [(e.id, e.at_ns) for e in ws.events(rehearsal_id)]


# -- export and import ----------------------------------------------------------------------------
def test_export_then_import_into_another_workspace(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    runner: Runner,
    finished: Finished,
) -> None:
    rid = rehearse(ws)
    status = export_rehearsal_pack(None, ws, rid, "rehearsal", path=tmp_path / "handover")
    written = tmp_path / ("handover" + PACK_SUFFIX)  # the suffix is added when missing
    assert written.is_file()
    assert status is not None and str(written) in status
    assert messages == []

    outcome = finished(import_rehearsal_packs(None, other, [written], runner=runner))
    assert outcome is not None and outcome.changed and not outcome.refused
    assert other.rehearsal(rid).facilitators == ("Maya",)
    assert event_ids(other, rid) == event_ids(ws, rid)
    assert [f.category for f in other.flags(rid)] == ["tool launch"]
    assert [a.text for a in other.review.annotations(rid)] == ["Poll opened late"]
    assert outcome.merged[0].added["events"] == len(ws.events(rid))
    [(kind, _title, text)] = messages
    date = format_moment(ws.rehearsal(rid).created)  # its date and time, here
    assert kind == "information"
    assert f"Module 1\n  • Dry run of {date} (revision 1): new rehearsal, 1 flag" in text

    before = dump(other)
    again = finished(import_rehearsal_packs(None, other, [written], runner=runner))
    assert again is not None and not again.changed
    assert dump(other) == before
    assert "1 pack held nothing new" in messages[-1][2]


def test_annotations_pack_brings_only_review_notes(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    runner: Runner,
    finished: Finished,
) -> None:
    rid = rehearse(ws)
    full = tmp_path / "full.rehearsalpack"
    export_rehearsal_pack(None, ws, rid, "rehearsal", path=full)
    finished(import_rehearsal_packs(None, other, [full], runner=runner))
    ws.review.annotate(rid, "Breakout rooms need names", author="Sam")
    notes = tmp_path / "notes.rehearsalpack"
    status = export_rehearsal_pack(None, ws, rid, "annotations", path=notes)
    assert status is not None and status.startswith("The annotations of the dry run")

    outcome = finished(import_rehearsal_packs(None, other, [notes], runner=runner))
    assert outcome is not None and outcome.changed
    texts = sorted(a.text for a in other.review.annotations(rid))
    assert texts == ["Breakout rooms need names", "Poll opened late"]
    assert outcome.merged[0].added.get("events", 0) == 0


def test_a_bad_pack_is_named_and_refused_while_the_others_merge(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    runner: Runner,
    finished: Finished,
) -> None:
    first, second = rehearse(ws), rehearse(ws)
    good = tmp_path / "good.rehearsalpack"
    export_rehearsal_pack(None, ws, first, path=good)
    cut = tmp_path / "cut short.rehearsalpack"
    export_rehearsal_pack(None, ws, second, path=cut)
    cut.write_bytes(cut.read_bytes()[:-400])

    outcome = finished(import_rehearsal_packs(None, other, [cut, good], runner=runner))
    assert outcome is not None
    assert [f for f, _why in outcome.refused] == [cut]
    assert [r.rehearsal_id for r in outcome.merged] == [first]
    assert [r.id for r in other.rehearsals()] == [first]
    [(kind, _title, text)] = messages
    assert kind == "warning"
    assert "Refused" in text and "cut short.rehearsalpack: the pack is cut short" in text
    assert text.count("new rehearsal") == 1
    assert "Traceback" not in text


def test_a_corrupt_file_changes_nothing(
    other: Workspace, tmp_path: Path, messages: list[Message], runner: Runner, finished: Finished
) -> None:
    rehearse(other)
    junk = tmp_path / "junk.rehearsalpack"
    junk.write_bytes(b"PK\x03\x04 not a pack at all \xff\xfe")
    before = dump(other)

    outcome = finished(import_rehearsal_packs(None, other, [junk], runner=runner))
    assert outcome is not None and not outcome.merged and not outcome.changed
    assert dump(other) == before
    [(kind, _title, text)] = messages
    assert kind == "warning" and "junk.rehearsalpack" in text and "not a Rehearsal pack" in text


def test_packs_merge_off_the_ui_thread_and_their_changes_reach_it(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    runner: Runner,
    finished: Finished,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rid = rehearse(ws)
    pack = export_rehearsal_pack(None, ws, rid, path=tmp_path / "a.rehearsalpack")
    assert pack is not None
    threads: list[int] = []
    real_import = pack_flow.import_pack

    def recorded(into: Workspace, path: Path) -> Any:
        threads.append(threading.get_ident())
        assert into is not other  # a companion, on its own connection
        return real_import(into, path)

    monkeypatch.setattr(pack_flow, "import_pack", recorded)
    heard: list[tuple[bool, int]] = []
    other.changes.subscribe(
        lambda c: heard.append((c.touches_rehearsal(rid), threading.get_ident()))
    )

    task = import_rehearsal_packs(None, other, [tmp_path / "a.rehearsalpack"], runner=runner)
    assert messages == []  # nothing told before the work is done
    outcome = finished(task)
    assert outcome is not None and outcome.changed
    assert threads and UI not in threads
    assert heard == [(True, UI)]  # published on the UI thread, before the summary's `done`
    assert [r.id for r in other.rehearsals()] == [rid]
    assert messages[-1][0] == "information"


def test_an_import_can_be_stopped_after_the_current_pack(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    progress: type[RecordingProgress],
    runner: Runner,
    finished: Finished,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    packs = []
    for name in ("a", "b", "c"):
        written = tmp_path / f"{name}.rehearsalpack"
        export_rehearsal_pack(None, ws, rehearse(ws), path=written)
        packs.append(written)
    real_import = pack_flow.import_pack

    def gated(into: Workspace, path: Path) -> Any:
        report = real_import(into, path)
        assert RecordingProgress.pressed.wait(10)  # until Stop was clicked on the UI
        return report

    monkeypatch.setattr(pack_flow, "import_pack", gated)
    progress.stop_after = 1

    outcome = finished(import_rehearsal_packs(None, other, packs, runner=runner))
    assert outcome is not None and outcome.stopped
    assert progress.labels == ["1 of 3: a.rehearsalpack"]
    assert [r.file for r in outcome.merged] == ["a.rehearsalpack"]
    assert len(other.rehearsals()) == 1  # the pack being merged was merged whole
    kind, _title, text = messages[-1]
    assert kind == "information" and text.endswith("Stopped before the remaining files.")


def test_an_import_that_cannot_start_says_so_and_changes_nothing(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    runner: Runner,
    finished: Finished,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pack = tmp_path / "a.rehearsalpack"
    export_rehearsal_pack(None, ws, rehearse(ws), path=pack)
    before = dump(other)

    def refuse(self: Workspace, *, read_only: bool = False) -> Workspace:
        raise RehearsalError(f"{self.path} cannot be read: disk I/O error")

    monkeypatch.setattr(Workspace, "companion", refuse)
    assert finished(import_rehearsal_packs(None, other, [pack], runner=runner)) is None
    assert dump(other) == before
    [(kind, title, text)] = messages
    assert kind == "warning" and title == "Packs not imported"
    assert "disk I/O error" in text and "Nothing was imported" in text


def test_export_of_a_rehearsal_still_recording_is_refused(
    ws: Workspace, tmp_path: Path, messages: list[Message]
) -> None:
    rid = rehearse(ws, finish=False)
    target = tmp_path / "running.rehearsalpack"
    assert export_rehearsal_pack(None, ws, rid, path=target) is None
    assert not target.exists()
    [(kind, title, text)] = messages
    assert kind == "warning" and title == "Export refused" and "finish it" in text


def test_export_to_a_place_that_cannot_be_written_is_explained(
    ws: Workspace, tmp_path: Path, messages: list[Message]
) -> None:
    rid = rehearse(ws)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    assert export_rehearsal_pack(None, ws, rid, path=blocker / "x.rehearsalpack") is None
    [(kind, _title, text)] = messages
    assert kind == "warning" and "could not be written" in text and "a file" in text


def test_dialogs_suggest_a_name_and_cancelling_does_nothing(
    ws: Workspace,
    tmp_path: Path,
    messages: list[Message],
    monkeypatch: pytest.MonkeyPatch,
    runner: Runner,
) -> None:
    rid = rehearse(ws)
    asked: list[str] = []
    answer = [str(tmp_path / "chosen.rehearsalpack")]

    def save_name(parent: Any, title: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return answer[0], filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    assert export_rehearsal_pack(None, ws, rid, "annotations") is not None
    assert Path(asked[0]).name == default_pack_name(ws, rid, "annotations")
    assert (tmp_path / "chosen.rehearsalpack").is_file()
    answer[0] = ""
    assert export_rehearsal_pack(None, ws, rid) is None
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: ([], ""))
    assert import_rehearsal_packs(None, ws, runner=runner) is None
    assert messages == []


def test_default_pack_name_says_what_is_in_it_and_is_a_safe_file_name(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft('Module 2: "rush" orders / EMEA'))
    run = ws.start_rehearsal(plan.id, kind="pilot", clock=FakeClock())
    run.next()
    run.finish()
    name = default_pack_name(ws, run.rehearsal.id)
    date = ws.rehearsal(run.rehearsal.id).created[:10]
    assert name.endswith(PACK_SUFFIX) and "revision 1" in name and date in name
    assert "pilot" in name and "rush" in name
    assert not set('/\\:"') & set(name)
    assert "annotations" in default_pack_name(ws, run.rehearsal.id, "annotations")


# -- the shared folder ----------------------------------------------------------------------------
class RecordingProgress(WorkProgress):
    """The real progress dialog, noting each label; its Stop button is clicked once
    `stop_after` labels were shown, and then `pressed` is set (a gated worker waits for it)."""

    labels: list[str] = []  # noqa: RUF012 — reset by the fixture
    stop_after: int | None = None
    pressed = threading.Event()

    def show_step(self, done: float, text: str) -> None:
        super().show_step(done, text)
        RecordingProgress.labels.append(self.labelText())
        if self.stop_after is not None and len(self.labels) >= self.stop_after:
            self.button.click()
            RecordingProgress.pressed.set()


@pytest.fixture
def progress(monkeypatch: pytest.MonkeyPatch) -> type[RecordingProgress]:
    RecordingProgress.labels = []
    RecordingProgress.stop_after = None
    RecordingProgress.pressed = threading.Event()
    monkeypatch.setattr(pack_flow, "WorkProgress", RecordingProgress)
    return RecordingProgress


def test_sync_hands_a_rehearsal_between_two_workspaces(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    progress: type[RecordingProgress],
    runner: Runner,
    finished: Finished,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    set_shared_folder(ws, folder)
    set_shared_folder(other, folder)
    rid = rehearse(ws)

    first = finished(sync_shared_folder(None, ws, runner=runner))
    assert first is not None and len(first.written) == 1 and not first.merged
    [pack] = first.written
    assert pack.parent == folder.resolve() and pack.is_file()
    assert progress.labels[0].startswith(f"1 of 1: Writing {pack.name[:20]}")
    assert progress.labels[-1] == "Done"
    assert messages[-1][0] == "information" and "Wrote 1 rehearsal" in messages[-1][2]

    progress.labels = []
    second = finished(sync_shared_folder(None, other, runner=runner))
    assert second is not None and [m.rehearsal_id for m in second.merged] == [rid]
    assert event_ids(other, rid) == event_ids(ws, rid)
    # The count is the core's estimate: the merged rehearsal is then written back too.
    assert progress.labels[0].startswith(f"1 of 1: Reading {pack.name[:20]}")
    assert progress.labels[1].startswith("2 of 2: Writing")
    text = messages[-1][2]
    assert "From colleagues:\nModule 1\n  • Dry run of" in text and "new rehearsal" in text

    # The colleague's notes come back on the next sync of the first workspace.
    other.review.annotate(rid, "Sound check took longer", author="Sam")
    finished(sync_shared_folder(None, other, runner=runner))
    finished(sync_shared_folder(None, ws, runner=runner))
    assert "Sound check took longer" in [a.text for a in ws.review.annotations(rid)]


def test_sync_skips_a_pack_still_arriving_and_says_why(
    ws: Workspace,
    other: Workspace,
    tmp_path: Path,
    messages: list[Message],
    progress: type[RecordingProgress],
    runner: Runner,
    finished: Finished,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    set_shared_folder(ws, folder)
    rid = rehearse(other)
    arriving = folder / "from Sam.rehearsalpack"
    export_rehearsal_pack(None, other, rid, path=arriving)
    arriving.write_bytes(arriving.read_bytes()[:300])
    before = dump(ws)

    report = finished(sync_shared_folder(None, ws, runner=runner))
    assert report is not None and [p for p, _why in report.skipped] == [arriving]
    assert dump(ws) == before
    kind, _title, text = messages[-1]
    assert kind == "warning" and "from Sam.rehearsalpack" in text and "cut short" in text


def test_sync_can_be_stopped_between_files(
    ws: Workspace,
    tmp_path: Path,
    messages: list[Message],
    progress: type[RecordingProgress],
    runner: Runner,
    finished: Finished,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    set_shared_folder(ws, folder)
    rehearse(ws)
    rehearse(ws)
    progress.stop_after = 1
    real_sync = pack_flow.sync

    def gated_sync(ws: Workspace, progress: Any, cancelled: Any) -> SyncReport:
        def step(done: int, total: int, text: str) -> None:
            progress(done, total, text)
            assert RecordingProgress.pressed.wait(10)  # until Stop was clicked on the UI

        return real_sync(ws, progress=step, cancelled=cancelled)

    monkeypatch.setattr(pack_flow, "sync", gated_sync)
    report = finished(sync_shared_folder(None, ws, runner=runner))
    assert report is not None and report.cancelled
    assert report.written == []  # stopped after the first step, before writing
    assert list(folder.iterdir()) == []
    assert "Stopped" in messages[-1][2]


def test_sync_without_a_shared_folder_says_to_choose_one(
    ws: Workspace, messages: list[Message], runner: Runner
) -> None:
    assert sync_shared_folder(None, ws, runner=runner) is None
    [(kind, _title, text)] = messages
    assert kind == "information" and "Shared folder" in text


def test_sync_of_an_unreachable_folder_is_explained(
    ws: Workspace,
    tmp_path: Path,
    messages: list[Message],
    progress: type[RecordingProgress],
    runner: Runner,
    finished: Finished,
) -> None:
    folder = tmp_path / "usb stick"
    folder.mkdir()
    set_shared_folder(ws, folder)
    folder.rmdir()
    assert finished(sync_shared_folder(None, ws, runner=runner)) is None
    [(kind, _title, text)] = messages
    assert kind == "warning" and "usb stick" in text


def test_the_shared_folder_dialog_chooses_and_stops_sharing(
    qtbot: QtBot,
    ws: Workspace,
    tmp_path: Path,
    messages: list[Message],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    dialog = SharedFolderDialog(ws)
    qtbot.addWidget(dialog)
    assert dialog.current.text() == NOT_SHARING and not dialog.stop_button.isEnabled()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    dialog.pick_folder()
    assert shared_folder(ws) == folder.resolve()
    assert dialog.current.text() == str(folder.resolve()) and dialog.stop_button.isEnabled()

    assert not dialog.use_folder(tmp_path / "missing")
    assert shared_folder(ws) == folder.resolve()
    assert messages[-1][0] == "warning" and "missing" in messages[-1][2]

    dialog.stop_button.click()
    assert shared_folder(ws) is None and dialog.current.text() == NOT_SHARING


def test_choose_shared_folder_returns_the_folder_in_use(
    qapp: Any, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()

    def person_chooses(dialog: SharedFolderDialog) -> int:
        dialog.use_folder(folder)
        return QDialog.DialogCode.Rejected.value  # closed with Close

    monkeypatch.setattr(SharedFolderDialog, "exec", person_chooses)
    assert choose_shared_folder(None, ws) == folder.resolve()


def test_progress_label_counts_files(qtbot: QtBot) -> None:
    dialog = WorkProgress(None, "Syncing", "Looking…")
    qtbot.addWidget(dialog)
    assert not dialog.isVisible()  # a quick run shows nothing
    dialog.show_step(fraction(1, 5), count_label(1, 5, "Reading b.rehearsalpack"))
    assert dialog.labelText() == "2 of 5: Reading b.rehearsalpack"
    assert dialog.value() / dialog.maximum() == 0.2
    assert count_label(5, 5, "Done") == "Done" and fraction(0, 0) == 1.0
    qtbot.waitUntil(dialog.isVisible)  # then it shows, without being asked
    stops: list[bool] = []
    dialog.canceled.connect(lambda: stops.append(True))
    dialog.button.click()
    assert stops == [True] and not dialog.button.isEnabled()
    assert dialog.labelText() == "Stopping after the current file…"
    dialog.show_step(0.4, "3 of 5: c.rehearsalpack")
    assert dialog.labelText() == "Stopping after the current file…"
    dialog.finish()

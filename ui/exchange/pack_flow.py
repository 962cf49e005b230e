"""Handing rehearsals between machines that work offline: export and import packs, and the
shared folder that does it for a team (a synced or network folder everyone can reach).

Each function takes the parent widget and the workspace, asks what it needs (a file name,
a folder) unless a test or a caller gives it, tells the person what happened, and returns
what it did. Expected problems — a bad pack, a full disk, a rehearsal still being recorded —
are explained in a message box and change nothing; they never reach the crash handler.

Imports and syncs run on the pool, each against a companion of the workspace (its own
SQLite connection); what their merges change reaches the window's workspace on the UI thread
as it happens. Each pack merges in one transaction, all or nothing. Work over several files
shows a progress dialog ("2 of 5: file name") whose Stop ends it after the current file;
the summary comes when the work is done. These functions return a `Task` whose `done`
carries the outcome once the person has been told it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from rehearsal.errors import FormatError, RehearsalError
from rehearsal.exchange.packs import PACK_SUFFIX, MergeReport, export_pack, import_pack
from rehearsal.exchange.shared_folder import SyncReport, shared_folder, sync
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.pack_summary import import_summary, sync_summary
from rehearsal_ui.exchange.progress import WorkProgress, count_label, fraction
from rehearsal_ui.exchange.shared_folder_dialog import SharedFolderDialog
from rehearsal_ui.exchange.task import Task
from rehearsal_ui.shell.file_dialogs import open_file_names, save_file_name
from rehearsal_ui.shell.worker import CancelToken, Progress, Runner, expected, unexpected
from rehearsal_ui.shell.workspace_jobs import WorkspaceWork, submit_on_workspace

PACK_FILTER = f"Rehearsal packs (*{PACK_SUFFIX});;All files (*)"
IMPORT_KEY = "pack import"  # the Runner's keys: one import and one sync at a time
SYNC_KEY = "shared-folder sync"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


# -- export ----------------------------------------------------------------------------------------
def default_pack_name(ws: Workspace, rehearsal_id: str, scope: str = "rehearsal") -> str:
    """'Program — revision 2 — 2026-01-12 dry run[ annotations].rehearsalpack', safe as a
    file name on every system."""
    rehearsal = ws.rehearsal(rehearsal_id)
    plan = ws.plan(rehearsal.plan_id)
    program = ws.program(plan.program_id).name
    kind = rehearsal.kind.label.lower()
    what = " annotations" if scope == "annotations" else ""
    stem = f"{program} — revision {plan.revision} — {rehearsal.created[:10]} {kind}{what}"
    stem = _UNSAFE.sub("-", stem).strip(" .")[:150] or "rehearsal"
    return stem + PACK_SUFFIX


def export_rehearsal_pack(
    parent: QWidget | None,
    ws: Workspace,
    rehearsal_id: str,
    scope: str = "rehearsal",
    *,
    path: str | Path | None = None,
) -> str | None:
    """File → Export rehearsal pack…: write one rehearsal to a pack for a colleague.

    `scope` "rehearsal" writes the whole run (marks, flags, notes, review); "annotations"
    only the review data (flags edited, annotations, debrief, action items) for someone who
    already has the run. Asks for the file name (suggesting `default_pack_name`) unless
    `path` is given. Returns the text for the status bar, or None when the person cancelled
    or the export was refused (they have been told why in a message box).
    """
    if path is None:
        try:
            suggested = default_pack_name(ws, rehearsal_id, scope)
        except RehearsalError as exc:
            QMessageBox.warning(parent, "Export refused", str(exc))
            return None
        title = "Export annotations pack" if scope == "annotations" else "Export rehearsal pack"
        name, _ = save_file_name(parent, title, suggested, PACK_FILTER)
        if not name:
            return None
        path = name
    target = Path(path)
    if target.suffix.lower() != PACK_SUFFIX:
        target = target.with_name(target.name + PACK_SUFFIX)
    try:
        written = export_pack(ws, rehearsal_id, target, scope=scope)
    except RehearsalError as exc:
        QMessageBox.warning(parent, "Export refused", f"{exc}\n\nNo pack was written.")
        return None
    except OSError as exc:
        QMessageBox.warning(
            parent,
            "Export failed",
            f"{target} could not be written: {exc.strerror or exc}.\n\nNo pack was written.",
        )
        return None
    rehearsal = ws.rehearsal(rehearsal_id)
    what = "The annotations of the" if scope == "annotations" else "The"
    return (
        f"{what} {rehearsal.kind.label.lower()} of {rehearsal.created[:10]} exported to {written}"
    )


# -- import ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class ImportOutcome:
    """What `import_rehearsal_packs` did: a report per merged pack, and the refused files."""

    merged: list[MergeReport] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)  # file, why
    stopped: bool = False  # the person stopped before every file was read

    @property
    def changed(self) -> bool:
        """Whether the workspace changed (the window should reload what it shows)."""
        return any(report.changed for report in self.merged)

    @property
    def conflicts(self) -> int:
        return sum(report.conflicts for report in self.merged)


def import_rehearsal_packs(
    parent: QWidget | None,
    ws: Workspace,
    paths: Sequence[str | Path] | None = None,
    *,
    runner: Runner,
) -> Task | None:
    """File → Import packs…: merge colleagues' packs into the workspace, on `runner`'s pool.

    Asks for the files (several at once) unless `paths` is given. Each pack is merged all or
    nothing; a bad one is named and refused while the others are still merged; Stop (shown
    for several files) ends after the current one. Ends with a summary (what was added,
    conflicting edits to confirm in the Review view). Returns None when the person cancelled
    the file dialog; otherwise the task, whose `done` carries the `ImportOutcome` (reload the
    views when `.changed`), or None if the import failed as a whole (the person was told).
    """
    if paths is None:
        names = open_file_names(parent, "Import rehearsal packs", PACK_FILTER)
        if not names:
            return None
        paths = names
    return PackImport(parent, ws, [Path(p) for p in paths], runner)


class PackImport(Task):
    def __init__(
        self, parent: QWidget | None, ws: Workspace, files: list[Path], runner: Runner
    ) -> None:
        super().__init__()
        self.parent_widget, self.ws = parent, ws
        job = submit_on_workspace(
            runner, ws, merging(files, self.stopping), key=IMPORT_KEY, read_only=False
        )
        several = len(files) > 1
        self.follow(job, WorkProgress(parent, "Importing packs", "Importing…") if several else None)
        job.succeeded.connect(self._merged)
        job.failed.connect(self._failed)

    def _merged(self, outcome: ImportOutcome) -> None:
        self.hide_progress()  # before the summary
        _tell_import(self.parent_widget, self.ws, outcome)
        self.finish(outcome)

    def _failed(self, error: object) -> None:
        self.hide_progress()
        if not expected(error):
            self.finish(None)
            unexpected(error)
        text = f"{error}\n\nNothing was imported."
        QMessageBox.warning(self.parent_widget, "Packs not imported", text)
        self.finish(None)


def merging(files: Sequence[Path], stopping: CancelToken) -> WorkspaceWork:
    """The work of an import: merge `files` in turn into the workspace it is given,
    stopping before the next file once `stopping` is set."""

    def work(ws: Workspace, progress: Progress, cancel: CancelToken) -> ImportOutcome:
        outcome = ImportOutcome()
        for number, file in enumerate(files):
            if stopping.cancelled:
                outcome.stopped = True
                break
            progress(fraction(number, len(files)), count_label(number, len(files), file.name))
            try:
                outcome.merged.append(import_pack(ws, file))
            except FormatError as exc:
                outcome.refused.append((file, str(exc.located(file.name))))
            except RehearsalError as exc:
                outcome.refused.append((file, f"{file.name}: {exc}"))
        return outcome

    return work


def _tell_import(parent: QWidget | None, ws: Workspace, outcome: ImportOutcome) -> None:
    text = import_summary(ws, outcome.merged, outcome.refused)
    if outcome.stopped:
        text += "\nStopped before the remaining files."
    if outcome.refused:
        QMessageBox.warning(parent, "Some packs were refused", text)
    else:
        QMessageBox.information(parent, "Packs imported", text)


# -- the shared folder -----------------------------------------------------------------------------
def choose_shared_folder(parent: QWidget | None, ws: Workspace) -> Path | None:
    """File → Shared folder…: show, choose or stop using the team's shared folder.

    A small dialog explains what the folder is for, shows the current one, and offers a
    folder picker and "Stop sharing". Returns the shared folder in use afterwards (None when
    not sharing); a caller that sees it changed to a folder may run `sync_shared_folder`.
    """
    dialog = SharedFolderDialog(ws, parent)
    try:
        dialog.exec()
        return shared_folder(ws)
    finally:
        dialog.deleteLater()


def sync_shared_folder(parent: QWidget | None, ws: Workspace, *, runner: Runner) -> Task | None:
    """File → Sync now: on `runner`'s pool, merge the colleagues' packs found in the shared
    folder and write finished rehearsals and annotations there, with a progress dialog
    ("2 of 5: file name") whose Stop ends after the current file; then a summary (written,
    merged, skipped with the reason).

    Returns None when no shared folder is set (the person has been told); otherwise the
    task, whose `done` carries the core's `SyncReport`, or None when the sync was refused or
    failed (explained in a message box). What the merges changed is published as they go.
    """
    folder = shared_folder(ws)
    if folder is None:
        QMessageBox.information(
            parent,
            "No shared folder",
            "Choose a shared folder first (File → Shared folder…): rehearsals and "
            "annotations are exchanged through it.",
        )
        return None
    return SharedFolderSync(parent, ws, folder, runner)


class SharedFolderSync(Task):
    def __init__(self, parent: QWidget | None, ws: Workspace, folder: Path, runner: Runner) -> None:
        super().__init__()
        self.parent_widget, self.ws, self.folder = parent, ws, folder
        work = syncing(self.stopping, count_label)
        job = submit_on_workspace(runner, ws, work, key=SYNC_KEY, read_only=False)
        self.follow(job, WorkProgress(parent, "Syncing the shared folder", f"Looking in {folder}…"))
        job.succeeded.connect(self._synced)
        job.failed.connect(self._failed)

    def _synced(self, report: SyncReport) -> None:
        self.hide_progress()  # before the summary
        _tell_sync(self.parent_widget, self.ws, report)
        self.finish(report)

    def _failed(self, error: object) -> None:
        self.hide_progress()
        if isinstance(error, RehearsalError):
            QMessageBox.warning(self.parent_widget, "Sync refused", str(error))
        elif isinstance(error, OSError):
            QMessageBox.warning(
                self.parent_widget,
                "Sync failed",
                f"The shared folder {self.folder} could not be used: {error.strerror or error}.",
            )
        else:
            self.finish(None)
            unexpected(error)
        self.finish(None)


def syncing(stopping: CancelToken, label: Callable[[int, int, str], str]) -> WorkspaceWork:
    """The work of a sync of the workspace it is given, its steps told as `label(done,
    total, what)`; it ends after the current file once `stopping` (or the job) is called off."""

    def work(ws: Workspace, progress: Progress, cancel: CancelToken) -> SyncReport:
        def step(done: int, total: int, text: str) -> None:
            progress(fraction(done, total), label(done, total, text))

        return sync(ws, progress=step, cancelled=lambda: stopping.cancelled or cancel.cancelled)

    return work


def _tell_sync(parent: QWidget | None, ws: Workspace, report: SyncReport) -> None:
    text = sync_summary(ws, report)
    if report.skipped or report.unwritten:
        QMessageBox.warning(parent, "Shared folder synced, with files skipped", text)
    else:
        QMessageBox.information(parent, "Shared folder synced", text)

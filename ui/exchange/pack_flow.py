"""Handing rehearsals between machines that work offline: export and import packs, and the
shared folder that does it for a team (a synced or network folder everyone can reach).

Each function takes the parent widget and the workspace, asks what it needs (a file name,
a folder) unless a test or a caller gives it, tells the person what happened, and returns
what it did. Expected problems — a bad pack, a full disk, a rehearsal still being recorded —
are explained in a message box and change nothing; they never reach the crash handler.

The work runs on the UI thread: the workspace has one SQLite connection, and packs merge in
one transaction each. Work over several files goes through a modal progress dialog, which
keeps the window painted between files and lets the person stop after the current one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from rehearsal.errors import FormatError, RehearsalError
from rehearsal.exchange.packs import PACK_SUFFIX, MergeReport, export_pack, import_pack
from rehearsal.exchange.shared_folder import SyncReport, shared_folder, sync
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.pack_summary import import_summary, sync_summary
from rehearsal_ui.exchange.shared_folder_dialog import SharedFolderDialog

PACK_FILTER = f"Rehearsal packs (*{PACK_SUFFIX});;All files (*)"
LABEL_WIDTH = 600  # pixels of the progress label
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
            suggested = _documents() / default_pack_name(ws, rehearsal_id, scope)
        except RehearsalError as exc:
            QMessageBox.warning(parent, "Export refused", str(exc))
            return None
        title = "Export annotations pack" if scope == "annotations" else "Export rehearsal pack"
        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), PACK_FILTER)
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
    parent: QWidget | None, ws: Workspace, paths: Sequence[str | Path] | None = None
) -> ImportOutcome | None:
    """File → Import packs…: merge colleagues' packs into the workspace.

    Asks for the files (several at once) unless `paths` is given. Each pack is merged all or
    nothing; a bad one is named and refused while the others are still merged. Ends with a
    summary (what was added, conflicting edits to confirm in the Review view). Returns None
    when the person cancelled the file dialog; otherwise reload the views when `.changed`.
    """
    if paths is None:
        names, _ = QFileDialog.getOpenFileNames(
            parent, "Import rehearsal packs", str(_documents()), PACK_FILTER
        )
        if not names:
            return None
        paths = names
    files = [Path(p) for p in paths]
    outcome = ImportOutcome()
    progress = PackProgress(parent, "Importing packs", "Importing…") if len(files) > 1 else None
    try:
        for number, file in enumerate(files):
            if progress is not None:
                progress.step(number, len(files), file.name)
                if progress.wasCanceled():
                    outcome.stopped = True
                    break
            try:
                outcome.merged.append(import_pack(ws, file))
            except FormatError as exc:
                outcome.refused.append((file, str(exc.located(file.name))))
            except RehearsalError as exc:
                outcome.refused.append((file, f"{file.name}: {exc}"))
    finally:
        if progress is not None:
            progress.finish()
    _tell_import(parent, ws, outcome)
    return outcome


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


def sync_shared_folder(parent: QWidget | None, ws: Workspace) -> SyncReport | None:
    """File → Sync now: write finished rehearsals and annotations to the shared folder and
    merge the colleagues' packs found there, with a cancellable progress dialog ("2 of 5:
    file name"), then a summary (written, merged, skipped with the reason).

    Returns the core's report (None when no shared folder is set or the sync was refused;
    the person has been told); reload the views when any of its merges changed something.
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
    progress = PackProgress(parent, "Syncing the shared folder", f"Looking in {folder}…")
    try:
        report = sync(ws, progress=progress.step, cancelled=progress.wasCanceled)
    except RehearsalError as exc:
        QMessageBox.warning(parent, "Sync refused", str(exc))
        return None
    except OSError as exc:
        QMessageBox.warning(
            parent,
            "Sync failed",
            f"The shared folder {folder} could not be used: {exc.strerror or exc}.",
        )
        return None
    finally:
        progress.finish()
    _tell_sync(parent, ws, report)
    return report


def _tell_sync(parent: QWidget | None, ws: Workspace, report: SyncReport) -> None:
    text = sync_summary(ws, report)
    if report.skipped:
        QMessageBox.warning(parent, "Shared folder synced, with files skipped", text)
    else:
        QMessageBox.information(parent, "Shared folder synced", text)


class PackProgress(QProgressDialog):
    """Progress over several files: 'n of m: file name', with a Stop button. Modal, so the
    window stays painted between files while the person cannot start other work."""

    def __init__(self, parent: QWidget | None, title: str, label: str) -> None:
        super().__init__(label, "Stop", 0, 0, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(500)  # a quick run shows nothing
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)

    def step(self, done: int, total: int, name: str) -> None:
        """`done` files of `total` handled; `name` is the one being handled now."""
        self.setMaximum(max(total, 1))
        text = f"{done + 1} of {total}: {name}" if done < total else name
        metrics = QFontMetrics(self.font())  # a long file name is cut in its middle
        self.setLabelText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, LABEL_WIDTH))
        self.setValue(min(done, total))  # modal: lets the window repaint and Stop be pressed

    def finish(self) -> None:
        self.reset()  # also stops the timer that would show it late
        self.hide()
        self.deleteLater()


def _documents() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()

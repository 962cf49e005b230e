"""File menu commands for working across machines: packs and the shared folder.

Kept out of the main window, which owns one `ExchangeCommands` and hands it what it needs:
itself (the parent of the actions and dialogs), its workspace (a getter, as the window can
open another), the rehearsal shown in Review (the one exported), what to do after a merge
brought something, its status bar, and the `Runner` imports and syncs run on (its own
unless given). One import and one sync run at a time; asking for another while one runs
says so in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from rehearsal.exchange.shared_folder import SyncReport, shared_folder
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.pack_flow import (
    IMPORT_KEY,
    SYNC_KEY,
    choose_shared_folder,
    export_rehearsal_pack,
    import_rehearsal_packs,
    sync_shared_folder,
    syncing,
)
from rehearsal_ui.exchange.task import Task
from rehearsal_ui.shell.icons import icon
from rehearsal_ui.shell.worker import CancelToken, Job, Runner, expected, settle, unexpected
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace


class ExchangeCommands:
    def __init__(
        self,
        window: QWidget,
        *,
        workspace: Callable[[], Workspace],
        shown_rehearsal: Callable[[], str | None],
        status: Callable[[str, int], None],
        runner: Runner | None = None,
    ) -> None:
        self.window = window
        self.runner = runner or Runner(window)
        self._workspace = workspace
        self._shown_rehearsal = shown_rehearsal
        self._show_status = status  # text, milliseconds

        def action(text: str, keys: str, tip: str, slot: Callable[[], object]) -> QAction:
            found = QAction(text, window)
            if keys:
                found.setShortcut(keys)
            found.setStatusTip(tip)
            found.setToolTip(f"{tip} ({keys})" if keys else tip)
            found.triggered.connect(lambda _=False: slot())
            window.addAction(found)
            return found

        self.export_pack = action(
            "E&xport rehearsal pack…",
            "Ctrl+Shift+E",
            "Write the rehearsal shown in Review to one file, for someone working offline",
            lambda: self._export("rehearsal"),
        )
        self.export_notes = action(
            "Export revie&w notes only…",
            "",
            "Write only the flags, annotations, debrief and action items of that rehearsal",
            lambda: self._export("annotations"),
        )
        self.import_packs = action(
            "Import p&acks…",
            "Ctrl+Shift+I",
            "Merge rehearsal packs from colleagues (importing one twice changes nothing)",
            self._import,
        )
        self.shared = action(
            "S&hared folder…",
            "",
            "Exchange rehearsals through a folder the team already syncs",
            self._choose_folder,
        )
        self.sync_now = action(
            "&Sync now",
            "F5",
            "Merge colleagues' packs from the shared folder, write ours",
            self._sync,
        )
        self.sync_now.setIcon(icon("import"))

    def add_to(self, menu: QMenu) -> None:
        menu.addActions([self.export_pack, self.export_notes, self.import_packs])
        menu.addActions([self.shared, self.sync_now])

    def update(self) -> None:
        self.sync_now.setEnabled(shared_folder(self._workspace()) is not None)

    # -- commands ---------------------------------------------------------------------------
    def _export(self, scope: str) -> None:
        rehearsal_id = self._shown_rehearsal()
        if rehearsal_id is None:
            self._status("Choose a rehearsal in Review first: it is the one exported.")
            return
        done = export_rehearsal_pack(self.window, self._workspace(), rehearsal_id, scope)
        if done:
            self._status(done)

    def _import(self) -> None:
        self.import_files(None)

    def import_files(self, paths: Sequence[Path] | None) -> Task | None:
        """Merge packs: those in `paths` (the app was opened with them), else the ones asked
        for. The task, or None when nothing was started."""
        if self.runner.running(IMPORT_KEY):
            self._status("Packs are still being imported; try again when they are in.")
            return None
        task = import_rehearsal_packs(self.window, self._workspace(), paths, runner=self.runner)
        return task

    def _choose_folder(self) -> None:
        choose_shared_folder(self.window, self._workspace())
        self.update()

    def _sync(self) -> Task | None:
        if self._syncing():
            return None
        return sync_shared_folder(self.window, self._workspace(), runner=self.runner)

    def sync_on_start(self) -> Job | None:
        """A quiet sync when the app starts, on the pool: progress and result in the status
        bar, no dialogs (a shared folder that cannot be reached just says so). The job, or
        None when there is no shared folder or a sync is running."""
        ws = self._workspace()
        if shared_folder(ws) is None or self._syncing():
            return None

        work = syncing(CancelToken(), _status_label)
        job = submit_on_workspace(self.runner, ws, work, key=SYNC_KEY, read_only=False)
        job.progressed.connect(self._sync_progressed)
        job.succeeded.connect(self._synced_quietly)
        job.failed.connect(self._not_synced_quietly)
        return job

    def _sync_progressed(self, _done: float, text: str) -> None:
        self._status(text)

    def _synced_quietly(self, report: SyncReport) -> None:
        self._status("Shared folder: " + report.summary())

    def _not_synced_quietly(self, error: object) -> None:
        if not expected(error):
            unexpected(error)
        self._status(f"Shared folder not synced: {error}")

    def _syncing(self) -> bool:
        if self.runner.running(SYNC_KEY):
            self._status("The shared folder is being synced already.")
            return True
        return False

    def close(self) -> None:
        """Before the workspace closes (quitting, or opening another): a running import or
        sync stops after its current file, and every job reports first."""
        self.runner.cancel()
        settle()

    def _status(self, text: str) -> None:
        self._show_status(text, 10_000)


def _status_label(done: int, total: int, text: str) -> str:
    return f"Shared folder: {done} of {total} — {text}"

"""File menu commands for working across machines: packs and the shared folder.

Kept out of the main window, which owns one `ExchangeCommands` and hands it what it needs:
itself (the parent of the actions and dialogs), its workspace (a getter, as the window can
open another), the rehearsal shown in Review (the one exported), what to do after a merge
brought something, and its status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from rehearsal.errors import RehearsalError
from rehearsal.exchange.shared_folder import shared_folder, sync
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.pack_flow import (
    choose_shared_folder,
    export_rehearsal_pack,
    import_rehearsal_packs,
    sync_shared_folder,
)
from rehearsal_ui.shell.icons import icon


class ExchangeCommands:
    def __init__(
        self,
        window: QWidget,
        *,
        workspace: Callable[[], Workspace],
        shown_rehearsal: Callable[[], str | None],
        merged: Callable[[], None],
        status: Callable[[str, int], None],
    ) -> None:
        self.window = window
        self._workspace = workspace
        self._shown_rehearsal = shown_rehearsal
        self.merged = merged  # reload the views after packs brought something
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
            "Export review &notes only…",
            "",
            "Write only the flags, annotations, debrief and action items of that rehearsal",
            lambda: self._export("annotations"),
        )
        self.import_packs = action(
            "Import &packs…",
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

    def import_files(self, paths: Sequence[Path] | None) -> None:
        """Merge packs: those in `paths` (the app was opened with them), else the ones asked for."""
        outcome = import_rehearsal_packs(self.window, self._workspace(), paths)
        if outcome is not None and outcome.changed:
            self.merged()

    def _choose_folder(self) -> None:
        choose_shared_folder(self.window, self._workspace())
        self.update()

    def _sync(self) -> None:
        report = sync_shared_folder(self.window, self._workspace())
        if report is not None and any(m.changed for m in report.merged):
            self.merged()

    def sync_on_start(self) -> None:
        """A quiet sync when the app starts: progress and result in the status bar, no
        dialogs (a shared folder that cannot be reached just says so)."""
        ws = self._workspace()
        if shared_folder(ws) is None:
            return

        def progress(done: int, total: int, text: str) -> None:
            self._status(f"Shared folder: {done} of {total} — {text}")
            self.window.repaint()

        try:
            report = sync(ws, progress=progress)
        except (RehearsalError, OSError) as exc:
            self._status(f"Shared folder not synced: {exc}")
            return
        self._status("Shared folder: " + report.summary())
        if any(m.changed for m in report.merged):
            self.merged()

    def _status(self, text: str) -> None:
        self._show_status(text, 10_000)

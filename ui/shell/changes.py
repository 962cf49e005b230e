"""The one Qt adapter for `rehearsal.changes`: what the core says an operation changed,
re-emitted as a signal that the views and the window's frame listen to.

Views refresh from this signal and only from it; nothing keeps a hand-written list of "who
to refresh after what". Changes published on the UI thread are emitted at once (the
operation's caller sees every view current when the call returns); changes made by a
worker reach the workspace's hub on the UI thread (`workspace_jobs`) and so come here too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from rehearsal.changes import EVERYTHING, Changes
from rehearsal.workspace import Workspace


class WorkspaceChanges(QObject):
    """Follows one workspace at a time; `changed(Changes)` for each of its operations."""

    changed = Signal(object)  # a Changes

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._leave: Callable[[], None] | None = None
        self.watch(ws, announce=False)

    def watch(self, ws: Workspace, *, announce: bool = True) -> None:
        """Follow `ws` from now on; with `announce`, tell everyone that everything changed
        (another workspace is shown)."""
        if self._leave is not None:
            self._leave()
        self._leave = ws.changes.subscribe(self.changed.emit)
        if announce:
            self.changed.emit(EVERYTHING)

    def announce(self, changes: Changes) -> None:
        """Changes not made through a workspace operation (none today but switching)."""
        if changes:
            self.changed.emit(changes)

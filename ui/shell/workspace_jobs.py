"""Work on the workspace off the UI thread: each job gets a companion of the window's
workspace (`Workspace.companion`: its own SQLite connection, made on the pool thread), and
everything the job changes is published to the window's workspace on the UI thread, as it
happens — so a sync stopped half-way still tells every view what it merged.

    job = submit_on_workspace(runner, ws, lambda other, progress, cancel: sync(other, ...))
    job.succeeded.connect(...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from rehearsal.workspace import Workspace
from rehearsal_ui.shell.worker import CancelToken, Job, Progress, Runner

WorkspaceWork = Callable[[Workspace, Progress, CancelToken], Any]


class _ChangesRelay(QObject):
    """Made on the UI thread; emitted from the pool thread, heard (queued) on the UI one."""

    heard = Signal(object)


def submit_on_workspace(
    runner: Runner,
    ws: Workspace,
    work: WorkspaceWork,
    *,
    key: str = "",
    read_only: bool = True,
) -> Job:
    """Run `work(companion, progress, cancel)` on `runner`'s pool against a companion of
    `ws` (read-only unless `read_only=False`); its published changes reach `ws.changes`."""
    relay = _ChangesRelay()
    relay.heard.connect(ws.changes.publish, Qt.ConnectionType.QueuedConnection)

    def job(progress: Progress, cancel: CancelToken) -> Any:
        with ws.companion(read_only=read_only) as other:
            other.changes.subscribe(relay.heard.emit)
            return work(other, progress, cancel)

    submitted = runner.submit(job, key=key)
    relay.setParent(submitted)  # lives as long as the job, dies with it
    return submitted

"""What an import or a sync started from the File menu came to, as its caller sees it.

The work runs on the pool (one `Job` or more); the person is told the outcome on the UI
thread; then `done` carries it — an `ImportOutcome`, a `SyncReport`, a `Plan` — or None
when it was refused, failed or was cancelled (the person has been told why):

    task = import_rehearsal_packs(window, ws, paths, runner=runner)
    task.done.connect(self.after_import)            # in tests: qtbot.waitSignal(task.done)

Each kind of task is a subclass whose methods are the slots of its jobs' signals. Two
PySide rules keep it from crashing when a window is collected: slots are bound methods,
not closures that hold a widget; and a task is no Qt child of the runner or the window it
holds (a QObject holding its own ancestor is freed twice). So a task has no parent: this
module keeps it alive until it is done.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from rehearsal_ui.exchange.progress import WorkProgress
from rehearsal_ui.shell.worker import CancelToken, Job

_RUNNING: set[Task] = set()  # started and not done: nothing else need hold them


class Task(QObject):
    done = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        _RUNNING.add(self)
        self.stopping = CancelToken()  # Stop pressed: end after the current file
        self.ended = False
        self.outcome: object = None
        self.progress: WorkProgress | None = None

    def follow(self, job: Job, progress: WorkProgress | None = None) -> None:
        """Show `job`'s progress in `progress` (whose Stop calls `stop`); a job called off
        ends the task."""
        self.progress = progress
        if progress is not None:
            job.progressed.connect(progress.show_step)
            progress.canceled.connect(self.stop)
        job.cancelled.connect(self.finish)

    def stop(self) -> None:
        self.stopping.cancel()

    def hide_progress(self) -> None:
        if self.progress is not None:
            self.progress.finish()
            self.progress = None

    def finish(self, outcome: object = None) -> None:
        """Say what the task came to (once: a later call is ignored)."""
        if self.ended:
            return
        self.ended = True
        self.hide_progress()
        self.outcome = outcome
        self.done.emit(outcome)
        QTimer.singleShot(0, self._release)  # not while its own signal is being handled

    def _release(self) -> None:
        _RUNNING.discard(self)

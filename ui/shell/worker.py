"""One way to run work off the UI thread: a `Runner` over a `QThreadPool`.

    runner = Runner(self)
    job = runner.submit(work, key="analysis")   # work(progress, cancel) -> result
    job.succeeded.connect(self.show_result)     # on the UI thread
    job.failed.connect(self.show_error)         # the exception the work raised

`work` runs on a pool thread. It must not touch a widget, nor a workspace opened on another
thread (it gets its own: `workspace_jobs.submit_on_workspace`). It may call
`progress(fraction, text)` (shown through `Job.progressed`) and should look at `cancel`
between steps (`cancel.check()` raises `Cancelled`).

Submitting with a key a running job already has supersedes that job: it is cancelled and
whatever it returns is dropped, so a result on screen is never older than the request
for it. Every signal reaches the UI thread queued; a job cancelled or superseded emits
`cancelled` and nothing else.
"""

from __future__ import annotations

import threading
import time
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)

from rehearsal.errors import RehearsalError

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised inside a job (by `CancelToken.check`) to stop it early."""


class CancelToken:
    """Set from the UI thread, read from the worker: has this job been called off?"""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled


Work = Callable[[Progress, CancelToken], Any]


class _Relay(QObject):
    """What the pool thread emits on; connected queued to the job on the UI thread."""

    progressed = Signal(float, str)
    done = Signal(bool, object, str)  # ok, the result or the exception, its traceback


class Job(QObject):
    """One submitted piece of work, as the UI thread sees it."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception; its traceback text is `job.traceback`
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    def __init__(self, key: str, generation: int, parent: QObject) -> None:
        super().__init__(parent)
        self.key = key
        self.generation = generation
        self.token = CancelToken()
        self.running = True
        self.traceback = ""
        self.relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self.relay.progressed.connect(self._progress, queued)
        self.relay.done.connect(self._done, queued)

    def cancel(self) -> None:
        """Call the job off: its result, if it still comes, is dropped."""
        self.token.cancel()

    def _progress(self, fraction: float, text: str) -> None:
        if self.running and not self.token.cancelled:
            self.progressed.emit(fraction, text)

    def _done(self, ok: bool, value: object, trace: str) -> None:
        self.running = False
        self.traceback = trace
        if self.token.cancelled or isinstance(value, Cancelled):
            self.cancelled.emit()
        elif ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(value)
        self.finished.emit()
        runner = self.parent()
        if isinstance(runner, Runner):
            runner._forget(self)


class _Task(QRunnable):
    def __init__(self, work: Work, relay: _Relay, token: CancelToken) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.token = token

    def run(self) -> None:
        relay, token = self.relay, self.token

        def progress(fraction: float, text: str = "") -> None:
            token.check()
            relay.progressed.emit(float(fraction), text)

        try:
            token.check()
            result = self.work(progress, token)
        except BaseException as exc:  # delivered to the UI thread, never lost
            relay.done.emit(False, exc, traceback.format_exc())
        else:
            relay.done.emit(True, result, "")


_runners: weakref.WeakSet[Runner] = weakref.WeakSet()


class Runner(QObject):
    """Runs callables on a thread pool and reports back on the thread it was made in."""

    idle = Signal()  # no job is running any more

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._jobs: dict[int, Job] = {}
        self._latest: dict[str, Job] = {}
        self._generation = 0
        _runners.add(self)

    def submit(self, work: Work, key: str = "") -> Job:
        """Run `work(progress, cancel)` on the pool; with a `key`, supersede the job of
        that key still running."""
        self._generation += 1
        if key:
            older = self._latest.get(key)
            if older is not None and older.running:
                older.cancel()
        job = Job(key, self._generation, self)
        self._jobs[id(job)] = job
        if key:
            self._latest[key] = job
        self.pool.start(_Task(work, job.relay, job.token))
        return job

    def running(self, key: str | None = None) -> bool:
        """Is any job (of `key`) still to report?"""
        jobs = self._jobs.values()
        return any(j.running and (key is None or j.key == key) for j in jobs)

    def latest(self, key: str) -> Job | None:
        """The job of `key` still running, if any."""
        return self._latest.get(key)

    def cancel(self, key: str | None = None) -> None:
        """Call off every running job (of `key`)."""
        for job in list(self._jobs.values()):
            if key is None or job.key == key:
                job.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until every job has reported (its signals delivered); False on timeout.

        For tests, benchmarks and one-shot renders (a screenshot) — never in the app's own
        event handling, which would freeze the window this module exists to keep alive.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while self._jobs:
            if time.monotonic() > deadline:
                return False
            self.pool.waitForDone(5)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return True

    def _forget(self, job: Job) -> None:
        self._jobs.pop(id(job), None)
        if self._latest.get(job.key) is job:
            del self._latest[job.key]
        job.deleteLater()
        if not self._jobs:
            self.idle.emit()


def settle(timeout_ms: int = 30_000) -> bool:
    """Wait for the jobs of every runner (see `Runner.wait`)."""
    deadline = time.monotonic() + timeout_ms / 1000
    for runner in list(_runners):
        left = max(0, int((deadline - time.monotonic()) * 1000))
        if not runner.wait(left):
            return False
    return True


def expected(error: object) -> bool:
    """Whether a job's exception is one to explain in a message (a domain error, a file or
    folder that cannot be used); anything else is a bug for the crash handler."""
    return isinstance(error, RehearsalError | OSError)


def unexpected(error: object) -> None:
    """Hand a job's unexpected exception to the crash handler (raised in a slot, PySide
    passes it to `sys.excepthook`)."""
    if isinstance(error, BaseException):
        raise error
    raise RuntimeError(f"a job failed with {error!r}")

"""The runner: work runs on a pool thread, its result, error, progress and cancellation come
back as signals on the UI thread, and a newer job of the same key supersedes an older one."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from rehearsal_ui.shell.worker import CancelToken, Job, Progress, Runner, settle

UI = threading.get_ident()
WAIT = 10.0  # seconds a worker waits for the test before giving up (never reached when green)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[Runner]:
    made = Runner()
    yield made
    assert made.wait(), "every job reported"


def outcome(job: Job) -> dict[str, object]:
    """What the job reports, and on which thread each signal arrived."""
    seen: dict[str, object] = {"threads": set()}

    def note(name: str):  # type: ignore[no-untyped-def]
        def record(*args: object) -> None:
            seen[name] = args[0] if args else True
            seen["threads"].add(threading.get_ident())  # type: ignore[attr-defined]

        return record

    job.succeeded.connect(note("result"))
    job.failed.connect(note("error"))
    job.cancelled.connect(note("cancelled"))
    job.finished.connect(note("finished"))
    return seen


def test_the_work_runs_off_the_ui_thread_and_its_result_comes_back_on_it(
    qtbot: QtBot, runner: Runner
) -> None:
    ran_on: list[int] = []

    def work(progress: Progress, cancel: CancelToken) -> int:
        ran_on.append(threading.get_ident())
        return 6 * 7

    job = runner.submit(work)
    seen = outcome(job)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen["result"] == 42 and "error" not in seen and "cancelled" not in seen
    assert ran_on and ran_on[0] != UI
    assert seen["threads"] == {UI}


def test_an_error_comes_back_with_its_traceback(qtbot: QtBot, runner: Runner) -> None:
    def work(progress: Progress, cancel: CancelToken) -> None:
        raise ValueError("no such plan")

    job = runner.submit(work)
    seen = outcome(job)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    error = seen["error"]
    assert isinstance(error, ValueError) and str(error) == "no such plan"
    assert "result" not in seen
    assert "ValueError: no such plan" in job.traceback and "def work" not in job.traceback


def test_a_newer_job_of_the_same_key_supersedes_the_older(qtbot: QtBot, runner: Runner) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow(progress: Progress, cancel: CancelToken) -> str:
        started.set()
        assert release.wait(WAIT)
        return "old"  # finishes anyway: what it returns must not be shown

    def fast(progress: Progress, cancel: CancelToken) -> str:
        return "new"

    old = runner.submit(slow, key="analysis")
    assert started.wait(WAIT)
    old_seen = outcome(old)
    new = runner.submit(fast, key="analysis")
    new_seen = outcome(new)
    other = runner.submit(fast, key="other")  # another key is left alone
    other_seen = outcome(other)
    assert runner.latest("analysis") is new
    with qtbot.waitSignal(new.finished, timeout=5000):
        pass
    assert new_seen["result"] == "new"
    assert runner.running("analysis")  # the old one has not returned yet
    release.set()
    with qtbot.waitSignal(old.finished, timeout=5000):
        pass
    assert old_seen.get("cancelled") is True and "result" not in old_seen
    assert runner.wait()
    assert other_seen["result"] == "new"
    assert not runner.running()


def test_progress_is_reported_in_order_and_cancel_stops_the_work(
    qtbot: QtBot, runner: Runner
) -> None:
    halfway = threading.Event()
    go_on = threading.Event()
    steps: list[int] = []

    def work(progress: Progress, cancel: CancelToken) -> str:
        for i in range(10):
            if i == 5:
                halfway.set()
                assert go_on.wait(WAIT)
            progress(i / 10, f"step {i}")  # a cancelled job stops here
            steps.append(i)
        return "done"

    job = runner.submit(work)
    reported: list[tuple[float, str]] = []
    job.progressed.connect(lambda fraction, text: reported.append((fraction, text)))
    seen = outcome(job)
    assert halfway.wait(WAIT)
    qtbot.waitUntil(lambda: len(reported) == 5)
    assert reported == [(i / 10, f"step {i}") for i in range(5)]
    job.cancel()
    go_on.set()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen.get("cancelled") is True and "result" not in seen and "error" not in seen
    assert steps == [0, 1, 2, 3, 4], "the work stopped at the next progress report"
    assert len(reported) == 5


def test_wait_and_idle_tell_when_every_job_has_reported(qtbot: QtBot, runner: Runner) -> None:
    gate = threading.Event()
    results: list[int] = []

    def work(n: int):  # type: ignore[no-untyped-def]
        def run(progress: Progress, cancel: CancelToken) -> int:
            assert gate.wait(WAIT)
            return n

        return run

    jobs = [runner.submit(work(n)) for n in range(4)]
    for job in jobs:
        job.succeeded.connect(results.append)
    assert runner.running()
    with qtbot.waitSignal(runner.idle, timeout=5000):
        gate.set()
    assert sorted(results) == [0, 1, 2, 3]
    assert settle() and not runner.running()

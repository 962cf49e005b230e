"""Work on a companion of the workspace: off the UI thread, on its own connection, and
what it changes reaches the window's workspace on the UI thread — even when it fails."""

from __future__ import annotations

import threading

from plans import small_draft
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.changes import Changes
from rehearsal_ui.shell.worker import CancelToken, Progress, Runner
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

UI = threading.get_ident()


def test_a_write_off_the_ui_thread_is_published_on_it(qtbot: QtBot, ws: Workspace) -> None:
    heard: list[tuple[Changes, int]] = []
    ws.changes.subscribe(lambda changes: heard.append((changes, threading.get_ident())))
    threads: list[int] = []

    def work(other: Workspace, progress: Progress, cancel: CancelToken) -> str:
        threads.append(threading.get_ident())
        assert other is not ws
        plan = other.add_plan(small_draft("Elsewhere"))
        raise RuntimeError(plan.id)  # fails after its write: the write still counts

    runner = Runner()
    job = submit_on_workspace(runner, ws, work, read_only=False)
    with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
        pass
    plan_id = str(failed.args[0])
    assert threads and threads[0] != UI
    assert ws.plan(plan_id).id == plan_id  # visible on the UI's own connection
    assert [c.touches_plan(plan_id) for c, _ in heard] == [True]
    assert {thread for _, thread in heard} == {UI}
    assert runner.wait()


def test_a_reader_job_sees_what_the_ui_committed(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft("Shown"))
    runner = Runner()
    job = submit_on_workspace(
        runner, ws, lambda other, progress, cancel: other.plan(plan.id).slot_s
    )
    with qtbot.waitSignal(job.succeeded, timeout=10_000) as done:
        pass
    assert done.args == [plan.slot_s]
    assert runner.wait()

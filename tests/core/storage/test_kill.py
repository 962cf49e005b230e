"""Nothing recorded is ever lost: a rehearsal killed at any moment keeps every mark it showed.

A child process (tests/kill_child.py) marks rehearsals on the real clock as fast as it can
and prints one line after each call returns; the test SIGKILLs it at a random moment, then
reopens the workspace and checks that everything printed is there, whole, and resumable.
"""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import raw
from plans import small_draft

import rehearsal
from rehearsal import InvalidOperation, Workspace
from rehearsal.model import EventKind, RehearsalStatus
from rehearsal.rehearsing.timing import live_steps, replay

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="Windows has no SIGKILL"),
]

CHILD = Path(__file__).parents[2] / "kill_child.py"
RUNS = 60
WORKERS = 3  # children in flight at once; each spends most of its life importing or fsyncing
SEED = 20260105
# Kill at this many seconds after the child starts: it is still importing, so no mark yet.
EARLY_KILL_S = (0.0, 0.25)
# Otherwise kill this long after the child has printed its first line: mid-stream.
STREAM_KILL_S = (0.0, 0.3)


@dataclass
class Shown:
    """What the child printed for one rehearsal before it died."""

    marks: list[tuple[int, str, str, int, bool]] = field(default_factory=list)
    flag_ids: list[str] = field(default_factory=list)


@dataclass
class Killed:
    number: int
    seed: int
    path: Path
    plan_id: str
    delay_s: float
    early: bool
    lines: list[str]
    stderr: str

    def __str__(self) -> str:
        when = "after start" if self.early else "after the first line"
        return f"run {self.number} (child seed {self.seed}, killed {self.delay_s:.3f} s {when})"


def kill_one(number: int, seed: int, early: bool, delay_s: float, folder: Path) -> Killed:
    path = folder / f"run{number}.rehearsal"
    with Workspace.open(path) as ws:
        plan_id = ws.add_plan(small_draft()).id
    env = dict(os.environ)
    root = str(Path(rehearsal.__file__).parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), plan_id, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    raw: list[bytes] = []
    first_line = threading.Event()

    def read() -> None:  # drain the pipe so the child never blocks on a full one
        assert proc.stdout is not None
        for line in proc.stdout:
            raw.append(line)
            first_line.set()
        first_line.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not early:
            first_line.wait(timeout=30)
        time.sleep(delay_s)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        reader.join(timeout=30)
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    assert proc.stdout is not None
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, f"run {number}: child ended early:\n{stderr}"
    # A line cut short by the kill was never fully shown.
    lines = [b.decode() for b in raw if b.endswith(b"\n")]
    return Killed(number, seed, path, plan_id, delay_s, early, lines, stderr)


def parse(killed: Killed) -> dict[str, Shown]:
    shown: dict[str, Shown] = {}
    for line in killed.lines:
        word, rid, *rest = line.split()
        if word == "REHEARSAL":
            assert rid not in shown and not rest, f"{killed}: bad line {line!r}"
            shown[rid] = Shown()
            continue
        assert word == "MARK" and rid in shown, f"{killed}: bad line {line!r}"
        seq, event_id, kind, index, paused, *flag = rest
        shown[rid].marks.append((int(seq), event_id, kind, int(index), paused == "1"))
        shown[rid].flag_ids.extend(flag)
    return shown


def check(killed: Killed) -> int:
    """Everything `killed` printed is stored, whole, and its rehearsal resumes; returns the
    number of marks it had shown."""
    shown = parse(killed)
    with Workspace.open(killed.path) as ws:
        assert raw.rows(ws, "PRAGMA integrity_check") == [{"integrity_check": "ok"}], killed
        assert raw.rows(ws, "PRAGMA foreign_key_check") == [], killed
        steps = live_steps(ws.plan(killed.plan_id))
        stored = {r.id for r in ws.rehearsals()}
        # A rehearsal the child never announced was stored just before the kill: no marks.
        unshown = stored - set(shown)
        assert set(shown) <= stored, f"{killed}: an announced rehearsal is missing"
        assert len(unshown) <= 1, f"{killed}: {len(unshown)} rehearsals were never announced"
        for rid in unshown:
            assert ws.events(rid) == [], f"{killed}: unannounced rehearsal {rid} has events"
        last = list(shown)[-1] if shown else None
        expect_interrupted = set(unshown)
        for rid, seen in shown.items():
            events = ws.events(rid)
            assert [e.seq for e in events] == list(range(len(events))), f"{killed}: {rid} seqs"
            by_id = {e.id: e for e in events}
            for seq, event_id, kind, index, paused in seen.marks:
                event = by_id.get(event_id)
                assert event is not None, f"{killed}: shown event {seq} ({kind}) of {rid} lost"
                assert (event.seq, event.kind.value) == (seq, kind), killed
                # Replaying what was stored when the mark returned gives what the run showed.
                state = replay(steps, events[: seq + 1])
                assert (state.index, state.paused_since is not None) == (index, paused), (
                    f"{killed}: replay of {rid} up to event {seq} ({kind}) differs from the run"
                )
            shown_count = seen.marks[-1][0] + 1 if seen.marks else 0
            assert [m[0] for m in seen.marks] == list(range(shown_count)), killed
            # Only the newest rehearsal may hold the one mark the kill cut off before print.
            extra = len(events) - shown_count
            assert extra == 0 or (rid == last and extra == 1), (
                f"{killed}: {rid} has {extra} events beyond the {shown_count} shown"
            )
            flags = {f.id for f in ws.flags(rid)}
            assert set(seen.flag_ids) <= flags, f"{killed}: a shown flag of {rid} was lost"
            flagged = {e.get("flag_id") for e in events if e.kind is EventKind.FLAG}
            assert flags == flagged, f"{killed}: flags and flag events of {rid} disagree"
            finished = any(e.kind is EventKind.FINISH for e in events)
            status = ws.rehearsal(rid).status
            assert (status is RehearsalStatus.FINISHED) == finished, f"{killed}: {rid} {status}"
            if not finished:
                expect_interrupted.add(rid)
        interrupted = {r.id for r in ws.interrupted_rehearsals()}
        assert interrupted == expect_interrupted, killed
        assert len(interrupted) <= 1, killed
        for rid in interrupted:
            check_resume(ws, rid, killed)
        for rid in stored - interrupted:
            with pytest.raises(InvalidOperation):
                ws.resume_rehearsal(rid)
    return sum(len(s.marks) for s in shown.values())


def check_resume(ws: Workspace, rid: str, killed: Killed) -> None:
    before = ws.events(rid)
    run = ws.resume_rehearsal(rid)
    after = ws.events(rid)
    assert run.state == replay(run.steps, after), f"{killed}: resumed state is not the replay"
    if before:
        assert after[:-1] == before, killed
        gap = after[-1]
        assert (gap.kind, gap.seq) == (EventKind.INTERRUPTED, len(before)), killed
        assert gap.at_ns >= before[-1].at_ns, f"{killed}: the clock ran backwards on resume"
        assert 0 <= float(gap.get("gap_s")) < 600, killed
        # The interruption moves the clock on and changes nothing else.
        was = replay(run.steps, before)
        assert dataclasses.replace(run.state, last_ns=was.last_ns) == was, killed
    else:
        assert after == [], f"{killed}: an armed rehearsal records no interruption"
    event = run.next()
    stored = ws.events(rid)
    assert stored[-1] == event and event.seq == len(after), killed
    assert event.kind in (EventKind.NEXT, EventKind.FINISH), killed
    assert run.state == replay(run.steps, stored), killed
    assert ws.rehearsal(rid).status is not RehearsalStatus.ARMED, killed
    ws.rehearsal_summary(rid)


def test_a_kill_at_any_moment_loses_nothing_shown(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    plan = []
    for number in range(RUNS):
        early = number % 6 == 0  # every sixth run dies before its first mark
        delay = rng.uniform(*(EARLY_KILL_S if early else STREAM_KILL_S))
        plan.append((number, rng.randrange(2**32), early, delay, tmp_path))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda args: kill_one(*args), plan))
    shown = [check(killed) for killed in results]
    assert len(shown) == RUNS
    # The kills were spread: some before any mark, most in the middle of a stream of them.
    assert sum(1 for n in shown if n == 0) >= 3, shown
    assert sum(1 for n in shown if n >= 10) >= RUNS // 2, shown

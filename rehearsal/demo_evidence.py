"""Evidence for the demo: for each finished rehearsal of its latest revision, the files a
meeting platform writes, as Zoom writes them — a transcript (WebVTT, from the start of the
recording), a locally saved chat (times of day, this computer's), a participants report
and a poll report — for what happened in the run: the facilitator presenting, the producer
launching the poll and opening rooms, learners speaking and typing in the discussions and
the Q&A, answering the poll, a learner dropping out and coming back; one discussion where
learners stay silent ("interaction planned, none observed"). They are imported through
`Workspace.evidence.import_file`, each placed by the proposal the import makes, as a
person's files would be. Seeded: the same demo every time.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rehearsal.model import InteractionType, Rehearsal
from rehearsal.rehearsing.timing import StepKind, live_steps, replay
from rehearsal.workspace import Workspace

PARTICIPANTS_HEAD = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
    "Recording Consent"
)

RECORDING_LEAD_S = 45  # the recording began this long before the run's first mark
LEARNERS = ("Chidi Okafor", "Dana Weiss", "Priya Raman", "Tomás Ortega", "Lena Hoffmann")
TALKING = {
    InteractionType.DISCUSSION,
    InteractionType.QA,
    InteractionType.SCENARIO_PRACTICE,
    InteractionType.KNOWLEDGE_CHECK,
}
LINES = {
    "facilitator": (
        "Let's look at how an order moves from draft to approved.",
        "Here is the screen you will use every morning.",
        "Notice where the status changes once the lead signs off.",
        "Take a moment with that before we go on.",
    ),
    "learner": (
        "What happens if the customer changes the address after approval?",
        "In our team the lead is often out, who approves then?",
        "I think the second option, because the order is already final.",
        "Could you show the return screen again?",
    ),
    "chat": (
        "Good morning from Lagos",
        "Is the handout the same as last week?",
        "Which tab is the approval queue?",
        "We did exactly this yesterday, it took ages",
        "Agree with Priya",
        "Can we get the slides afterwards?",
    ),
}


@dataclass(frozen=True, slots=True)
class People:
    facilitator: str
    producer: str


@dataclass(frozen=True, slots=True)
class Window:
    title: str
    interaction: InteractionType | None  # None: a transition
    start: datetime  # wall clock
    end: datetime


def windows(ws: Workspace, rehearsal: Rehearsal) -> list[Window]:
    """Each attempt of each step of the run, on the wall clock."""
    plan = ws.plan(rehearsal.plan_id)
    steps = live_steps(plan)
    events = ws.events(rehearsal.id)
    state = replay(steps, events)
    first_ns = events[0].at_ns
    first_wall = datetime.fromisoformat(events[0].wall).astimezone(UTC)
    found = []
    end_ns = state.ended_ns if state.ended_ns is not None else state.last_ns
    for step, tried in zip(steps, state.attempts, strict=True):
        interaction = None
        if step.kind is StepKind.SEGMENT:
            interaction = plan.segment(step.id).interaction
        for a in tried:
            start = first_wall + timedelta(microseconds=(a.start_ns - first_ns) // 1000)
            stop = a.end_ns if a.end_ns is not None else end_ns
            end = first_wall + timedelta(microseconds=(stop - first_ns) // 1000)
            found.append(Window(step.title, interaction, start, end))
    return found


def _speech(
    w: Window, rng: random.Random, quiet: bool, team: People
) -> Iterator[tuple[float, float, str, str]]:
    """Cues (start, end, who, text) of one step, in seconds of the wall clock since w.start."""
    length = (w.end - w.start).total_seconds()
    at = 2.0
    while at < length - 4:
        if w.interaction is None:
            who, role = team.producer, "staff"
            span = rng.uniform(4, 9)
            text = "Opening the rooms now, you will be moved in a few seconds."
        elif w.interaction in TALKING and not quiet and rng.random() < 0.55:
            who, role = rng.choice(LEARNERS), "learner"
            span = rng.uniform(6, 22)
            text = rng.choice(LINES["learner"])
        elif w.interaction in (InteractionType.BREAKOUT, InteractionType.BREAK):
            break  # the main room is empty
        elif w.interaction is InteractionType.POLL and at < 30:
            who, role, span = team.producer, "staff", 12.0
            text = "I'm launching the poll now, it's on your screen."
        else:
            who, role = team.facilitator, "facilitator"
            span = rng.uniform(12, 40)
            text = rng.choice(LINES["facilitator"])
        span = min(span, length - at - 1)
        if span > 1:
            yield at, at + span, who, text
        at += span + rng.uniform(1.0, 9.0 if role == "learner" else 4.0)


def vtt(
    run: list[Window], started: datetime, rng: random.Random, quiet: str, team: People
) -> str | None:
    def stamp(s: float) -> str:
        ms = round(s * 1000)
        h, m, sec = ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60
        return f"{h:02d}:{m:02d}:{sec:02d}.{ms % 1000:03d}"

    lines, n = ["WEBVTT", ""], 0
    for w in run:
        base = (w.start - started).total_seconds() + RECORDING_LEAD_S
        for a, b, who, text in _speech(w, rng, w.title == quiet, team):
            n += 1
            lines += [str(n), f"{stamp(base + a)} --> {stamp(base + b)}", f"{who}: {text}", ""]
    return "\n".join(lines) if n else None


def chat(run: list[Window], rng: random.Random, quiet: str) -> str | None:
    lines = []
    for w in run:
        if w.interaction not in TALKING and w.interaction is not InteractionType.POLL:
            continue
        if w.title == quiet:
            continue
        length = (w.end - w.start).total_seconds()
        for _ in range(rng.randint(2, 6)):
            at = w.start + timedelta(seconds=rng.uniform(5, max(6, length - 5)))
            who = rng.choice(LEARNERS)
            said = rng.choice(LINES["chat"])
            local = at.astimezone()  # a saved chat's times are the computer's local time
            lines.append((at, f"{local:%H:%M:%S} From {who} to Everyone:\n\t{said}"))
    lines.sort()
    return "\n".join(text for _, text in lines) + "\n" if lines else None


def participants(started: datetime, ended: datetime, team: People) -> str:
    def t(at: datetime) -> str:
        return f"{at.astimezone():%m/%d/%Y %I:%M:%S %p}"

    rows = [PARTICIPANTS_HEAD]
    people = [(team.facilitator, -240, 60), (team.producer, -300, 90)]
    people += [(name, 30 + 40 * i, 30 - 20 * i) for i, name in enumerate(LEARNERS)]
    for name, early, late in people:
        start, end = started + timedelta(seconds=early), ended + timedelta(seconds=late)
        minutes = round((end - start).total_seconds() / 60)
        if name == "Tomás Ortega":  # dropped out for three minutes
            gone = started + (ended - started) * 0.45
            rows.append(f"{name},,{t(start)},{t(gone)},{minutes},Yes,Y")
            start = gone + timedelta(minutes=3)
        rows.append(f"{name},,{t(start)},{t(end)},{minutes},Yes,Y")
    return "\n".join(rows) + "\n"


def poll(run: list[Window], rng: random.Random) -> str | None:
    """Zoom's poll report: a poll launched in each poll and knowledge check, answered by
    most learners (the first attempt of each)."""
    asked = {
        InteractionType.POLL: "How ready do you feel?",
        InteractionType.KNOWLEDGE_CHECK: "Who approves a rush order?",
    }
    polls, seen = [], set()
    for w in run:
        if w.interaction in asked and w.title not in seen:
            seen.add(w.title)
            polls.append(w)
    if not polls:
        return None

    def t(at: datetime) -> str:
        at = at.astimezone()
        return f"{at:%b} {at.day}, {at:%Y %I:%M:%S %p}"

    first, last = polls[0], polls[-1]
    rows = [
        "Poll Report",
        f'Report Generated:,"{t(last.end + timedelta(hours=2))}"',
        "Topic,ID,Actual Start Time,Actual Duration (minutes),# Participants",
        f'Order workflow rollout,81234567890,"{t(first.start)}",95,{len(LEARNERS)}',
        "",
        "Launched Polls,",
        "#,Poll Name,Poll Type,Launched Time",
    ]
    rows += [
        f'{n},{w.title[:20]},Poll,"{t(w.start + timedelta(seconds=15))}"'
        for n, w in enumerate(polls, start=1)
    ]
    rows += ["", "#,User Name,Email Address,Submitted Date/Time,Poll Name,Question,Answer"]
    n = 0
    for w in polls:
        assert w.interaction is not None
        for who in LEARNERS[: rng.randint(3, 5)]:
            n += 1
            at = w.start + timedelta(seconds=25 + rng.uniform(5, 60))
            answer = rng.choice(("Ready", "Somewhat ready", "The team lead"))
            rows.append(f'{n},{who},,"{t(at)}",{w.title[:20]},{asked[w.interaction]},{answer}')
    return "\n".join(rows) + "\n"


def add_evidence(ws: Workspace, rehearsal: Rehearsal, folder: Path, seed: int) -> list[str]:
    """Write and import the platform's files for one run; the import's summaries."""
    rng = random.Random(seed)
    run = windows(ws, rehearsal)
    team = People(
        rehearsal.facilitators[0] if rehearsal.facilitators else "Maya Chen",
        rehearsal.producer or "Sam Patel",
    )
    started, ended = run[0].start, max(w.end for w in run)
    talking = [w.title for w in run if w.interaction in TALKING]
    quiet = talking[len(talking) // 2] if talking else ""  # learners stay silent here
    files = {
        "zoom_transcript.vtt": vtt(run, started, rng, quiet, team),
        "zoom_chat.txt": chat(run, rng, quiet),
        "participants.csv": participants(started, ended, team),
        "poll_report.csv": poll(run, rng),
    }
    said = []
    for name, text in files.items():
        if text is None:
            continue
        path = folder / rehearsal.id / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        said.append(ws.evidence.import_file(rehearsal.id, path).summary())
    return said


def add_demo_evidence(ws: Workspace) -> list[str]:
    """Evidence for every finished, timed rehearsal of the latest revision of the demo's
    program; the import's summaries."""
    plan = ws.plans(ws.programs()[0].id)[-1]
    runs = ws.rehearsals(plan.id)
    totals = ws.run_totals(runs)
    said: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for seed, r in enumerate(runs):
            t = totals.get(r.id)
            if r.status.value == "finished" and t is not None and not t.click_through:
                said += add_evidence(ws, r, Path(folder), seed)
    return said

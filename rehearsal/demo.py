"""The demo workspace: a realistic 90-minute program, two revisions, seven rehearsals.

Generated deterministically (a seeded random generator and a fake clock driving the real
`Run` API), so every view and chart has something true to show on first launch and the
numbers are the same on every machine.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rehearsal.assets import resource_text
from rehearsal.clock import FakeClock
from rehearsal.errors import RehearsalError
from rehearsal.formats.native import plan_from_json
from rehearsal.model import Plan, PlanDraft, RehearsalKind, Severity
from rehearsal.rehearsing.recovery import RecoveryStatus, recovery_plan
from rehearsal.rehearsing.run import Run
from rehearsal.rehearsing.timing import Step, StepKind
from rehearsal.workspace import Workspace

PROGRAM = "Order workflow rollout — module 2"
FACILITATORS = ("Maya Chen", "Jordan Okafor")
PRODUCERS = ("Sam Rivera", "Priya Natarajan")

# How each segment tends to run against its plan, by revision: (bias, spread).
TENDENCY: dict[int, dict[str, tuple[float, float]]] = {
    1: {
        "Welcome and platform check": (1.25, 0.12),
        "Concept walkthrough: the new order workflow": (1.15, 0.08),
        "Live demo: creating and approving an order": (1.10, 0.10),
        "Breakout: scenario practice — a rush order with missing data": (1.12, 0.06),
        "Report-back debrief": (1.30, 0.10),
        "Move everyone into breakout rooms": (1.7, 0.2),
        "Q&A": (0.85, 0.2),
    },
    2: {
        "Welcome and platform check": (1.05, 0.08),
        "Concept walkthrough: the new order workflow": (1.05, 0.05),
        "Report-back debrief": (1.08, 0.08),
        "Move everyone into breakout rooms": (1.05, 0.12),
    },
}


@dataclass(frozen=True, slots=True)
class Scenario:
    revision: int
    kind: RehearsalKind
    facilitator: int
    producer: int
    day: datetime
    late_start_s: int
    cohort: str
    region: str
    seed: int
    stop_after: int | None = None  # steps run before it is stopped early
    click_through: bool = False  # a walk through the keys: a few seconds a step


SCENARIOS = (
    Scenario(
        1,
        RehearsalKind.DRY_RUN,
        0,
        0,
        datetime(2026, 1, 12, 9, 0, tzinfo=UTC),
        40,
        "internal",
        "EMEA",
        11,
    ),
    Scenario(
        1,
        RehearsalKind.DRY_RUN,
        1,
        1,
        datetime(2026, 1, 14, 14, 0, tzinfo=UTC),
        120,
        "internal",
        "Americas",
        12,
    ),
    Scenario(
        1,
        RehearsalKind.TECH_CHECK,
        0,
        1,
        datetime(2026, 1, 16, 9, 0, tzinfo=UTC),
        0,
        "internal",
        "EMEA",
        13,
    ),
    Scenario(
        1,
        RehearsalKind.DRESS_REHEARSAL,
        1,
        0,
        datetime(2026, 1, 20, 9, 0, tzinfo=UTC),
        90,
        "pilot group A",
        "Americas",
        14,
    ),
    Scenario(
        2,
        RehearsalKind.DRY_RUN,
        0,
        0,
        datetime(2026, 2, 2, 9, 0, tzinfo=UTC),
        30,
        "internal",
        "EMEA",
        21,
    ),
    Scenario(
        2,
        RehearsalKind.DRESS_REHEARSAL,
        1,
        1,
        datetime(2026, 2, 4, 14, 0, tzinfo=UTC),
        60,
        "pilot group B",
        "Americas",
        22,
    ),
    Scenario(
        2,
        RehearsalKind.PILOT,
        0,
        1,
        datetime(2026, 2, 10, 9, 0, tzinfo=UTC),
        15,
        "cohort 1",
        "EMEA",
        23,
    ),
    # stopped early: the platform failed during the demo, the rest was called off
    Scenario(
        2,
        RehearsalKind.DRY_RUN,
        1,
        0,
        datetime(2026, 2, 12, 14, 0, tzinfo=UTC),
        0,
        "internal",
        "Americas",
        24,
        stop_after=5,
    ),
    # the producer walking through the keys before a tech check: no timing evidence
    Scenario(
        2,
        RehearsalKind.TECH_CHECK,
        0,
        1,
        datetime(2026, 2, 13, 9, 0, tzinfo=UTC),
        0,
        "internal",
        "EMEA",
        25,
        click_through=True,
    ),
)


def demo_draft() -> PlanDraft:
    """Revision 1 of the demo program, as designed before any rehearsal."""
    draft = plan_from_json(json.loads(resource_text("demo_plan.json")), "demo_plan.json")
    return dataclasses.replace(draft, name=PROGRAM, source="demo")


def _revise(plan: Plan) -> Plan:
    """Revision 2: what the designer changed after the first four rehearsals."""
    retimed = {
        "Breakout: scenario practice — a rush order with missing data": 20 * 60,
        "Knowledge check: which stage owns a rush order?": 4 * 60,
        "Concept walkthrough: the new order workflow": 9 * 60,
        "Whiteboard: map your team's exceptions": 9 * 60,
    }
    segments = tuple(
        dataclasses.replace(s, planned_s=retimed.get(s.title, s.planned_s)) for s in plan.segments
    )
    transitions = tuple(
        dataclasses.replace(t, cue="Move everyone into pre-assigned breakout rooms")
        if t.allowance_s == 120
        else t
        for t in plan.transitions
    )
    return dataclasses.replace(
        plan,
        segments=segments,
        transitions=transitions,
        notes="Revision 2: breakout extended to 20 min with pre-assigned rooms; knowledge "
        "check, concept walkthrough and whiteboard trimmed to keep the slot.",
    )


def write_demo(path: Path, *, evidence: bool = True) -> Path:
    """Create the demo workspace at `path` (which must not hold one yet); with `evidence`,
    a meeting platform's files for the latest revision's runs (`demo_evidence`)."""
    if path.exists() and path.stat().st_size > 0:
        raise RehearsalError(f"{path} already exists; the demo is only written to a new file.")
    with Workspace.open(path) as ws:
        first = ws.add_plan(demo_draft(), program=PROGRAM)
        plans = {1: first}
        for scenario in SCENARIOS:
            if scenario.revision not in plans:
                plans[scenario.revision] = ws.save_plan(_revise(plans[1]))
            _rehearse(ws, plans[scenario.revision], scenario)
        _review(ws, plans)
        if evidence:
            from rehearsal.demo_evidence import add_demo_evidence

            add_demo_evidence(ws)
    return path


def _review(ws: Workspace, plans: dict[int, Plan]) -> None:
    """What the team wrote after the runs: annotations, debriefs, action items — the
    revision-1 breakout problems fixed in revision 2, one item still open."""
    review = ws.review
    for rehearsal in ws.rehearsals():
        plan = ws.plan(rehearsal.plan_id)
        day = datetime.fromisoformat(rehearsal.created)
        review.clock = FakeClock(wall=day + timedelta(hours=3))
        producer, facilitator = rehearsal.producer, ", ".join(rehearsal.facilitators)
        flags = ws.flags(rehearsal.id)
        logistics = next((f for f in flags if f.category == "breakout logistics"), None)
        if logistics is not None:
            review.annotate(
                rehearsal.id,
                "Rooms were created live; pre-assigning them would save two minutes.",
                at_ns=logistics.at_ns,
                segment_id=logistics.segment_id,
                transition_id=logistics.transition_id,
                author=producer,
            )
        if plan.revision == 1:
            review.answer(
                rehearsal.id,
                "slowed_learners",
                "Finding their breakout room; the missing-data scenario wording.",
                answered_by=facilitator,
            )
            review.answer(
                rehearsal.id,
                "changes_next",
                "Pre-assign rooms; rewrite the scenario card; time-box the report-back.",
                answered_by=rehearsal.lead,
            )
            if logistics is not None:
                item = review.add_action_item(
                    rehearsal.id, "flag", logistics.id, owner_role="producer"
                )
                review.mark_fixed(item.id, plans[2].id, author="Alex Morgan")
            for flag in flags:
                if flag.category == "instructions unclear":
                    item = review.add_action_item(
                        rehearsal.id,
                        "flag",
                        flag.id,
                        title="Rewrite the scenario card: define 'missing data'",
                        owner_role="designer",
                    )
                    review.mark_fixed(item.id, plans[2].id, author="Alex Morgan")
                if (
                    flag.category == "pacing/scope"
                    and rehearsal.kind is RehearsalKind.DRESS_REHEARSAL
                ):
                    review.add_action_item(
                        rehearsal.id,
                        "flag",
                        flag.id,
                        title="Time-box the report-back: 90 seconds a room",
                        owner_role="designer",
                    )
        else:
            review.answer(
                rehearsal.id,
                "engagement_dropped",
                "During the long report-back from the last rooms.",
                answered_by=facilitator,
            )
            if rehearsal.kind is RehearsalKind.DRESS_REHEARSAL:
                review.answer(
                    rehearsal.id,
                    "changes_next",
                    "Two rooms report back, the others post in chat.",
                    answered_by=rehearsal.lead,
                )
                review.add_action_item(
                    rehearsal.id, "debrief", "changes_next", owner_role="facilitator"
                )


def _rehearse(ws: Workspace, plan: Plan, sc: Scenario) -> None:
    rng = random.Random(sc.seed)
    clock = FakeClock(wall=sc.day - timedelta(minutes=5))
    run = ws.start_rehearsal(
        plan.id,
        sc.kind,
        lead="Alex Morgan",
        facilitator=FACILITATORS[sc.facilitator],
        producer=PRODUCERS[sc.producer],
        cohort=sc.cohort,
        region=sc.region,
        clock=clock,
    )
    clock.advance(5 * 60 + sc.late_start_s)
    tendencies = TENDENCY[sc.revision]
    running_late = 0.0
    if sc.click_through:
        for _ in run.steps:
            run.next()
            clock.advance(rng.uniform(1.5, 4.0))
        run.finish()  # on the last step: it ran to the end
        return
    for index, step in enumerate(run.steps[: sc.stop_after]):
        bias, spread = tendencies.get(step.title, (1.0, 0.07))
        if sc.facilitator == 1 and step.kind is StepKind.SEGMENT:
            bias += 0.05  # Jordan explains at more length
        actual = max(20.0, step.planned_s * bias * rng.lognormvariate(0.0, spread))
        if step.title.startswith("Breakout") and running_late > 240 and sc.revision == 1:
            actual = step.planned_s - rng.uniform(150, 240)  # practice time cut to catch up
        run.next()
        if step.title == "Q&A":  # the lead takes the recovery plan for the last steps
            recovery = recovery_plan(run.plan, run.state, run.now_ns())
            if recovery.status in (RecoveryStatus.BEHIND, RecoveryStatus.CANNOT_LAND):
                run.accept_recovery(recovery)
        _during(run, clock, step, index, actual, sc, rng)
        running_late = run.state.relative_offset_s(run.now_ns())
    run.finish()


def _during(
    run: Run,
    clock: FakeClock,
    step: Step,
    index: int,
    actual: float,
    sc: Scenario,
    rng: random.Random,
) -> None:
    """What happens inside one step: pauses, flags and notes, at plausible moments."""
    title = step.title
    elapsed = 0.0

    def at(offset: float) -> None:
        nonlocal elapsed
        offset = min(max(offset, elapsed), actual)
        clock.advance(offset - elapsed)
        elapsed = offset

    producer = PRODUCERS[sc.producer]
    if title.startswith("Warm-up poll") and sc.revision == 1 and sc.seed in (11, 13):
        at(25)
        run.flag(
            "tool launch",
            note="Poll launched late: producer could not find it in the list",
            severity=Severity.MEDIUM,
            seconds_lost=40,
            raised_by=producer,
        )
    if title.startswith("Live demo"):
        if sc.seed in (12, 14, 22):
            at(actual * 0.4)
            run.pause("tech")
            clock.advance(rng.uniform(40, 95))
            run.resume()
            run.flag(
                "audio/video/connectivity",
                note="Sandbox slow to load the order screen",
                severity=Severity.MEDIUM,
                seconds_lost=60,
                raised_by=producer,
            )
        if sc.kind is RehearsalKind.TECH_CHECK:
            at(actual * 0.3)
            run.note("Restarting the demo with the backup account", author=producer)
            run.retry()
            elapsed = 0.0
    if title.startswith("Live demo") and sc.revision == 1 and sc.seed in (11, 14):
        at(min(20, actual / 3))
        run.flag(
            "hand-off missed",
            note="Screen share not handed over to the demo account",
            severity=Severity.LOW,
            seconds_lost=15,
            raised_by=producer,
        )
    breakout_move = step.kind is StepKind.TRANSITION and "breakout" in title.lower()
    if breakout_move and (sc.revision == 1 or sc.seed == 22):
        at(actual * 0.8)
        run.flag(
            "breakout logistics",
            note="Rooms opened late; two learners not assigned",
            severity=Severity.HIGH if sc.revision == 1 else Severity.MEDIUM,
            seconds_lost=int(max(0, actual - step.planned_s)),
            raised_by=producer,
        )
    if title.startswith("Breakout") and sc.revision == 1 and sc.seed in (12, 14):
        at(180)
        run.flag(
            "instructions unclear",
            note="Two rooms asked what 'missing data' meant",
            severity=Severity.HIGH,
            raised_by=FACILITATORS[sc.facilitator],
        )
    if title.startswith("Report-back") and sc.revision == 1:
        at(actual * 0.9)
        run.flag(
            "pacing/scope",
            note="Every room reported at length; ran long",
            severity=Severity.MEDIUM,
            seconds_lost=int(actual - step.planned_s),
        )
    if title.startswith("Whiteboard") and sc.seed in (13, 23):
        at(60)
        run.flag(
            "access/login",
            note="Three learners could not annotate",
            severity=Severity.MEDIUM,
            seconds_lost=45,
            raised_by=producer,
        )
    if title == "Break" and sc.seed in (12, 21):
        at(actual * 0.5)
        run.pause("break")
        clock.advance(rng.uniform(30, 60))
        run.resume()
    if title == "Q&A" and sc.seed in (14, 22):
        at(actual * 0.7)
        run.flag(
            "timekeeping signal missed",
            note="No five-minute signal before close",
            severity=Severity.LOW,
            raised_by=producer,
        )
    at(actual)

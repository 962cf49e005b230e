from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import raw
from plans import small_draft

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.demo import write_demo
from rehearsal.model import (
    Flag,
    FlagStatus,
    InteractionType,
    Plan,
    PlanDraft,
    Segment,
    Severity,
    new_id,
)
from rehearsal.plans.readiness import (
    CheckKey,
    ReadinessReport,
    assess,
    readiness,
    report_json,
)
from rehearsal.signoff_model import PersonSignoff, SignoffRole, SignoffState


def as_plan(draft: PlanDraft, **changes: object) -> Plan:
    plan = Plan(
        id=new_id(),
        program_id="program",
        revision=1,
        created="2026-01-05T09:00:00+00:00",
        slot_s=draft.slot_s,
        start_s=draft.start_s,
        sections=draft.sections,
        segments=draft.segments,
        transitions=draft.transitions,
    )
    return dataclasses.replace(plan, **changes)  # type: ignore[arg-type]


def complete_draft() -> PlanDraft:
    """small_draft with every gap filled: intents, cues, and a slot with room to spare."""
    draft = small_draft()
    segments = tuple(
        dataclasses.replace(s, intent=s.intent or f"Why {s.title}", producer_cues="Watch it")
        for s in draft.segments
    )
    return dataclasses.replace(draft, segments=segments, slot_s=2000)  # 1740 planned: 13% free


def complete_plan(**changes: object) -> Plan:
    return as_plan(complete_draft(), **changes)


def signed(plan: Plan) -> dict[str, Any]:
    """`assess`'s sign-off arguments for a revision every role accepted, the producer 30
    days before its launch."""
    people = tuple(
        PersonSignoff(role, f"{role.value} person", "2027-01-01T12:00:00+00:00", "2027-01-02", "")
        for role in SignoffRole
    )
    return {"signoffs": SignoffState(plan.id, people), "launch_on": date(2027, 1, 31)}


def check(report: ReadinessReport, key: CheckKey) -> tuple[bool, str, tuple[str, ...]]:
    c = report.check(key)
    return c.passed, c.detail, c.segment_ids


def flag(segment: Segment | None, **changes: object) -> Flag:
    base = Flag(
        id=new_id(),
        rehearsal_id="r",
        category="instructions unclear",
        at_ns=0,
        segment_id=segment.id if segment else None,
        severity=Severity.HIGH,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_complete_plan_is_ready() -> None:
    plan = complete_plan()
    report = assess(plan, complete_rehearsals=2, open_high_flags=[], **signed(plan))
    assert report.ready and report.score == 100 and report.reasons == ()
    assert [c.key for c in report.checks] == list(CheckKey)
    assert all(c.passed and c.segment_ids == () for c in report.checks)


def test_score_is_the_share_of_checks_passed_and_reasons_follow_the_failures() -> None:
    plan = as_plan(small_draft())  # no intent, no cues, 60 s free of a 30 min slot
    report = assess(plan, complete_rehearsals=2, open_high_flags=[], **signed(plan))
    passed = [c.passed for c in report.checks]
    assert passed == [False, False, True, False, True, True, True, True]
    assert report.score == 62 and not report.ready
    assert report.reasons == tuple(c.detail for c in report.failed)
    assert len(report.reasons) == 3
    nothing = assess(
        dataclasses.replace(plan, slot_s=None, segments=()),
        complete_rehearsals=0,
        open_high_flags=[flag(None)],
    )
    assert nothing.score == 25  # intent and producer cues pass vacuously; nobody signed


def test_intent_names_the_segments_without_one() -> None:
    plan = as_plan(small_draft())
    passed, detail, ids = check(
        assess(plan, complete_rehearsals=0, open_high_flags=[]), CheckKey.INTENT
    )
    assert not passed
    assert ids == tuple(s.id for s in plan.segments[1:])
    assert detail == "3 of 4 segments have no design intent: Poll, Breakout, Close."


def test_intent_ignores_markers_skipped_and_blank_text() -> None:
    plan = complete_plan()
    extra = (
        Segment(new_id(), "Standby", 0, marker=True),
        Segment(new_id(), "Optional recap", 300, skipped=True),
    )
    ok = dataclasses.replace(plan, segments=plan.segments + extra)
    assert check(assess(ok, complete_rehearsals=0, open_high_flags=[]), CheckKey.INTENT)[0]
    blank = dataclasses.replace(plan.segments[0], intent="   ")
    bad = dataclasses.replace(plan, segments=(blank, *plan.segments[1:]))
    passed, detail, ids = check(
        assess(bad, complete_rehearsals=0, open_high_flags=[]), CheckKey.INTENT
    )
    assert not passed and ids == (blank.id,)
    assert detail.startswith("1 of 4 segments has no design intent")


def test_producer_cues_are_needed_on_interactions_only() -> None:
    plan = as_plan(small_draft())
    passed, detail, ids = check(
        assess(plan, complete_rehearsals=0, open_high_flags=[]), CheckKey.PRODUCER_CUES
    )
    poll, breakout = plan.segments[1], plan.segments[2]
    assert not passed and ids == (poll.id, breakout.id)  # Close is a presentation
    assert detail == "2 of 3 interactions have no producer cues: Poll, Breakout."
    segments = tuple(
        dataclasses.replace(s, producer_cues="")
        if s.interaction not in (InteractionType.CHAT, InteractionType.POLL)
        else dataclasses.replace(s, producer_cues="Launch it")
        for s in plan.segments
    )
    segments = tuple(
        dataclasses.replace(s, interaction=InteractionType.DISCUSSION)
        if s.interaction is InteractionType.BREAKOUT
        else s
        for s in segments
    )
    ok = dataclasses.replace(plan, segments=segments)
    passed, detail, ids = check(
        assess(ok, complete_rehearsals=0, open_high_flags=[]), CheckKey.PRODUCER_CUES
    )
    assert passed and ids == () and detail == "Every interaction has producer cues (2)."


def test_non_negotiables_must_be_marked() -> None:
    plan = complete_plan()
    passed, detail, _ = check(
        assess(plan, complete_rehearsals=0, open_high_flags=[]), CheckKey.NON_NEGOTIABLES
    )
    assert passed and detail == "Non-negotiable: Breakout."
    flexible = tuple(dataclasses.replace(s, non_negotiable=False) for s in plan.segments)
    none = dataclasses.replace(plan, segments=flexible)
    passed, detail, ids = check(
        assess(none, complete_rehearsals=0, open_high_flags=[]), CheckKey.NON_NEGOTIABLES
    )
    assert not passed and ids == () and "No segment is marked non-negotiable" in detail
    skipped = tuple(
        dataclasses.replace(s, skipped=True) if s.non_negotiable else s for s in plan.segments
    )
    only_skipped = dataclasses.replace(plan, segments=skipped)
    report = assess(only_skipped, complete_rehearsals=0, open_high_flags=[])
    assert not report.check(CheckKey.NON_NEGOTIABLES).passed


@pytest.mark.parametrize(
    ("slot_s", "buffer_pct", "passed", "detail"),
    [
        (2000, 10, True, "Planned 29:00 of a 33:20 slot leaves 4:20 (13%); 10% (3:20) needed."),
        (1934, 10, True, "Planned 29:00 of a 32:14 slot leaves 3:14 (10%); 10% (3:14) needed."),
        (1933, 10, False, "Planned 29:00 of a 32:13 slot leaves 3:13 (9.9%); 10% (3:14) needed."),
        (1740, 0, True, "Planned 29:00 of a 29:00 slot leaves 0:00 (0%); 0% (0:00) needed."),
        (
            1800,
            12.5,
            False,
            "Planned 29:00 of a 30:00 slot leaves 1:00 (3.3%); 12.5% (3:45) needed.",
        ),
        (
            1500,
            10,
            False,
            "Planned 29:00 overruns the 25:00 slot by 4:00; a buffer of 10% (2:30) needed.",
        ),
        (
            None,
            10,
            False,
            "No slot is set: set the session's length to check that the planned 29:00 fits "
            "with a 10% buffer.",
        ),
    ],
)
def test_fits_slot_with_a_buffer(
    slot_s: int | None, buffer_pct: float, passed: bool, detail: str
) -> None:
    plan = complete_plan(slot_s=slot_s)
    report = assess(plan, complete_rehearsals=0, open_high_flags=[], buffer_pct=buffer_pct)
    assert check(report, CheckKey.FITS_SLOT) == (passed, detail, ())


def test_fits_slot_counts_transitions_and_not_skipped_segments() -> None:
    plan = complete_plan(slot_s=1740 + 194)  # 10% of 1934 is 193.4
    assert assess(plan, complete_rehearsals=0, open_high_flags=[]).check("fits-slot").passed
    longer = dataclasses.replace(
        plan, transitions=(dataclasses.replace(plan.transitions[0], allowance_s=121),)
    )
    assert not assess(longer, complete_rehearsals=0, open_high_flags=[]).check("fits-slot").passed
    skip = dataclasses.replace(plan.segments[-1], skipped=True)
    shorter = dataclasses.replace(longer, segments=(*longer.segments[:-1], skip))
    assert assess(shorter, complete_rehearsals=0, open_high_flags=[]).check("fits-slot").passed


@pytest.mark.parametrize(
    ("finished", "needed", "passed", "detail"),
    [
        (0, 2, False, "0 of 2 complete rehearsals of revision 3."),
        (1, 2, False, "1 of 2 complete rehearsals of revision 3."),
        (2, 2, True, "2 of 2 complete rehearsals of revision 3."),
        (5, 2, True, "5 complete rehearsals of revision 3 (2 needed)."),
        (0, 1, False, "0 of 1 complete rehearsal of revision 3."),
        (0, 0, True, "0 of 0 complete rehearsals of revision 3."),
    ],
)
def test_proven_needs_enough_finished_rehearsals(
    finished: int, needed: int, passed: bool, detail: str
) -> None:
    report = assess(
        complete_plan(revision=3),
        complete_rehearsals=finished,
        open_high_flags=[],
        min_rehearsals=needed,
    )
    assert check(report, CheckKey.PROVEN) == (passed, detail, ())


def test_open_high_flags_on_this_plan_block_launch() -> None:
    plan = complete_plan()
    welcome, poll, breakout, _ = plan.segments
    gone = Segment(new_id(), "Removed in this revision", 60)
    ignored = [
        flag(poll, severity=Severity.MEDIUM),
        flag(poll, status=FlagStatus.FIXED, fixed_in_revision=2),
        flag(poll, status=FlagStatus.ACCEPTED),
        flag(poll, status=FlagStatus.WONT_FIX),
        flag(gone),
    ]
    report = assess(plan, complete_rehearsals=2, open_high_flags=ignored, **signed(plan))
    assert check(report, CheckKey.OPEN_FLAGS) == (True, "No open high-severity flags.", ())
    assert report.ready

    handoff = plan.transitions[0]  # after the poll
    blocking = [
        flag(breakout),
        flag(poll, transition_id=handoff.id),
        flag(breakout),
        flag(None),
    ]
    passed, detail, ids = check(
        assess(plan, complete_rehearsals=2, open_high_flags=ignored + blocking),
        CheckKey.OPEN_FLAGS,
    )
    assert not passed
    assert ids == (poll.id, breakout.id)
    assert detail == (
        "4 high-severity flags are open on the hand-off after Poll, Breakout ×2, the session: "
        "fix, accept or close each as won't fix."
    )
    one = assess(plan, complete_rehearsals=2, open_high_flags=[flag(welcome)])
    assert one.check(CheckKey.OPEN_FLAGS).detail.startswith(
        "1 high-severity flag is open on Welcome:"
    )


def test_bad_thresholds_are_refused() -> None:
    plan = complete_plan()
    with pytest.raises(ValueError, match="buffer_pct"):
        assess(plan, complete_rehearsals=0, open_high_flags=[], buffer_pct=100)
    with pytest.raises(ValueError, match="buffer_pct"):
        assess(plan, complete_rehearsals=0, open_high_flags=[], buffer_pct=-1)
    with pytest.raises(ValueError, match="min_rehearsals"):
        assess(plan, complete_rehearsals=0, open_high_flags=[], min_rehearsals=-1)


def test_report_json_has_the_documented_shape() -> None:
    plan = as_plan(small_draft())
    data = report_json(assess(plan, complete_rehearsals=0, open_high_flags=[]))
    assert list(data) == ["plan", "score", "ready", "checks"]
    assert data["plan"] == plan.id and data["score"] == 25 and data["ready"] is False
    first = data["checks"][0]
    assert list(first) == ["key", "title", "passed", "detail", "segments", "missing"]
    assert data["checks"][-2]["missing"] == [
        "designer (nobody)",
        "facilitator (nobody)",
        "producer (nobody)",
        "learning operations (nobody)",
    ]
    assert first["key"] == "intent"
    assert first["segments"] == [s.id for s in plan.segments[1:]]
    json.dumps(data)  # plain values only


# -- from a workspace ---------------------------------------------------------------------------
def rehearse(
    ws: Workspace,
    plan: Plan,
    *,
    flag_title: str | None = None,
    finish: bool = True,
    steps: int | None = None,
    share: float = 1.0,
) -> None:
    """Step through the first `steps` (all) of `plan` on a fake clock, each taking `share`
    of its plan, flagging one segment (HIGH)."""
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    for step in run.steps[:steps]:
        run.next()
        clock.advance(step.planned_s * share)
        if step.title == flag_title:
            run.flag("instructions unclear", severity=Severity.HIGH, on_handoff=False)
    if finish:
        run.finish()
    else:
        run.abandon()


def test_readiness_gathers_rehearsals_and_flags_from_the_workspace(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        first = ws.add_plan(complete_draft(), program="Onboarding")
        report = readiness(ws, first.id)
        assert report.check(CheckKey.PROVEN).detail == "0 of 2 complete rehearsals of revision 1."
        rehearse(ws, first, flag_title="Breakout")
        rehearse(ws, first, finish=False)  # abandoned: does not prove the timing
        rehearse(ws, first, steps=2)  # stopped early: neither
        rehearse(ws, first, share=0.05)  # a click-through: neither
        report = readiness(ws, first.id)
        assert report.check(CheckKey.PROVEN).detail == (
            "1 of 2 complete rehearsals of revision 1; "
            "not counted: 1 stopped early, 1 click-through."
        )
        breakout = first.segments[2]
        assert report.check(CheckKey.OPEN_FLAGS).segment_ids == (breakout.id,)
        assert report.score == 50  # nobody signed off, no launch date

        # The flag follows the segment into the next revision, and is gone with it.
        second = ws.save_plan(dataclasses.replace(first, notes="rev 2"))
        assert second.revision == 2
        assert not readiness(ws, second.id).check(CheckKey.OPEN_FLAGS).passed
        assert readiness(ws, second.id).check(CheckKey.PROVEN).detail.startswith("0 of 2")
        without = dataclasses.replace(
            second, segments=tuple(s for s in second.segments if s.id != breakout.id)
        )
        third = ws.save_plan(without)
        rehearse(ws, third)
        assert third.revision == 2  # unused, saved in place
        assert readiness(ws, third.id).check(CheckKey.OPEN_FLAGS).passed

        # Once resolved, the flag no longer blocks revision 1.
        raw.conn(ws).execute("UPDATE flags SET status = ?", (FlagStatus.FIXED.value,))
        report = readiness(ws, first.id, min_rehearsals=1)
        assert report.score == 75
        ws.signoffs.set_launch(first.id, "2099-01-31")
        for role in SignoffRole:
            ws.signoffs.record(first.id, role, "Sam", accepted=True)
        report = readiness(ws, first.id, min_rehearsals=1)
        assert report.ready and report.score == 100


def test_unknown_plan_is_a_user_error(ws_path: Path) -> None:
    from rehearsal import NotFound

    with Workspace.open(ws_path) as ws, pytest.raises(NotFound):
        readiness(ws, "no-such-plan")


def test_demo_revision_1_is_proven(tmp_path: Path) -> None:
    path = write_demo(tmp_path / "demo.rehearsal")
    with Workspace.open(path) as ws:
        [program] = ws.programs()
        first, second = ws.plans(program.id)
        report = readiness(ws, first.id)
        assert report.check(CheckKey.PROVEN).passed
        assert report.check(CheckKey.INTENT).passed
        assert report.check(CheckKey.PRODUCER_CUES).passed
        assert report.check(CheckKey.NON_NEGOTIABLES).passed
        # Revision 1's high flags (breakout logistics, unclear instructions) were marked
        # fixed in revision 2 during review; reopening one fails the check again.
        assert report.check(CheckKey.OPEN_FLAGS).passed
        high = [
            f for r in ws.rehearsals(first.id) for f in ws.flags(r.id) if f.severity.value == "high"
        ]
        assert high and all(f.status.value == "fixed" and f.fixed_in_revision == 2 for f in high)
        ws.review.edit_flag(high[0].id, status="open")
        assert not readiness(ws, first.id).check(CheckKey.OPEN_FLAGS).passed
        ws.review.edit_flag(high[0].id, status="fixed")
        assert report_json(readiness(ws, first.id)) == report_json(report)
        assert readiness(ws, second.id).check(CheckKey.PROVEN).passed

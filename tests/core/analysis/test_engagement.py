"""Engagement across rehearsals (per segment, from the rehearsals with evidence the filters
choose) and the debrief's prompts from one run's evidence."""

from __future__ import annotations

import dataclasses

import evidence as files
import pytest
from plans import small_draft
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.analysis import Filters
from rehearsal.analysis.debrief_prompts import debrief_prompts, prompts
from rehearsal.analysis.engagement import NONE_OBSERVED_PER_MIN, engagement
from rehearsal.clock import FakeClock
from rehearsal.evidence_model import EvidenceKind
from rehearsal.model import DEBRIEF_QUESTIONS, InteractionType, PlanDraft
from rehearsal.rehearsing.evidence_figures import RunEngagement, StepEngagement
from rehearsal.rehearsing.timing import StepKind

S = 10**9


def closing_discussion() -> PlanDraft:
    """The small plan, its last segment ("Close") a discussion."""
    draft = small_draft()
    close = dataclasses.replace(draft.segments[3], interaction=InteractionType.DISCUSSION)
    return dataclasses.replace(draft, segments=(*draft.segments[:3], close))


def test_engagement_per_segment_counts_the_rehearsals_with_evidence(ws: Workspace) -> None:
    plan = ws.add_plan(closing_discussion())
    ids = []
    for facilitator, has_evidence in (("Maya", True), ("Maya", True), ("Lee", False)):
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, facilitator=facilitator, producer="Sam", clock=clock)
        for seconds in (320, 275, 150, 970):
            run.next()
            clock.advance(seconds)
        run.next()
        clock.advance(170)
        run.finish()
        ids.append(run.rehearsal.id)
        if has_evidence:
            for name, draft in files.all_drafts().items():
                ws.evidence.add(run.rehearsal.id, draft, name=name)
    found = engagement(ws, plan.id)
    assert found.basis == "from 2 rehearsals with evidence; 1 without it left out"
    assert found.rehearsal_ids == tuple(sorted(ids[:2]))
    by_title = {s.title: s for s in found.segments}
    assert list(by_title) == ["Welcome", "Poll", "Breakout", "Close"]
    welcome = by_title["Welcome"]
    # Ana spoke 5 s and typed once in each 5:20 Welcome: 10 s and 2 messages in 10:40
    assert welcome.rehearsals == 2
    assert welcome.learner_talk_s_per_min == pytest.approx(10 / (640 / 60))
    assert welcome.messages_per_min == pytest.approx(2 / (640 / 60))
    assert not welcome.none_observed  # a chat with learners in it
    close = by_title["Close"]  # a discussion only the facilitator spoke in
    assert (close.contributions, close.none_observed) == (0, True)
    assert not by_title["Poll"].none_observed  # answered, and asked about in the chat
    only_lee = engagement(ws, plan.id, Filters(facilitators=("Lee",)))
    assert only_lee.basis == "no rehearsal with evidence; 1 without it left out"
    assert all(s.contributions_per_min is None and not s.none_observed for s in only_lee.segments)


def test_the_flag_s_threshold_is_one_contribution_in_ten_minutes(ws: Workspace) -> None:
    assert NONE_OBSERVED_PER_MIN == 0.1
    plan = ws.add_plan(closing_discussion())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, facilitator="Maya", clock=clock)
    run.next()
    for seconds in (300, 240, 120, 900):  # Welcome, Poll, the hand-off to the rooms, Breakout
        clock.advance(seconds)
        run.next()
    clock.advance(600)  # Close: ten minutes, one learner message in them
    run.finish()
    rid = run.rehearsal.id
    at_ms = (1560 + 100) * 1000  # 100 s into Close
    message = dataclasses.replace(files.chat().items[1], start_ms=at_ms, end_ms=at_ms)
    chat = dataclasses.replace(files.chat(), items=(message,))
    ws.evidence.add(rid, chat, name="chat.txt", offset_ms=0)
    close = engagement(ws, plan.id).segments[-1]
    assert close.contributions_per_min == pytest.approx(0.1)
    assert not close.none_observed  # one in ten minutes is not none


def step(title: str, time_s: int, step_id: str = "", **figures: int | None) -> StepEngagement:
    base: dict[str, int | None] = {
        "facilitator_talk_ns": 0,
        "staff_talk_ns": 0,
        "learner_talk_ns": 0,
        "silence_ns": 0,
        "learner_turns": 0,
        "chat_messages": 0,
        "learner_messages": 0,
        "learner_questions": 0,
        "chatters": 0,
        "attendees": 10,
        "learners_present": 8,
        "joined": 0,
        "left": 0,
        "poll_responses": 0,
    }
    base.update(figures)
    return StepEngagement(
        step_id or title,
        title,
        StepKind.SEGMENT,
        time_s * S,
        **base,  # type: ignore[arg-type]
    )


def test_each_question_gets_its_prompts_from_the_figures(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())  # Welcome (chat), Poll, Breakout, Close (presentation)
    ids = {s.title: s.id for s in plan.segments}
    steps = (
        step(
            "Welcome",
            300,
            ids["Welcome"],
            facilitator_talk_ns=250 * S,
            learner_messages=3,
            learner_questions=3,
        ),
        step("Poll", 240, ids["Poll"], silence_ns=200 * S, poll_responses=3),
        step("Breakout", 900, ids["Breakout"], silence_ns=900 * S, left=3, joined=1),
        step("Close", 600, ids["Close"], staff_talk_ns=45 * S, silence_ns=100 * S),
    )
    run = RunEngagement("r", frozenset(EvidenceKind), steps, steps[0], 0, 0)
    found = prompts(plan, run)
    assert list(found) == [key for key, _ in DEBRIEF_QUESTIONS]
    assert found["engagement_dropped"] == (
        "Engagement dropped in “Close”: 0 learner messages and no learner speech in 10:00.",
        "3 people left during “Breakout”.",
    )
    assert found["slowed_learners"] == (
        "Silence in “Poll”: 3:20 of 4:00 with nobody speaking.",
        "“Poll”: 3 poll answers from 8 learners present.",
    )
    assert found["instructions_clarified"] == ("3 learner questions in the chat during “Welcome”.",)
    assert found["facilitator_adjusted"] == (
        "The facilitator spoke for 4:10 of 5:00 in “Welcome”, a chat.",
    )
    assert found["producer_fixed"] == (
        "Staff spoke for 0:45 during “Close”.",
        "3 people left and 1 joined during “Breakout”: connection trouble?",
    )
    assert found["changes_next"] == (
        "“Breakout” is planned as a breakout, but no learner interaction was observed in its "
        "15:00.",
    )


def test_a_run_without_evidence_prompts_nothing(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    assert debrief_prompts(ws, rehearsal.id) == {key: () for key, _ in DEBRIEF_QUESTIONS}


def test_prompts_never_name_anyone_or_quote_anything(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws, draft=closing_discussion())
    for name, draft in files.all_drafts().items():
        ws.evidence.add(rehearsal.id, draft, name=name)
    said = " ".join(p for found in debrief_prompts(ws, rehearsal.id).values() for p in found)
    assert "“Close” is planned as a discussion" in said
    for private in (*files.PRIVATE, "Maya", "Sam", "Ben", "Ana"):
        assert private not in said

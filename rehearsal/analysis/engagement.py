"""Engagement across rehearsals: per segment of a plan, what learners said, typed and answered
in the rehearsals the analysis chooses (`Filters`), from their evidence
(`rehearsing.evidence_figures`), and where an interaction was planned but none observed.

- **Rehearsals**: chosen as `observations` chooses them (finished, of the plan's program,
  matching the filters; a click-through or an archived one left out unless included). Only
  those with evidence count; the others are counted as left out.
- **Per segment** (by its id, kept across revisions), over the counted rehearsals that ran
  it: learner talk per minute of its time in rehearsals with a transcript; learner
  messages per minute of its time in rehearsals with a chat; learner contributions — turns
  spoken, messages sent, poll answers — per minute of its time in rehearsals with a
  transcript or a chat (the ways learners take part in any interaction).
- **Interaction planned, none observed**: a segment planned as an interaction (poll,
  discussion, breakout, chat, Q&A, annotation/whiteboard, scenario practice, knowledge
  check), observed (some of its time had a transcript or a chat), with fewer than
  `NONE_OBSERVED_PER_MIN` learner contributions per minute of that time — less than one
  in ten minutes. Breakout rooms are not in the main room's recording or chat: a breakout
  is flagged when nobody took part in the main room either, which is worth a look, not a
  verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rehearsal.analysis.observations import Filters
from rehearsal.durations import count
from rehearsal.evidence_model import EvidenceKind
from rehearsal.model import InteractionType, Plan, Rehearsal
from rehearsal.rehearsing.evidence_figures import RunEngagement, StepEngagement
from rehearsal.rehearsing.timing import StepKind, live_steps
from rehearsal.workspace import Workspace

# Fewer learner contributions than this per minute of an interaction is "none observed".
NONE_OBSERVED_PER_MIN = 0.1
INTERACTION_PLANNED = frozenset(
    {
        InteractionType.POLL,
        InteractionType.DISCUSSION,
        InteractionType.BREAKOUT,
        InteractionType.CHAT,
        InteractionType.QA,
        InteractionType.ANNOTATION,
        InteractionType.SCENARIO_PRACTICE,
        InteractionType.KNOWLEDGE_CHECK,
    }
)
NS_PER_MIN = 60 * 10**9


def per_minute(n: float, time_ns: int) -> float | None:
    """`n` per minute of `time_ns`; None without time to count over."""
    return None if time_ns <= 0 else n * NS_PER_MIN / time_ns


@dataclass(frozen=True, slots=True)
class SegmentEngagement:
    segment_id: str
    title: str
    interaction: InteractionType
    rehearsals: int  # counted rehearsals that ran it
    transcribed_ns: int  # its time in them with a transcript
    learner_talk_ns: int
    chat_ns: int  # its time with a chat
    learner_messages: int
    observed_ns: int  # its time with a transcript or a chat
    contributions: int  # learner turns, messages and poll answers in that time

    @property
    def interaction_planned(self) -> bool:
        return self.interaction in INTERACTION_PLANNED

    @property
    def learner_talk_s_per_min(self) -> float | None:
        """Seconds of learner talk per minute of the segment (with a transcript)."""
        return per_minute(self.learner_talk_ns / 1e9, self.transcribed_ns)

    @property
    def messages_per_min(self) -> float | None:
        return per_minute(self.learner_messages, self.chat_ns)

    @property
    def contributions_per_min(self) -> float | None:
        return per_minute(self.contributions, self.observed_ns)

    @property
    def none_observed(self) -> bool:
        """Interaction planned, none observed (see the module)."""
        rate = self.contributions_per_min
        return self.interaction_planned and rate is not None and rate < NONE_OBSERVED_PER_MIN


@dataclass(frozen=True, slots=True)
class Engagement:
    plan: Plan
    segments: tuple[SegmentEngagement, ...]  # the plan's segments that run, in order
    rehearsal_ids: tuple[str, ...]  # the rehearsals counted: chosen, with evidence
    without_evidence: int  # rehearsals chosen but left out: they have no evidence

    @property
    def basis(self) -> str:
        """What the figures rest on: `from 3 rehearsals with evidence; 2 without it left
        out`."""
        head = (
            f"from {count(len(self.rehearsal_ids), 'rehearsal')} with evidence"
            if self.rehearsal_ids
            else "no rehearsal with evidence"
        )
        if self.without_evidence:
            head += f"; {self.without_evidence} without it left out"
        return head


def engagement(ws: Workspace, plan_id: str, filters: Filters | None = None) -> Engagement:
    """Engagement per segment of `plan_id` in the rehearsals `filters` choose."""
    plan = ws.plan(plan_id)
    chosen = chosen_rehearsals(ws, plan, filters or Filters())
    with_evidence = ws.evidence.with_evidence([r.id for r in chosen])
    counted = [r for r in chosen if r.id in with_evidence]
    return engagement_of(plan, ws.evidence.figures_of(counted), len(chosen) - len(counted))


def chosen_rehearsals(ws: Workspace, plan: Plan, filters: Filters) -> list[Rehearsal]:
    """The rehearsals `observations` would count for `plan` with `filters`."""
    revisions = {p.id for p in ws.plans(plan.program_id)}
    archived = ws.archived_rehearsals()
    chosen = [r for r in ws.rehearsals() if r.plan_id in revisions and filters.matches(r, archived)]
    if filters.include_click_through:
        return chosen
    totals = ws.run_totals(chosen)
    return [r for r in chosen if not (r.id in totals and totals[r.id].click_through)]


def engagement_of(
    plan: Plan, runs: Mapping[str, RunEngagement], without_evidence: int = 0
) -> Engagement:
    """Engagement per segment of `plan` from the figures of the rehearsals counted (by id;
    a reader that keeps them can call this alone)."""
    segments = []
    for step in live_steps(plan):
        if step.kind is not StepKind.SEGMENT:
            continue
        found = [s for run in runs.values() for s in _ran(run, step.id)]
        segments.append(_segment(plan, step.id, step.title, found))
    return Engagement(plan, tuple(segments), tuple(sorted(runs)), without_evidence)


Ran = tuple[RunEngagement, StepEngagement]


def _ran(run: RunEngagement, segment_id: str) -> list[Ran]:
    """The segment's step in a run, when it ran there."""
    return [(run, s) for s in run.steps if s.step_id == segment_id and s.time_ns > 0]


def _segment(plan: Plan, segment_id: str, title: str, found: Sequence[Ran]) -> SegmentEngagement:
    transcribed = talk = chat = messages = observed = contributions = 0
    for run, step in found:
        if EvidenceKind.TRANSCRIPT in run.kinds:
            transcribed += step.time_ns
            talk += step.learner_talk_ns or 0
        if EvidenceKind.CHAT in run.kinds:
            chat += step.time_ns
            messages += step.learner_messages or 0
        if step.learner_contributions is not None:
            observed += step.time_ns
            contributions += step.learner_contributions
    return SegmentEngagement(
        segment_id=segment_id,
        title=title,
        interaction=plan.segment(segment_id).interaction,
        rehearsals=len({run.rehearsal_id for run, _ in found}),
        transcribed_ns=transcribed,
        learner_talk_ns=talk,
        chat_ns=chat,
        learner_messages=messages,
        observed_ns=observed,
        contributions=contributions,
    )

"""Prompts for the debrief from a run's evidence: sentences that point at where to look for
each of the six questions (`model.DEBRIEF_QUESTIONS`) — never the answers, which are the
team's. Each counts and times from the figures of the run's steps
(`rehearsing.evidence_figures`), worded through the core's formats; names and messages
never appear in them. At most `MAX_PROMPTS` per question, the weightiest first.

- **engagement_dropped**: segments of at least `QUIET_S` where no learner spoke, typed or
  answered a poll (as far as the run's transcript and chat tell), the longest first;
  steps where `LEAVERS` people or more left.
- **slowed_learners**: segments of at least a minute that were mostly silence (over half
  their time with nobody speaking); poll segments answered by fewer than half the
  learners present.

Breaks and breakouts are quiet in the main room by design: they prompt neither a drop nor a
silence (a breakout where nothing was observed still prompts **changes_next**).
- **instructions_clarified**: steps where learners asked questions in the chat (messages
  with a question mark).
- **facilitator_adjusted**: interactions (`engagement.INTERACTION_PLANNED`) where the
  facilitator spoke for more than `LECTURE_SHARE` of the time.
- **producer_fixed**: steps where staff (the producer, co-facilitators) spoke for
  `STAFF_S` or more; steps where people both left and joined (reconnecting).
- **changes_next**: interactions planned where none was observed
  (`engagement.NONE_OBSERVED_PER_MIN`).
"""

from __future__ import annotations

from collections.abc import Callable

from rehearsal.analysis.engagement import INTERACTION_PLANNED, NONE_OBSERVED_PER_MIN, per_minute
from rehearsal.durations import count, format_duration
from rehearsal.model import DEBRIEF_QUESTIONS, InteractionType, Plan
from rehearsal.rehearsing.evidence_figures import RunEngagement, StepEngagement
from rehearsal.workspace import Workspace

MAX_PROMPTS = 3
QUIET_S = 120  # a segment this long with no learner speaking or typing
LEAVERS = 2  # this many people leaving in one step
LECTURE_SHARE = 0.6  # the facilitator speaking this much of an interaction
STAFF_S = 30  # staff speaking this long in one step

Prompt = tuple[float, str]  # (weight: the larger first, the sentence)


def debrief_prompts(ws: Workspace, rehearsal_id: str) -> dict[str, tuple[str, ...]]:
    """The prompts for each debrief question (every key of `DEBRIEF_QUESTIONS`, with no
    prompt where the evidence suggests none) of a rehearsal, from its evidence."""
    rehearsal = ws.rehearsal(rehearsal_id)
    return prompts(ws.plan(rehearsal.plan_id), ws.evidence.figures(rehearsal.id))


def prompts(plan: Plan, run: RunEngagement) -> dict[str, tuple[str, ...]]:
    """`debrief_prompts` from a run's figures and the plan it ran."""
    interactions = {s.id: s.interaction for s in plan.segments}
    ran = [s for s in run.steps if s.time_ns > 0]
    rules: dict[str, Callable[[StepEngagement], list[Prompt]]] = {
        "engagement_dropped": lambda s: _dropped(s, interactions.get(s.step_id)),
        "slowed_learners": lambda s: _slowed(s, interactions.get(s.step_id)),
        "instructions_clarified": _questions,
        "facilitator_adjusted": lambda s: _lecture(s, interactions.get(s.step_id)),
        "producer_fixed": _staff,
        "changes_next": lambda s: _none_observed(s, interactions.get(s.step_id)),
    }
    found = {}
    for key, _question in DEBRIEF_QUESTIONS:
        weighed = [p for step in ran for p in rules[key](step)]
        weighed.sort(key=lambda p: -p[0])  # stable: steps in run order among equals
        found[key] = tuple(text for _, text in weighed[:MAX_PROMPTS])
    return found


def _d(ns: int) -> str:
    return format_duration(round(ns / 1e9))


def _kind(interaction: InteractionType) -> str:
    label = interaction.label.lower()
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"


def _quiet_by_design(interaction: InteractionType | None) -> bool:
    """A step learners are not heard in, in the main room: a transition, a break, a breakout."""
    return interaction in (None, InteractionType.BREAK, InteractionType.BREAKOUT)


def _dropped(s: StepEngagement, interaction: InteractionType | None) -> list[Prompt]:
    found: list[Prompt] = []
    quiet = not _quiet_by_design(interaction) and s.time_ns >= QUIET_S * 10**9
    if quiet and s.learner_contributions == 0:
        seen = []
        if s.learner_messages is not None:
            seen.append(count(0, "learner message"))
        if s.learner_turns is not None:
            seen.append("no learner speech")
        if seen:
            found.append(
                (
                    s.time_ns / 1e9,
                    f"Engagement dropped in “{s.title}”: {' and '.join(seen)} in {_d(s.time_ns)}.",
                )
            )
    if s.left is not None and s.left >= LEAVERS:
        found.append(
            (s.left * 60.0, f"{count(s.left, 'person', 'people')} left during “{s.title}”.")
        )
    return found


def _slowed(s: StepEngagement, interaction: InteractionType | None) -> list[Prompt]:
    found: list[Prompt] = []
    long = not _quiet_by_design(interaction) and s.time_ns >= 60 * 10**9
    if long and s.silence_ns is not None and 2 * s.silence_ns > s.time_ns:
        found.append(
            (
                s.silence_ns / 1e9,
                f"Silence in “{s.title}”: {_d(s.silence_ns)} of {_d(s.time_ns)} with nobody "
                "speaking.",
            )
        )
    present, answers = s.learners_present, s.poll_responses
    polled = interaction in (InteractionType.POLL, InteractionType.KNOWLEDGE_CHECK)
    if polled and present and answers is not None and 2 * answers < present:
        found.append(
            (
                float(present - answers),
                f"“{s.title}”: {count(answers, 'poll answer')} from "
                f"{count(present, 'learner')} present.",
            )
        )
    return found


def _questions(s: StepEngagement) -> list[Prompt]:
    if not s.learner_questions:
        return []
    asked = count(s.learner_questions, "learner question")
    return [(float(s.learner_questions), f"{asked} in the chat during “{s.title}”.")]


def _lecture(s: StepEngagement, interaction: InteractionType | None) -> list[Prompt]:
    talk = s.facilitator_talk_ns
    if interaction not in INTERACTION_PLANNED or talk is None or s.time_ns < 60 * 10**9:
        return []
    if talk <= LECTURE_SHARE * s.time_ns:
        return []
    assert interaction is not None
    return [
        (
            talk / s.time_ns,
            f"The facilitator spoke for {_d(talk)} of {_d(s.time_ns)} in “{s.title}”, "
            f"{_kind(interaction)}.",
        )
    ]


def _staff(s: StepEngagement) -> list[Prompt]:
    found: list[Prompt] = []
    if s.staff_talk_ns is not None and s.staff_talk_ns >= STAFF_S * 10**9:
        found.append(
            (s.staff_talk_ns / 1e9, f"Staff spoke for {_d(s.staff_talk_ns)} during “{s.title}”.")
        )
    if s.joined and s.left:
        found.append(
            (
                float(min(s.joined, s.left)),
                f"{count(s.left, 'person', 'people')} left and {s.joined} joined during "
                f"“{s.title}”: connection trouble?",
            )
        )
    return found


def _none_observed(s: StepEngagement, interaction: InteractionType | None) -> list[Prompt]:
    if interaction not in INTERACTION_PLANNED or s.learner_contributions is None:
        return []
    rate = per_minute(s.learner_contributions, s.time_ns)
    if rate is None or rate >= NONE_OBSERVED_PER_MIN:
        return []
    assert interaction is not None
    return [
        (
            s.time_ns / 1e9,
            f"“{s.title}” is planned as {_kind(interaction)}, but no learner interaction was "
            f"observed in its {_d(s.time_ns)}.",
        )
    ]

"""A guide: the document a role delivers from, made from one plan revision (PRODUCT.md,
"Guide"). Built once (`build.guide`), laid out once (`layout.guide_report`), written as PDF
or DOCX (`write.write_guide`).

A guide holds only what its role is given: the facilitator guide carries the facilitator
notes and never the producer's cues; the producer run sheet carries the producer's cues and
never the facilitator notes — what one role keeps for itself is not in the other's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rehearsal.model import InteractionType


class GuideRole(StrEnum):
    FACILITATOR = "facilitator"
    PRODUCER = "producer"

    @property
    def document(self) -> str:
        """What the role's guide is called: "Facilitator guide", "Producer run sheet"."""
        return "Facilitator guide" if self is GuideRole.FACILITATOR else "Producer run sheet"

    @property
    def notes_label(self) -> str:
        """The role's own notes on a step, as the plan names them."""
        return "Facilitator notes" if self is GuideRole.FACILITATOR else "Producer cues"


# The tool a producer launches for an interaction. The plan has no field for it: it follows
# from the interaction type (PRODUCT.md's flag category "tool launch (poll/whiteboard/link)").
TOOL_LAUNCH: dict[InteractionType, str] = {
    InteractionType.POLL: "Launch the poll",
    InteractionType.BREAKOUT: "Open the breakout rooms",
    InteractionType.ANNOTATION: "Open the whiteboard / annotation",
    InteractionType.CHAT: "Open the chat to everyone",
    InteractionType.KNOWLEDGE_CHECK: "Launch the knowledge check",
}


@dataclass(frozen=True, slots=True)
class Handoff:
    """The hand-off from a step into the next: its allowance and cue (a transition)."""

    allowance_s: int
    cue: str
    next_title: str  # the step it hands off to


@dataclass(frozen=True, slots=True)
class GuideStep:
    number: int  # 1-based, in the plan's order
    segment_id: str
    title: str
    section: str  # its section's title; "" when none
    start_s: int  # planned start, seconds from the top of the session
    planned_s: int
    interaction: InteractionType
    lead: str  # who leads it, as every surface writes it (`model.lead_text`)
    intent: str  # why this matters
    non_negotiable: bool
    flex_min_s: int | None  # the acceptable range of a flexible step
    flex_max_s: int | None
    notes: str  # the role's own notes: facilitator notes, or producer cues
    materials: str
    contingency: str
    launch: str  # the tool to launch (`TOOL_LAUNCH`); "" when none
    marker: bool  # a zero-length cue
    handoff: Handoff | None  # None after the last step

    @property
    def room_to_cut_s(self) -> int | None:
        """How much a flexible step can give when the session runs late: planned − its
        shortest acceptable length (all of it when no lower bound is set); None when
        non-negotiable."""
        if self.non_negotiable:
            return None
        floor = self.flex_min_s if self.flex_min_s is not None else 0
        return max(0, self.planned_s - floor)


@dataclass(frozen=True, slots=True)
class ChangedStep:
    """One segment changed since the older revision, in words (`revision_diff`'s own)."""

    title: str
    changes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GuideChanges:
    """What changed since an older revision, as the reader of this role needs to know it
    (a change to the other role's own notes is left out)."""

    since_revision: int
    plan: tuple[str, ...]  # slot, start, planned total
    steps: tuple[ChangedStep, ...]

    @property
    def empty(self) -> bool:
        return not self.plan and not self.steps


@dataclass(frozen=True, slots=True)
class Guide:
    role: GuideRole
    plan_id: str
    program: str
    revision: int
    slot_s: int | None
    planned_s: int
    start_s: int | None  # the planned start, seconds after midnight in `time_zone`
    time_zone: str  # IANA name; "" when the plan names none
    notes: str  # the revision's notes
    generated: str  # ISO 8601, UTC
    steps: tuple[GuideStep, ...]
    not_run: tuple[str, ...]  # titles of segments kept in the plan but skipped
    changes: GuideChanges | None  # None unless asked for (`since_revision`)

    @property
    def title(self) -> str:
        return f"{self.role.document} — {self.program}"

"""What changed between two revisions of a plan.

Segments are matched by id (a segment keeps its id across revisions). A segment counts as
moved only when it really changed place: the segments both revisions share are aligned by
their longest common subsequence, and only those outside it moved — an insertion or a
removal shifts positions without moving anything.

Field values are reported as display text (a section by its title, durations as m:ss,
"" for a field that is not set), which is what a side-by-side view and the CLI show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rehearsal.durations import (
    format_duration,
    format_range,
    format_signed,
    format_time_of_day_exact,
)
from rehearsal.model import Plan, Segment, Transition, custom_names


class Change(StrEnum):
    """What happened to one segment between the revisions."""

    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    RETIMED = "retimed"  # planned duration changed
    EDITED = "edited"  # one or more fields changed (see SegmentField)
    TRANSITION = "transition"  # the hand-off after it changed (allowance or cue)


class SegmentField(StrEnum):
    TITLE = "title"
    SECTION = "section"
    INTERACTION = "interaction"
    LEAD = "lead"
    LEAD_PERSON = "lead_person"
    INTENT = "intent"
    NON_NEGOTIABLE = "non_negotiable"
    FLEX_RANGE = "flex_range"
    FACILITATOR_NOTES = "facilitator_notes"
    PRODUCER_CUES = "producer_cues"
    MATERIALS = "materials"
    CONTINGENCY = "contingency"
    CUE = "cue"
    MARKER = "marker"
    SKIPPED = "skipped"
    CUSTOM = "custom"  # columns kept verbatim from an import

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class PlanField(StrEnum):
    SLOT = "slot"
    START = "start"
    PLANNED = "planned"  # the planned total


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: SegmentField
    old: str
    new: str
    column: str = ""  # the custom column's name, for a change of a custom value

    @property
    def label(self) -> str:
        """What changed, in words: the field ("lead person"), or the custom column's name."""
        return self.column or self.field.label


@dataclass(frozen=True, slots=True)
class SegmentEdit:
    segment_id: str
    title: str  # as in the new revision
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Retime:
    segment_id: str
    title: str
    old_s: int
    new_s: int

    @property
    def delta_s(self) -> int:
        return self.new_s - self.old_s


@dataclass(frozen=True, slots=True)
class Move:
    segment_id: str
    title: str
    old_index: int  # 0-based positions in each revision's segment list
    new_index: int


@dataclass(frozen=True, slots=True)
class TransitionChange:
    """The hand-off after a segment both revisions have. No stored transition counts as
    an allowance of 0 with no cue."""

    after_segment_id: str
    title: str  # of the segment it follows, as in the new revision
    old_allowance_s: int
    new_allowance_s: int
    old_cue: str
    new_cue: str


@dataclass(frozen=True, slots=True)
class PlanChange:
    field: PlanField
    old_s: int | None  # seconds (after midnight for START); None when not set
    new_s: int | None

    @property
    def delta_s(self) -> int | None:
        if self.old_s is None or self.new_s is None:
            return None
        return self.new_s - self.old_s


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One line of a side-by-side view: a segment in the old revision, the new one, or both."""

    old: Segment | None
    new: Segment | None
    changes: frozenset[Change]
    fields: tuple[FieldChange, ...] = ()

    @property
    def segment_id(self) -> str:
        seg = self.new or self.old
        assert seg is not None
        return seg.id


@dataclass(frozen=True, slots=True)
class PlanDiff:
    old: Plan
    new: Plan
    plan: tuple[PlanChange, ...]
    added: tuple[Segment, ...]  # in new order
    removed: tuple[Segment, ...]  # in old order
    moved: tuple[Move, ...]  # in new order
    retimed: tuple[Retime, ...]  # in new order
    edited: tuple[SegmentEdit, ...]  # in new order
    transitions: tuple[TransitionChange, ...]  # in new order
    rows: tuple[DiffRow, ...]  # every segment of both, in reading order

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.plan,
                self.added,
                self.removed,
                self.moved,
                self.retimed,
                self.edited,
                self.transitions,
            )
        )

    def aligned_rows(self, *, changed_only: bool = False) -> tuple[DiffRow, ...]:
        """Rows for a two-column view: the new order, each removed segment placed after the
        segment that preceded it in the old revision (among those that did not move)."""
        return tuple(r for r in self.rows if r.changes) if changed_only else self.rows


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """What changed from `old` to `new` (two revisions of one program, matched by id)."""
    old_ids = [s.id for s in old.segments]
    new_ids = [s.id for s in new.segments]
    old_by_id = {s.id: s for s in old.segments}
    new_by_id = {s.id: s for s in new.segments}
    common_old = [i for i in old_ids if i in new_by_id]
    common_new = [i for i in new_ids if i in old_by_id]
    stable = set(_lcs(common_old, common_new))
    old_index = {sid: n for n, sid in enumerate(old_ids)}

    moved: list[Move] = []
    retimed: list[Retime] = []
    edited: list[SegmentEdit] = []
    transitions: list[TransitionChange] = []
    changes: dict[str, set[Change]] = {}
    fields: dict[str, tuple[FieldChange, ...]] = {}
    for n, seg in enumerate(new.segments):
        kinds = changes.setdefault(seg.id, set())
        before = old_by_id.get(seg.id)
        if before is None:
            kinds.add(Change.ADDED)
            continue
        if seg.id not in stable:
            kinds.add(Change.MOVED)
            moved.append(Move(seg.id, seg.title, old_index[seg.id], n))
        if before.planned_s != seg.planned_s:
            kinds.add(Change.RETIMED)
            retimed.append(Retime(seg.id, seg.title, before.planned_s, seg.planned_s))
        found = _field_changes(old, before, new, seg)
        if found:
            kinds.add(Change.EDITED)
            fields[seg.id] = found
            edited.append(SegmentEdit(seg.id, seg.title, found))
        handoff = _transition_change(old.transition_after(seg.id), new.transition_after(seg.id))
        if handoff is not None:
            kinds.add(Change.TRANSITION)
            transitions.append(TransitionChange(seg.id, seg.title, *handoff))
    removed = tuple(s for s in old.segments if s.id not in new_by_id)
    for seg in removed:
        changes[seg.id] = {Change.REMOVED}

    rows = tuple(
        DiffRow(
            old=old_by_id.get(sid),
            new=new_by_id.get(sid),
            changes=frozenset(changes[sid]),
            fields=fields.get(sid, ()),
        )
        for sid in _reading_order(old_ids, new_ids, stable, new_by_id)
    )
    return PlanDiff(
        old=old,
        new=new,
        plan=_plan_changes(old, new),
        added=tuple(s for s in new.segments if s.id not in old_by_id),
        removed=removed,
        moved=tuple(moved),
        retimed=tuple(retimed),
        edited=tuple(edited),
        transitions=tuple(transitions),
        rows=rows,
    )


def diff_json(diff: PlanDiff) -> dict[str, Any]:
    """The diff as plain JSON values (the shape `rehearsal diff --json` prints)."""
    return {
        "old": diff.old.id,
        "new": diff.new.id,
        "old_revision": diff.old.revision,
        "new_revision": diff.new.revision,
        "plan": [{"field": c.field.value, "old": c.old_s, "new": c.new_s} for c in diff.plan],
        "added": [{"id": s.id, "title": s.title, "planned_s": s.planned_s} for s in diff.added],
        "removed": [{"id": s.id, "title": s.title, "planned_s": s.planned_s} for s in diff.removed],
        "moved": [
            {"id": m.segment_id, "title": m.title, "from": m.old_index + 1, "to": m.new_index + 1}
            for m in diff.moved
        ],
        "retimed": [
            {
                "id": r.segment_id,
                "title": r.title,
                "old_s": r.old_s,
                "new_s": r.new_s,
                "delta_s": r.delta_s,
            }
            for r in diff.retimed
        ],
        "edited": [
            {
                "id": e.segment_id,
                "title": e.title,
                "fields": [
                    {"field": f.field.value, "old": f.old, "new": f.new}
                    | ({"column": f.column} if f.column else {})
                    for f in e.fields
                ],
            }
            for e in diff.edited
        ],
        "transitions": [
            {
                "after": t.after_segment_id,
                "title": t.title,
                "old_allowance_s": t.old_allowance_s,
                "new_allowance_s": t.new_allowance_s,
                "old_cue": t.old_cue,
                "new_cue": t.new_cue,
            }
            for t in diff.transitions
        ],
    }


# -- in words: what the CLI prints and the guides show ---------------------------------------
def plan_change_text(change: PlanChange) -> str:
    """`slot: 1:30:00 → 2:00:00 (+30:00)`, `start: 09:00 → 09:30`, `slot: not set → 1:30:00`."""
    text = (
        f"{change.field.value}: {_plan_value(change, change.old_s)} → "
        f"{_plan_value(change, change.new_s)}"
    )
    if change.delta_s is not None and change.field is not PlanField.START:
        text += f" ({format_signed(change.delta_s)})"
    return text


def row_notes(diff: PlanDiff, row: DiffRow) -> tuple[str, ...]:
    """What happened to the segment of `row` as a whole: `added (5:00)`, `removed (was
    5:00)`, `moved 3 → 5`, `re-timed 5:00 → 7:00 (+2:00)` (its fields: `field_text`)."""
    seg = row.new or row.old
    assert seg is not None
    notes = []
    if Change.ADDED in row.changes:
        notes.append(f"added ({format_duration(seg.planned_s)})")
    if Change.REMOVED in row.changes:
        notes.append(f"removed (was {format_duration(seg.planned_s)})")
    if Change.MOVED in row.changes:
        move = next(m for m in diff.moved if m.segment_id == seg.id)
        notes.append(f"moved {move.old_index + 1} → {move.new_index + 1}")
    if Change.RETIMED in row.changes:
        r = next(r for r in diff.retimed if r.segment_id == seg.id)
        notes.append(
            f"re-timed {format_duration(r.old_s)} → {format_duration(r.new_s)} "
            f"({format_signed(r.delta_s)})"
        )
    return tuple(notes)


def field_text(change: FieldChange) -> str:
    """`intent: “Build trust” → “Build trust early”` (a field not set is —)."""
    return f"{change.label}: {quoted(change.old)} → {quoted(change.new)}"


def handoff_text(change: TransitionChange) -> str:
    """`hand-off after it: 0:00 — → 2:00 “Open the rooms”`."""
    return (
        f"hand-off after it: {format_duration(change.old_allowance_s)} "
        f"{quoted(change.old_cue)} → {format_duration(change.new_allowance_s)} "
        f"{quoted(change.new_cue)}"
    )


def quoted(text: str) -> str:
    """A changed value on one line, in quotes; — when not set."""
    return f"“{' '.join(text.split())}”" if text.strip() else "—"


def _plan_value(change: PlanChange, value: int | None) -> str:
    if value is None:
        return "not set"
    if change.field is PlanField.START:
        return format_time_of_day_exact(value)
    return format_duration(value)


# -- internals --------------------------------------------------------------------------------
def _lcs(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """The longest common subsequence of two id lists (ids unique within each)."""
    n, m = len(a), len(b)
    length = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if a[i] == b[j]:
                length[i][j] = length[i + 1][j + 1] + 1
            else:
                length[i][j] = max(length[i + 1][j], length[i][j + 1])
    out: list[str] = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            out.append(a[i])
            i, j = i + 1, j + 1
        elif length[i + 1][j] >= length[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _reading_order(
    old_ids: Sequence[str], new_ids: Sequence[str], stable: set[str], new_by_id: dict[str, Segment]
) -> list[str]:
    """New order; each removed segment follows the nearest stable segment before it."""
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for sid in old_ids:
        if sid not in new_by_id:
            after.setdefault(anchor, []).append(sid)
        elif sid in stable:
            anchor = sid
    order = list(after.get(None, []))
    for sid in new_ids:
        order.append(sid)
        order.extend(after.get(sid, []))
    return order


def _flex(seg: Segment) -> str:
    return format_range(seg.flex_min_s, seg.flex_max_s)


def _section_title(plan: Plan, section_id: str | None) -> str:
    for s in plan.sections:
        if s.id == section_id:
            return s.title
    return ""


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


_DISPLAY: tuple[tuple[SegmentField, Callable[[Segment], str]], ...] = (
    (SegmentField.TITLE, lambda s: s.title),
    (SegmentField.INTERACTION, lambda s: s.interaction.label),
    (SegmentField.LEAD, lambda s: s.lead.value),
    (SegmentField.LEAD_PERSON, lambda s: s.lead_person),
    (SegmentField.INTENT, lambda s: s.intent),
    (SegmentField.NON_NEGOTIABLE, lambda s: _yes(s.non_negotiable)),
    (SegmentField.FLEX_RANGE, _flex),
    (SegmentField.FACILITATOR_NOTES, lambda s: s.facilitator_notes),
    (SegmentField.PRODUCER_CUES, lambda s: s.producer_cues),
    (SegmentField.MATERIALS, lambda s: s.materials),
    (SegmentField.CONTINGENCY, lambda s: s.contingency),
    (SegmentField.CUE, lambda s: s.cue),
    (SegmentField.MARKER, lambda s: _yes(s.marker)),
    (SegmentField.SKIPPED, lambda s: _yes(s.skipped)),
)


def _custom_changes(old: Segment, new: Segment) -> list[FieldChange]:
    """A change per custom column whose value changed (a repeated column's values joined)."""
    found = []
    for name in custom_names((old, new)):
        before = "; ".join(v for k, v in old.custom if k == name)
        after = "; ".join(v for k, v in new.custom if k == name)
        if before != after:
            found.append(FieldChange(SegmentField.CUSTOM, before, after, column=name))
    return found


def _field_changes(
    old_plan: Plan, old: Segment, new_plan: Plan, new: Segment
) -> tuple[FieldChange, ...]:
    found: list[FieldChange] = []
    old_section = _section_title(old_plan, old.section_id)
    new_section = _section_title(new_plan, new.section_id)
    for field, show in _DISPLAY:
        before, after = show(old), show(new)
        if field is SegmentField.FLEX_RANGE:  # "3:00–5:00" can hide a change of seconds
            differs = (old.flex_min_s, old.flex_max_s) != (new.flex_min_s, new.flex_max_s)
        else:
            differs = before != after
        if differs:
            found.append(FieldChange(field, before, after))
        if field is SegmentField.TITLE and old_section != new_section:
            found.append(FieldChange(SegmentField.SECTION, old_section, new_section))
    found.extend(_custom_changes(old, new))
    return tuple(found)


def _transition_change(
    old: Transition | None, new: Transition | None
) -> tuple[int, int, str, str] | None:
    before = (old.allowance_s, old.cue) if old else (0, "")
    after = (new.allowance_s, new.cue) if new else (0, "")
    if before == after:
        return None
    return before[0], after[0], before[1], after[1]


def _plan_changes(old: Plan, new: Plan) -> tuple[PlanChange, ...]:
    pairs = (
        (PlanField.SLOT, old.slot_s, new.slot_s),
        (PlanField.START, old.start_s, new.start_s),
        (PlanField.PLANNED, old.planned_s, new.planned_s),
    )
    return tuple(PlanChange(f, a, b) for f, a, b in pairs if a != b)

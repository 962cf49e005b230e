"""Editing a plan: pure operations on `Plan` values, and an editor with undo and redo.

The operations never touch storage; `PlanEditor` applies them through a `PlanStore` (the
workspace is one), whose `save_plan` creates the next revision when a rehearsal used the
plan.
Undo and redo belong here, in the domain; the UI only shows and triggers them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from rehearsal.errors import InvalidOperation
from rehearsal.formats.plan_limits import (
    CUSTOM_NAME_CHARS,
    PLAN_TEXTS,
    SECTION_TITLE_CHARS,
    SEGMENT_TEXTS,
    TRANSITION_CUE_CHARS,
    custom_columns,
    duration_problem,
    text_problem,
    tidy_text,
)
from rehearsal.limits import (
    MAX_CUSTOM_COLUMNS,
    MAX_PLAN_TEXT_CHARS,
    MAX_PROGRAM_NAME,
    MAX_SLOT_S,
    MIN_SLOT_S,
)
from rehearsal.model import Plan, Program, Section, Segment, Transition, new_id
from rehearsal.schedule import is_time_zone

PlanChange = Callable[[Plan], Plan]
DURATIONS = "Durations are whole seconds from 0 to 7 days."

EDITABLE_SEGMENT_FIELDS = frozenset(
    f.name for f in dataclasses.fields(Segment) if f.name not in ("id", "custom")
)


def _index(plan: Plan, segment_id: str) -> int:
    for i, s in enumerate(plan.segments):
        if s.id == segment_id:
            return i
    raise InvalidOperation(f"No segment {segment_id} in this plan.")


def _check_section(plan: Plan, section_id: str | None) -> None:
    if section_id is not None and all(s.id != section_id for s in plan.sections):
        raise InvalidOperation(f"No section {section_id} in this plan.")


def update_segment(plan: Plan, segment_id: str, **changes: Any) -> Plan:
    """`plan` with one segment's fields changed (validated)."""
    unknown = set(changes) - EDITABLE_SEGMENT_FIELDS
    if unknown:
        raise InvalidOperation(f"Segments have no field {', '.join(sorted(unknown))}.")
    i = _index(plan, segment_id)
    changes = {
        name: _text(name, value, SEGMENT_TEXTS[name]) if name in SEGMENT_TEXTS else value
        for name, value in changes.items()
    }
    if "title" in changes and not changes["title"]:
        raise InvalidOperation("A segment needs a title.")
    for name in ("planned_s", "flex_min_s", "flex_max_s"):
        if name not in changes:
            continue
        value = changes[name]
        if (value is not None or name == "planned_s") and duration_problem(value):
            raise InvalidOperation(DURATIONS)
    if "section_id" in changes:
        _check_section(plan, changes["section_id"])
    segment = dataclasses.replace(plan.segments[i], **changes)
    lo, hi = segment.flex_min_s, segment.flex_max_s
    if lo is not None and hi is not None and lo > hi:
        raise InvalidOperation("The flexible range's shortest is longer than its longest.")
    segments = list(plan.segments)
    segments[i] = segment
    return dataclasses.replace(plan, segments=tuple(segments))


def set_custom(plan: Plan, segment_id: str, name: str, value: str) -> Plan:
    """`plan` with the segment's value for the custom column `name` set: its pair changed
    in place (the first, should a sheet have repeated the column), added at the end when it
    has none, removed when `value` is empty — as a reader would read the cell back. Held to
    the readers' bounds: the name and the value as texts, the custom columns a sheet lays
    out (`formats.plan_limits.custom_columns`) at most `MAX_CUSTOM_COLUMNS`."""
    name = _text("column name", name, CUSTOM_NAME_CHARS)
    if not name:
        raise InvalidOperation("A custom column needs a name.")
    value = _text("value", value, MAX_PLAN_TEXT_CHARS, label=f"value of “{name[:40]}”")
    i = _index(plan, segment_id)
    segment = plan.segments[i]
    pairs = list(segment.custom)
    at = next((n for n, (key, _) in enumerate(pairs) if key == name), None)
    if at is None and value:
        pairs.append((name, value))
    elif at is not None and value:
        pairs[at] = (name, value)
    elif at is not None:
        del pairs[at]
    segments = list(plan.segments)
    segments[i] = dataclasses.replace(segment, custom=tuple(pairs))
    if len(pairs) > MAX_CUSTOM_COLUMNS or custom_columns(segments) is None:
        raise InvalidOperation(
            f"A plan keeps at most {MAX_CUSTOM_COLUMNS} custom columns (as a sheet lays them "
            "out); this one would need more."
        )
    return dataclasses.replace(plan, segments=tuple(segments))


def add_segment(
    plan: Plan,
    after_id: str | None = None,
    *,
    title: str = "New segment",
    planned_s: int = 300,
    section_id: str | None = None,
    segment_id: str | None = None,
) -> Plan:
    """A new segment after `after_id` (at the end when None), in that segment's section
    unless `section_id` says otherwise."""
    title = _text("title", title, SEGMENT_TEXTS["title"])
    if duration_problem(planned_s):
        raise InvalidOperation(DURATIONS)
    position = len(plan.segments) if after_id is None else _index(plan, after_id) + 1
    if section_id is None and after_id is not None:
        section_id = plan.segments[position - 1].section_id
    _check_section(plan, section_id)
    segment = Segment(
        id=segment_id or new_id(), title=title, planned_s=planned_s, section_id=section_id
    )
    segments = list(plan.segments)
    segments.insert(position, segment)
    return dataclasses.replace(plan, segments=tuple(segments))


def duplicate_segments(plan: Plan, ids: Iterable[str]) -> Plan:
    """Copies (with new ids) placed right after the last of the originals."""
    wanted = set(ids)
    originals = [s for s in plan.segments if s.id in wanted]
    if not originals:
        return plan
    copies = [dataclasses.replace(s, id=new_id(), title=f"{s.title} (copy)") for s in originals]
    last = _index(plan, originals[-1].id)
    segments = [*plan.segments[: last + 1], *copies, *plan.segments[last + 1 :]]
    return dataclasses.replace(plan, segments=tuple(segments))


def delete_segments(plan: Plan, ids: Iterable[str]) -> Plan:
    """Without those segments and the transitions that followed them."""
    gone = set(ids)
    return dataclasses.replace(
        plan,
        segments=tuple(s for s in plan.segments if s.id not in gone),
        transitions=tuple(t for t in plan.transitions if t.after_segment_id not in gone),
    )


def move_segments(
    plan: Plan,
    ids: Iterable[str],
    before_id: str | None,
    section_id: str | None = None,
    *,
    keep_sections: bool = False,
) -> Plan:
    """Move segments (in their current order) before `before_id`, or to the end.

    They join `section_id` unless `keep_sections` (as a drop into a group does).
    """
    moving_ids = [s.id for s in plan.segments if s.id in set(ids)]
    if before_id in moving_ids:
        raise InvalidOperation("Cannot move segments before one of themselves.")
    _check_section(plan, section_id)
    moving = [
        s if keep_sections else dataclasses.replace(s, section_id=section_id)
        for s in plan.segments
        if s.id in moving_ids
    ]
    rest = [s for s in plan.segments if s.id not in moving_ids]
    at = (
        len(rest) if before_id is None else next(i for i, s in enumerate(rest) if s.id == before_id)
    )
    return dataclasses.replace(plan, segments=tuple([*rest[:at], *moving, *rest[at:]]))


def shift_segments(plan: Plan, ids: Iterable[str], step: int) -> Plan:
    """Move segments one place up (step −1) or down (+1), keeping their sections;
    a block at the top or bottom stays where it is."""
    wanted = set(ids)
    segments = list(plan.segments)
    positions = [i for i, s in enumerate(segments) if s.id in wanted]
    if not positions:
        return plan
    if (step < 0 and positions[0] == 0) or (step > 0 and positions[-1] == len(segments) - 1):
        return plan
    order = positions if step < 0 else list(reversed(positions))
    for i in order:
        segments[i], segments[i + step] = segments[i + step], segments[i]
    return dataclasses.replace(plan, segments=tuple(segments))


def move_to_section(plan: Plan, ids: Iterable[str], section_id: str | None) -> Plan:
    _check_section(plan, section_id)
    wanted = set(ids)
    return dataclasses.replace(
        plan,
        segments=tuple(
            dataclasses.replace(s, section_id=section_id) if s.id in wanted else s
            for s in plan.segments
        ),
    )


def add_section(plan: Plan, title: str, section_id: str | None = None) -> Plan:
    title = _text("section", title, SECTION_TITLE_CHARS)
    if not title:
        raise InvalidOperation("A section needs a title.")
    section = Section(id=section_id or new_id(), title=title)
    return dataclasses.replace(plan, sections=(*plan.sections, section))


def rename_section(plan: Plan, section_id: str, title: str) -> Plan:
    _check_section(plan, section_id)
    title = _text("section", title, SECTION_TITLE_CHARS)
    if not title:
        raise InvalidOperation("A section needs a title.")
    return dataclasses.replace(
        plan,
        sections=tuple(Section(s.id, title) if s.id == section_id else s for s in plan.sections),
    )


def delete_section(plan: Plan, section_id: str) -> Plan:
    """Without the section; its segments stay, outside any section."""
    _check_section(plan, section_id)
    plan = move_to_section(plan, [s.id for s in plan.segments if s.section_id == section_id], None)
    return dataclasses.replace(plan, sections=tuple(s for s in plan.sections if s.id != section_id))


def set_transition(plan: Plan, after_segment_id: str, *, allowance_s: int, cue: str) -> Plan:
    """Set the hand-off after a segment; an empty one (no time, no cue) is removed."""
    _index(plan, after_segment_id)
    if duration_problem(allowance_s):
        raise InvalidOperation("A transition's allowance is whole seconds from 0 to 7 days.")
    cue = _text("hand-off cue", cue, TRANSITION_CUE_CHARS)
    old = plan.transition_after(after_segment_id)
    others = tuple(t for t in plan.transitions if t.after_segment_id != after_segment_id)
    if allowance_s == 0 and not cue:
        return dataclasses.replace(plan, transitions=others)
    updated = Transition(
        id=old.id if old else new_id(),
        after_segment_id=after_segment_id,
        allowance_s=allowance_s,
        cue=cue,
    )
    if old is None:
        return dataclasses.replace(plan, transitions=(*others, updated))
    return dataclasses.replace(
        plan,
        transitions=tuple(updated if t.id == old.id else t for t in plan.transitions),
    )


PLAN_PROPERTIES = frozenset({"slot_s", "start_s", "time_zone", "notes"})


def update_plan(plan: Plan, **changes: Any) -> Plan:
    """`plan` with its own properties changed (validated): the slot (a minute to 24 hours,
    or None), the planned start (a time of day in seconds, or None), its time zone (a known
    IANA name, or "" for the device's local time) and the notes."""
    unknown = set(changes) - PLAN_PROPERTIES
    if unknown:
        raise InvalidOperation(
            "Only the slot, the planned start, its time zone and the notes can be set."
        )
    slot, start = changes.get("slot_s", plan.slot_s), changes.get("start_s", plan.start_s)
    if slot is not None and (not _whole(slot) or not MIN_SLOT_S <= slot <= MAX_SLOT_S):
        raise InvalidOperation("The slot is between 1 minute and 24 hours long, or not set.")
    if start is not None and (not _whole(start) or not 0 <= start < 24 * 3600):
        raise InvalidOperation("The planned start is a time of day (00:00 to 23:59), or not set.")
    zone = changes.get("time_zone", plan.time_zone)
    if not isinstance(zone, str) or not is_time_zone(zone):
        raise InvalidOperation(
            f"{zone!r} is not a time zone this computer knows; choose one such as "
            "Europe/Berlin, or the local time of this device."
        )
    if "notes" in changes:
        changes = {**changes, "notes": _text("notes", changes["notes"], PLAN_TEXTS["notes"])}
    return dataclasses.replace(plan, **changes)


def _text(name: str, value: object, max_chars: int, *, label: str = "") -> str:
    """`value` as a plan keeps text (`formats.plan_limits.tidy_text`: trimmed, "\n" line
    breaks), refused when no reader would read it back (too long, a NUL, not Unicode)."""
    label = label or name.replace("_", " ")
    if not isinstance(value, str):
        raise InvalidOperation(f"The {label} is text.")
    tidy = tidy_text(value)
    problem = text_problem(tidy, max_chars)
    if problem is not None:
        raise InvalidOperation(f"The {label} cannot be kept: {problem}.")
    return tidy


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def program_name(name: str) -> str:
    """`name` as a program's name: trimmed, not empty, at most 200 characters, one line."""
    trimmed = " ".join(name.split()) if isinstance(name, str) else ""
    if not trimmed:
        raise InvalidOperation("A program needs a name.")
    if len(trimmed) > MAX_PROGRAM_NAME:
        raise InvalidOperation(
            f"A program's name is at most {MAX_PROGRAM_NAME} characters "
            f"(this one has {len(trimmed)})."
        )
    return trimmed


@dataclass(frozen=True, slots=True)
class PlanEdit:
    """One undo step: the plan before and after, and the program's name before and after
    when the step renamed the program (a program change, in no revision)."""

    label: str
    before: Plan
    after: Plan
    name_before: str = ""
    name_after: str = ""

    @property
    def created_revision(self) -> bool:
        return self.before.id != self.after.id


class PlanStore(Protocol):
    """Where an editor reads and stores its plan: `rehearsal.workspace.Workspace`."""

    def plan(self, plan_id: str) -> Plan: ...

    def plan_used(self, plan_id: str) -> bool: ...

    def save_plan(self, plan: Plan, previous: Plan | None = None) -> Plan: ...

    def delete_plan(self, plan_id: str) -> object: ...

    def program(self, program_id: str) -> Program: ...

    def rename_program(self, program_id: str, name: str) -> object: ...


class PlanEditor:
    """Applies changes to one plan through the workspace, with undo and redo.

    The first change to a plan a rehearsal used creates the next revision; from then on
    the editor works on that revision. Undoing that first change removes the new revision
    again while nothing else uses it.
    """

    def __init__(self, ws: PlanStore, plan_id: str) -> None:
        self.ws = ws
        self.plan = ws.plan(plan_id)
        self._undo: list[PlanEdit] = []
        self._redo: list[PlanEdit] = []

    @property
    def will_create_revision(self) -> bool:
        """Would the next change create a new revision (the plan is used)?"""
        return self.ws.plan_used(self.plan.id)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def apply(
        self, label: str, change: PlanChange | None = None, *, rename: str | None = None
    ) -> Plan:
        """Apply `change` to the plan and, with `rename`, give its program that name — one
        undo step. Everything is checked before anything is stored: an `InvalidOperation`
        changes nothing. A step that changes nothing is not recorded."""
        before = self.plan
        changed = change(before) if change is not None else before
        old_name = self.ws.program(before.program_id).name if rename is not None else ""
        new_name = program_name(rename) if rename is not None else ""
        if changed == before and new_name == old_name:
            return before
        after = self.ws.save_plan(changed, previous=before) if changed != before else before
        if new_name != old_name:
            self.ws.rename_program(before.program_id, new_name)
        self._undo.append(PlanEdit(label, before, after, old_name, new_name))
        self._redo.clear()
        self.plan = after
        return after

    def undo(self) -> Plan:
        if not self._undo:
            raise InvalidOperation("Nothing to undo.")
        edit = self._undo.pop()
        if edit.before == edit.after:
            pass  # the step renamed the program only
        elif edit.created_revision and not self.ws.plan_used(edit.after.id):
            self.ws.delete_plan(edit.after.id)
            self.plan = self.ws.plan(edit.before.id)
        else:
            self.plan = self.ws.save_plan(self._content_on_current(edit.before), previous=self.plan)
        if edit.name_before != edit.name_after:
            self.ws.rename_program(self.plan.program_id, edit.name_before)
        self._redo.append(edit)
        return self.plan

    def redo(self) -> Plan:
        if not self._redo:
            raise InvalidOperation("Nothing to redo.")
        edit = self._redo.pop()
        before = self.plan
        if edit.before != edit.after:
            self.plan = self.ws.save_plan(self._content_on_current(edit.after), previous=before)
        if edit.name_before != edit.name_after:
            self.ws.rename_program(self.plan.program_id, edit.name_after)
        self._undo.append(
            PlanEdit(edit.label, before, self.plan, edit.name_before, edit.name_after)
        )
        return self.plan

    def _content_on_current(self, content: Plan) -> Plan:
        return dataclasses.replace(
            content,
            id=self.plan.id,
            revision=self.plan.revision,
            created=self.plan.created,
            based_on=self.plan.based_on,
        )

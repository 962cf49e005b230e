"""A plan as an Ontime v4 project file, to run the show in Ontime.

The shape follows Ontime's own project file (its `DatabaseModel`): `rundowns` (one, keyed
by its id, with `order`, `flatOrder` and `entries`), `project`, `settings` (whose
`version` tells Ontime the file is its v4), `viewSettings`, `urlPresets`, `customFields`
and `automation`. What maps to what:

- a segment → an event (title, cue, note, times in milliseconds since midnight, duration,
  skip, colour by interaction type); a marker → a milestone;
- a section → a group holding its segments (groups hold consecutive entries: a section
  whose segments are apart becomes a group per run, the later ones with ids of their own);
- a hand-off → a gap in the schedule: the next event starts as much later as the hand-off
  allows, and the hand-off's allowance, cue and id ride on the entry before it as custom
  fields. Delays are not written: Ontime shows a delay as the show running late;
- what Ontime has no field for → custom fields, declared in `customFields`
  (`ontime_fields`); the plan's facts → items of the project's info.

Ontime keeps every event within a day: a segment planned longer than 24 hours cannot be
an event, and such a plan is refused (`RehearsalError`) rather than written cut short.
Entries keep the plan's ids (UUIDs), so the reader (`ontime_json`) gives the segments back
their own ids, and their history follows them.
"""

from __future__ import annotations

import json
from typing import Any

from rehearsal.durations import format_duration
from rehearsal.errors import RehearsalError
from rehearsal.formats.ontime_fields import (
    COLOURS,
    DEFAULT_NOTE_FIELD,
    NO_START,
    NOTE_FIELDS,
    Info,
    Label,
    Labels,
    custom_pairs,
    duration_text,
    field_key,
    interaction_text,
    time_text,
)
from rehearsal.limits import DAY_S
from rehearsal.model import Plan, PlanDraft, Section, Segment, Transition

# The Ontime release whose project file this follows (its `settings.version`).
ONTIME_VERSION = "4.11.0"
DAY_MS = DAY_S * 1000
DEFAULT_RUNDOWN_ID = "default"


def ontime_bytes(
    plan: Plan | PlanDraft, program_name: str = "", note_field: str = DEFAULT_NOTE_FIELD
) -> bytes:
    """`plan` as the UTF-8 bytes of an Ontime project file."""
    text = json.dumps(ontime_project(plan, program_name, note_field), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def ontime_project(
    plan: Plan | PlanDraft, program_name: str = "", note_field: str = DEFAULT_NOTE_FIELD
) -> dict[str, Any]:
    """`plan` as an Ontime project (a JSON object). `note_field` names the segment field
    Ontime's note shows (facilitator notes unless told: `NOTE_FIELDS`)."""
    if note_field not in NOTE_FIELDS:
        raise RehearsalError(
            f"Ontime's note cannot hold {note_field!r}; choose one of " + ", ".join(NOTE_FIELDS)
        )
    _check_fits(plan)
    name = plan.name if isinstance(plan, PlanDraft) else program_name
    rundown_id = plan.id if isinstance(plan, Plan) else DEFAULT_RUNDOWN_ID
    writer = _RundownWriter(plan, note_field)
    writer.write()
    return {
        "rundowns": {
            rundown_id: {
                "id": rundown_id,
                "title": name,
                "order": writer.order,
                "flatOrder": writer.flat_order,
                "entries": writer.entries,
                "revision": 0,
            }
        },
        "project": {
            "title": name,
            "description": plan.notes,
            "url": "",
            "info": "",
            "logo": None,
            "custom": _info_items(plan, note_field),
        },
        "settings": {
            "version": ONTIME_VERSION,
            "editorKey": None,
            "operatorKey": None,
            "timeFormat": "24",
            "language": "en",
        },
        "viewSettings": {
            "overrideStyles": False,
            "normalColor": "#ffffffcc",
            "warningColor": "#ffa528",
            "dangerColor": "#ff7300",
        },
        "urlPresets": [],
        "customFields": {
            field_key(label): {"label": label, "type": "text", "colour": ""}
            for label in writer.labels_used
        },
        "automation": {
            "enabledAutomations": True,
            "enabledOscIn": False,
            "oscPortIn": 8888,
            "triggers": [],
            "automations": {},
        },
    }


def _check_fits(plan: Plan | PlanDraft) -> None:
    if all(s.marker for s in plan.segments):
        raise RehearsalError(
            "This plan has only markers; Ontime needs an event to time. Add a segment."
        )
    for index, segment in enumerate(plan.segments, start=1):
        if segment.planned_s > DAY_S and not segment.marker:
            raise RehearsalError(
                f"Segment {index}, “{segment.title[:60]}”, is planned for "
                f"{format_duration(segment.planned_s)}; Ontime holds events of at most 24 "
                "hours. Shorten it, or export the plan as JSON."
            )


def _info_items(plan: Plan | PlanDraft, note_field: str) -> list[dict[str, str]]:
    items = [(Info.PLANNED_START, NO_START if plan.start_s is None else time_text(plan.start_s))]
    if plan.slot_s is not None:
        items.append((Info.SLOT, duration_text(plan.slot_s)))
    if plan.time_zone:
        items.append((Info.TIME_ZONE, plan.time_zone))
    if note_field != DEFAULT_NOTE_FIELD:
        items.append((Info.NOTE, NOTE_FIELDS[note_field]))
    return [{"title": title, "value": value, "url": ""} for title, value in items]


class _RundownWriter:
    """The plan's entries in Ontime's shape, in order, with the schedule running along."""

    def __init__(self, plan: Plan | PlanDraft, note_field: str) -> None:
        self.plan = plan
        self.note_field = note_field
        self.sections = {s.id: s for s in plan.sections}
        self.with_segments = {s.section_id for s in plan.segments}
        self.transitions = {t.after_segment_id: t for t in plan.transitions}
        self.labels = Labels()
        self.labels_used: dict[str, None] = {}  # in the order first used
        self.order: list[str] = []
        self.flat_order: list[str] = []
        self.entries: dict[str, dict[str, Any]] = {}
        self.group: dict[str, Any] | None = None  # the group entries go into now
        self.runs: dict[str, int] = {}  # section id → groups written for it
        self.clock_s = 0  # since the plan's start
        self.last_end_s = 0
        self.start_s = plan.start_s or 0

    def write(self) -> None:
        for segment in self.plan.segments:
            self._enter(self.sections.get(segment.section_id or ""))
            entry = self._milestone(segment) if segment.marker else self._event(segment)
            self._add(entry)
        self.group = None
        for section in self.plan.sections:  # the empty ones, where Ontime can show them
            if section.id not in self.runs:
                self._open(section)
        self.group = None

    def _enter(self, section: Section | None) -> None:
        """Entries from here on go into `section`'s group (None: the top level)."""
        current = self.group["section"] if self.group else None
        if section is None:
            self.group = None
        elif current != section.id:
            for earlier in self.plan.sections:  # empty sections before it keep their place
                if earlier.id == section.id:
                    break
                if earlier.id not in self.runs and earlier.id not in self.with_segments:
                    self._open(earlier)
            self._open(section)

    def _open(self, section: Section) -> None:
        run = self.runs.get(section.id, 0)
        self.runs[section.id] = run + 1
        group_id = section.id if run == 0 else f"{section.id}-{run + 1}"
        entry: dict[str, Any] = {
            "type": "group",
            "id": group_id,
            "title": section.title,
            "note": "",
            "entries": [],
            "targetDuration": None,
            "colour": "",
            "custom": {},
            "revision": 0,
            "timeStart": None,
            "timeEnd": None,
            "duration": 0,
            "isFirstLinked": False,
        }
        self.group = None
        self._add(entry)
        self.group = {"section": section.id, "entry": entry}

    def _add(self, entry: dict[str, Any]) -> None:
        if entry["id"] in self.entries:
            raise RehearsalError(
                f"Two parts of this plan share the id {entry['id']}; Ontime needs one each."
            )
        self.entries[entry["id"]] = entry
        self.flat_order.append(entry["id"])
        if self.group is None:
            self.order.append(entry["id"])
            if "parent" in entry:
                entry["parent"] = None
        else:
            self.group["entry"]["entries"].append(entry["id"])
            entry["parent"] = self.group["entry"]["id"]

    def _event(self, segment: Segment) -> dict[str, Any]:
        at_s = self.start_s + self.clock_s
        gap_ms = (self.clock_s - self.last_end_s) * 1000
        start_ms = at_s % DAY_S * 1000
        duration_ms = segment.planned_s * 1000
        if not segment.skipped:
            self.clock_s += segment.planned_s
            self.last_end_s = self.clock_s
        entry: dict[str, Any] = {
            "type": "event",
            "id": segment.id,
            "flag": False,
            "cue": segment.cue,
            "title": segment.title,
            "note": getattr(segment, self.note_field),
            "endAction": "none",
            "timerType": "count-down",
            "countToEnd": False,
            "linkStart": False,
            "timeStrategy": "lock-duration",
            "timeStart": start_ms,
            "timeEnd": (start_ms + duration_ms) % DAY_MS,
            "duration": duration_ms,
            "skip": segment.skipped,
            "colour": COLOURS[segment.interaction],
            "timeWarning": 120_000,  # Ontime's defaults
            "timeDanger": 60_000,
            "custom": self._custom(segment),
            "triggers": [],
            "parent": None,
            "revision": 0,
            "delay": 0,
            "dayOffset": at_s // DAY_S,
            "gap": max(0, gap_ms),
        }
        self._hand_off(segment)
        return entry

    def _milestone(self, segment: Segment) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "type": "milestone",
            "id": segment.id,
            "cue": segment.cue,
            "title": segment.title,
            "note": getattr(segment, self.note_field),
            "colour": COLOURS[segment.interaction],
            "custom": self._custom(segment),
            "parent": None,
            "revision": 0,
        }
        self._hand_off(segment)
        return entry

    def _hand_off(self, segment: Segment) -> None:
        transition = self.transitions.get(segment.id)
        if transition is not None:
            self.clock_s += transition.allowance_s

    def _custom(self, segment: Segment) -> dict[str, str]:
        pairs: list[tuple[str, str]] = [
            (Label.TYPE, interaction_text(segment.interaction)),
            (Label.LEAD, segment.lead.value),
            (Label.LEAD_PERSON, segment.lead_person),
            (Label.NON_NEGOTIABLE, "yes" if segment.non_negotiable else ""),
            (Label.FLEX_MIN, _optional(segment.flex_min_s)),
            (Label.FLEX_MAX, _optional(segment.flex_max_s)),
        ]
        pairs += [
            (label, getattr(segment, name))
            for name, label in NOTE_FIELDS.items()
            if name != self.note_field
        ]
        if segment.marker:
            planned = duration_text(segment.planned_s) if segment.planned_s else ""
            pairs.append((Label.PLANNED, planned))
            pairs.append((Label.SKIPPED, "yes" if segment.skipped else ""))
        pairs += custom_pairs(segment.custom, self.labels)
        transition = self.transitions.get(segment.id)
        if transition is not None:
            pairs += _hand_off_pairs(transition)
        custom: dict[str, str] = {}
        for label, value in pairs:
            if value:
                self.labels_used[label] = None
                custom[field_key(label)] = value
        return custom


def _hand_off_pairs(transition: Transition) -> list[tuple[str, str]]:
    return [
        (Label.HAND_OFF, duration_text(transition.allowance_s)),
        (Label.HAND_OFF_CUE, transition.cue),
        (Label.HAND_OFF_ID, transition.id),
    ]


def _optional(seconds: int | None) -> str:
    return "" if seconds is None else duration_text(seconds)

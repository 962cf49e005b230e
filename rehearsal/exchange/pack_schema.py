"""What each column of a pack's rows may hold, field by field: the door every pack passes
before anything of it is merged. A pack is untrusted input (a colleague's file, or anyone's
who can write to the shared folder), so every value is held to a type, a range
(`rehearsal.limits`), an enumeration, an id's form or valid text; what the rows say about
each other (references, the order of marks) is `pack_checks`'s part.

`COLUMNS` is the pack format's own description of its rows (version 1), kept equal to the
workspace's tables by a test: a new column of a table needs its check here first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from rehearsal.evidence_model import EvidenceKind, ItemKind, Platform, Proposal, TimeBase
from rehearsal.limits import (
    DAY_S,
    MAX_DURATION_S,
    MAX_EVENTS,
    MAX_EVIDENCE_ITEMS,
    MAX_FACILITATORS,
    MAX_NAME_CHARS,
    MAX_OFFSET_MS,
    MAX_REVISION,
    MAX_RUN_NS,
    MAX_SECONDS_LOST,
    MAX_SLOT_S,
    MAX_STEPS,
    MAX_TEXT_CHARS,
    MAX_WALL_MS,
    MIN_SLOT_S,
    is_iso_date,
    is_text,
    is_uuid,
)
from rehearsal.model import (
    ActionSource,
    EventKind,
    FlagStatus,
    InteractionType,
    LeadRole,
    RehearsalKind,
    RehearsalStatus,
    Severity,
)
from rehearsal.schedule import is_time_zone
from rehearsal.signoff_model import SignoffKind, SignoffRole

# A check returns None when the value is good, else what was expected instead.
Check = Callable[[Any], str | None]
MAX_MOMENT_CHARS = 40  # "2026-12-07T19:27:25.123456+05:30" and a little room


def whole(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"a whole number from {low} to {high}"

    return check


def optional(inner: Check) -> Check:
    def check(value: Any) -> str | None:
        found = inner(value) if value is not None else None
        return None if found is None else f"{found}, or null"

    return check


def text(max_chars: int = MAX_TEXT_CHARS, *, required: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if not is_text(value, max_chars):
            return f"text of at most {max_chars:,} characters (valid Unicode, no NUL)"
        if required and not value.strip():
            return "text that is not empty"
        return None

    return check


def choice(kind: type[StrEnum]) -> Check:
    allowed = tuple(v.value for v in kind)

    def check(value: Any) -> str | None:
        return None if value in allowed else "one of " + ", ".join(allowed)

    return check


def uuid_id(value: Any) -> str | None:
    return None if is_uuid(value) else "an id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e)"


def sha256_hex(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    return None if ok else "a SHA-256 in hexadecimal (64 digits 0-9, a-f)"


def moment(value: Any) -> str | None:
    """An ISO 8601 date and time (what the app writes for every moment it records)."""
    expected = "a date and time (ISO 8601)"
    if not (isinstance(value, str) and len(value) <= MAX_MOMENT_CHARS and is_iso_date(value)):
        return expected
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return expected
    return None


def moment_or_blank(value: Any) -> str | None:
    return None if value == "" else moment(value)


def time_zone(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) <= 64 and is_time_zone(value)
    return None if ok else "a time zone name (such as Europe/Berlin) or empty"


def launch_day(value: Any) -> str | None:
    """A launch date (YYYY-MM-DD, in the years a launch may be), or "" (cleared)."""
    expected = "a date (YYYY-MM-DD) from the year 2000 to 9998, or empty"
    if value == "":
        return None
    if not (isinstance(value, str) and len(value) == 10 and value.isascii()):
        return expected
    if not is_iso_date(value):
        return expected
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return expected
    return None if 2000 <= day.year <= 9998 else expected


def json_text(
    inner: Callable[[Any], bool], expected: str, max_chars: int = MAX_TEXT_CHARS
) -> Check:
    """Text holding JSON whose value `inner` accepts."""

    def check(value: Any) -> str | None:
        if not is_text(value, max_chars):
            return f"JSON text holding {expected}"
        try:
            ok = inner(json.loads(value))
        except (ValueError, RecursionError):
            ok = False
        return None if ok else f"JSON text holding {expected}"

    return check


def names_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= MAX_FACILITATORS
        and all(is_text(v, MAX_NAME_CHARS) for v in value)
    )


def custom_columns(value: Any) -> bool:
    """A segment's columns the app has no field for: [[header, value], …]."""
    return (
        isinstance(value, list)
        and len(value) <= 200
        and all(
            isinstance(kv, list)
            and len(kv) == 2
            and is_text(kv[0], MAX_NAME_CHARS)
            and is_text(kv[1], MAX_TEXT_CHARS)
            for kv in value
        )
    )


def ids_list(value: Any) -> bool:
    return isinstance(value, list) and len(value) <= 1000 and all(is_uuid(v) for v in value)


def any_json(value: Any) -> bool:
    return True  # an edit's value: `pack_checks` holds it to the field it changes


def event_data(value: Any) -> bool:
    """An event's data: names to text (`pack_checks` holds each to its event's kind)."""
    return isinstance(value, dict) and all(
        is_text(k, 40) and is_text(v, MAX_TEXT_CHARS) for k, v in value.items()
    )


flag01 = whole(0, 1)
name = text(MAX_NAME_CHARS)
duration = whole(0, MAX_DURATION_S)
position = whole(0, MAX_STEPS)
run_ns = whole(0, MAX_RUN_NS)

# Columns added since version 1 of the format, with the value a pack that lacks them (from
# an earlier version of the app) stands for: such a pack is read as if it had them.
ADDED: dict[str, dict[str, Any]] = {"segments": {"lead_person": ""}}
# Tables added since version 1 of the format: a pack without them (from an earlier version
# of the app) is read as holding no rows of them. Every other table a pack must hold.
ADDED_TABLES = ("evidence_files", "evidence_items", "signoffs", "launch_dates")

COLUMNS: dict[str, dict[str, Check]] = {
    "programs": {
        "id": uuid_id,
        "name": text(MAX_NAME_CHARS, required=True),
        "created": moment,
        "notes": text(),
    },
    "plans": {
        "id": uuid_id,
        "program_id": uuid_id,
        "revision": whole(1, MAX_REVISION),
        "created": moment,
        "slot_s": optional(whole(MIN_SLOT_S, MAX_SLOT_S)),
        "start_s": optional(whole(0, DAY_S - 1)),
        "time_zone": time_zone,
        "notes": text(),
        "source": name,
        "based_on": optional(uuid_id),
    },
    "sections": {"plan_id": uuid_id, "id": uuid_id, "position": position, "title": name},
    "segments": {
        "plan_id": uuid_id,
        "id": uuid_id,
        "position": position,
        "title": name,
        "planned_s": duration,
        "section_id": optional(uuid_id),
        "interaction": choice(InteractionType),
        "lead": choice(LeadRole),
        "lead_person": name,
        "intent": text(),
        "non_negotiable": flag01,
        "flex_min_s": optional(duration),
        "flex_max_s": optional(duration),
        "facilitator_notes": text(),
        "producer_cues": text(),
        "materials": text(),
        "contingency": text(),
        "cue": name,
        "marker": flag01,
        "skipped": flag01,
        "custom": json_text(custom_columns, "a list of [column, value] pairs"),
    },
    "transitions": {
        "plan_id": uuid_id,
        "id": uuid_id,
        "after_segment_id": uuid_id,
        "allowance_s": duration,
        "cue": text(),
    },
    "rehearsals": {
        "id": uuid_id,
        "plan_id": uuid_id,
        "kind": choice(RehearsalKind),
        "status": choice(RehearsalStatus),
        "created": moment,
        "lead": name,
        "facilitators": json_text(names_list, "a list of names"),
        "producer": name,
        "cohort": name,
        "region": name,
    },
    "events": {
        "id": uuid_id,
        "rehearsal_id": uuid_id,
        "seq": whole(0, MAX_EVENTS - 1),
        "kind": choice(EventKind),
        "at_ns": run_ns,
        "wall": moment,
        "data": json_text(event_data, "an object of names and texts"),
    },
    "flags": {
        "id": uuid_id,
        "rehearsal_id": uuid_id,
        "category": text(MAX_NAME_CHARS, required=True),
        "at_ns": run_ns,
        "segment_id": optional(uuid_id),
        "transition_id": optional(uuid_id),
        "severity": choice(Severity),
        "seconds_lost": optional(whole(0, MAX_SECONDS_LOST)),
        "note": text(),
        "raised_by": name,
        "status": choice(FlagStatus),
        "fixed_in_revision": optional(whole(1, MAX_REVISION)),
    },
    "annotations": {
        "id": uuid_id,
        "rehearsal_id": uuid_id,
        "text": text(required=True),
        "author": name,
        "at_ns": optional(run_ns),
        "segment_id": optional(uuid_id),
        "transition_id": optional(uuid_id),
        "created": moment_or_blank,
    },
    "action_items": {
        "id": uuid_id,
        "rehearsal_id": uuid_id,
        "source_kind": choice(ActionSource),
        "source_id": name,  # a flag's id, or a debrief question's key (`pack_checks`)
        "title": text(MAX_NAME_CHARS, required=True),
        "segment_id": optional(uuid_id),
        "transition_id": optional(uuid_id),
        "owner_role": name,
        "created": moment_or_blank,
    },
    "edits": {
        "id": uuid_id,
        "rehearsal_id": uuid_id,
        "entity": name,  # held to the fields that can be edited by `pack_checks`
        "entity_id": uuid_id,  # a flag's, an annotation's, an item's, or (debrief) the rehearsal's
        "field": name,
        "value": json_text(any_json, "a value"),
        "edited_at": moment,
        "author": name,
        "origin": lambda v: None if v == "" else uuid_id(v),
        "replaces": json_text(ids_list, "a list of edit ids"),
    },
    "signoffs": {
        "id": uuid_id,
        "plan_id": uuid_id,
        "role": choice(SignoffRole),
        "person": text(MAX_NAME_CHARS, required=True),
        "kind": choice(SignoffKind),
        "note": text(),
        "withdraws": optional(uuid_id),  # held to a record of the same plan by `pack_checks`
        "recorded_at": moment,
        "origin": lambda v: None if v == "" else uuid_id(v),
    },
    "launch_dates": {
        "id": uuid_id,
        "plan_id": uuid_id,
        "launch_on": launch_day,
        "set_at": moment,
        "origin": lambda v: None if v == "" else uuid_id(v),
    },
    "evidence_files": {
        "id": uuid_id,  # derived from the rehearsal and sha256 (`pack_checks`)
        "rehearsal_id": uuid_id,
        "kind": choice(EvidenceKind),
        "platform": choice(Platform),
        "time_base": choice(TimeBase),
        "sha256": sha256_hex,
        "title": name,
        "items": whole(0, MAX_EVIDENCE_ITEMS),
        "name": name,
        "imported": moment,
        "proposed_offset_ms": whole(-MAX_OFFSET_MS, MAX_OFFSET_MS),
        "proposal": choice(Proposal),
    },
    "evidence_items": {
        "id": uuid_id,  # derived from the file's and the position (`pack_checks`)
        "rehearsal_id": uuid_id,
        "file_id": uuid_id,
        "position": whole(0, MAX_EVIDENCE_ITEMS - 1),
        "kind": choice(ItemKind),  # held to its file's kind, times to its time base
        "start_ms": whole(0, MAX_WALL_MS),
        "end_ms": whole(0, MAX_WALL_MS),
        "person": name,
        "text": text(),
        "detail": name,
    },
}

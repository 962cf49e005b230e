"""The edit log of review data: which fields can be edited and how each value is checked,
and which of a field's edits is the value shown.

The value shown is the latest edit (by edit time, then id) among the edits that no other
edit replaced — a pure function of the set of edits, so workspaces that exchange packs
agree whatever order the packs arrive in. Edits of one field that did not see each other
are in conflict until a person confirms a value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rehearsal.errors import InvalidOperation
from rehearsal.evidence_model import SpeakerRole
from rehearsal.limits import (
    MAX_NAME_CHARS,
    MAX_OFFSET_MS,
    MAX_REVISION,
    MAX_RUN_NS,
    MAX_SECONDS_LOST,
    MAX_TEXT_CHARS,
    checked_text,
    is_uuid,
)
from rehearsal.model import DEBRIEF_QUESTIONS, FieldEdit, FlagStatus, Severity

QUESTIONS = {key for key, _ in DEBRIEF_QUESTIONS}
Key = tuple[str, str, str]  # (entity, entity id, field)


def text_value(
    value: Any, what: str, required: bool = False, max_chars: int = MAX_TEXT_CHARS
) -> str:
    """`value` as text; refused when `required` and blank, or when it is not text that
    can be stored and shown (`limits.checked_text`)."""
    return checked_text(value, what, max_chars, required=required)


def optional_int(value: Any, what: str, high: int = MAX_RUN_NS) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidOperation(f"{what} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise InvalidOperation(f"{what} cannot be negative.")
    if number > high:
        raise InvalidOperation(f"{what} is at most {high:,}.")
    return number


def _optional_id(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not is_uuid(value):
        raise InvalidOperation(f"{value!r} is not an id (a UUID).")
    return str(value)


def offset_value(value: Any, what: str = "An offset") -> int | None:
    """An offset in milliseconds, either way of the run's 0 (`MAX_OFFSET_MS` at most);
    None: as proposed."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidOperation(f"{what} must be a whole number of milliseconds, not {value!r}.")
    if abs(value) > MAX_OFFSET_MS:
        raise InvalidOperation(f"{what} is at most {MAX_OFFSET_MS:,} ms either way.")
    return value


def _optional(check: Callable[[Any], str]) -> Callable[[Any], str | None]:
    return lambda value: None if value is None else check(value)


def _choice(kind: type[StrEnum], what: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        try:
            return kind(value).value
        except ValueError:
            allowed = ", ".join(v.value for v in kind)
            raise InvalidOperation(f"{what} must be one of {allowed}, not {value!r}.") from None

    return check


# The fields a person may change, and how each value is checked.
FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "flag": {
        "category": lambda v: text_value(v, "A flag's category", True, MAX_NAME_CHARS),
        "severity": _choice(Severity, "Severity"),
        "seconds_lost": lambda v: optional_int(v, "Seconds lost", MAX_SECONDS_LOST),
        "note": lambda v: text_value(v, "A note"),
        "status": _choice(FlagStatus, "Status"),
        "fixed_in_revision": lambda v: optional_int(v, "The revision", MAX_REVISION),
    },
    "annotation": {
        "text": lambda v: text_value(v, "An annotation", required=True),
        "at_ns": lambda v: optional_int(v, "The moment"),
        "segment_id": _optional_id,
        "transition_id": _optional_id,
        "deleted": bool,
    },
    "debrief": {key: (lambda v: text_value(v, "An answer")) for key in QUESTIONS},
    "action": {
        "title": lambda v: text_value(v, "An action item's title", True, MAX_NAME_CHARS),
        "owner_role": lambda v: text_value(v, "The owner", max_chars=MAX_NAME_CHARS),
        "status": _choice(FlagStatus, "Status"),
        "fixed_in_plan": _optional_id,
        "deleted": bool,
    },
    # a file of evidence (its id): where it is placed, and whether a person removed it
    "evidence": {"offset_ms": offset_value, "removed": bool},
    # a speaker of a rehearsal's evidence (`evidence_model.speaker_id`): their role (None:
    # as matched to the run's people)
    "speaker": {"role": _optional(_choice(SpeakerRole, "A speaker's role"))},
}


@dataclass(frozen=True, slots=True)
class Resolution:
    """The edits of one field: which is shown, and whether it is contested."""

    winner: FieldEdit
    heads: tuple[FieldEdit, ...]  # edits no other edit replaced (one unless in conflict)

    @property
    def conflicted(self) -> bool:
        return len({json.dumps(h.value, sort_keys=True) for h in self.heads}) > 1


def resolve(edits: Iterable[FieldEdit]) -> dict[Key, Resolution]:
    """The value of every edited field: a pure function of the set of edits."""
    grouped: dict[Key, list[FieldEdit]] = {}
    for edit in edits:
        grouped.setdefault((edit.entity, edit.entity_id, edit.field), []).append(edit)
    resolved = {}
    for key, group in grouped.items():
        replaced = {old for edit in group for old in edit.replaces}
        heads = sorted(
            (e for e in group if e.id not in replaced), key=lambda e: (e.edited_at, e.id)
        )
        if not heads:  # replaces forming a cycle can only come from a forged pack
            heads = sorted(group, key=lambda e: (e.edited_at, e.id))
        resolved[key] = Resolution(winner=heads[-1], heads=tuple(heads))
    return resolved

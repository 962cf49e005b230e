"""The native plan format: JSON, versioned, lossless. Documented in resources/plan.schema.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rehearsal.errors import FormatError
from rehearsal.files import write_atomic
from rehearsal.model import (
    InteractionType,
    LeadRole,
    Plan,
    PlanDraft,
    Section,
    Segment,
    Transition,
)
from rehearsal.schedule import is_time_zone

FORMAT_NAME = "rehearsal-plan"
FORMAT_VERSION = 1  # time_zone is optional: a version 1 reader without it ignores it
DAY_S = 24 * 3600

T = TypeVar("T")


def plan_to_json(plan: Plan | PlanDraft, program_name: str = "") -> dict[str, Any]:
    name = program_name or (plan.name if isinstance(plan, PlanDraft) else "")
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": name,
        "revision": plan.revision if isinstance(plan, Plan) else None,
        "slot_s": plan.slot_s,
        "start_s": plan.start_s,
        "time_zone": plan.time_zone,
        "notes": plan.notes,
        "source": plan.source,
        "sections": [{"id": s.id, "title": s.title} for s in plan.sections],
        "segments": [_segment_json(s) for s in plan.segments],
        "transitions": [
            {
                "id": t.id,
                "after_segment_id": t.after_segment_id,
                "allowance_s": t.allowance_s,
                "cue": t.cue,
            }
            for t in plan.transitions
        ],
    }


def _segment_json(s: Segment) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "planned_s": s.planned_s,
        "section_id": s.section_id,
        "interaction": s.interaction.value,
        "lead": s.lead.value,
        "intent": s.intent,
        "non_negotiable": s.non_negotiable,
        "flex_min_s": s.flex_min_s,
        "flex_max_s": s.flex_max_s,
        "facilitator_notes": s.facilitator_notes,
        "producer_cues": s.producer_cues,
        "materials": s.materials,
        "contingency": s.contingency,
        "cue": s.cue,
        "marker": s.marker,
        "skipped": s.skipped,
        "custom": [[k, v] for k, v in s.custom],
    }


def json_bytes(plan: Plan | PlanDraft, program_name: str = "") -> bytes:
    text = json.dumps(plan_to_json(plan, program_name), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_json(plan: Plan | PlanDraft, path: Path, program_name: str = "") -> None:
    write_atomic(path, json_bytes(plan, program_name))


def is_native(obj: object) -> bool:
    return isinstance(obj, dict) and obj.get("format") == FORMAT_NAME


def plan_from_json(obj: object, file: str) -> PlanDraft:
    """Validate and read a parsed native document; FormatError names the failing place."""
    reader = _Reader(file)
    doc = reader.mapping(obj, "the document")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError(
            "missing or invalid 'version'", file=file, column="version", expected="an integer"
        )
    if version > FORMAT_VERSION:
        raise FormatError(
            f"written by a newer version of Rehearsal (plan format {version}, "
            f"this app reads up to {FORMAT_VERSION})",
            file=file,
        )
    sections = tuple(
        Section(id=reader.text(item, "id", i, required=True), title=reader.text(item, "title", i))
        for i, item in reader.items(doc, "sections")
    )
    section_ids = {s.id for s in sections}
    segments: list[Segment] = []
    for i, item in reader.items(doc, "segments"):
        section_id = reader.optional(item, "section_id", i, str)
        if section_id is not None and section_id not in section_ids:
            raise FormatError(
                f"unknown section {section_id!r}",
                file=file,
                row=i,
                column="section_id",
                expected="an id from 'sections'",
            )
        segments.append(
            Segment(
                id=reader.text(item, "id", i, required=True),
                title=reader.text(item, "title", i),
                planned_s=reader.seconds(item, "planned_s", i),
                section_id=section_id,
                interaction=reader.choice(
                    item, "interaction", i, InteractionType, InteractionType.PRESENTATION
                ),
                lead=reader.choice(item, "lead", i, LeadRole, LeadRole.FACILITATOR),
                intent=reader.text(item, "intent", i),
                non_negotiable=reader.flag(item, "non_negotiable", i),
                flex_min_s=reader.optional(item, "flex_min_s", i, int),
                flex_max_s=reader.optional(item, "flex_max_s", i, int),
                facilitator_notes=reader.text(item, "facilitator_notes", i),
                producer_cues=reader.text(item, "producer_cues", i),
                materials=reader.text(item, "materials", i),
                contingency=reader.text(item, "contingency", i),
                cue=reader.text(item, "cue", i),
                marker=reader.flag(item, "marker", i),
                skipped=reader.flag(item, "skipped", i),
                custom=reader.pairs(item, "custom", i),
            )
        )
    ids = [s.id for s in segments]
    if len(set(ids)) != len(ids):
        raise FormatError(
            "two segments share one id", file=file, column="id", expected="unique segment ids"
        )
    transitions: list[Transition] = []
    for i, item in reader.items(doc, "transitions"):
        after = reader.text(item, "after_segment_id", i, required=True)
        if after not in ids:
            raise FormatError(
                f"unknown segment {after!r}",
                file=file,
                row=i,
                column="after_segment_id",
                expected="an id from 'segments'",
            )
        transitions.append(
            Transition(
                id=reader.text(item, "id", i, required=True),
                after_segment_id=after,
                allowance_s=reader.seconds(item, "allowance_s", i),
                cue=reader.text(item, "cue", i),
            )
        )
    return PlanDraft(
        name=reader.text(doc, "name", None),
        slot_s=reader.optional(doc, "slot_s", None, int),
        start_s=_start(reader, doc),
        time_zone=_time_zone(reader, doc),
        notes=reader.text(doc, "notes", None),
        source=reader.text(doc, "source", None),
        sections=sections,
        segments=tuple(segments),
        transitions=tuple(transitions),
    )


def _start(reader: _Reader, doc: dict[str, Any]) -> int | None:
    start = reader.optional(doc, "start_s", None, int)
    if start is not None and not 0 <= start < DAY_S:
        raise reader.fail(None, "start_s", "seconds after midnight, 0 to 86399, or null")
    return start


def _time_zone(reader: _Reader, doc: dict[str, Any]) -> str:
    """ "" (the local time of the device showing it) or an IANA name this computer knows."""
    zone = reader.text(doc, "time_zone", None)
    if not is_time_zone(zone):
        raise FormatError(
            f"unknown time zone {zone!r}",
            file=reader.file,
            column="time_zone",
            expected='an IANA time zone such as "Europe/Berlin", or "" for local time',
        )
    return zone


class _Reader:
    """Typed access to parsed JSON that fails with a located FormatError."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, row: int | None, column: str, expected: str) -> FormatError:
        return FormatError(
            "invalid value", file=self.file, row=row, column=column, expected=expected
        )

    def mapping(self, obj: object, what: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise FormatError(f"{what} is not a JSON object", file=self.file)
        return obj

    def items(self, doc: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
        value = doc.get(key, [])
        if not isinstance(value, list):
            raise self.fail(None, key, "a list")
        out = []
        for i, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise self.fail(i, key, "an object")
            out.append((i, item))
        return out

    def text(self, item: dict[str, Any], key: str, row: int | None, required: bool = False) -> str:
        value = item.get(key)
        if value is None:
            if required:
                raise self.fail(row, key, "a non-empty string")
            return ""
        if not isinstance(value, str) or (required and not value):
            raise self.fail(row, key, "a string")
        return value

    def seconds(self, item: dict[str, Any], key: str, row: int | None) -> int:
        value = item.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(row, key, "a whole number of seconds, 0 or more")
        return value

    def flag(self, item: dict[str, Any], key: str, row: int | None) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(row, key, "true or false")
        return value

    def optional(self, item: dict[str, Any], key: str, row: int | None, kind: type[T]) -> T | None:
        value = item.get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or isinstance(value, bool):
            raise self.fail(row, key, f"{kind.__name__} or null")
        return value

    def choice(
        self, item: dict[str, Any], key: str, row: int | None, enum: Callable[[str], T], default: T
    ) -> T:
        value = item.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except (ValueError, TypeError):
            allowed = ", ".join(str(getattr(m, "value", m)) for m in enum)  # type: ignore[attr-defined]
            raise self.fail(row, key, f"one of {allowed}") from None

    def pairs(self, item: dict[str, Any], key: str, row: int | None) -> tuple[tuple[str, str], ...]:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in value
        ):
            raise self.fail(row, key, "a list of [name, value] string pairs")
        return tuple((p[0], p[1]) for p in value)

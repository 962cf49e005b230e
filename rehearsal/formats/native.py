"""The native plan format: JSON, versioned, lossless. Documented in resources/plan.schema.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from rehearsal.errors import FormatError
from rehearsal.files import write_atomic
from rehearsal.formats.plan_limits import (
    CUSTOM_NAME_CHARS,
    DURATION_EXPECTED,
    PLAN_TEXTS,
    SECTION_TITLE_CHARS,
    SEGMENT_TEXTS,
    TRANSITION_CUE_CHARS,
    as_uuid,
    duration_problem,
    slot_problem,
    start_problem,
    text_problem,
    tidy_text,
)
from rehearsal.limits import (
    MAX_CUSTOM_COLUMNS,
    MAX_NAME_CHARS,
    MAX_PLAN_TEXT_CHARS,
    MAX_SLOT_S,
    MAX_STEPS,
    is_text,
)
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
        "lead_person": s.lead_person,
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
    """Validate and read a parsed native document; FormatError names the failing place
    (`row` the item of its list, counted from 1; `column` the key)."""
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
        Section(
            id=reader.id(item, "id", i, "section"),
            title=reader.text(item, "title", i, SECTION_TITLE_CHARS),
        )
        for i, item in reader.items(doc, "sections")
    )
    section_ids = {s.id for s in sections}
    if len(section_ids) != len(sections):
        raise FormatError(
            "two sections share one id", file=file, column="id", expected="unique section ids"
        )
    segments = [_segment(reader, item, i, section_ids) for i, item in reader.items(doc, "segments")]
    ids = [s.id for s in segments]
    position = {segment_id: index for index, segment_id in enumerate(ids)}
    if len(position) != len(ids):
        raise FormatError(
            "two segments share one id", file=file, column="id", expected="unique segment ids"
        )
    transitions: list[Transition] = []
    for i, item in reader.items(doc, "transitions"):
        after = reader.id(item, "after_segment_id", i, "segment")
        if after not in position:
            raise FormatError(
                f"unknown segment {item.get('after_segment_id')!r}",
                file=file,
                row=i,
                column="after_segment_id",
                expected="an id from 'segments'",
            )
        if any(t.after_segment_id == after for t in transitions):
            raise reader.fail(
                i,
                "after_segment_id",
                "one hand-off after each segment at most",
                "a second hand-off after the same segment",
            )
        transitions.append(
            Transition(
                id=reader.id(item, "id", i, "transition"),
                after_segment_id=after,
                allowance_s=reader.seconds(item, "allowance_s", i),
                cue=reader.text(item, "cue", i, TRANSITION_CUE_CHARS),
            )
        )
    return PlanDraft(
        name=reader.text(doc, "name", None, PLAN_TEXTS["name"]),
        slot_s=_slot(reader, doc),
        start_s=_start(reader, doc),
        time_zone=_time_zone(reader, doc),
        notes=reader.text(doc, "notes", None, PLAN_TEXTS["notes"]),
        source=reader.text(doc, "source", None, PLAN_TEXTS["source"]),
        sections=sections,
        segments=tuple(segments),
        transitions=tuple(sorted(transitions, key=lambda t: position[t.after_segment_id])),
    )


def _segment(reader: _Reader, item: dict[str, Any], i: int, section_ids: set[str]) -> Segment:
    section_id = None
    if item.get("section_id") is not None:
        section_id = reader.id(item, "section_id", i, "section")
        if section_id not in section_ids:
            raise FormatError(
                f"unknown section {item['section_id']!r}",
                file=reader.file,
                row=i,
                column="section_id",
                expected="an id from 'sections'",
            )
    texts = {key: reader.text(item, key, i, most) for key, most in SEGMENT_TEXTS.items()}
    flex_min = reader.optional_seconds(item, "flex_min_s", i)
    flex_max = reader.optional_seconds(item, "flex_max_s", i)
    if flex_min is not None and flex_max is not None and flex_min > flex_max:
        raise reader.fail(
            i, "flex_min_s", "no more than flex_max_s", "the flexible range is upside down"
        )
    return Segment(
        id=reader.id(item, "id", i, "segment"),
        planned_s=reader.seconds(item, "planned_s", i),
        section_id=section_id,
        interaction=reader.choice(
            item, "interaction", i, InteractionType, InteractionType.PRESENTATION
        ),
        lead=reader.choice(item, "lead", i, LeadRole, LeadRole.FACILITATOR),
        non_negotiable=reader.flag(item, "non_negotiable", i),
        flex_min_s=flex_min,
        flex_max_s=flex_max,
        marker=reader.flag(item, "marker", i),
        skipped=reader.flag(item, "skipped", i),
        custom=reader.pairs(item, "custom", i),
        **texts,
    )


def _slot(reader: _Reader, doc: dict[str, Any]) -> int | None:
    slot = doc.get("slot_s")
    problem = slot_problem(slot)
    if problem is not None:
        expected = f"seconds from 60 (1 minute) to {MAX_SLOT_S:,} (24 hours), or null"
        raise reader.fail(None, "slot_s", expected, problem)
    return cast("int | None", slot)


def _start(reader: _Reader, doc: dict[str, Any]) -> int | None:
    start = doc.get("start_s")
    problem = start_problem(start)
    if problem is not None:
        raise reader.fail(None, "start_s", "seconds after midnight, 0 to 86399, or null", problem)
    return cast("int | None", start)


def _time_zone(reader: _Reader, doc: dict[str, Any]) -> str:
    """ "" (the local time of the device showing it) or an IANA name this computer knows."""
    zone = reader.text(doc, "time_zone", None, MAX_NAME_CHARS)
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

    def fail(
        self, row: int | None, column: str, expected: str, problem: str = "invalid value"
    ) -> FormatError:
        return FormatError(problem, file=self.file, row=row, column=column, expected=expected)

    def mapping(self, obj: object, what: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise FormatError(f"{what} is not a JSON object", file=self.file)
        return obj

    def items(self, doc: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
        value = doc.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list):
            raise self.fail(None, key, "a list")
        if len(value) > MAX_STEPS:
            raise self.fail(None, key, f"at most {MAX_STEPS:,} items", f"{len(value):,} items")
        out = []
        for i, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise self.fail(i, key, "an object")
            out.append((i, item))
        return out

    def text(self, item: dict[str, Any], key: str, row: int | None, max_chars: int) -> str:
        value = item.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(row, key, "a string")
        tidy = tidy_text(value)
        problem = text_problem(tidy, max_chars)
        if problem is not None:
            raise self.fail(row, key, f"text of at most {max_chars:,} characters", problem)
        return tidy

    def id(self, item: dict[str, Any], key: str, row: int | None, kind: str) -> str:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(row, key, "a non-empty string")
        if not is_text(value, MAX_NAME_CHARS):
            raise self.fail(row, key, f"an id: a UUID, or text of at most {MAX_NAME_CHARS:,}")
        return as_uuid(kind, value)

    def seconds(self, item: dict[str, Any], key: str, row: int | None) -> int:
        value = item.get(key, 0)
        problem = duration_problem(value)
        if problem is not None:
            raise self.fail(row, key, DURATION_EXPECTED, problem)
        return cast(int, value)

    def optional_seconds(self, item: dict[str, Any], key: str, row: int | None) -> int | None:
        return None if item.get(key) is None else self.seconds(item, key, row)

    def flag(self, item: dict[str, Any], key: str, row: int | None) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(row, key, "true or false")
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
        if value is None:
            value = []
        expected = "a list of [name, value] string pairs"
        if not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in value
        ):
            raise self.fail(row, key, expected)
        if len(value) > MAX_CUSTOM_COLUMNS:
            raise self.fail(
                row, key, f"at most {MAX_CUSTOM_COLUMNS} pairs", f"{len(value)} custom columns"
            )
        pairs = []
        for name, text in value:
            name, text = tidy_text(name), tidy_text(text)
            problem = text_problem(name, CUSTOM_NAME_CHARS) or text_problem(
                text, MAX_PLAN_TEXT_CHARS
            )
            if problem is not None or not name:
                raise self.fail(row, key, expected + " (names not empty)", problem or "no name")
            if text:  # an empty value is no value, as an empty cell of a sheet
                pairs.append((name, text))
        return tuple(pairs)

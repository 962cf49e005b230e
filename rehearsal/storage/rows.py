"""Mapping between domain values and table rows."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from rehearsal.model import (
    ActionItem,
    ActionSource,
    Annotation,
    Event,
    EventKind,
    FieldEdit,
    Flag,
    FlagStatus,
    InteractionType,
    LeadRole,
    Plan,
    Program,
    Rehearsal,
    RehearsalKind,
    RehearsalStatus,
    Section,
    Segment,
    Severity,
    Transition,
)

E = TypeVar("E", bound=StrEnum)


@functools.cache
def _members(kind: type[E]) -> dict[str, E]:
    return {member.value: member for member in kind}


def _member(kind: type[E], value: str) -> E:
    """`kind(value)` (ValueError for a stranger), by a lookup: thousands a read."""
    found = _members(kind).get(value)
    return kind(value) if found is None else found


Row = Mapping[str, Any]


def program_from_row(row: Row) -> Program:
    return Program(id=row["id"], name=row["name"], created=row["created"], notes=row["notes"])


def plan_row(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "program_id": plan.program_id,
        "revision": plan.revision,
        "created": plan.created,
        "slot_s": plan.slot_s,
        "start_s": plan.start_s,
        "time_zone": plan.time_zone,
        "notes": plan.notes,
        "source": plan.source,
        "based_on": plan.based_on,
    }


def section_rows(plan: Plan) -> list[dict[str, Any]]:
    return [
        {"plan_id": plan.id, "id": s.id, "position": i, "title": s.title}
        for i, s in enumerate(plan.sections)
    ]


def segment_rows(plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": plan.id,
            "id": s.id,
            "position": i,
            "title": s.title,
            "planned_s": s.planned_s,
            "section_id": s.section_id,
            "interaction": s.interaction.value,
            "lead": s.lead.value,
            "lead_person": s.lead_person,
            "intent": s.intent,
            "non_negotiable": int(s.non_negotiable),
            "flex_min_s": s.flex_min_s,
            "flex_max_s": s.flex_max_s,
            "facilitator_notes": s.facilitator_notes,
            "producer_cues": s.producer_cues,
            "materials": s.materials,
            "contingency": s.contingency,
            "cue": s.cue,
            "marker": int(s.marker),
            "skipped": int(s.skipped),
            "custom": json.dumps([list(kv) for kv in s.custom], ensure_ascii=False),
        }
        for i, s in enumerate(plan.segments)
    ]


def transition_rows(plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": plan.id,
            "id": t.id,
            "after_segment_id": t.after_segment_id,
            "allowance_s": t.allowance_s,
            "cue": t.cue,
        }
        for t in plan.transitions
    ]


def plan_from_rows(
    row: Row, sections: Iterable[Row], segments: Iterable[Row], transitions: Iterable[Row]
) -> Plan:
    return Plan(
        id=row["id"],
        program_id=row["program_id"],
        revision=row["revision"],
        created=row["created"],
        slot_s=row["slot_s"],
        start_s=row["start_s"],
        time_zone=row["time_zone"],
        notes=row["notes"],
        source=row["source"],
        based_on=row["based_on"],
        sections=tuple(Section(id=s["id"], title=s["title"]) for s in sections),
        segments=tuple(_segment(s) for s in segments),
        transitions=tuple(
            Transition(
                id=t["id"],
                after_segment_id=t["after_segment_id"],
                allowance_s=t["allowance_s"],
                cue=t["cue"],
            )
            for t in transitions
        ),
    )


def _segment(s: Row) -> Segment:
    return Segment(
        id=s["id"],
        title=s["title"],
        planned_s=s["planned_s"],
        section_id=s["section_id"],
        interaction=_member(InteractionType, s["interaction"]),
        lead=_member(LeadRole, s["lead"]),
        lead_person=s["lead_person"],
        intent=s["intent"],
        non_negotiable=bool(s["non_negotiable"]),
        flex_min_s=s["flex_min_s"],
        flex_max_s=s["flex_max_s"],
        facilitator_notes=s["facilitator_notes"],
        producer_cues=s["producer_cues"],
        materials=s["materials"],
        contingency=s["contingency"],
        cue=s["cue"],
        marker=bool(s["marker"]),
        skipped=bool(s["skipped"]),
        custom=()
        if s["custom"] == "[]"
        else tuple((str(k), str(v)) for k, v in json.loads(s["custom"])),
    )


def rehearsal_row(r: Rehearsal) -> dict[str, Any]:
    return {
        "id": r.id,
        "plan_id": r.plan_id,
        "kind": r.kind.value,
        "status": r.status.value,
        "created": r.created,
        "lead": r.lead,
        "facilitators": json.dumps(list(r.facilitators), ensure_ascii=False),
        "producer": r.producer,
        "cohort": r.cohort,
        "region": r.region,
    }


def rehearsal_from_row(row: Row) -> Rehearsal:
    return Rehearsal(
        id=row["id"],
        plan_id=row["plan_id"],
        kind=_member(RehearsalKind, row["kind"]),
        status=_member(RehearsalStatus, row["status"]),
        created=row["created"],
        lead=row["lead"],
        facilitators=tuple(json.loads(row["facilitators"])),
        producer=row["producer"],
        cohort=row["cohort"],
        region=row["region"],
    )


def insert_statement(table: str, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """`INSERT INTO table (columns) VALUES (?, …)` and its parameters, for one row."""
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    return f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', tuple(row.values())


def update_statement(
    table: str, key: dict[str, Any], row: dict[str, Any]
) -> tuple[str, tuple[Any, ...]]:
    """`UPDATE table SET column = ?, … WHERE key = ? AND …` and its parameters: every
    column of `row` but the key's."""
    values = {name: value for name, value in row.items() if name not in key}
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    where = " AND ".join(f'"{name}" = ?' for name in key)
    sql = f'UPDATE "{table}" SET {assignments} WHERE {where}'
    return sql, (*values.values(), *key.values())


def event_row(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "rehearsal_id": e.rehearsal_id,
        "seq": e.seq,
        "kind": e.kind.value,
        "at_ns": e.at_ns,
        "wall": e.wall,
        "data": json.dumps(dict(e.data), ensure_ascii=False, sort_keys=True),
    }


def event_from_row(row: Row) -> Event:
    raw = row["data"]
    data = json.loads(raw) if raw != "{}" else {}
    return Event(
        id=row["id"],
        rehearsal_id=row["rehearsal_id"],
        seq=row["seq"],
        kind=_member(EventKind, row["kind"]),
        at_ns=row["at_ns"],
        wall=row["wall"],
        data=tuple((str(k), str(v)) for k, v in sorted(data.items())),
    )


def flag_row(f: Flag) -> dict[str, Any]:
    return {
        "id": f.id,
        "rehearsal_id": f.rehearsal_id,
        "category": f.category,
        "at_ns": f.at_ns,
        "segment_id": f.segment_id,
        "transition_id": f.transition_id,
        "severity": f.severity.value,
        "seconds_lost": f.seconds_lost,
        "note": f.note,
        "raised_by": f.raised_by,
        "status": f.status.value,
        "fixed_in_revision": f.fixed_in_revision,
    }


def flag_from_row(row: Row) -> Flag:
    return Flag(
        id=row["id"],
        rehearsal_id=row["rehearsal_id"],
        category=row["category"],
        at_ns=row["at_ns"],
        segment_id=row["segment_id"],
        transition_id=row["transition_id"],
        severity=_member(Severity, row["severity"]),
        seconds_lost=row["seconds_lost"],
        note=row["note"],
        raised_by=row["raised_by"],
        status=_member(FlagStatus, row["status"]),
        fixed_in_revision=row["fixed_in_revision"],
    )


def edit_from_row(row: dict[str, Any]) -> FieldEdit:
    return FieldEdit(
        id=row["id"],
        rehearsal_id=row["rehearsal_id"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        field=row["field"],
        value=json.loads(row["value"]),
        edited_at=row["edited_at"],
        author=row["author"],
        origin=row["origin"],
        replaces=tuple(json.loads(row["replaces"])),
    )


def edit_row(edit: FieldEdit) -> dict[str, Any]:
    return {
        "id": edit.id,
        "rehearsal_id": edit.rehearsal_id,
        "entity": edit.entity,
        "entity_id": edit.entity_id,
        "field": edit.field,
        "value": json.dumps(edit.value, ensure_ascii=False, sort_keys=True),
        "edited_at": edit.edited_at,
        "author": edit.author,
        "origin": edit.origin,
        "replaces": json.dumps(list(edit.replaces)),
    }


def annotation_row(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id,
        "rehearsal_id": a.rehearsal_id,
        "text": a.text,
        "author": a.author,
        "at_ns": a.at_ns,
        "segment_id": a.segment_id,
        "transition_id": a.transition_id,
        "created": a.created,
    }


def annotation_from_row(row: dict[str, Any]) -> Annotation:
    return Annotation(
        id=row["id"],
        rehearsal_id=row["rehearsal_id"],
        text=row["text"],
        author=row["author"],
        at_ns=row["at_ns"],
        segment_id=row["segment_id"],
        transition_id=row["transition_id"],
        created=row["created"],
    )


def action_row(item: ActionItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "rehearsal_id": item.rehearsal_id,
        "source_kind": item.source_kind.value,
        "source_id": item.source_id,
        "title": item.title,
        "segment_id": item.segment_id,
        "transition_id": item.transition_id,
        "owner_role": item.owner_role,
        "created": item.created,
    }


def action_from_row(row: dict[str, Any]) -> ActionItem:
    return ActionItem(
        id=row["id"],
        rehearsal_id=row["rehearsal_id"],
        source_kind=ActionSource(row["source_kind"]),
        source_id=row["source_id"],
        title=row["title"],
        owner_role=row["owner_role"],
        segment_id=row["segment_id"],
        transition_id=row["transition_id"],
        created=row["created"],
    )

"""Ontime project JSON: v3's `rundown` list and v4's `rundowns` map, read as a plan draft.

Ontime (github.com/cpvalente/ontime) keeps times in milliseconds since midnight and
durations in milliseconds. v3 stores one flat `rundown` list of entries typed "event",
"delay" or "block", a block opening a group for the entries after it. v4 stores
`rundowns: {id: {title, order, flatOrder, entries}}`, where `order` lists the top-level
entry ids, `entries` maps id to entry, and an entry typed "group" (briefly "block") lists
its children in its own `entries`. v4 adds "milestone", a cue with no duration.

An entry whose id is a UUID (as Rehearsal's export writes them, `ontime_export`) keeps it
as its segment's or section's id; other ids are derived from Ontime's with uuid5. Either
way importing a project again yields the same segment, section and transition ids and a
segment's history follows it across revisions.

What Ontime has no field for comes back from the custom fields and project info items the
export writes (`ontime_fields`): a segment's type, lead, intent, cues and the rest, the
hand-off after it, the plan's slot, time zone and planned start.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from rehearsal.errors import FormatError
from rehearsal.formats.ontime_fields import (
    HandOff,
    PlanInfo,
    is_type_colour,
    read_info,
    take_fields,
)
from rehearsal.formats.ontime_rundown import (
    DAY_MS,
    GROUP_TYPES,
    Fields,
    Row,
    checked_text,
    derived_id,
    entry_id,
    seconds,
    short,
    v3_rows,
    v4_rows,
)
from rehearsal.limits import (
    DAY_S,
    MAX_DURATION_S,
    MAX_NAME_CHARS,
    MAX_PLAN_TEXT_CHARS,
    is_uuid,
)
from rehearsal.model import InteractionType, PlanDraft, Section, Segment, Transition

DEFAULT_TIMER_TYPE = "count-down"
DEFAULT_END_ACTION = "none"

# "Break", "Lunch", "Coffee break", "Break 2", "Lunch (45 min)"; not "Breakout", "Break the ice".
_BREAK_TITLE = re.compile(r"^(?:\w+\s+)?(?:break|lunch)(?:\s+break)?(?:\s*\d+)?$")
_TITLE_DETAIL = re.compile(r"\s+[-–—]\s.*$|\s*[:(\[].*$")


def is_ontime(obj: object) -> bool:
    return isinstance(obj, dict) and ("rundown" in obj or "rundowns" in obj)


def read_ontime(obj: object, *, file: str) -> PlanDraft:
    """Read a parsed Ontime project; FormatError names the entry and field that are wrong."""
    if not isinstance(obj, dict):
        raise FormatError(
            "not an Ontime project: the document is not a JSON object",
            file=file,
            expected='an object with "rundown" or "rundowns"',
        )
    doc = Fields(file, None, "the project", obj)
    warnings: list[str] = []
    if "rundowns" in obj:
        rundown_title, rows = v4_rows(doc, warnings)
        source = f"Ontime project, rundown {rundown_title!r}" if rundown_title else "Ontime project"
    elif "rundown" in obj:
        rundown_title, rows = "", v3_rows(doc)
        source = "Ontime project (v3)"
    else:
        raise doc.fail(None, "not an Ontime project", 'a top-level "rundown" or "rundowns"')
    details = _project_details(doc)
    builder = _PlanBuilder(file, _custom_labels(doc), details.info)
    for row in rows:
        builder.add(row)
    builder.warnings[:0] = warnings
    return builder.draft(
        name=details.name or rundown_title,
        notes=details.notes,
        source=f"{file}: {source}" if file else source,
    )


@dataclass(frozen=True, slots=True)
class _ProjectDetails:
    name: str
    notes: str
    info: PlanInfo


def _project_details(doc: Fields) -> _ProjectDetails:
    project = Fields(doc.file, None, "the project details", doc.mapping("project"))
    notes = [project.text("description")]
    notes += [project.text(key) for key in ("info", "backstageInfo", "publicInfo")]
    extra = project.obj.get("custom")
    items: list[tuple[str, str]] = []
    if isinstance(extra, list):  # v4: [{title, value, url}]
        for item in extra:
            if isinstance(item, dict):
                pair = Fields(doc.file, None, "the project details", item)
                if pair.text("value"):
                    items.append((pair.text("title"), pair.text("value")))
    info = read_info(items)  # the plan's facts, as the export writes them
    notes += [f"{title}: {value}" for title, value in info.others]
    return _ProjectDetails(
        name=project.text("title"),
        notes="\n\n".join(n for n in notes if n.strip()),
        info=info,
    )


def _custom_labels(doc: Fields) -> dict[str, str]:
    """customFields {key: {label, type, colour}} → {key: label}."""
    labels: dict[str, str] = {}
    for key, definition in doc.mapping("customFields").items():
        if not isinstance(definition, dict):
            raise doc.fail(
                "customFields",
                f"custom field {short(key)} is not an object",
                "an object with a label",
            )
        field = Fields(doc.file, None, f"custom field {short(key)}", definition)
        labels[key] = field.text("label", MAX_NAME_CHARS) or checked_text(
            field, "customFields", key, MAX_NAME_CHARS
        )
    return labels


def _looks_like_break(title: str) -> bool:
    core = _TITLE_DETAIL.sub("", title.strip().lower())
    return bool(_BREAK_TITLE.match(core))


class _PlanBuilder:
    """Turns rows, in rundown order, into sections, segments and transitions."""

    def __init__(self, file: str, custom_labels: dict[str, str], info: PlanInfo) -> None:
        self.file = file
        self.custom_labels = custom_labels
        self.info = info
        self.sections: list[Section] = []
        self.segments: list[Segment] = []
        self.allowance_ms: dict[str, float] = {}  # Ontime id of the segment before → delay
        self.hand_offs: dict[str, HandOff] = {}  # Ontime id of the segment before → hand-off
        self.segment_ontime_ids: list[str] = []
        self.start_ms: float | None = None
        self.first_start_ms: float | None = None
        self.group_notes: list[str] = []
        self.warnings: list[str] = []

    def add(self, row: Row) -> None:
        fields = Fields(self.file, row.position, f"{row.kind} {short(row.ontime_id)}", row.entry)
        if row.kind in GROUP_TYPES:
            title = fields.text("title", MAX_NAME_CHARS)
            self.sections.append(Section(id=entry_id("section", row.ontime_id), title=title))
            if fields.text("note").strip():
                self.group_notes.append(f"{title or 'Group'}: {fields.text('note').strip()}")
        elif row.kind == "delay":
            self._add_delay(row, fields)
        else:
            self.segments.append(self._segment(row, fields))
            self.segment_ontime_ids.append(row.ontime_id)

    def _add_delay(self, row: Row, fields: Fields) -> None:
        delay_ms = fields.millis("duration", negative_ok=True)
        if delay_ms is None:
            raise fields.fail("duration", "the delay has no duration", "milliseconds")
        if delay_ms == 0:
            return
        if delay_ms < 0:
            self.warnings.append(
                f"row {row.position}: a negative delay ({seconds(-delay_ms)} s earlier) "
                "has no hand-off equivalent; left out"
            )
            return
        if not self.segment_ontime_ids:
            self.warnings.append(
                f"row {row.position}: a delay of {seconds(delay_ms)} s before the first "
                "segment has no hand-off to belong to; left out"
            )
            return
        after = self.segment_ontime_ids[-1]
        total = self.allowance_ms.get(after, 0) + delay_ms
        if seconds(total) > MAX_DURATION_S:
            raise fields.fail(
                "duration",
                f"the delays after one event add up to more than {MAX_DURATION_S // DAY_S} days",
                "a hand-off of at most 7 days",
            )
        self.allowance_ms[after] = total

    def _segment(self, row: Row, fields: Fields) -> Segment:
        title = fields.text("title", MAX_NAME_CHARS)
        cue = fields.label("cue")
        marker = row.kind == "milestone"
        taken = take_fields(
            self._custom_fields(fields), note_field=self.info.note_field, marker=marker
        )
        if taken.hand_off is not None:
            self.hand_offs[row.ontime_id] = taken.hand_off
        values = {self.info.note_field: fields.text("note"), **taken.values}
        if marker:
            interaction = values.pop("interaction", InteractionType.OTHER)
            assert isinstance(interaction, InteractionType)
            segment = Segment(
                id=entry_id("segment", row.ontime_id),
                title=title,
                planned_s=0,
                section_id=row.section_id,
                interaction=interaction,
                cue=cue,
                marker=True,
            )
            return self._with(segment, fields, values, taken.custom)
        skipped = fields.flag("skip")
        start = fields.millis("timeStart")
        end = fields.millis("timeEnd")
        duration = fields.millis("duration")
        if duration is None:
            if start is None or end is None:
                raise fields.fail(
                    "duration",
                    "the event has no duration",
                    "duration in milliseconds, or both timeStart and timeEnd",
                )
            duration = end - start if end >= start else end + DAY_MS - start  # past midnight
        if start is not None:
            if self.first_start_ms is None:
                self.first_start_ms = start
            if self.start_ms is None and not skipped:
                self.start_ms = start
        guessed = (
            InteractionType.BREAK if _looks_like_break(title) else InteractionType.PRESENTATION
        )
        interaction = values.pop("interaction", guessed)
        assert isinstance(interaction, InteractionType)
        segment = Segment(
            id=entry_id("segment", row.ontime_id),
            title=title,
            planned_s=seconds(duration),
            section_id=row.section_id,
            interaction=interaction,
            cue=cue,
            skipped=skipped,
        )
        return self._with(segment, fields, values, taken.custom)

    def _with(
        self,
        segment: Segment,
        fields: Fields,
        values: dict[str, object],
        custom: tuple[tuple[str, str], ...],
    ) -> Segment:
        """`segment` with the fields its custom fields gave, then its custom columns: those
        of the plan, the colour (unless the one its type gets), what Ontime knows and
        Rehearsal does not."""
        pairs = list(custom)
        colour = fields.text("colour")
        if colour and not is_type_colour(colour, segment.interaction):
            pairs.append(("Colour", colour))
        pairs += self._ontime_extras(fields)
        return dataclasses.replace(segment, **values, custom=tuple(pairs))  # type: ignore[arg-type]

    def _custom_fields(self, fields: Fields) -> list[tuple[str, str]]:
        """Custom fields by their labels."""
        pairs: list[tuple[str, str]] = []
        for key, value in fields.mapping("custom").items():
            if isinstance(value, dict):  # early v3 wrote {"value": "..."}
                value = value.get("value")
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            if value is not None and not isinstance(value, str):
                raise fields.fail(f"custom.{key}", "the custom field is not text", "a string")
            if value:
                label = self.custom_labels.get(key) or checked_text(
                    fields, "custom", key, MAX_NAME_CHARS
                )
                text = checked_text(fields, f"custom.{key}", value, MAX_PLAN_TEXT_CHARS)
                if label and text:
                    pairs.append((label, text))
        return pairs

    def _ontime_extras(self, fields: Fields) -> list[tuple[str, str]]:
        """What Ontime knows and Rehearsal does not, as custom columns."""
        pairs: list[tuple[str, str]] = []
        timer_type = fields.text("timerType")
        if timer_type and timer_type != DEFAULT_TIMER_TYPE:
            pairs.append(("Timer type", timer_type))
        end_action = fields.text("endAction")
        if end_action and end_action != DEFAULT_END_ACTION:
            pairs.append(("End action", end_action))
        flags = {"countToEnd": "Count to end", "flag": "Flagged", "isPublic": "Public"}
        pairs += [(label, "yes") for key, label in flags.items() if fields.flag(key)]
        link = fields.obj.get("linkStart")  # v3: the linked event's id or null; v4: a bool
        if link is not None and not isinstance(link, bool | str):
            raise fields.fail(
                "linkStart", "linkStart is not true, false or an id", "true, false or an entry id"
            )
        if link:
            pairs.append(("Linked start", "yes"))
        return pairs

    def draft(self, *, name: str, notes: str, source: str) -> PlanDraft:
        if not any(not s.marker for s in self.segments):
            raise FormatError(
                "no events: the rundown has nothing to time",
                file=self.file,
                expected='an entry of type "event"',
            )
        transitions = tuple(
            t for after in self.segment_ontime_ids if (t := self._transition(after)) is not None
        )
        start_ms = self.start_ms if self.start_ms is not None else self.first_start_ms
        start_s = None if start_ms is None else seconds(start_ms) % (DAY_MS // 1000)
        if self.info.no_start or self.info.start_s is not None:
            start_s = self.info.start_s  # the plan's own, as the export writes it
        notes = "\n\n".join(n for n in (notes, *self.group_notes) if n)
        return PlanDraft(
            name=name,
            slot_s=self.info.slot_s,
            start_s=start_s,
            time_zone=self.info.time_zone,
            notes=notes,
            source=source,
            sections=tuple(self.sections),
            segments=tuple(self.segments),
            transitions=transitions,
            warnings=tuple(self.warnings),
        )

    def _transition(self, after: str) -> Transition | None:
        """The hand-off after the entry `after`: its custom fields' and the delays after it."""
        delay_s = seconds(self.allowance_ms.get(after, 0))
        hand_off = self.hand_offs.get(after)
        if hand_off is None and delay_s <= 0:
            return None
        allowance_s = delay_s + (hand_off.allowance_s if hand_off else 0)
        if allowance_s > MAX_DURATION_S:
            raise FormatError(
                f"the hand-off after entry {short(after)} and the delays after it add up to "
                f"more than {MAX_DURATION_S // DAY_S} days",
                file=self.file,
                column="custom",
                expected="a hand-off of at most 7 days",
            )
        own_id = hand_off.id.lower() if hand_off else ""
        return Transition(
            id=own_id if is_uuid(own_id) else derived_id("transition", after),
            after_segment_id=entry_id("segment", after),
            allowance_s=allowance_s,
            cue=hand_off.cue if hand_off else "",
        )

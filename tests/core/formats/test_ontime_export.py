"""A plan exported for Ontime (issue 15): a v4 project file of Ontime's shape, and its XLSX
rundown, that read back as the same plan, ids included."""

from __future__ import annotations

import dataclasses
import json
import tempfile
import uuid
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from ontime_shape import problems
from plans import bounded_drafts, small_draft

from rehearsal import Workspace
from rehearsal.errors import RehearsalError
from rehearsal.formats import ONTIME_FORMATS, read_plan, write_plan
from rehearsal.formats.ontime_export import ontime_project
from rehearsal.formats.ontime_fields import COLOURS, Label
from rehearsal.formats.ontime_rundown import derived_id
from rehearsal.formats.sheet_columns import ONTIME_SHEET_HEADERS
from rehearsal.limits import DAY_S
from rehearsal.model import InteractionType, LeadRole, PlanDraft, Section, Segment, Transition

SUFFIX = {"ontime": "json", "ontime-xlsx": "xlsx"}
SAFE_NAMES = ("Room", "Slide", "Camera 2", "Host_notes")


def ontime_shaped(plan: PlanDraft) -> PlanDraft:
    """`plan` as Ontime can hold it: events of at most a day; sections' segments together
    and in the sections' order (Ontime's groups hold consecutive entries); custom column
    names Ontime accepts as labels, each once in a segment."""
    order = {s.id: i for i, s in enumerate(plan.sections)}
    segments = sorted(plan.segments, key=lambda s: order.get(s.section_id or "", -1))
    shaped = []
    for segment in segments:
        names = {
            name: SAFE_NAMES[i % len(SAFE_NAMES)]
            for i, name in enumerate(dict.fromkeys(n for n, _ in segment.custom))
        }
        custom = tuple(dict((names[n], v) for n, v in segment.custom).items())
        shaped.append(
            dataclasses.replace(
                segment,
                planned_s=segment.planned_s if segment.marker else min(segment.planned_s, DAY_S),
                custom=custom,
            )
        )
    if all(s.marker for s in shaped):  # a plan of markers alone has nothing to time
        shaped[0] = dataclasses.replace(
            shaped[0], marker=False, planned_s=min(shaped[0].planned_s, DAY_S)
        )
    return dataclasses.replace(plan, segments=tuple(shaped))


def _as_read(plan: PlanDraft, back: PlanDraft) -> PlanDraft:
    """What reading gives: hand-offs in the order of their segments; the source is the
    file read (Ontime keeps no field for where a plan came from)."""
    at = [s.id for s in plan.segments]
    transitions = tuple(sorted(plan.transitions, key=lambda t: at.index(t.after_segment_id)))
    return dataclasses.replace(plan, transitions=transitions, source=back.source)


def _extremes() -> PlanDraft:
    base = small_draft()
    day = dataclasses.replace(base.segments[0], planned_s=DAY_S, flex_min_s=0, flex_max_s=7 * DAY_S)
    marker = Segment(
        str(uuid.uuid4()), "Standby", 90, base.sections[1].id, marker=True, skipped=True
    )
    last = base.segments[3]
    return dataclasses.replace(
        base,
        start_s=DAY_S - 1,
        segments=(day, *base.segments[1:3], marker, last),
        transitions=(
            *base.transitions,
            Transition(str(uuid.uuid4()), marker.id, 7 * DAY_S, ""),
            Transition(str(uuid.uuid4()), last.id, 0, "+go"),
        ),
    )


@pytest.mark.parametrize("kind", ONTIME_FORMATS)
@settings(max_examples=25, deadline=None)
@given(plan=bounded_drafts())
@example(plan=_extremes())
@example(plan=dataclasses.replace(small_draft(), start_s=None, slot_s=None, name=""))
def test_every_plan_ontime_can_hold_reads_back_the_same(kind: str, plan: PlanDraft) -> None:
    plan = ontime_shaped(plan)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"plan.{SUFFIX[kind]}")
        write_plan(plan, path, kind)
        if kind == "ontime":
            assert problems(json.loads(path.read_text(encoding="utf-8"))) == []
        back = read_plan(path)
        assert back == _as_read(plan, back)


def test_the_shape_check_finds_what_ontime_would_refuse() -> None:
    """The validator is no rubber stamp: each thing Ontime needs, taken away, is found."""
    doc = ontime_project(small_draft())
    assert problems(doc) == []
    broken = json.loads(json.dumps(doc))
    del broken["settings"]["version"]
    (rundown,) = broken["rundowns"].values()
    first_event = next(e for e in rundown["entries"].values() if e["type"] == "event")
    first_event["timeStart"] = "09:00"
    first_event["custom"]["Room"] = "B2"
    rundown["flatOrder"].reverse()
    found = problems(broken)
    assert any("settings: no 'version'" in p for p in found)
    assert any("timeStart" in p for p in found)
    assert any("'Room' is not declared" in p for p in found)
    assert any("flatOrder" in p for p in found)
    broken = json.loads(json.dumps(doc))
    broken["customFields"]["Intent"]["label"] = "Intent!"
    assert any("not Ontime's" in p for p in problems(broken))


def test_ontime_gets_its_required_keys_and_types() -> None:
    """What Ontime's loader insists on, checked apart from the shape: a v4 version; every
    event with its times and duration in milliseconds; custom fields declared with labels
    Ontime accepts, keyed by the label with underscores."""
    doc = ontime_project(small_draft(), program_name="Module 1")
    assert doc["settings"]["version"].startswith("4.")
    (rundown,) = doc["rundowns"].values()
    events = [e for e in rundown["entries"].values() if e["type"] == "event"]
    assert [(e["title"], e["timeStart"], e["duration"]) for e in events] == [
        ("Welcome", 9 * 3_600_000, 300_000),
        ("Poll", 9 * 3_600_000 + 300_000, 240_000),
        # the hand-off after the poll is a gap of 2 minutes before the breakout
        ("Breakout", 9 * 3_600_000 + 540_000 + 120_000, 900_000),
        ("Close", 9 * 3_600_000 + 1_560_000, 180_000),
    ]
    assert [e["gap"] for e in events] == [0, 0, 120_000, 0]
    assert {k: f["label"] for k, f in doc["customFields"].items()} == {
        "Type": "Type",
        "Lead": "Lead",
        "Intent": "Intent",
        "Producer_cues": "Producer cues",
        "Non_negotiable": "Non negotiable",
        "Hand_off": "Hand off",
        "Hand_off_cue": "Hand off cue",
        "Hand_off_ID": "Hand off ID",
    }
    welcome, poll, breakout, _ = events
    assert welcome["custom"] == {
        "Type": "Chat",
        "Lead": "producer",
        "Intent": "Everyone connected",
        "Producer_cues": "Watch audio",
    }
    assert (welcome["colour"], breakout["colour"]) == (
        COLOURS[InteractionType.CHAT],
        COLOURS[InteractionType.BREAKOUT],
    )
    assert poll["custom"]["Hand_off"] == "0:02:00"
    assert poll["custom"]["Hand_off_cue"] == "Open rooms"
    assert breakout["custom"]["Non_negotiable"] == "yes"
    assert doc["project"]["title"] == "Module 1"
    assert doc["project"]["custom"] == [
        {"title": "Planned start", "value": "09:00:00", "url": ""},
        {"title": "Slot", "value": "0:30:00", "url": ""},
    ]


def test_the_sheet_headers_are_the_custom_field_labels() -> None:
    labels = {label.value for label in Label}
    customs = set(list(ONTIME_SHEET_HEADERS.values())[9:])
    assert customs <= labels


def test_sections_become_groups_and_markers_milestones() -> None:
    draft = small_draft()
    opening, practice = draft.sections
    standby = Segment(
        str(uuid.uuid4()), "Standby", 0, practice.id, InteractionType.OTHER, marker=True
    )
    skipped = dataclasses.replace(draft.segments[3], skipped=True)
    plan = dataclasses.replace(draft, segments=(*draft.segments[:3], standby, skipped))
    (rundown,) = ontime_project(plan)["rundowns"].values()
    entries = rundown["entries"]
    assert [entries[i]["type"] for i in rundown["order"]] == ["group", "group"]
    assert entries[opening.id]["entries"] == [s.id for s in draft.segments[:2]]
    assert entries[practice.id]["entries"] == [draft.segments[2].id, standby.id, skipped.id]
    assert entries[standby.id]["type"] == "milestone"
    assert entries[skipped.id]["skip"] is True


def test_a_section_apart_becomes_a_group_per_run(tmp_path: Path) -> None:
    """Ontime's groups hold consecutive entries: a section whose segments are apart is a
    group per run; read back, the later run is a section of its own (same title), and every
    segment keeps its id."""
    room = Section(str(uuid.uuid4()), "Room")
    one, two, three = (Segment(str(uuid.uuid4()), t, 60) for t in ("One", "Two", "Three"))
    plan = PlanDraft(
        sections=(room,),
        segments=(
            dataclasses.replace(one, section_id=room.id),
            two,
            dataclasses.replace(three, section_id=room.id),
        ),
    )
    for kind in ONTIME_FORMATS:
        path = tmp_path / f"apart.{SUFFIX[kind]}"
        write_plan(plan, path, kind)
        back = read_plan(path)
        assert [s.id for s in back.segments] == [one.id, two.id, three.id]
        assert [s.title for s in back.sections] == ["Room", "Room"]
        assert back.sections[0] == room
        assert [s.section_id for s in back.segments] == [room.id, None, back.sections[1].id]


def test_custom_columns_get_labels_ontime_accepts(tmp_path: Path) -> None:
    """Ontime takes letters, digits, spaces and underscores: other characters are left out,
    a label of Rehearsal's own fields or Ontime's columns is numbered, and so is a name a
    segment repeats."""
    segment = Segment(
        str(uuid.uuid4()),
        "Intro",
        60,
        custom=(
            ("Slide #", "14"),
            ("Intent", "not the design intent"),
            ("title", "a custom title"),
            ("日本語", "kanji"),
            ("Room", "A"),
            ("Room", "B"),
        ),
    )
    plan = PlanDraft(segments=(segment,))
    for kind in ONTIME_FORMATS:
        path = tmp_path / f"labels.{SUFFIX[kind]}"
        write_plan(plan, path, kind)
        (back,) = read_plan(path).segments
        assert back.custom == (
            ("Slide", "14"),
            ("Intent 2", "not the design intent"),
            ("title 2", "a custom title"),
            ("Custom", "kanji"),
            ("Room", "A"),
            ("Room 2", "B"),
        ), kind
        assert back.intent == ""


def test_the_note_can_hold_another_field(tmp_path: Path) -> None:
    segment = Segment(
        str(uuid.uuid4()), "Intro", 60, facilitator_notes="Smile", producer_cues="Mute all"
    )
    plan = PlanDraft(segments=(segment,))
    doc = ontime_project(plan, note_field="producer_cues")
    (rundown,) = doc["rundowns"].values()
    assert rundown["entries"][segment.id]["note"] == "Mute all"
    assert rundown["entries"][segment.id]["custom"]["Facilitator_notes"] == "Smile"
    path = tmp_path / "note.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert read_plan(path).segments == (segment,)
    with pytest.raises(RehearsalError, match="cannot hold"):
        ontime_project(plan, note_field="title")


def test_an_event_longer_than_a_day_is_refused_and_nothing_written(tmp_path: Path) -> None:
    long = Segment(str(uuid.uuid4()), "Residential week", DAY_S + 1)
    for kind in ONTIME_FORMATS:
        path = tmp_path / f"long.{SUFFIX[kind]}"
        with pytest.raises(RehearsalError, match="at most 24 hours"):
            write_plan(PlanDraft(segments=(long,)), path, kind)
        assert list(tmp_path.iterdir()) == []


def test_ids_a_uuid_kept_others_derived_as_before() -> None:
    """An Ontime id that is a UUID is the segment's id (canonical, lower case); any other
    id is derived as it always was, so earlier imports keep matching."""
    from rehearsal.formats.ontime_json import read_ontime

    upper = "A1B2C3D4-0000-4000-8000-00000000000F"
    doc = {
        "settings": {"version": "4.0.0"},
        "rundowns": {
            "r": {
                "order": [upper, "ev1"],
                "entries": {
                    upper: {"type": "event", "id": upper, "title": "A", "duration": 60_000},
                    "ev1": {"type": "event", "id": "ev1", "title": "B", "duration": 60_000},
                },
            }
        },
    }
    draft = read_ontime(doc, file="p.json")
    assert [s.id for s in draft.segments] == [upper.lower(), derived_id("segment", "ev1")]


def test_a_project_edited_in_ontime_reads_back_with_the_edits(tmp_path: Path) -> None:
    """What an Ontime user changes comes back; a value no field can hold stays a custom
    column, and a colour chosen in Ontime is kept."""
    plan = small_draft()
    doc = ontime_project(plan)
    (rundown,) = doc["rundowns"].values()
    welcome = rundown["entries"][plan.segments[0].id]
    welcome["title"] = "Welcome everyone"
    welcome["custom"]["Type"] = "Keynote"
    welcome["custom"]["Lead"] = "co-facilitator"
    welcome["colour"] = "#123456"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    back = read_plan(path).segments[0]
    assert (back.id, back.title, back.interaction, back.lead) == (
        plan.segments[0].id,
        "Welcome everyone",
        InteractionType.PRESENTATION,
        LeadRole.CO_FACILITATOR,
    )
    assert back.custom == (("Type", "Keynote"), ("Colour", "#123456"))


def test_export_in_the_workspace_keeps_segment_history(ws: Workspace, tmp_path: Path) -> None:
    """A plan sent to Ontime and read back as the next revision keeps its segments' ids."""
    plan = ws.add_plan(small_draft())
    path = ws.export_plan(plan.id, tmp_path / "show.json", format="ontime")
    program = ws.program(plan.program_id)
    back = ws.import_plan(path, program=program.name)
    assert back.revision == 2
    assert [s.id for s in back.segments] == [s.id for s in plan.segments]
    assert back.segments == plan.segments


def test_the_xlsx_is_ontimes_event_schedule(tmp_path: Path) -> None:
    path = tmp_path / "show.xlsx"
    write_plan(small_draft(), path, "ontime-xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Event schedule"]
    rows = [tuple(c for c in r) for r in book["Event schedule"].iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[:3] == ("ID", "Cue", "Title"))
    header = rows[header_at]
    assert header[:10] == (
        "ID",
        "Cue",
        "Title",
        "Colour",
        "Time Start",
        "Time End",
        "Duration",
        "Note",
        "Timer Type",
        "Skip",
    )
    body = rows[header_at + 1 :]
    kinds = [r[8] for r in body]
    assert kinds == [
        "group",
        "count-down",
        "count-down",
        "group-end",
        "group",
        "count-down",
        "count-down",
        "group-end",
    ]
    assert body[1][4:7] == ("09:00:00", "09:05:00", "0:05:00")


def test_export_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rehearsal.cli.main import main

    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        plan = ws.add_plan(small_draft())
    out = tmp_path / "show.json"
    argv = ["export", plan.id, "-o", str(out), "--db", str(db)]
    assert main([*argv, "--format", "ontime", "--note", "producer_cues"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert problems(doc) == []
    (rundown,) = doc["rundowns"].values()
    assert rundown["entries"][plan.segments[0].id]["note"] == "Watch audio"
    sheet = tmp_path / "show.xlsx"
    assert (
        main(["export", plan.id, "-o", str(sheet), "--db", str(db), "--format", "ontime-xlsx"]) == 0
    )
    assert openpyxl.load_workbook(sheet).sheetnames == ["Event schedule"]
    capsys.readouterr()
    assert main([*argv, "--note", "intent"]) == 2
    assert capsys.readouterr().err == "error: --note is for --format ontime.\n"

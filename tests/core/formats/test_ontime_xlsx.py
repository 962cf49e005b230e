"""Ontime's XLSX rundown template: the "Event schedule" sheet and its Timer Type column."""

from __future__ import annotations

import io
from datetime import time

import openpyxl

from rehearsal.formats.sheet_xlsx import read_xlsx
from rehearsal.model import PlanDraft

HEADER = [
    "Time Start",
    "Time End",
    "Duration",
    "Cue",
    "Title",
    "Notes",
    "Timer Type",
    "End Action",
    "Public",
    "Skip",
    "Colour",
    "lx",
    "sound",
]


def _ontime_workbook() -> bytes:
    """A workbook in the shape of Ontime's rundown template (written here, not copied)."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Read me"
    cover.append(["Fill in the Event schedule sheet; this one is ignored."])
    sheet = book.create_sheet("Event schedule")
    sheet.append(["Ontime · Rundown template"])
    sheet.append(["Project title", "Spring summit"])
    sheet.append(["Times are hh:mm:ss. Custom columns become custom fields."])
    sheet.append([])
    sheet.append(HEADER)
    rows = [
        [None, None, None, "G1", "Morning block", None, "group-start"],
        [
            time(9),
            time(9, 10),
            time(0, 10),
            "1",
            "Doors",
            "House open",
            "count-down",
            "none",
            "TRUE",
            "FALSE",
            "#779BE7",
            "LX 1",
            "walk-in",
        ],
        [
            time(9, 10),
            time(9, 40),
            None,
            "2",
            "Keynote",
            None,
            "count-up",
            None,
            None,
            None,
            None,
            "LX 2",
            None,
        ],
        [time(9, 40), None, None, "3", "Stand by panel", None, "milestone"],
        [None, None, time(0, 5), None, "Delay", None, "delay"],
        [
            time(9, 45),
            time(10, 15),
            time(0, 30),
            "4",
            "Panel",
            "Mics x4",
            "count-down",
            None,
            None,
            "TRUE",
            None,
            None,
            "stings",
        ],
        [None, None, None, "G2", "Afternoon", None, "group"],
        [time(13), time(13, 45), time(0, 45), "5", "Workshop", None, "clock"],
    ]
    for row in rows:
        sheet.append(row)
    book.active = 0  # the cover sheet is active; the named sheet must still win
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _draft() -> PlanDraft:
    return read_xlsx(_ontime_workbook(), file="rundown.xlsx")


def test_event_schedule_sheet_is_read_below_its_instructions() -> None:
    draft = _draft()
    assert [s.title for s in draft.segments] == [
        "Doors",
        "Keynote",
        "Stand by panel",
        "Panel",
        "Workshop",
    ]
    assert draft.start_s == 9 * 3600
    assert draft.name == "Spring summit"


def test_durations_and_time_start_end_when_duration_is_empty() -> None:
    doors, keynote, standby, panel, workshop = _draft().segments
    assert doors.planned_s == 600
    assert keynote.planned_s == 1800  # from Time Start / Time End
    assert (standby.planned_s, standby.marker) == (0, True)  # a milestone
    assert panel.planned_s == 1800
    assert workshop.planned_s == 2700


def test_groups_become_sections() -> None:
    draft = _draft()
    assert [s.title for s in draft.sections] == ["Morning block", "Afternoon"]
    morning, afternoon = (s.id for s in draft.sections)
    assert [s.section_id for s in draft.segments] == [morning] * 4 + [afternoon]


def test_a_delay_is_a_transition_allowance_after_the_previous_segment() -> None:
    draft = _draft()
    (transition,) = draft.transitions
    standby = draft.segments[2]
    assert transition.after_segment_id == standby.id
    assert transition.allowance_s == 300


def test_skip_notes_cue_and_custom_columns() -> None:
    doors, keynote, _, panel, workshop = _draft().segments
    assert panel.skipped and not doors.skipped
    assert doors.facilitator_notes == "House open"
    assert doors.cue == "1"
    assert ("lx", "LX 1") in doors.custom and ("sound", "walk-in") in doors.custom
    assert ("Colour", "#779BE7") in doors.custom and ("Public", "TRUE") in doors.custom
    assert ("Timer Type", "count-up") in keynote.custom  # not the default: kept
    assert ("Timer Type", "clock") in workshop.custom
    assert not any(k == "Timer Type" for k, _ in doors.custom)


def test_a_skipped_event_still_counts_in_the_plan_but_not_in_its_length() -> None:
    draft = _draft()
    assert len(draft.segments) == 5
    assert sum(s.planned_s for s in draft.segments if not s.skipped) == 600 + 1800 + 2700

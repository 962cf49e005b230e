"""Sheets as people wrote them: the newcomer's course sheet, people beside roles, types a
title gives away, and the columns a person chooses in the mapping dialog."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rehearsal.errors import FormatError
from rehearsal.formats import open_sheet, read_plan
from rehearsal.formats.sheet import read_table
from rehearsal.formats.sheet_cells import SheetRow
from rehearsal.formats.sheet_columns import Field, lead_and_person, type_from_title
from rehearsal.formats.sheet_csv import csv_bytes, read_csv
from rehearsal.formats.sheet_file import (
    SheetFile,
    describe_columns,
    guess_sheet,
    read_sheet_file,
)
from rehearsal.formats.sheet_layout import ColumnChoice
from rehearsal.model import InteractionType, LeadRole

FIXTURES = Path(__file__).parents[2] / "fixtures" / "sheets"
COURSE = FIXTURES / "course_two_hours.csv"
F, CO, P, L = (
    LeadRole.FACILITATOR,
    LeadRole.CO_FACILITATOR,
    LeadRole.PRODUCER,
    LeadRole.LEARNERS,
)


def _sheet(*lines: str) -> SheetFile:
    grid = [line.split("|") for line in lines]
    return SheetFile("x.csv", tuple(SheetRow(n, tuple(r)) for n, r in enumerate(grid, 1)))


# --- the newcomer's story ----------------------------------------------------------------


def test_the_course_sheet_is_recognised_without_a_mapping() -> None:
    sheet = open_sheet(COURSE)
    assert sheet is not None
    guess = guess_sheet(sheet)
    assert [(c.header, c.field) for c in guess.columns] == [
        ("Block", Field.TITLE),
        ("Length (min)", Field.DURATION),
        ("Speaker", Field.LEAD),
        ("Facilitator notes", Field.NOTES),
        ("Co-facilitator notes", None),
        ("Producer notes", Field.PRODUCER),
        ("Comment", None),
    ]
    assert guess.header_row == 6 and not guess.exported
    assert guess.describe() == (
        "Recognised 5 of 7 columns; 2 will be kept as custom columns: Co-facilitator notes, Comment"
    )


def test_speakers_are_kept_as_people_and_roles_only_where_the_sheet_says_one() -> None:
    sheet = open_sheet(COURSE)
    assert sheet is not None
    reading = read_sheet_file(sheet)
    draft = reading.draft
    assert (draft.slot_s, draft.planned_s, len(draft.segments)) == (7200, 7200, 20)
    leads = {s.title: (s.lead, s.lead_person) for s in draft.segments}
    assert leads["Welcome and why we're here"] == (F, "Ana")
    assert leads["Sponsor's opening words"] == (F, "sponsor")
    assert leads["Poll: pulse check"] == (F, "fx1")
    assert leads["Check-in in the chat"] == (CO, "Ben")  # "Ben (co-fac)"
    assert leads["Breakout rooms: debrief"] == (F, "Ben")  # "Ben – facilitator"
    assert leads["Q&A"] == (P, "Sam")  # "Sam (producer)"
    assert leads["Doors open, music"] == (P, "")
    assert leads["Debrief in pairs"] == (CO, "")  # "co-fac"
    assert leads["Breakout 1: the meeting that went wrong"] == (L, "")
    # Nobody reads "facilitator" unless the sheet says so: the rows naming only a person
    # (or no one) have no role named, and the preview shows none for them.
    named = {s.title for s in draft.segments if s.id in reading.roles_named}
    assert named == {
        "Doors open, music",
        "Check-in in the chat",
        "Whiteboard: our meeting room today",
        "Breakout 1: the meeting that went wrong",
        "Breakout rooms: debrief",
        "Knowledge check",
        "Breakout 2: run the first five minutes",
        "Debrief in pairs",
        "Action plan",
        "Q&A",
    }
    assert all("Speaker" not in dict(s.custom) for s in draft.segments)
    welcome = draft.segments[1]
    assert dict(welcome.custom) == {"Comment": "Sponsor may drop in"}


def test_the_course_sheets_types_come_from_its_titles_and_the_import_says_so() -> None:
    sheet = open_sheet(COURSE)
    assert sheet is not None
    reading = read_sheet_file(sheet)
    types = {s.title: s.interaction for s in reading.draft.segments}
    assert types["Poll: pulse check"] is InteractionType.POLL
    assert types["Breakout 1: the meeting that went wrong"] is InteractionType.BREAKOUT
    assert types["Breakout rooms: debrief"] is InteractionType.BREAKOUT
    assert types["Knowledge check"] is InteractionType.KNOWLEDGE_CHECK
    assert types["Q&A"] is InteractionType.QA
    assert types["Stretch break"] is InteractionType.BREAK
    assert types["Welcome and why we're here"] is InteractionType.PRESENTATION
    assert types["Close and survey"] is InteractionType.PRESENTATION
    guessed = {s.title for s in reading.draft.segments if s.id in reading.typed_by_title}
    assert len(guessed) == 13 and "Welcome and why we're here" not in guessed
    [note] = [w for w in reading.draft.warnings if w.startswith("type guessed")]
    assert note.startswith("type guessed from the title for 13 rows")
    assert "row 11 'Poll: pulse check': Poll" in note and "and 5 more" in note


# --- people and roles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role", "person"),
    [
        ("Producer", P, ""),
        ("co-fac", CO, ""),
        ("Learners", L, ""),
        ("Everyone", L, ""),
        ("Ana", None, "Ana"),
        ("fx1", None, "fx1"),
        ("sponsor", None, "sponsor"),
        ("Ana & Sam", None, "Ana & Sam"),
        ("Sam (producer)", P, "Sam"),
        ("Producer: Sam", P, "Sam"),
        ("Ana – facilitator", F, "Ana"),
        ("Facilitator - Ana", F, "Ana"),
        ("Ana, co-facilitator", CO, "Ana"),
        ("Facilitator (Ana)", F, "Ana"),
        ("Zoé, co-animatrice", CO, "Zoé"),
        ("Dr. Rao", None, "Dr. Rao"),
    ],
)
def test_a_lead_cell_names_a_role_a_person_or_both(
    text: str, role: LeadRole | None, person: str
) -> None:
    assert lead_and_person(text) == (role, person, ())


def test_a_mixed_lead_column_is_read_row_by_row() -> None:
    draft = read_csv(
        b"Title,Duration,Who\nA,5,Ana\nB,5,Producer\nC,5,Sam (producer)\nD,5,\nE,5,Learners\n",
        file="x.csv",
    )
    assert [(s.lead, s.lead_person) for s in draft.segments] == [
        (F, "Ana"),
        (P, ""),
        (P, "Sam"),
        (F, ""),
        (L, ""),
    ]


def test_a_person_column_beside_a_role_column() -> None:
    draft = read_csv(
        b"Title,Duration,Role,Lead person\nA,5,Producer,Sam\nB,5,Ana (co-fac),Ana\n"
        b"C,5,Kim,Lee\nD,5,,Producer\n",
        file="x.csv",
    )
    a, b, c, d = draft.segments
    assert (a.lead, a.lead_person) == (P, "Sam")
    assert (b.lead, b.lead_person, b.custom) == (CO, "Ana", ())
    assert (c.lead_person, c.custom) == ("Lee", (("Role", "Kim"),))  # two people: both kept
    assert (d.lead, d.lead_person) == (F, "Producer")  # a person column is read as written


def test_two_roles_in_one_cell_keep_the_first_and_say_so() -> None:
    draft = read_csv(b"Title,Duration,Lead\nA,5,Facilitator / Producer\n", file="x.csv")
    [segment] = draft.segments
    assert (segment.lead, segment.lead_person) == (F, "")
    assert segment.custom == (("Lead", "Facilitator / Producer"),)
    assert "row 2: 'Facilitator / Producer' names more than one role; read as facilitator" in (
        draft.warnings
    )


# --- types from titles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Breakout 1", InteractionType.BREAKOUT),
        ("Breakout rooms: case study", InteractionType.BREAKOUT),
        ("Breakout rooms (part B)", InteractionType.BREAKOUT),
        ("Poll: pulse check", InteractionType.POLL),
        ("Poll #2", InteractionType.POLL),
        ("Q&A", InteractionType.QA),
        ("Final Q&A", InteractionType.QA),
        ("Q&A round 2", InteractionType.QA),
        ("Lunch break", InteractionType.BREAK),
        ("Mittagspause", InteractionType.BREAK),
        ("Knowledge check", InteractionType.KNOWLEDGE_CHECK),
        ("Module 2 knowledge check", InteractionType.KNOWLEDGE_CHECK),
        ("Role play – the angry customer", InteractionType.SCENARIO_PRACTICE),
        ("Demo: the new order screen", InteractionType.DEMO),
        ("Welcome", None),
        ("Intro to polling", None),
        ("Breaking news from the field", None),
        ("Close and survey", None),
    ],
)
def test_a_title_gives_its_type_away(title: str, kind: InteractionType | None) -> None:
    assert type_from_title(title) == kind


def test_a_type_column_that_says_otherwise_wins() -> None:
    draft = read_csv(
        b"Title,Duration,Type\nPoll: pulse check,3,Discussion\nBreakout 1,15,\nWelcome,5,\n",
        file="x.csv",
    )
    assert [s.interaction for s in draft.segments] == [
        InteractionType.DISCUSSION,  # the type column says so
        InteractionType.BREAKOUT,  # its type cell is empty: the title tells
        InteractionType.PRESENTATION,
    ]
    [note] = [w for w in draft.warnings if w.startswith("type guessed")]
    assert note == (
        "type guessed from the title for 1 row (no type column says otherwise; change it in "
        "Design): row 3 'Breakout 1': Breakout"
    )


def test_our_own_export_is_read_as_written_never_guessed() -> None:
    draft = read_csv(b"Title,Duration,Lead\nQ&A,5,Sam (producer)\n", file="x.csv")
    again = read_csv(csv_bytes(draft), file="again.csv")
    assert again.segments == draft.segments
    assert not [w for w in again.warnings if w.startswith("type guessed")]


# --- durations written as hours and minutes ----------------------------------------------


def test_a_duration_column_headed_hh_mm_reads_hours_and_minutes() -> None:
    draft = read_csv(b"Segment,Time (hh:mm)\nOpening,0:10\nLab,1:05\n", file="x.csv")
    assert [s.planned_s for s in draft.segments] == [600, 3900]
    plain = read_csv(b"Segment,Duration\nOpening,0:10\n", file="x.csv")
    assert plain.segments[0].planned_s == 10  # mm:ss, as before


# --- what a person chooses ---------------------------------------------------------------


def test_a_choice_reads_exactly_the_columns_chosen() -> None:
    sheet = _sheet("Block|Mins|Speaker|Room", "Welcome|5|Ana|A", "Rooms|20|Learners|B")
    guess = guess_sheet(sheet)
    assert [c.field for c in guess.columns] == [Field.TITLE, Field.DURATION, Field.LEAD, None]
    choice = guess.choice()
    assert choice == ColumnChoice(1, {Field.TITLE: 0, Field.DURATION: 1, Field.LEAD: 2})
    fewer = ColumnChoice(1, {Field.TITLE: 0, Field.DURATION: 1, Field.MATERIALS: 3})
    reading = read_sheet_file(sheet, choice=fewer)
    welcome = reading.draft.segments[0]
    assert (welcome.lead_person, welcome.materials) == ("", "A")
    assert welcome.custom == (("Speaker", "Ana"),)  # not chosen: kept, not guessed again
    assert describe_columns(reading.columns) == (
        "Recognised 3 of 4 columns; 1 will be kept as a custom column: Speaker"
    )


def test_a_choice_that_does_not_fit_the_sheet_is_refused() -> None:
    sheet = _sheet("Block|Mins", "Welcome|5")
    for bad in (ColumnChoice(9, {Field.TITLE: 0}), ColumnChoice(1, {Field.TITLE: 0, Field.CUE: 0})):
        with pytest.raises(FormatError, match="do not fit"):
            read_sheet_file(sheet, choice=bad)
    with pytest.raises(FormatError, match="no duration"):
        read_sheet_file(sheet, choice=ColumnChoice(1, {Field.TITLE: 0}))


def test_a_sheet_without_a_title_column_is_still_guessed_for_a_person_to_complete() -> None:
    sheet = _sheet("Agenda for Tuesday", "Ohjelma|Kesto|Who", "Welcome|5|Dana", "Poll|4|Sam")
    guess = guess_sheet(sheet)
    assert guess.header_row == 2
    assert [(c.header, c.field) for c in guess.columns] == [
        ("Ohjelma", None),
        ("Kesto", None),
        ("Who", Field.LEAD),
    ]
    chosen = dataclasses.replace(
        guess.choice(), fields={**guess.choice().fields, Field.TITLE: 0, Field.DURATION: 1}
    )
    draft = read_sheet_file(sheet, choice=chosen).draft
    assert [(s.title, s.planned_s, s.lead_person) for s in draft.segments] == [
        ("Welcome", 300, "Dana"),
        ("Poll", 240, "Sam"),
    ]


def test_the_mapping_read_agrees_with_the_plain_read(tmp_path: Path) -> None:
    """The dialog's first preview (the guess as a choice) is what an import without the
    dialog reads."""
    sheet = open_sheet(COURSE)
    assert sheet is not None
    plain = read_plan(COURSE)
    chosen = read_sheet_file(sheet, choice=guess_sheet(sheet).choice()).draft
    strip = lambda d: [dataclasses.replace(s, id="", section_id="") for s in d.segments]  # noqa: E731
    assert strip(chosen) == strip(plain)
    assert [s.title for s in chosen.sections] == [s.title for s in plain.sections]
    assert chosen.warnings == plain.warnings


def test_read_table_without_rows_below_a_header_refuses() -> None:
    with pytest.raises(FormatError, match="no segments"):
        read_table([SheetRow(1, ("Title", "Duration"))], file="x.csv")


def test_our_export_read_through_the_dialogs_choice_is_the_plan_exported(tmp_path: Path) -> None:
    """The mapping dialog opens for our own exports too: its first choice reads them as
    they were written, ids, hand-offs and all."""
    course = read_plan(COURSE)
    path = tmp_path / "course.csv"
    path.write_bytes(csv_bytes(course))
    sheet = open_sheet(path)
    assert sheet is not None
    guess = guess_sheet(sheet)
    assert guess.exported and guess.describe() == (
        "Recognised 24 of 26 columns; 2 will be kept as custom columns: "
        "Co-facilitator notes, Comment"
    )
    again = read_sheet_file(sheet, choice=guess.choice()).draft
    assert again.segments == read_plan(path).segments == course.segments
    assert again.sections == course.sections


def test_an_empty_column_without_a_header_is_not_counted() -> None:
    sheet = _sheet("|Title|Duration||Room", "|A|5||x", "|B|5||")
    guess = guess_sheet(sheet)
    assert guess.used == frozenset({1, 2, 4})
    assert guess.describe() == "Recognised 2 of 3 columns; 1 will be kept as a custom column: Room"
    values = _sheet("Title|Duration|", "A|5|note")
    assert guess_sheet(values).describe() == (
        "Recognised 2 of 3 columns; 1 will be kept as a custom column: Column C"
    )


# --- a start cell that holds the end too ---------------------------------------------------


def test_a_time_column_of_ranges_gives_starts_and_ends() -> None:
    draft = read_csv(
        "Time;Session\n9:00–9:15;Welcome\n9:15 AM - 10:00 AM;Model\n10h00 à 10h20;Pause\n"
        "10:20 to 11:00;Practice\n".encode(),
        file="x.csv",
    )
    assert draft.start_s == 9 * 3600
    assert [s.planned_s for s in draft.segments] == [900, 2700, 1200, 2400]
    assert draft.segments[2].interaction is InteractionType.BREAK  # "Pause", by its title


def test_a_range_beside_a_duration_keeps_the_duration() -> None:
    draft = read_csv(b"Start,Title,Duration\n9:00-9:30,A,20\n9:30-9:40,B,10\n", file="x.csv")
    assert [s.planned_s for s in draft.segments] == [1200, 600]
    assert draft.start_s == 9 * 3600


def test_a_start_that_is_neither_a_time_nor_a_range_is_located() -> None:
    with pytest.raises(FormatError, match="'soon-ish'") as caught:
        read_csv(b"Title,Start\nA,9:00\nB,soon-ish\n", file="x.csv")
    assert (caught.value.row, caught.value.column) == (3, "Start")


def test_a_person_longer_than_a_name_is_refused_naming_the_lead_column() -> None:
    long = "Ana " * 300
    with pytest.raises(FormatError) as caught:
        read_csv(f"Title,Duration,Speaker\nA,5,{long}\n".encode(), file="x.csv")
    assert (caught.value.row, caught.value.column) == (2, "Speaker")

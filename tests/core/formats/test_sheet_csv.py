"""Reading and writing run-of-show CSV files as people really make them."""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal.errors import FormatError
from rehearsal.formats.sheet_csv import read_csv, sniff_separator, write_csv
from rehearsal.model import InteractionType, LeadRole, PlanDraft, Segment

FIXTURES = Path(__file__).parents[2] / "fixtures" / "sheets"


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_cp1252_semicolons_decimal_commas_title_block_and_group_rows() -> None:
    data = (FIXTURES / "atelier_cp1252_semicolon.csv").read_bytes()
    draft = read_csv(data, file="atelier.csv")
    assert draft.name == "Atelier « Prise de parole » – déroulé"
    assert draft.slot_s == 90 * 60
    assert [s.title for s in draft.sections] == ["Partie 1 – Ouverture", "Partie 2 – Pratique"]
    titles = [s.title for s in draft.segments]
    assert titles == ["Accueil & café", "Tour de table", "Jeu de rôle", "Sondage"]
    welcome, tour, role_play, poll = draft.segments
    assert welcome.planned_s == 450  # "7,5" minutes
    assert poll.planned_s == 3900  # "1h05"
    assert welcome.interaction is InteractionType.BREAK
    assert welcome.lead is LeadRole.LEARNERS
    assert role_play.interaction is InteractionType.SCENARIO_PRACTICE
    assert role_play.lead is LeadRole.CO_FACILITATOR
    assert tour.lead is LeadRole.FACILITATOR
    assert tour.lead_person == "Animatrice Zoé"  # a name, not a role: the lead person
    assert "Who" not in dict(tour.custom)
    assert welcome.section_id == tour.section_id == draft.sections[0].id
    assert role_play.section_id == poll.section_id == draft.sections[1].id
    assert welcome.intent == "Se détendre"
    assert welcome.facilitator_notes == "Café prêt à 8h45"
    assert ("Room", "A") in welcome.custom
    assert any("Windows-1252" in w for w in draft.warnings)
    assert any("Total" in w for w in draft.warnings)


def test_tab_separated_with_bom_and_start_end_pairs() -> None:
    draft = read_csv((FIXTURES / "agenda_utf8_bom.tsv").read_bytes(), file="agenda.tsv")
    assert draft.start_s == 9 * 3600 + 30 * 60
    assert [s.planned_s for s in draft.segments] == [600, 1500, 600, 900]
    assert draft.segments[0].title == "Welcome — why we're here"
    assert [s.interaction for s in draft.segments] == [
        InteractionType.PRESENTATION,
        InteractionType.BREAKOUT,
        InteractionType.KNOWLEDGE_CHECK,
        InteractionType.QA,
    ]
    assert draft.segments[0].materials == "Slides 1–4"
    assert draft.warnings == ()


def test_crlf_comma_quotes_and_every_duration_form() -> None:
    data = _csv(
        "Segment,Length,Notes\r\n"
        '"Intro, welcome",5,"line one\r\nline two"\r\n'
        "Demo,5m,\r\n"
        "Case,1h05,\r\n"
        "Poll,10m15s,\r\n"
        "Debrief,12:30,\r\n"
        "Lab,1:15:00,\r\n"
    )
    draft = read_csv(data, file="x.csv")
    assert [s.planned_s for s in draft.segments] == [300, 300, 3900, 615, 750, 4500]
    assert draft.segments[0].title == "Intro, welcome"
    assert draft.segments[0].facilitator_notes == "line one\nline two"  # as XLSX reads it


def test_blank_rows_instructions_and_an_empty_first_column_are_skipped() -> None:
    data = _csv(
        ",Run of show — Leadership 101\n"
        ",\n"
        ",Fill one row per activity. Durations are in minutes unless written as h:mm:ss.\n"
        ",,,\n"
        ",Activity,Mins,Owner,Method,Purpose\n"
        ",,,,,\n"
        ",Opening,10,Facilitator,Presentation,Set the frame\n"
        ",Please keep this sheet in sync with the slide deck and tell the producer of changes.\n"
        ",Breakouts,25,Participants,Breakout rooms,Practise\n"
        ",,,,,\n"
    )
    draft = read_csv(data, file="x.csv")
    assert draft.name == "Run of show — Leadership 101"
    assert [s.title for s in draft.segments] == ["Opening", "Breakouts"]
    assert draft.segments[1].interaction is InteractionType.BREAKOUT
    assert draft.segments[1].lead is LeadRole.LEARNERS
    assert any("row 8" in w and "note" in w for w in draft.warnings)


def test_aliases_flags_ranges_ids_and_unknown_columns() -> None:
    known = str(uuid.uuid4())
    data = _csv(
        "ID,Cue,Module,Topic,Duration,Interaction,Speaker,Why,Producer notes,Slides,"
        "Plan B,Must keep,Flex min,Flex max,Zoom link\n"
        f"{known},A1,Day 1,Kick-off,5,Icebreaker,Dana,Energy,Open poll,1-3,Skip it,x,3,8,https://z\n"
        "7,A2,,Wrap,5,Chat,co-fac,,,,,no,,,\n"
    )
    draft = read_csv(data, file="x.csv")
    kickoff, wrap = draft.segments
    assert kickoff.id == known
    assert kickoff.cue == "A1"
    assert kickoff.interaction is InteractionType.OTHER
    assert ("Interaction", "Icebreaker") in kickoff.custom
    assert kickoff.lead_person == "Dana" and "Speaker" not in dict(kickoff.custom)
    assert ("Zoom link", "https://z") in kickoff.custom
    assert kickoff.intent == "Energy"
    assert kickoff.producer_cues == "Open poll"
    assert kickoff.materials == "1-3"
    assert kickoff.contingency == "Skip it"
    assert kickoff.non_negotiable
    assert (kickoff.flex_min_s, kickoff.flex_max_s) == (180, 480)
    assert "row 2: unknown type 'Icebreaker' kept as other" in draft.warnings
    assert wrap.id != "7" and ("ID", "7") in wrap.custom
    assert wrap.section_id == kickoff.section_id  # an empty module cell continues the module
    assert wrap.lead is LeadRole.CO_FACILITATOR
    assert not wrap.non_negotiable


def test_flexible_column_is_the_inverse_of_non_negotiable() -> None:
    draft = read_csv(_csv("Title,Duration,Flexible?\nA,5,yes\nB,5,no\n"), file="x.csv")
    assert [s.non_negotiable for s in draft.segments] == [False, True]


def test_start_only_rows_last_until_the_next_start() -> None:
    data = _csv("Start time,Session\n09:00,Welcome\n09:20,Part one\n10:05,Break\n10:20,End\n")
    draft = read_csv(data, file="x.csv")
    assert draft.start_s == 9 * 3600
    assert [s.planned_s for s in draft.segments] == [1200, 2700, 900, 0]
    assert draft.segments[-1].marker
    assert draft.segments[2].interaction is InteractionType.BREAK  # from its title
    assert draft.segments[1].interaction is InteractionType.PRESENTATION


def test_time_beside_a_duration_column_is_the_start() -> None:
    draft = read_csv(_csv("Time,Item,Duration\n9:00,A,10\n9:10,B,5\n"), file="x.csv")
    assert draft.start_s == 9 * 3600
    assert [s.planned_s for s in draft.segments] == [600, 300]


def test_a_section_column_makes_sections_and_reuses_titles() -> None:
    data = _csv("Section,Title,Duration\nOpen,A,1\nOpen,B,1\nWork,C,1\nOpen,D,1\n")
    draft = read_csv(data, file="x.csv")
    assert [s.title for s in draft.sections] == ["Open", "Work"]
    open_id = draft.sections[0].id
    assert [s.section_id == open_id for s in draft.segments] == [True, True, False, True]


def test_plan_facts_above_the_header() -> None:
    data = _csv(
        "Programme:,Onboarding\nPlanned start,9:30 AM\nSlot,2h\nDate,2024-05-01\n\n"
        "Title,Duration\nA,5\n"
    )
    draft = read_csv(data, file="x.csv")
    assert (draft.name, draft.start_s, draft.slot_s) == ("Onboarding", 34200, 7200)
    assert any("Date" in w for w in draft.warnings)


def test_a_time_zone_in_the_title_block() -> None:
    data = _csv("Planned start,9:30\nTime zone,Europe/Berlin\n\nTitle,Duration\nA,5\n")
    assert read_csv(data, file="x.csv").time_zone == "Europe/Berlin"
    assert read_csv(_csv("TZ: Asia/Kolkata\nTitle,Duration\nA,5\n"), file="x.csv").time_zone == (
        "Asia/Kolkata"
    )
    assert read_csv(_csv("Title,Duration\nA,5\n"), file="x.csv").time_zone == ""
    with pytest.raises(FormatError, match="unknown time zone 'Berlin'") as caught:
        read_csv(_csv("Slot,1h\nTime zone,Berlin\nTitle,Duration\nA,5\n"), file="x.csv")
    assert (caught.value.row, caught.value.column) == (2, "B")


def test_mapping_names_columns_in_another_language() -> None:
    data = _csv("Ohjelma;Kesto;Sali\nTervetuloa;10;A\n")  # Finnish: not in the vocabulary
    with pytest.raises(FormatError) as caught:
        read_csv(data, file="fi.csv")
    assert "--map title=COLUMN" in str(caught.value)
    assert "'Ohjelma'" in str(caught.value)
    draft = read_csv(data, file="fi.csv", mapping={"title": "ohjelma", "duration": "KESTO"})
    assert draft.segments[0].title == "Tervetuloa"
    assert draft.segments[0].planned_s == 600
    assert draft.segments[0].custom == (("Sali", "A"),)


def test_french_headers_with_accents_are_recognised() -> None:
    draft = read_csv(_csv("Séquence;Durée;Salle\nAccueil;10;A\n"), file="fr.csv")
    assert (draft.segments[0].title, draft.segments[0].planned_s) == ("Accueil", 600)
    assert draft.segments[0].custom == (("Salle", "A"),)


def test_mapping_to_a_missing_column_lists_the_columns() -> None:
    with pytest.raises(FormatError) as caught:
        read_csv(_csv("Title,Duration\nA,5\n"), file="x.csv", mapping={"title": "Topic"})
    message = str(caught.value)
    assert "x.csv" in message and "'topic'" in message and "'Title', 'Duration'" in message


def test_mapping_to_an_unknown_field_is_refused() -> None:
    with pytest.raises(FormatError, match="unknown field 'colour'"):
        read_csv(_csv("Title,Duration\nA,5\n"), file="x.csv", mapping={"colour": "Title"})


def test_no_duration_column_says_which_columns_were_found() -> None:
    with pytest.raises(FormatError) as caught:
        read_csv(_csv("Title,Owner,Notes\nA,me,\n"), file="x.csv")
    error = caught.value
    assert error.file == "x.csv" and error.row == 1
    assert "duration" in str(error) and "'Owner'" in str(error) and "--map" in str(error)


def test_an_unreadable_duration_names_file_row_column_and_value() -> None:
    data = _csv("Notes\nTitle,Duration\nA,5\nB,about ten\n")
    with pytest.raises(FormatError) as caught:
        read_csv(data, file="plan.csv")
    error = caught.value
    assert (error.file, error.row, error.column) == ("plan.csv", 4, "Duration")
    assert "about ten" in str(error) and "h:mm:ss" in error.expected


def test_an_unreadable_start_time_is_located() -> None:
    with pytest.raises(FormatError) as caught:
        read_csv(_csv("Title,Start,End\nA,9:00,soon\n"), file="x.csv")
    assert (caught.value.row, caught.value.column) == (2, "End")


@pytest.mark.parametrize(
    "data",
    [
        b"Title,Duration\x00\nA,5\n",
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05\x06" * 50,
        b"\x81\x8d\x8f",  # neither UTF-8 nor Windows-1252
        b"",
        b"\n\n ,,\n",
        b"just one line of prose",
    ],
)
def test_binary_junk_and_empty_files_are_refused(data: bytes) -> None:
    with pytest.raises(FormatError) as caught:
        read_csv(data, file="junk.csv")
    assert caught.value.file == "junk.csv"


def test_header_but_no_segments_is_refused() -> None:
    with pytest.raises(FormatError, match="no segments"):
        read_csv(b"Title,Duration\n\n", file="x.csv")


def test_too_many_columns_is_refused() -> None:
    header = ",".join(["Title", "Duration", *(f"c{i}" for i in range(300))])
    with pytest.raises(FormatError, match="columns"):
        read_csv((header + "\n" + "a,5," + ",".join("x" * 300) + "\n").encode(), file="x.csv")


def test_utf16_from_excel_unicode_text_is_read() -> None:
    data = "Title\tDuration\nÉtude\t5\n".encode("utf-16")
    assert read_csv(data, file="x.txt").segments[0].title == "Étude"


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2,5;3\n4,5;5;6\n", ";"),
        ("a\tb, c\n1\t2\n", "\t"),
        ('Slot;1:30\n\n"x;y",b,c\n1,2,3\n', ","),
    ],
)
def test_separator_is_counted_outside_quotes(text: str, separator: str) -> None:
    assert sniff_separator(text) == separator


def test_written_csv_opens_in_excel_and_defuses_formulas(tmp_path: Path) -> None:
    plan = PlanDraft(
        segments=(Segment(id=str(uuid.uuid4()), title="=HYPERLINK(1)", planned_s=300),),
        start_s=9 * 3600,
    )
    path = tmp_path / "out.csv"
    write_csv(plan, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "0:05:00" in text and "Planned start,09:00" in text
    assert "\r\n" in text
    assert read_csv(raw, file="out.csv").segments[0].title == "=HYPERLINK(1)"


def test_a_leading_apostrophe_a_person_typed_stays() -> None:
    draft = read_csv(b"Title,Duration\n'tis the season,5\n", file="x.csv")
    assert draft.segments[0].title == "'tis the season"


_VALID = (FIXTURES / "atelier_cp1252_semicolon.csv").read_bytes()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_format_error(data: bytes) -> None:
    with contextlib.suppress(FormatError):
        read_csv(data, file="fuzz.csv")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_VALID)), st.integers(0, 3), st.binary(max_size=4)),
        min_size=1,
        max_size=8,
    )
)
def test_mutated_csv_raises_only_format_error(edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(_VALID)
    for at, cut, insert in edits:
        data[at : at + cut] = insert
    with contextlib.suppress(FormatError):
        read_csv(bytes(data), file="fuzz.csv")


def test_unrecognised_columns_are_listed_for_a_mapping(tmp_path: Path) -> None:
    from rehearsal.errors import ColumnsNotRecognised
    from rehearsal.formats import read_plan

    path = tmp_path / "agenda.csv"
    path.write_text("Agenda for Tuesday\nOhjelma,Kesto,Who\nWelcome,5,Dana\nPoll,4,Sam\n")
    with pytest.raises(ColumnsNotRecognised) as caught:
        read_plan(path)
    assert caught.value.columns == ("Ohjelma", "Kesto", "Who")
    assert caught.value.file == "agenda.csv" and "agenda.csv" in str(caught.value)
    draft = read_plan(path, mapping={"title": "Ohjelma", "duration": "Kesto"})
    assert [(s.title, s.planned_s) for s in draft.segments] == [("Welcome", 300), ("Poll", 240)]


# --- issue 13: an unclosed quote, a sheet of two encodings, a NUL in UTF-16 ------------------


def test_a_quote_never_closed_is_refused_at_the_row_it_opened() -> None:
    """Without it, every row after the quote would be read into one cell."""
    data = _csv('Title,Duration\r\nWelcome,5\r\n"Poll,4\r\nBreakout,15\r\nClose,3\r\n')
    with pytest.raises(FormatError, match="never closed") as err:
        read_csv(data, file="x.csv")
    assert (err.value.file, err.value.row, err.value.column) == ("x.csv", 3, "A")


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ('Title,Duration,Notes\nA,5,"two\nlines"\nB,5,"say ""hi"""\n', ["two\nlines", 'say "hi"']),
        (
            'Title,Duration,Notes\nA,5,a "quoted" word\nB,5,"closed" after\n',
            ['a "quoted" word', "closed after"],
        ),
        ('Title,Duration,Notes\nA,5,""', [""]),
    ],
)
def test_quotes_that_close_are_read_as_before(text: str, notes: list[str]) -> None:
    draft = read_csv(_csv(text), file="x.csv")
    assert [s.facilitator_notes for s in draft.segments] == notes


def test_rows_of_two_encodings_are_each_read_right_and_named() -> None:
    """Rows pasted from a UTF-8 sheet and a Windows-1252 one into a single file."""
    data = (
        b"Title;Duration;Notes\r\n"
        + "Café d'accueil;5;Zoë\r\n".encode()  # UTF-8
        + "Thé;5;Noël\r\n".encode("cp1252")
        + "Résumé;5;naïve\r\n".encode()
        + "Goûter;5;€\r\n".encode("cp1252")
    )
    draft = read_csv(data, file="mixed.csv")
    assert [s.title for s in draft.segments] == ["Café d'accueil", "Thé", "Résumé", "Goûter"]
    assert [s.facilitator_notes for s in draft.segments] == ["Zoë", "Noël", "naïve", "€"]
    [note] = [w for w in draft.warnings if "Windows-1252" in w]
    assert "rows 3, 5 are Windows-1252" in note and "rows 2, 4 are UTF-8" in note


def test_a_nul_in_utf16_text_is_refused() -> None:
    data = "Title\tDuration\r\nWel\x00come\t5\r\n".encode("utf-16")
    with pytest.raises(FormatError, match="NUL") as err:
        read_csv(data, file="x.csv")
    assert (err.value.row, err.value.column) == (2, "A")

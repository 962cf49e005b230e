"""Reading and writing run-of-show XLSX workbooks, and refusing what is not one."""

from __future__ import annotations

import contextlib
import io
import uuid
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal.errors import FormatError
from rehearsal.formats.sheet_xlsx import read_xlsx, write_xlsx
from rehearsal.model import InteractionType, LeadRole, PlanDraft, Section, Segment


def _workbook(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_spreadsheet_time_values_as_durations() -> None:
    data = _workbook(
        [
            ["Leadership 101 — run of show"],
            ["Durations are h:mm:ss"],
            [],
            [None, "Activity", "Duration", "Type", "Owner"],
            [None, "Time cell", time(0, 5, 0), "Poll", "Producer"],
            [None, "Timedelta", timedelta(minutes=95), "Whiteboard", "Learners"],
            [None, "Day fraction", 0.25 / 24, "Annotation", "Facilitator"],
            [None, "Minutes", 12, "Demo", "Co-facilitator"],
            [None, "Decimal minutes", 7.5, "Chat", None],
            [None, "Text", "1h05", "Discussion", None],
            [None, "Long time cell", 1.5, None, None],
        ],
        {"C7": "h:mm", "C11": "h:mm:ss"},
    )
    draft = read_xlsx(data, file="x.xlsx")
    assert draft.name == "Leadership 101 — run of show"
    assert [s.planned_s for s in draft.segments] == [300, 5700, 900, 720, 450, 3900, 36 * 3600]
    assert [s.interaction for s in draft.segments[:6]] == [
        InteractionType.POLL,
        InteractionType.ANNOTATION,
        InteractionType.ANNOTATION,
        InteractionType.DEMO,
        InteractionType.CHAT,
        InteractionType.DISCUSSION,
    ]
    assert draft.segments[1].lead is LeadRole.LEARNERS


def test_start_and_end_cells_as_times_and_date_times() -> None:
    data = _workbook(
        [
            ["Title", "Start", "End"],
            ["Open", time(9, 0), time(9, 15)],
            ["Work", datetime(2024, 5, 1, 9, 15), datetime(2024, 5, 1, 10, 0)],
            ["Close", "10:00 AM", "10:20 AM"],
            ["Late", time(23, 50), time(0, 10)],  # past midnight
        ]
    )
    draft = read_xlsx(data, file="x.xlsx")
    assert draft.start_s == 9 * 3600
    assert [s.planned_s for s in draft.segments] == [900, 2700, 1200, 1200]


def test_group_rows_custom_columns_and_booleans() -> None:
    data = _workbook(
        [
            ["Title", "Minutes", "Fixed", "Skip", "Camera"],
            ["Part 1 — Opening"],
            ["Welcome", 5, True, False, "wide"],
            ["Icebreaker", 10, "x", None, 3],
            ["Part 2 — Practice"],
            ["Role play", 20, None, True, None],
        ]
    )
    draft = read_xlsx(data, file="x.xlsx")
    assert [s.title for s in draft.sections] == ["Part 1 — Opening", "Part 2 — Practice"]
    welcome, icebreaker, role_play = draft.segments
    assert welcome.section_id == icebreaker.section_id == draft.sections[0].id
    assert role_play.section_id == draft.sections[1].id
    assert welcome.non_negotiable and icebreaker.non_negotiable and not role_play.non_negotiable
    assert role_play.skipped and not welcome.skipped
    assert welcome.custom == (("Camera", "wide"),)
    assert icebreaker.custom == (("Camera", "3"),)


def test_an_unreadable_duration_cell_is_located() -> None:
    data = _workbook([["Title", "Duration"], ["A", 5], ["B", "ten-ish"]])
    with pytest.raises(FormatError) as caught:
        read_xlsx(data, file="plan.xlsx")
    error = caught.value
    assert (error.file, error.row, error.column) == ("plan.xlsx", 3, "Duration")
    assert "ten-ish" in str(error)


def test_a_date_is_not_a_duration() -> None:
    data = _workbook([["Title", "Duration"], ["A", datetime(2024, 5, 1)]])
    with pytest.raises(FormatError, match="row 2"):
        read_xlsx(data, file="x.xlsx")


def test_no_title_column_mentions_the_mapping() -> None:
    data = _workbook([["Thing", "Duration"], ["A", 5]])
    with pytest.raises(FormatError, match="--map title=COLUMN"):
        read_xlsx(data, file="x.xlsx")
    draft = read_xlsx(data, file="x.xlsx", mapping={"title": "thing"})
    assert draft.segments[0].title == "A"


def test_written_workbook_is_pleasant_and_reads_back(tmp_path: Path) -> None:
    section = Section(str(uuid.uuid4()), "Opening")
    plan = PlanDraft(
        name="Demo",
        slot_s=3600,
        start_s=9 * 3600,
        sections=(section,),
        segments=(
            Segment(str(uuid.uuid4()), "=SUM(A1)", 300, section.id, facilitator_notes="long\ntext"),
        ),
        source="demo.json",
    )
    path = tmp_path / "out.xlsx"
    write_xlsx(plan, path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "ID")
    assert sheet.cell(header_row, 1).font.bold
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet["B3"].value == timedelta(hours=1) or sheet["B3"].number_format == "[h]:mm:ss"
    titles = [sheet.cell(r, 4).value for r in range(header_row + 1, sheet.max_row + 1)]
    assert "=SUM(A1)" in titles  # text, not a formula
    assert read_xlsx(path.read_bytes(), file="out.xlsx") == plan


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = _zip(
        {
            "[Content_Types].xml": b"<x/>",
            "xl/workbook.xml": b"<x/>",
            "xl/big.xml": b"\0" * 30_000_000,
        }
    )
    with pytest.raises(FormatError, match="ZIP bomb"):
        read_xlsx(bomb, file="bomb.xlsx")


def test_an_archive_too_large_unpacked_is_refused() -> None:
    members = {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    members |= {f"xl/part{i}.xml": bytes(range(256)) * 4096 * 10 for i in range(11)}
    with pytest.raises(FormatError, match="unpack"):
        read_xlsx(_zip(members, zipfile.ZIP_STORED), file="huge.xlsx")


@pytest.mark.parametrize(
    "data",
    [
        _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}),  # a .docx
        _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"not xml"}),
        b"PK\x03\x04 truncated",
        b"",
        b"plain text",
    ],
)
def test_what_is_not_a_workbook_is_refused(data: bytes) -> None:
    with pytest.raises(FormatError) as caught:
        read_xlsx(data, file="bad.xlsx")
    assert caught.value.file == "bad.xlsx"


def test_a_truncated_workbook_is_refused() -> None:
    data = _workbook([["Title", "Duration"], ["A", 5]])
    for cut in (len(data) // 3, len(data) // 2, len(data) - 30):
        with pytest.raises(FormatError):
            read_xlsx(data[:cut], file="cut.xlsx")


def test_too_many_columns_is_refused() -> None:
    data = _workbook(
        [["Title", "Duration", *(f"c{i}" for i in range(250))], ["A", 5, *("x" * 250)]]
    )
    with pytest.raises(FormatError, match="columns"):
        read_xlsx(data, file="wide.xlsx")


def test_too_many_rows_is_refused() -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Title", "Duration"])
    for i in range(20_200):
        sheet.append([f"s{i}", 1])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FormatError, match="rows"):
        read_xlsx(out.getvalue(), file="long.xlsx")


_VALID = _workbook([["Title", "Duration", "Type"], ["A", 5, "Poll"], ["B", time(0, 10), "Chat"]])


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_raise_only_format_error(data: bytes) -> None:
    with contextlib.suppress(FormatError):
        read_xlsx(b"PK\x03\x04" + data, file="fuzz.xlsx")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), min_size=1, max_size=6
    )
)
def test_mutated_workbook_raises_only_format_error(edits: list[tuple[int, int]]) -> None:
    data = bytearray(_VALID)
    for at, byte in edits:
        data[at] = byte
    with contextlib.suppress(FormatError):
        read_xlsx(bytes(data), file="fuzz.xlsx")


def test_an_xml_entity_bomb_is_refused() -> None:
    entities = (
        b'<!DOCTYPE worksheet [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    source = zipfile.ZipFile(io.BytesIO(_workbook([["Title", "Duration"], ["LAUGH", 5]])))
    members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    assert b"LAUGH" in sheet
    declaration_end = sheet.index(b"?>") + 2 if sheet.startswith(b"<?xml") else 0
    members["xl/worksheets/sheet1.xml"] = (
        sheet[:declaration_end] + entities + sheet[declaration_end:].replace(b"LAUGH", b"&d;")
    )
    with pytest.raises(FormatError) as caught:
        read_xlsx(_zip(members), file="laughs.xlsx")
    assert caught.value.file == "laughs.xlsx"

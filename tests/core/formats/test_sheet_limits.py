"""CSV and XLSX sheets are held to the domain's bounds (issue 13): what no plan may hold is
refused naming the row and the column; what a sheet writes loosely (line breaks, ids) is
read the way every other door reads it."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from rehearsal.errors import FormatError
from rehearsal.formats import read_plan
from rehearsal.limits import is_uuid


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def _xlsx(tmp_path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("Slot,208:00:00\n\nTitle,Duration\nA,5\n", 1, "B"),  # what a JSON plan once let in
        ("Slot,0:00:30\n\nTitle,Duration\nA,5\n", 1, "B"),
        ("Title,Duration\n" + "x" * 1001 + ",5\n", 2, "Title"),
        ("Title,Duration,Notes\nA,5," + "n" * 32_768 + "\n", 2, "Notes"),
        ("Title,Duration,Flex min,Flex max\nA,5,10,5\n", 2, "Flex min"),
        ("Title,Duration,Room\nA,5," + "r" * 32_768 + "\n", 2, "Room"),
        ("Title,Duration,Section\nA,5," + "s" * 1001 + "\n", 2, "Section"),
        ("Title,Duration,Transition,Transition cue\nA,5,1," + "c" * 32_768 + "\n", 2, None),
        ("Title,Timer type,Duration\nA,,24:00:00\n" + "D,delay,24:00:00\n" * 8, 10, "Duration"),
    ],
)
def test_values_outside_the_bounds_are_refused_naming_row_and_column(
    tmp_path: Path, text: str, row: int, column: str | None
) -> None:
    with pytest.raises(FormatError) as err:
        read_plan(_csv(tmp_path, text))
    assert (err.value.file, err.value.row) == ("sheet.csv", row), str(err.value)
    if column is not None:
        assert err.value.column == column, str(err.value)


def test_an_xlsx_number_too_large_for_a_duration_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["Title", "Duration"], ["A", 1e308]])
    with pytest.raises(FormatError, match="as a duration") as err:
        read_plan(path)
    assert (err.value.row, err.value.column) == (2, "Duration")


def test_line_breaks_are_read_as_a_spreadsheet_reads_them(tmp_path: Path) -> None:
    """ "\r\n" and a lone "\r" inside a quoted cell are "\n" (as an XLSX gives them back);
    invisible control characters are dropped."""
    path = _csv(tmp_path, 'Title,Duration,Notes\r\nA,5,"one\r\ntwo\rthree\x07"\r\n')
    assert read_plan(path).segments[0].facilitator_notes == "one\ntwo\nthree"


def test_section_ids_that_are_not_uuids_become_stable_ones(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Title,Duration,Section,Section ID\nA,5,Intro,../x\nB,5,Intro,../x\nC,5,Close,c\n",
    )
    first, second = read_plan(path), read_plan(path)
    assert [s.id for s in first.sections] == [s.id for s in second.sections]
    assert all(is_uuid(s.id) for s in first.sections) and len(first.sections) == 2
    a, b, c = first.segments
    assert a.section_id == b.section_id == first.sections[0].id != c.section_id


def test_a_repeated_transition_id_gets_a_new_one_and_a_warning(tmp_path: Path) -> None:
    same = "0a1d6e43-3f0e-4c55-bf3f-d59e7e7f9a1e"
    path = _csv(
        tmp_path,
        f"Title,Duration,Transition,Transition ID\nA,5,1,{same}\nB,5,1,{same}\nC,5,,\n",
    )
    draft = read_plan(path)
    first, second = draft.transitions
    assert first.id == same and is_uuid(second.id) and second.id != same
    assert any("row 3" in w and "repeated" in w for w in draft.warnings)

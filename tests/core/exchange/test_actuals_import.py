"""Actuals captured elsewhere become a finished rehearsal of a plan."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from plans import small_draft
from reviewing import dump

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.errors import ColumnsNotRecognised, FormatError, RehearsalError
from rehearsal.exchange.actuals_import import import_actuals

FIXTURES = Path(__file__).parents[2] / "fixtures" / "actuals"


def test_an_ontime_report_becomes_a_finished_rehearsal(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    report = import_actuals(ws, FIXTURES / "ontime_report.csv", plan.id, day=date(2026, 2, 3))
    assert report.matched == 3
    assert report.not_matched == [(6, "9 Sponsor message")]
    assert report.not_in_file == ["Close"]
    summary = ws.rehearsal_summary(report.rehearsal_id)
    actual = {s.title: s.actual_s for s in summary.segments}
    assert actual == {
        "Welcome": 330.0,  # 09:01:00 → 09:06:30
        "Poll": 210.0,
        "Open rooms": 180.0,  # the gap 09:10 → 09:13 is the timed transition
        "Breakout": 960.0,
        "Close": None,  # no actual start: not run
    }
    assert summary.rehearsal.status.value == "finished"
    assert summary.started_wall.startswith("2026-02-03T09:01:00")
    assert "Not matched" in report.summary() and "Close" in report.summary()


def test_durations_only_in_an_xlsx_with_a_gap_counted_as_a_pause(
    ws: Workspace, tmp_path: Path
) -> None:
    plan = ws.add_plan(small_draft())
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Dry run 3 — actuals"])
    sheet.append([])
    sheet.append(["Segment", "Actual (min)"])
    for title, minutes in [("welcome", 6), ("POLL", 4.5), ("Breakout", 14), ("Close", 3)]:
        sheet.append([title, minutes])
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    report = import_actuals(ws, path, plan.id, kind="pilot", facilitator="Maya, Jordan")
    summary = ws.rehearsal_summary(report.rehearsal_id)
    assert [s.actual_s for s in summary.segments] == [360.0, 270.0, 0.0, 840.0, 180.0]
    assert summary.rehearsal.facilitators == ("Maya", "Jordan")
    assert summary.rehearsal.kind.value == "pilot" and report.not_in_file == []
    gappy = tmp_path / "gap.csv"
    gappy.write_text(
        "Title;Actual start;Actual end\r\nWelcome;10:00;10:05\r\nPoll;10:07;10:11\r\n",
        encoding="cp1252",
    )
    summary = ws.rehearsal_summary(import_actuals(ws, gappy, plan.id).rehearsal_id)
    welcome = summary.segments[0]
    assert (welcome.actual_s, welcome.pause_s) == (300.0, 120.0)  # the gap is not its time


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        ("Title,Notes\nWelcome,hi\n", ColumnsNotRecognised, "no header row"),
        ("Title,Actual start,Actual end\nWelcome,soon,09:05\n", FormatError, "row 2"),
        ("Title,Duration\nWelcome,five\n", FormatError, "not a duration"),
        ("Title,Duration\nNothing like it,5\n", FormatError, "none of its 1 rows matched"),
    ],
)
def test_bad_actuals_are_refused_and_change_nothing(
    ws: Workspace, tmp_path: Path, content: str, error: type[Exception], message: str
) -> None:
    plan = ws.add_plan(small_draft())
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    before = dump(ws)
    with pytest.raises(error, match=message) as caught:
        import_actuals(ws, path, plan.id)
    assert "bad.csv" in str(caught.value)
    assert dump(ws) == before


def test_import_actuals_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        plan = ws.add_plan(small_draft())
    argv = ["import-actuals", str(FIXTURES / "ontime_report.csv"), "--plan", plan.id]
    assert main([*argv, "--kind", "pilot", "--date", "2026-02-03", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "3 segments matched" in out and "Sponsor message" in out
    with Workspace.open(db) as ws:
        (rehearsal,) = ws.rehearsals(plan.id)
        assert rehearsal.kind.value == "pilot" and rehearsal.created.startswith("2026-02-03")


def test_sheets_as_they_come_from_the_room(ws: Workspace, tmp_path: Path) -> None:
    """A planned Duration beside actual times, a segment run early, a start with no end, a
    title used twice, Ontime's milliseconds near midnight."""
    base = small_draft()
    twice = dataclasses.replace(base.segments[3], id="second-close", title="Close")
    plan = ws.add_plan(dataclasses.replace(base, segments=(*base.segments, twice)))
    sheet = tmp_path / "room.csv"
    sheet.write_text(
        "Title,Duration,Actual start,Actual end\n"
        "Welcome,5,09:00,09:06\n"
        "Poll,4,09:20,09:24\n"  # ran after the breakout: out of plan order
        "Breakout,15,09:06,09:20\n"
        "Close,3,09:24,\n"  # no end: until the next start
        "Close,3,09:27,09:30\n",
        encoding="utf-8",
    )
    report = import_actuals(ws, sheet, plan.id)
    actual = {s.id: s.actual_s for s in ws.rehearsal_summary(report.rehearsal_id).segments}
    ids = [s.id for s in plan.segments]
    assert [actual[i] for i in ids] == [360.0, 240.0, 840.0, 180.0, 180.0]
    assert report.not_matched == [] and report.not_in_file == []
    assert any("another order" in w and "Breakout" in w for w in report.warnings)
    planned_only = tmp_path / "planned.csv"
    planned_only.write_text(
        "Title,Duration,Actual start,Actual end\nWelcome,5,09:00,09:06\nPoll,4,,\n",
        encoding="utf-8",
    )
    report = import_actuals(ws, planned_only, plan.id)
    assert "Poll" in report.not_in_file  # its planned 4 minutes are not an actual
    ontime = tmp_path / "ontime.csv"
    ontime.write_text(
        "Index,Title,Cue,Scheduled Start,Actual Start,Scheduled End,Actual End\n"
        "1,Welcome,1,0,0,300000,5000\n",
        encoding="utf-8",
    )
    summary = ws.rehearsal_summary(import_actuals(ws, ontime, plan.id).rehearsal_id)
    assert summary.segments[0].actual_s == 5.0  # 0 ms → 5,000 ms after midnight


def test_imported_actuals_are_written_the_way_a_live_run_writes(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both go through `storage.rehearsals.append_events` (an armed rehearsal, then its
    events, the last one finishing it), so whatever a finished rehearsal stores, both do."""
    from rehearsal.clock import FakeClock
    from rehearsal.model import EventKind
    from rehearsal.storage import rehearsals as stored

    written: list[tuple[str, list[EventKind]]] = []
    real = stored.append_events

    def spy(s, rehearsal_id, recorded, **known):  # type: ignore[no-untyped-def]
        written.append((rehearsal_id, [event.kind for event, _ in recorded]))
        real(s, rehearsal_id, recorded, **known)

    monkeypatch.setattr(stored, "append_events", spy)
    plan = ws.add_plan(small_draft())
    run = ws.start_rehearsal(plan.id, clock=FakeClock())
    run.next()
    run.finish()
    assert [kinds for rid, kinds in written if rid == run.rehearsal.id] == [
        [EventKind.NEXT],
        [EventKind.FINISH],
    ]
    report = import_actuals(ws, FIXTURES / "ontime_report.csv", plan.id, day=date(2026, 2, 3))
    ((rid, kinds),) = [(rid, kinds) for rid, kinds in written if rid == report.rehearsal_id]
    assert kinds[0] is EventKind.NEXT and kinds[-1] is EventKind.FINISH
    assert ws.rehearsal(rid).status.value == "finished"


# --- issue 13: an end before its start, two rows for one segment ----------------------------


def _actuals(tmp_path: Path, text: str, name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "row", "column"),
    [
        ("Welcome,10:10,10:00\n", 2, "Actual end"),  # would be 23 h 50 min
        ("Welcome,09:00,09:05\nPoll,13:50,02:00\n", 3, "Actual end"),  # 12 h 10 min
        ("Welcome,2026-02-03 10:10,2026-02-03 10:00\n", 2, "Actual end"),
        ("Welcome,2026-02-04 23:50,2026-02-03 00:10\n", 2, "Actual end"),
        ("Welcome,2026-02-30 10:00,2026-02-30 10:05\n", 2, "Actual start"),
    ],
)
def test_an_end_before_its_start_is_refused_and_nothing_stored(
    ws: Workspace, tmp_path: Path, rows: str, row: int, column: str
) -> None:
    plan = ws.add_plan(small_draft())
    before = dump(ws)
    path = _actuals(tmp_path, "Title,Actual start,Actual end\n" + rows)
    with pytest.raises(FormatError) as caught:
        import_actuals(ws, path, plan.id)
    assert (caught.value.file, caught.value.row, caught.value.column) == (
        "actuals.csv",
        row,
        column,
    )
    assert dump(ws) == before


@pytest.mark.parametrize(
    "rows",
    [
        "Welcome,23:50,00:10\n",
        "Welcome,2026-02-03 23:50,2026-02-04 00:10\n",
        "Welcome,23:50:00,0:10:00\n",
    ],
)
def test_a_run_across_midnight_is_kept(ws: Workspace, tmp_path: Path, rows: str) -> None:
    plan = ws.add_plan(small_draft())
    path = _actuals(tmp_path, "Title,Actual start,Actual end\n" + rows)
    summary = ws.rehearsal_summary(import_actuals(ws, path, plan.id).rehearsal_id)
    assert summary.segments[0].actual_s == 20 * 60


@pytest.mark.parametrize(
    ("text", "row", "first"),
    [
        (
            "Title,Actual start,Actual end\nWelcome,9:00,9:05\nPoll,9:05,9:09\nwelcome,9:09,9:12\n",
            4,
            2,
        ),
        ("Cue,Title,Actual start,Actual end\n2,Poll,9:00,9:05\n2,Poll again,9:06,9:09\n", 3, 2),
        (
            "Index,Title,Cue,Scheduled Start,Actual Start,Scheduled End,Actual End\n"
            "1,Welcome,1,09:00:00,09:01:00,09:05:00,09:06:30\n"
            "2,Welcome,1,09:05:00,09:06:30,09:09:00,09:10:00\n",
            3,
            2,
        ),
    ],
)
def test_two_rows_for_one_segment_are_refused_naming_both(
    ws: Workspace, tmp_path: Path, text: str, row: int, first: int
) -> None:
    base = small_draft()
    plan = ws.add_plan(
        dataclasses.replace(
            base, segments=(dataclasses.replace(base.segments[0], cue="1"), *base.segments[1:])
        )
    )
    before = dump(ws)
    with pytest.raises(FormatError, match="a second row for the segment") as caught:
        import_actuals(ws, _actuals(tmp_path, text), plan.id)
    assert caught.value.row == row and f"(row {first} is the first)" in str(caught.value)
    assert dump(ws) == before


def test_actuals_longer_than_any_run_are_refused(ws: Workspace, tmp_path: Path) -> None:
    base = small_draft()
    extra = tuple(
        dataclasses.replace(base.segments[3], id=f"00000000-0000-4000-8000-00000000000{i}")
        for i in range(2)
    )
    plan = ws.add_plan(dataclasses.replace(base, segments=(*base.segments, *extra)))
    rows = "".join(f"{s.id},168:00:00\n" for s in plan.segments)
    before = dump(ws)
    with pytest.raises(FormatError, match="longer than any run"):
        import_actuals(ws, _actuals(tmp_path, "ID,Actual duration\n" + rows), plan.id)
    assert dump(ws) == before


def test_how_a_csv_of_actuals_was_read_is_reported(ws: Workspace, tmp_path: Path) -> None:
    plan = ws.add_plan(small_draft())
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "Title,Actual start,Actual end,Note\nWelcome,9:00,9:05,Zoë\n".encode()
        + "Poll,9:05,9:09,Noël\n".encode("cp1252")
    )
    report = import_actuals(ws, path, plan.id)
    assert any("row 3 is Windows-1252" in w for w in report.warnings)
    assert "row 3 is Windows-1252" in report.summary()


def test_a_day_past_the_calendar_is_refused_not_overflowed(ws: Workspace, tmp_path: Path) -> None:
    """Found by the fuzzer: a date-time cell of 9999-12-31 overflowed the run's clock."""
    from datetime import datetime

    plan = ws.add_plan(small_draft())
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Title", "Actual start", "Actual end"])
    sheet.append(["Welcome", datetime(9999, 12, 31, 23, 50), datetime(9999, 12, 31, 23, 55)])
    path = tmp_path / "far.xlsx"
    book.save(path)
    before = dump(ws)
    with pytest.raises(FormatError, match="not a day a rehearsal ran on") as caught:
        import_actuals(ws, path, plan.id)
    assert (caught.value.row, caught.value.column) == (2, "Actual start")
    with pytest.raises(RehearsalError, match="not a day"):
        import_actuals(ws, FIXTURES / "ontime_report.csv", plan.id, day=date(9999, 12, 31))
    assert dump(ws) == before


def test_a_spreadsheet_zero_date_is_a_time_of_day(ws: Workspace, tmp_path: Path) -> None:
    """A time typed into a date-time cell reads as a day in 1899 or 1900: no day at all."""
    from datetime import datetime

    plan = ws.add_plan(small_draft())
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Title", "Actual start", "Actual end"])
    sheet.append(["Welcome", datetime(1899, 12, 31, 9, 0), datetime(1899, 12, 31, 9, 6)])
    path = tmp_path / "zero.xlsx"
    book.save(path)
    report = import_actuals(ws, path, plan.id, day=date(2026, 2, 3))
    summary = ws.rehearsal_summary(report.rehearsal_id)
    assert summary.segments[0].actual_s == 360.0
    assert summary.started_wall.startswith("2026-02-03T09:00")

"""Dates and times as the platforms write them: one order of day and month a file, the
zone the caller gives (or this device's, said in a warning)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehearsal.errors import FormatError
from rehearsal.formats.evidence.items import Warnings
from rehearsal.formats.evidence.wall_clock import DateOrder, WallClock

NEW_YORK = ZoneInfo("America/New_York")


def _read(
    text: str, stamps: list[str] | None = None, prefer: DateOrder = DateOrder.MONTH_FIRST
) -> datetime:
    clock = WallClock("f.csv", NEW_YORK, Warnings(), stamps or [text], prefer)
    return datetime.fromtimestamp(clock.ms(text, 1) / 1000, NEW_YORK).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/31/2024 09:02:10 AM", datetime(2024, 1, 31, 9, 2, 10)),
        ("1/31/2024, 9:02:10 PM", datetime(2024, 1, 31, 21, 2, 10)),
        ("01/31/2024 12:05:00 AM", datetime(2024, 1, 31, 0, 5)),
        ("01/31/2024 12:05:00 PM", datetime(2024, 1, 31, 12, 5)),
        ("01/31/2024 13:55", datetime(2024, 1, 31, 13, 55)),
        ("31.1.2024, 09:02:10", datetime(2024, 1, 31, 9, 2, 10)),
        ("15/11/22, 09:30:17", datetime(2022, 11, 15, 9, 30, 17)),
        ("2024/1/31 18:29", datetime(2024, 1, 31, 18, 29)),
        ("2024-01-31 09:02:10", datetime(2024, 1, 31, 9, 2, 10)),
        ("2024-01-31T09:02:10.250", datetime(2024, 1, 31, 9, 2, 10, 250_000)),
        ("Jan 31, 2024 09:02:10", datetime(2024, 1, 31, 9, 2, 10)),
        ("Sept 3, 2024 9:02 a.m.", datetime(2024, 9, 3, 9, 2)),
        ("31 January 2024 21:02", datetime(2024, 1, 31, 21, 2)),
    ],
)
def test_the_forms_a_platform_writes(text: str, expected: datetime) -> None:
    assert _read(text) == expected


def test_an_offset_in_the_file_wins_over_the_zone_given() -> None:
    clock = WallClock("f.csv", NEW_YORK, Warnings())
    assert clock.ms("2024-01-31T09:00:00Z", 1) == round(
        datetime(2024, 1, 31, 9, tzinfo=UTC).timestamp() * 1000
    )
    assert clock.ms("2024-01-31 10:00:00+01:00", 1) == clock.ms("2024-01-31T09:00:00Z", 1)


def test_one_order_a_file_the_one_every_date_fits() -> None:
    """The same 02/03/2024 is 3 February in a file that also has 02/13/2024, and 2 March in
    one that also has 13/03/2024."""
    assert _read("02/03/2024 10:00", ["02/03/2024 10:00", "02/13/2024 10:00"]).month == 2
    assert _read("02/03/2024 10:00", ["02/03/2024 10:00", "13/03/2024 10:00"]).month == 3


def test_an_ambiguous_file_is_read_the_preferred_way_with_a_warning() -> None:
    warnings = Warnings()
    clock = WallClock("f.csv", NEW_YORK, warnings, ["05/02/2024 10:00"], DateOrder.DAY_FIRST)
    assert clock.order is DateOrder.DAY_FIRST
    assert warnings.all() == (
        "dates such as 05/02/2024 fit both day/month/year and month/day/year: read as "
        "day/month/year (2024-02-05)",
    )
    quiet = Warnings()
    WallClock("f.csv", NEW_YORK, quiet, ["05/05/2024 10:00"], DateOrder.DAY_FIRST)
    assert quiet.all() == ()  # both orders read the same


@pytest.mark.parametrize(
    "text",
    [
        "13/13/2024 10:00",
        "02/30/2024 10:00",
        "01/31/2024 24:00",
        "01/31/2024 10:60",
        "01/31/2024 13:00 PM",
        "01/31/2024",
        "yesterday at noon",
        "01/31/1899 10:00",
        "01/31/99999 10:00",
        "",
    ],
)
def test_what_is_not_a_date_and_time_is_refused_with_its_line_and_column(text: str) -> None:
    clock = WallClock("f.csv", NEW_YORK, Warnings(), [text])
    with pytest.raises(FormatError) as caught:
        clock.ms(text, 7, "Join Time")
    assert (caught.value.file, caught.value.line, caught.value.column) == ("f.csv", 7, "Join Time")


def test_without_a_zone_the_device_s_local_time_is_used_and_said_once(in_new_york: None) -> None:
    warnings = Warnings()
    clock = WallClock("f.csv", None, warnings)
    assert clock.ms("2024-07-01 09:00", 1) == round(
        datetime(2024, 7, 1, 9, tzinfo=NEW_YORK).timestamp() * 1000
    )
    clock.ms("2024-07-01 10:00", 2)
    (said,) = warnings.all()
    assert "this device's local time (UTC-04:00 on 2024-07-01)" in said


@given(
    st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(9998, 12, 31)),
    st.sampled_from(list(DateOrder)),
)
def test_any_moment_written_in_any_order_reads_back(moment: datetime, order: DateOrder) -> None:
    moment = moment.replace(microsecond=0)
    parts = {
        DateOrder.MONTH_FIRST: (moment.month, moment.day, moment.year),
        DateOrder.DAY_FIRST: (moment.day, moment.month, moment.year),
        DateOrder.YEAR_FIRST: (moment.year, moment.month, moment.day),
    }[order]
    text = "/".join(str(p) for p in parts) + moment.strftime(" %H:%M:%S")
    clock = WallClock("f.csv", UTC, Warnings(), [text], order)
    assert clock.ms(text, 1) == round(moment.replace(tzinfo=UTC).timestamp() * 1000)

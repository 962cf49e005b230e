"""Durations and times of day as people write them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal.durations import (
    format_clock,
    format_countdown,
    format_duration,
    format_time_of_day_exact,
    parse_duration,
    parse_time_of_day,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),  # seconds alone: not 9 minutes and 0 seconds
        ("45 sec", 45),
        ("1h30s", 3630),
        ("5", 300),
        ("7,5", 450),
        ("5m", 300),
        ("5 mins", 300),
        ("90 min", 5400),
        ("1h05", 3900),
        ("1h 30m", 5400),
        ("1.5 hrs", 5400),
        ("10m15s", 615),
        ("45'", 2700),
        ("12:30", 750),
        ("1:05:00", 3900),
        ("0:05:00", 300),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "-5", "soon", "nan", "inf", "1:99", "99999999"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("9:30", 34200),
        ("09:30:15", 34215),
        ("9:30 AM", 34200),
        ("9:30 pm", 77400),
        ("12:00 AM", 0),
        ("9am", 32400),
        ("14h30", 52200),
        ("2024-05-01 09:30:00", 34200),
        ("2024-05-01T13:05", 47100),
    ],
)
def test_parse_time_of_day(text: str, seconds: int) -> None:
    assert parse_time_of_day(text) == seconds


@pytest.mark.parametrize("text", ["9", "25:00", "13:00 PM", "noonish", "9:75"])
def test_parse_time_of_day_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time_of_day(text)


def test_formats() -> None:
    assert format_clock(300) == "0:05:00"
    assert format_clock(3900) == "1:05:00"
    assert format_duration(300) == "5:00"
    assert format_time_of_day_exact(34200) == "09:30"
    assert format_time_of_day_exact(34215) == "09:30:15"


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 7 * 24 * 3600))
def test_format_clock_reads_back(seconds: int) -> None:
    assert parse_duration(format_clock(seconds)) == seconds


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 24 * 3600 - 1))
def test_time_of_day_reads_back(seconds: int) -> None:
    assert parse_time_of_day(format_time_of_day_exact(seconds)) == seconds


def test_a_flexible_range_is_written_with_the_bounds_it_has() -> None:
    from rehearsal.durations import format_range

    assert format_range(480, 720) == "8:00–12:00"
    assert format_range(480, None) == "at least 8:00"
    assert format_range(None, 3900) == "up to 1:05:00"
    assert format_range(None, None) == ""


def test_a_countdown_rounds_up_until_the_time_is_up_then_counts_up() -> None:
    assert [format_countdown(s) for s in (300, 299.2, 0.4, 0, -0.4, -65, -3700)] == [
        "5:00",
        "5:00",
        "0:01",
        "0:00",
        "+0:00",
        "+1:05",
        "+1:01:40",
    ]

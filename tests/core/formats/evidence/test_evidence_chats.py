"""Zoom's chat as Zoom saves it: on the computer (by the time of day, placed on the day and
in the zone the caller gives) or with a cloud recording (from the recording's start)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceItem, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.zoom_chat import read_zoom_chat

FIXTURES = Path(__file__).parents[3] / "fixtures" / "evidence"
NEW_YORK = ZoneInfo("America/New_York")
DAY = date(2024, 1, 31)


def _at(hour: int, minute: int, second: int, day: date = DAY) -> int:
    """The moment, in New York on `day`, as milliseconds since the epoch."""
    moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=NEW_YORK)
    return round(moment.timestamp() * 1000)


def _message(at_ms: int, person: str, text: str, to: str = "Everyone") -> EvidenceItem:
    return EvidenceItem(ItemKind.MESSAGE, at_ms, at_ms, person, text, to)


def _read(name: str, day: date | None = DAY) -> object:
    return read_zoom_chat((FIXTURES / name).read_bytes(), name, day=day, zone=NEW_YORK)


def test_a_2023_chat_with_reactions_a_removed_reaction_a_reply_and_a_direct_message() -> None:
    data = (FIXTURES / "zoom_chat_2023.txt").read_bytes()
    draft = read_zoom_chat(data, "meeting_saved_chat.txt", day=DAY, zone=NEW_YORK)
    assert (draft.platform, draft.time_base) == (Platform.ZOOM, TimeBase.WALL)
    assert draft.items == (
        _message(_at(9, 0, 41), "Ana Lima", "Welcome! Please rename yourself with your team name."),
        _message(_at(9, 1, 5), "Chidi Okafor", "Good morning from Lagos"),
        _message(
            _at(9, 1, 30),
            "Ben Cho",
            "The handout is here:\nhttps://example.org/order-workflow.pdf",
        ),
        # 👋 at 09:01:12 was removed at 09:02:02; the ❤️ after it stays.
        EvidenceItem(
            ItemKind.REACTION,
            _at(9, 2, 4),
            _at(9, 2, 4),
            "Dana Weiss",
            "❤️",
            "Good morning from Lag...",
        ),
        _message(_at(9, 3, 15), "Emil Novák", "Thanks, got it"),
        _message(_at(9, 4, 0), "Ben Cho", "You're on mute", to="Ana Lima"),
        _message(_at(9, 4, 20), "Fatima Zahra", "Can we get the slides after the session?"),
    )
    assert draft.warnings == ()


def test_a_2021_chat_with_double_spaces_a_private_message_and_a_long_message() -> None:
    draft = read_zoom_chat(
        (FIXTURES / "zoom_chat_2021_double_spaces.txt").read_bytes(),
        "chat.txt",
        day=DAY,
        zone=NEW_YORK,
    )
    assert draft.items == (
        _message(_at(14, 58, 2), "Ana Lima", "We start in two minutes"),
        _message(_at(15, 0, 10), "Grace Lin", "Hi all!"),
        _message(
            _at(15, 2, 45), "Ben Cho", "Your camera is off, is that on purpose?", to="Grace Lin"
        ),
        _message(
            _at(15, 3, 1),
            "Grace Lin",
            "Question for the group:\ndoes the new screen replace the old one\n"
            "or do we keep both for a while?",
        ),
    )


def test_a_2020_chat_one_line_a_message_crlf_and_a_continued_line() -> None:
    draft = read_zoom_chat(
        (FIXTURES / "zoom_chat_2020.txt").read_bytes(), "chat.txt", day=DAY, zone=NEW_YORK
    )
    assert draft.items == (
        _message(_at(10, 2, 11), "Ana Lima", "Good morning, everyone"),
        _message(_at(10, 2, 30), "Grace Lin", "Morning!"),
        _message(_at(10, 5, 2), "Ben Cho", "2 people in the waiting room", to="Ana Lima"),
        _message(
            _at(10, 6, 40), "Chidi Okafor", "First line of a longer note\nand its second line"
        ),
    )


def test_a_cloud_recording_s_chat_counts_from_the_recording_and_needs_no_day() -> None:
    data = (FIXTURES / "zoom_chat_cloud.txt").read_bytes()
    draft = read_zoom_chat(data, "chat.txt")  # neither day nor zone
    assert (draft.platform, draft.time_base) == (Platform.ZOOM, TimeBase.RECORDING)
    assert draft.items == (
        _message(41_000, "Ana Lima", "Welcome! Please rename yourself with your team name."),
        _message(65_000, "Chidi Okafor", "Good morning from Lagos"),
        _message(195_000, "Emil Novák", "Thanks, got it\nand a second line"),
        _message(4_329_000, "Fatima Zahra", "Can we get the slides after the session?"),
    )
    assert draft.warnings == ()


def test_past_midnight_is_the_next_day_and_an_unknown_line_is_kept_with_a_warning() -> None:
    data = (FIXTURES / "zoom_chat_midnight.txt").read_bytes()
    draft = read_zoom_chat(data, "chat.txt", day=DAY, zone=NEW_YORK)
    next_day = date(2024, 2, 1)
    assert draft.items == (
        _message(_at(23, 58, 10), "Hiro Tanaka", "Last question before we wrap up?"),
        _message(_at(23, 59, 55), "Ana Lima", "Go ahead!"),
        _message(_at(0, 0, 20, next_day), "Hiro Tanaka", "Where do I find the order templates?"),
        _message(_at(0, 1, 2, next_day), "", "Ana Lima is now the host", to=""),
    )
    assert draft.warnings == (
        "line 7: a line of no shape Zoom writes, kept as a message from no one",
    )


def test_without_a_zone_the_times_are_this_device_s_and_a_warning_says_so(
    in_new_york: None,
) -> None:
    draft = read_zoom_chat((FIXTURES / "zoom_chat_2020.txt").read_bytes(), "c.txt", day=DAY)
    assert draft.items[0].start_ms == _at(10, 2, 11)
    assert len(draft.warnings) == 1
    assert "no time zone" in draft.warnings[0] and "UTC-05:00" in draft.warnings[0]


def test_the_zone_given_places_the_same_times_elsewhere() -> None:
    data = (FIXTURES / "zoom_chat_2020.txt").read_bytes()
    berlin = read_zoom_chat(data, "c.txt", day=DAY, zone=ZoneInfo("Europe/Berlin"))
    new_york = read_zoom_chat(data, "c.txt", day=DAY, zone=NEW_YORK)
    assert new_york.items[0].start_ms - berlin.items[0].start_ms == 6 * 3600 * 1000


def test_a_removed_reaction_the_file_does_not_have_is_warned() -> None:
    data = (
        '09:02:02 From Dana Weiss to Everyone:\n\tRemoved a 👋 reaction from "Hi"\n'
        "09:03:00 From Ana to Everyone:\n\tok\n"
    ).encode()
    draft = read_zoom_chat(data, "c.txt", day=DAY, zone=NEW_YORK)
    assert [i.text for i in draft.items] == ["ok"]
    assert draft.warnings == ("line 1: a reaction removed that the file does not have",)


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"Chat of the rehearsal\n09:00:41 From Ana to Everyone:\n\thi\n", 1, "not a chat message"),
        (b"09:00:41 From Ana to Everyone:\n\thi\n09:01:02 From Ben to Everyone:\n", 3, "cut off"),
        (
            b"09:00:41 From Ana to Everyone:\n\thi\n09:61:02 From Ben to Everyone:\n\tho\n",
            3,
            "not a time",
        ),
        (b"24:00:41 From Ana to Everyone:\n\thi\n", 1, "past 23:59:59"),
        (b"25:00:41\tAna:\thi\n", 1, "more than a day"),
        (b"09:00:41 From Ana to Everyone:\n\t" + b"w" * 100_001 + b"\n", 1, "characters"),
        (b"\x00\x01\x02\x03binary", None, "binary"),
        (b"09:00:41 From Ana to Everyone:\n\thi \x81\x8d\n", 2, "neither UTF-8 nor"),
    ],
)
def test_broken_chats_are_refused_naming_file_and_line(
    data: bytes, line: int | None, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        read_zoom_chat(data, "chat.txt", day=DAY, zone=NEW_YORK)
    assert caught.value.file == "chat.txt"
    assert caught.value.line == line
    assert words in str(caught.value)


def test_a_chat_saved_on_the_computer_is_refused_without_its_day() -> None:
    with pytest.raises(FormatError, match="not the day"):
        read_zoom_chat((FIXTURES / "zoom_chat_2023.txt").read_bytes(), "c.txt", zone=NEW_YORK)


def test_windows_1252_text_is_read_with_a_warning() -> None:
    data = "09:00:41 From Zoé Martin to Everyone:\n\tBonjour à tous\n".encode("cp1252")
    draft = read_zoom_chat(data, "c.txt", day=DAY, zone=NEW_YORK)
    assert (draft.items[0].person, draft.items[0].text) == ("Zoé Martin", "Bonjour à tous")
    assert draft.warnings == ("read as Windows-1252 text (not UTF-8); check accented letters",)

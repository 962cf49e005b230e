"""The entry point: which format a file is, told by its content (its name only breaks a
tie), and a file read from disk — within its size, its day taken from where Zoom saved it."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceKind, Platform, TimeBase
from rehearsal.formats.evidence import READS, parse_evidence, read_evidence

FIXTURES = Path(__file__).parents[3] / "fixtures" / "evidence"
NEW_YORK = ZoneInfo("America/New_York")
DAY = date(2024, 1, 31)

KINDS = {
    "zoom_transcript.vtt": (EvidenceKind.TRANSCRIPT, Platform.ZOOM, TimeBase.RECORDING),
    "zoom_transcript_bom_crlf.vtt": (EvidenceKind.TRANSCRIPT, Platform.ZOOM, TimeBase.RECORDING),
    "teams_transcript.vtt": (EvidenceKind.TRANSCRIPT, Platform.TEAMS, TimeBase.RECORDING),
    "teams_transcript_stream.vtt": (EvidenceKind.TRANSCRIPT, Platform.TEAMS, TimeBase.RECORDING),
    "webex_transcript.vtt": (EvidenceKind.TRANSCRIPT, Platform.WEBEX, TimeBase.RECORDING),
    "zoom_chat_2023.txt": (EvidenceKind.CHAT, Platform.ZOOM, TimeBase.WALL),
    "zoom_chat_2021_double_spaces.txt": (EvidenceKind.CHAT, Platform.ZOOM, TimeBase.WALL),
    "zoom_chat_2020.txt": (EvidenceKind.CHAT, Platform.ZOOM, TimeBase.WALL),
    "zoom_chat_midnight.txt": (EvidenceKind.CHAT, Platform.ZOOM, TimeBase.WALL),
    "zoom_chat_cloud.txt": (EvidenceKind.CHAT, Platform.ZOOM, TimeBase.RECORDING),
    "zoom_participants.csv": (EvidenceKind.ATTENDANCE, Platform.ZOOM, TimeBase.WALL),
    "zoom_participants_meeting_block.csv": (EvidenceKind.ATTENDANCE, Platform.ZOOM, TimeBase.WALL),
    "zoom_participants_day_first.csv": (EvidenceKind.ATTENDANCE, Platform.ZOOM, TimeBase.WALL),
    "teams_attendance_2023.csv": (EvidenceKind.ATTENDANCE, Platform.TEAMS, TimeBase.WALL),
    "teams_attendance_de.csv": (EvidenceKind.ATTENDANCE, Platform.TEAMS, TimeBase.WALL),
    "teams_attendance_2020_actions.csv": (EvidenceKind.ATTENDANCE, Platform.TEAMS, TimeBase.WALL),
    "teams_attendance_2021_summary.csv": (EvidenceKind.ATTENDANCE, Platform.TEAMS, TimeBase.WALL),
    "zoom_poll_report_2020.csv": (EvidenceKind.POLL, Platform.ZOOM, TimeBase.WALL),
    "zoom_poll_report_2023.csv": (EvidenceKind.POLL, Platform.ZOOM, TimeBase.WALL),
    "zoom_poll_questions_as_columns.csv": (EvidenceKind.POLL, Platform.ZOOM, TimeBase.WALL),
}


def test_every_fixture_is_told_by_its_content() -> None:
    assert sorted(KINDS) == sorted(p.name for p in FIXTURES.iterdir())


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_format_is_told_by_its_content_whatever_the_file_is_called(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    for called in (name, "download", "export.dat"):
        draft = parse_evidence(data, called, day=DAY, zone=NEW_YORK)
        assert (draft.kind, draft.platform, draft.time_base) == KINDS[name]
        assert draft.items


@pytest.mark.parametrize(
    "data",
    [
        b"Title,Duration\nWelcome,5\nBreak,10\n",
        b"just some notes\nabout the rehearsal\n",
        b'{"format": "rehearsal-plan"}',
    ],
)
def test_a_file_it_cannot_tell_is_refused_with_what_it_reads(data: bytes) -> None:
    with pytest.raises(FormatError) as caught:
        parse_evidence(data, "notes.csv")
    assert caught.value.file == "notes.csv"
    assert caught.value.expected == READS
    assert "cannot tell" in str(caught.value)


def test_a_vtt_file_that_does_not_start_with_webvtt_is_told_so() -> None:
    with pytest.raises(FormatError, match=r"transcript\.vtt, line 1: not a WebVTT file"):
        parse_evidence(b"1\n00:00:01,000 --> 00:00:02,000\nhello\n", "transcript.vtt")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "XLSX"),
        (b"\x89PNG\r\n\x1a\n", "image"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40 + b"WEBVTT", "binary"),
    ],
)
def test_what_is_not_text_is_refused_before_it_is_told(data: bytes, words: str) -> None:
    with pytest.raises(FormatError, match=words) as caught:
        parse_evidence(data, "x.vtt")
    assert caught.value.file == "x.vtt"


def test_read_evidence_refuses_a_file_larger_than_any_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rehearsal.formats.evidence as evidence

    path = tmp_path / "huge.vtt"
    path.write_bytes(b"WEBVTT\n\n" + b"x" * 200)
    monkeypatch.setattr(evidence, "MAX_EVIDENCE_FILE_BYTES", 100)
    with pytest.raises(FormatError, match=r"huge\.vtt: the file is .* larger than any"):
        read_evidence(path)


def test_read_evidence_names_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file"):
        read_evidence(tmp_path / "missing.vtt")
    with pytest.raises(FormatError, match="folder"):
        read_evidence(tmp_path)


def test_a_chat_in_its_zoom_folder_is_on_that_folder_s_day(tmp_path: Path) -> None:
    folder = tmp_path / "2024-01-31 09.00.00 Order workflow rollout 81234567890"
    folder.mkdir()
    path = folder / "meeting_saved_chat.txt"
    shutil.copy(FIXTURES / "zoom_chat_2020.txt", path)
    os.utime(path, (0, datetime(2024, 3, 1, 12, tzinfo=NEW_YORK).timestamp()))
    draft = read_evidence(path, zone=NEW_YORK)
    first = datetime(2024, 1, 31, 10, 2, 11, tzinfo=NEW_YORK)
    assert draft.items[0].start_ms == round(first.timestamp() * 1000)
    assert draft.title == "Order workflow rollout"
    assert draft.warnings[0] == (
        "the chat gives times of day without the day: read as 2024-01-31, from the Zoom "
        "folder it was saved in; give the meeting's day if it was another"
    )


def test_a_chat_elsewhere_is_on_its_modification_day_and_a_day_given_wins(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    shutil.copy(FIXTURES / "zoom_chat_2020.txt", path)
    os.utime(path, (0, datetime(2024, 3, 1, 12, tzinfo=NEW_YORK).timestamp()))
    draft = read_evidence(path, zone=NEW_YORK)
    march = datetime(2024, 3, 1, 10, 2, 11, tzinfo=NEW_YORK)
    assert draft.items[0].start_ms == round(march.timestamp() * 1000)
    assert "from the file's modification date" in draft.warnings[0]
    given = read_evidence(path, day=DAY, zone=NEW_YORK)
    assert given.items[0].start_ms == round(march.replace(month=1, day=31).timestamp() * 1000)
    assert given.warnings == ()


def test_read_evidence_leaves_other_files_as_parse_evidence_reads_them(tmp_path: Path) -> None:
    for name in ("zoom_chat_cloud.txt", "teams_attendance_2023.csv", "webex_transcript.vtt"):
        path = tmp_path / name
        shutil.copy(FIXTURES / name, path)
        data = path.read_bytes()
        assert read_evidence(path, zone=NEW_YORK) == parse_evidence(data, name, zone=NEW_YORK)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nhello\n", "not a WebVTT file"),  # SRT
        (
            b"Chat of the dry run\n09:00:41 From Ana to Everyone:\n\thi\n",
            "this line is not a chat message",
        ),
    ],
)
def test_a_file_nearly_of_a_format_is_told_where_it_is_wrong(data: bytes, words: str) -> None:
    with pytest.raises(FormatError, match=rf"^notes\.txt, line 1: {words}"):
        parse_evidence(data, "notes.txt", day=DAY)


def test_a_folder_named_like_zoom_s_but_not_a_day_falls_back_to_the_modification_date(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "2024-13-45 09.00.00 Not a day"
    folder.mkdir()
    path = folder / "meeting_saved_chat.txt"
    shutil.copy(FIXTURES / "zoom_chat_2020.txt", path)
    os.utime(path, (0, datetime(2024, 3, 1, 12, tzinfo=NEW_YORK).timestamp()))
    draft = read_evidence(path, zone=NEW_YORK)
    assert "2024-03-01, from the file's modification date" in draft.warnings[0]
    assert draft.title == ""

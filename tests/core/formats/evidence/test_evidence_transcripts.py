"""Transcripts (WebVTT) as Zoom, Teams and Webex write them: every cue a speech, with its
times from the start of the recording, its speaker and its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceItem, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.webvtt import milliseconds, read_webvtt

FIXTURES = Path(__file__).parents[3] / "fixtures" / "evidence"


def _speech(start_ms: int, end_ms: int, person: str, text: str) -> EvidenceItem:
    return EvidenceItem(ItemKind.SPEECH, start_ms, end_ms, person, text)


def _read(name: str) -> object:
    return read_webvtt((FIXTURES / name).read_bytes(), name)


def test_zoom_names_the_speaker_before_the_text_and_a_cue_without_one_continues() -> None:
    draft = read_webvtt((FIXTURES / "zoom_transcript.vtt").read_bytes(), "zoom.vtt")
    assert (draft.platform, draft.time_base) == (Platform.ZOOM, TimeBase.RECORDING)
    assert draft.items == (
        _speech(2310, 5870, "Ana Lima", "Good morning, everyone. Let's get started."),
        _speech(
            6120,
            9400,
            "Ana Lima",
            "In the first ten minutes we will look at why the order workflow is changing",
        ),
        _speech(9400, 11020, "Ana Lima", "and what stays the same."),
        _speech(12500, 14000, "Ben Cho", "I'm launching the poll now."),
        _speech(14180, 17930, "Chidi Okafor (he/him)", "Sorry, could you repeat the last part?"),
        _speech(3_723_004, 3_725_500, "Ana Lima", "Thanks everyone, see you next week."),
    )
    assert draft.warnings == ()


def test_zoom_with_bom_crlf_minutes_only_timestamps_and_an_unnamed_first_cue() -> None:
    draft = read_webvtt((FIXTURES / "zoom_transcript_bom_crlf.vtt").read_bytes(), "z.vtt")
    assert draft.platform is Platform.ZOOM
    assert draft.items == (
        _speech(2000, 4250, "", "[music]"),
        _speech(4250, 7900, "Grace Lin", "Hi all, is the recording on?"),
        _speech(8100, 9000, "Ben Cho", "Yes & we are live."),
        _speech(3_598_000, 3_601_250, "Grace Lin", "That was the hour mark."),
    )
    assert draft.warnings == ("line 4: a cue names no speaker (and none came before it)",)


def test_teams_voice_spans_over_lines_two_voices_in_a_cue_notes_settings_and_markup() -> None:
    draft = read_webvtt((FIXTURES / "teams_transcript.vtt").read_bytes(), "teams.vtt")
    assert draft.platform is Platform.TEAMS
    assert draft.items == (
        _speech(3120, 6480, "Ana Lima", "Good morning, everyone, and welcome to module two."),
        _speech(6480, 9950, "Ana Lima", "Today we walk through the new order workflow."),
        _speech(
            11200,
            16040,
            "Ben Cho",
            "If you lose audio, rejoin from the link in the chat & I will put you back in "
            "your room.",
        ),
        _speech(70000, 72500, "Chidi Okafor", "Can everyone see my screen?"),
        _speech(70000, 72500, "Ana Lima", "Yes, we can."),
        _speech(73000, 75750, "Dana Weiss", "The returns tab is empty for me."),
    )
    assert draft.warnings == ()


def test_teams_older_transcripts_with_confidence_notes_and_open_voice_spans() -> None:
    draft = read_webvtt((FIXTURES / "teams_transcript_stream.vtt").read_bytes(), "s.vtt")
    assert draft.platform is Platform.TEAMS
    assert draft.items == (
        _speech(940, 4310, "Ana Lima", "OK, let's do the dry run of the hand-off."),
        _speech(4310, 7020, "Ben Cho", "Breakout rooms are ready."),
        _speech(7020, 8500, "Ben Cho", "Opening them now."),
    )


def test_webex_names_the_speaker_in_the_cue_identifier() -> None:
    draft = read_webvtt((FIXTURES / "webex_transcript.vtt").read_bytes(), "webex.vtt")
    assert draft.platform is Platform.WEBEX
    assert draft.items == (
        _speech(1540, 6020, "Ana Lima", "Good morning, everyone. Welcome to the rehearsal."),
        _speech(6880, 9300, "Ben Cho", "Thanks, Ana. Breakout rooms open in five minutes."),
        _speech(9900, 13420, "Ana Lima", "Before that, a quick question for everyone."),
    )


def test_a_transcript_without_speakers_is_another_platform_s_and_says_so() -> None:
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n\n00:02.500 --> 00:03.000\nthere\n"
    draft = read_webvtt(data, "plain.vtt")
    assert draft.platform is Platform.OTHER
    assert [i.person for i in draft.items] == ["", ""]
    assert draft.warnings == ("lines 3, 6: a cue names no speaker (and none came before it)",)


def test_an_empty_cue_in_the_middle_is_left_out_with_a_warning() -> None:
    data = b"WEBVTT\n\n1\n00:01.000 --> 00:02.000\n\n2\n00:02.500 --> 00:03.000\nAna: hi\n"
    draft = read_webvtt(data, "gap.vtt")
    assert draft.items == (_speech(2500, 3000, "Ana", "hi"),)
    assert draft.warnings == ("line 4: a cue without text, left out",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:00:01.000", 1000),
        ("01:02:03.004", 3_723_004),
        ("02:03.500", 123_500),
        ("100:00:00.000", 360_000_000),
        ("00:00:01,250", 1250),
        ("00:60:00.000", None),
        ("00:00:1.000", None),
        ("00:00:01.5", None),
        ("1:2:3", None),
        ("--", None),
    ],
)
def test_timestamps(text: str, expected: int | None) -> None:
    assert milliseconds(text) == expected


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", None, "empty"),
        (b"\n\n  \n", None, "empty"),
        (b"WEBVT\n\n00:01.000 --> 00:02.000\nhi\n", 1, "WEBVTT"),
        (b"1\n00:01.000 --> 00:02.000\nhi\n", 1, "WEBVTT"),
        (b"WEBVTT\n\n1\n00:01.000 --> 00:02.000\nAna: hi\n\n2\n00:03.000 -->", 8, "timing"),
        (b"WEBVTT\n\n1\n00:01.000 --> 00:02.000\nAna: hi\n\n2\n00:03.000 --> 00:0", 8, "timestamp"),
        (
            b"WEBVTT\n\n1\n00:01.000 --> 00:02.000\nAna: hi\n\n2\n00:03.000 --> 00:04.000\n",
            8,
            "ends inside a cue",
        ),
        (b"WEBVTT\n\n1\n00:01.000 --> 00:02.000\nAna: hi\n\n2\n", 7, "identifier"),
        (b"WEBVTT\n\n00:05.000 --> 00:02.000\nAna: hi\n", 3, "ends before it starts"),
        (b"WEBVTT\n\n24:00:00.001 --> 24:00:01.000\nAna: hi\n", 3, "more than a day"),
        (b"WEBVTT\n\n00:61.000 --> 00:62.000\nAna: hi\n", 3, "not a timestamp"),
        (b"WEBVTT\n\nsome stray words\nmore words\n", 4, "not a cue"),
        (b"WEBVTT\n\nNOTE only a note\n", None, "without a single cue"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nAna: é\n".encode("utf-16-le"), None, "binary"),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nAna: h\x00i\n", None, "NUL"),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nAna: \xed\xa0\x80\n", 4, "surrogate"),
        (b"\xff\xfeW\x00E\x00\x00\xd8", 1, "UTF-16"),
        (b"PK\x03\x04rest of a zip", None, "XLSX"),
        (b"%PDF-1.7\n", None, "PDF"),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nAna: " + b"w" * 100_001 + b"\n", 3, "characters"),
    ],
)
def test_broken_transcripts_are_refused_naming_file_and_line(
    data: bytes, line: int | None, words: str | None
) -> None:
    with pytest.raises(FormatError) as caught:
        read_webvtt(data, "broken.vtt")
    error = caught.value
    assert error.file == "broken.vtt"
    assert error.line == line
    assert str(error).startswith("broken.vtt")
    if words:
        assert words in str(error)


def test_a_name_longer_than_a_name_may_be_is_not_a_speaker_but_words() -> None:
    """Zoom's `Name: text` is read only where the part before the colon can be a name; a
    thousand letters cannot (the cue is then words without a speaker)."""
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\n" + b"A" * 1001 + b": hi\n"
    with pytest.raises(FormatError, match=r"line 3.*1,001 characters"):
        read_webvtt(b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v " + b"A" * 1001 + b">hi</v>\n", "n.vtt")
    draft = read_webvtt(data, "n.vtt")
    assert draft.items[0].person == ""


def test_more_items_than_a_file_may_hold_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import rehearsal.formats.evidence.items as items

    monkeypatch.setattr(items, "MAX_EVIDENCE_ITEMS", 3)
    cues = "".join(f"{n}\n00:0{n}.000 --> 00:0{n}.500\nAna: {n}\n\n" for n in range(1, 5))
    with pytest.raises(FormatError, match=r"line 16.*more than 3 items"):
        read_webvtt(f"WEBVTT\n\n{cues}".encode(), "many.vtt")

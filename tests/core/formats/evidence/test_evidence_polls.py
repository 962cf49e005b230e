"""Zoom's poll reports, old and new: one answer a question answered, at the time it was
submitted, with the question as its detail."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceItem, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.zoom_polls import read_zoom_polls

FIXTURES = Path(__file__).parents[3] / "fixtures" / "evidence"
NEW_YORK = ZoneInfo("America/New_York")
CONFIDENT = "How confident are you with the new order screen?"
LEAST_CLEAR = "Which step is least clear?"


def _at(month: int, day: int, h: int, mi: int, s: int) -> int:
    return round(datetime(2024, month, day, h, mi, s, tzinfo=NEW_YORK).timestamp() * 1000)


def _answer(at_ms: int, person: str, answer: str, question: str) -> EvidenceItem:
    return EvidenceItem(ItemKind.ANSWER, at_ms, at_ms, person, answer, question)


def _read(name: str) -> object:
    return read_zoom_polls((FIXTURES / name).read_bytes(), name, zone=NEW_YORK)


def test_the_old_report_question_answer_pairs_in_each_row_and_an_unanswered_question() -> None:
    data = (FIXTURES / "zoom_poll_report_2020.csv").read_bytes()
    draft = read_zoom_polls(data, "PollReport.csv", zone=NEW_YORK)
    assert (draft.platform, draft.time_base) == (Platform.ZOOM, TimeBase.WALL)
    assert draft.title == "Order workflow rollout – module 2 rehearsal"
    chidi, dana, grace = _at(1, 31, 9, 15, 2), _at(1, 31, 9, 15, 9), _at(1, 31, 9, 15, 40)
    assert draft.items == (
        _answer(chidi, "Chidi Okafor", "Somewhat confident", CONFIDENT),
        _answer(chidi, "Chidi Okafor", "Approvals", LEAST_CLEAR),
        _answer(dana, "Dana Weiss", "Very confident", CONFIDENT),
        _answer(dana, "Dana Weiss", "Returns;Approvals", LEAST_CLEAR),
        _answer(grace, "Grace Lin", "Not yet", CONFIDENT),  # the second left unanswered
    )
    assert draft.warnings == ()


def test_the_new_report_launched_polls_block_poll_names_and_an_anonymous_answer() -> None:
    data = (FIXTURES / "zoom_poll_report_2023.csv").read_bytes()
    draft = read_zoom_polls(data, "PollReport.csv", zone=NEW_YORK)
    assert draft.title == "Order workflow rollout – module 2 pilot"
    assert draft.items == (
        _answer(_at(2, 5, 10, 13, 2), "Chidi Okafor", "Good", "How is your connection?"),
        _answer(_at(2, 5, 10, 13, 20), "", "Choppy", "How is your connection?"),
        _answer(_at(2, 5, 11, 21, 0), "Chidi Okafor", "The team lead", "Who approves a return?"),
        _answer(
            _at(2, 5, 11, 21, 0),
            "Chidi Okafor",
            "After approval",
            "When is an order final, exactly?",
        ),
    )
    assert draft.warnings == ("line 13: answers without a name (an anonymous poll?)",)


def test_questions_as_the_header_s_columns_and_iso_times() -> None:
    data = (FIXTURES / "zoom_poll_questions_as_columns.csv").read_bytes()
    draft = read_zoom_polls(data, "survey.csv", zone=NEW_YORK)
    assert draft.items == (
        _answer(_at(2, 5, 10, 13, 2), "Chidi Okafor", "Somewhat confident", CONFIDENT),
        _answer(_at(2, 5, 10, 13, 2), "Chidi Okafor", "Approvals", LEAST_CLEAR),
        _answer(_at(2, 5, 10, 13, 40), "Oliver Grant", "Very confident", CONFIDENT),
    )


HEADER = "#,User Name,User Email,Submitted Date/Time,\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("Poll Report\nReport Generated:,x\n", None, None, "header row"),
        (HEADER, None, None, "without a single answer"),
        (HEADER + "1,Ana,a@x,,Q?,Yes,\n", 2, "Submitted Date/Time", "without the time"),
        (
            HEADER + '1,Ana,a@x,"Jan 32, 2024 09:15:02",Q?,Yes,\n',
            2,
            "Submitted Date/Time",
            "not a date",
        ),
        (
            HEADER + '1,Ana,a@x,"Smarch 3, 2024 09:15:02",Q?,Yes,\n',
            2,
            "Submitted Date/Time",
            "not a date",
        ),
        (
            HEADER + '1,Ana,a@x,"Jan 3, 2024 09:15:02",Q?,' + "y" * 100_001 + ",\n",
            2,
            None,
            "characters",
        ),
        (HEADER + '1,Ana,a@x,"Jan 3, 2024 09:15:02",' + "q" * 1001 + ",Yes,\n", 2, None, "1,001"),
    ],
)
def test_broken_poll_reports_are_refused_naming_file_line_and_column(
    text: str, line: int | None, column: str | None, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        read_zoom_polls(text.encode(), "PollReport.csv", zone=NEW_YORK)
    error = caught.value
    assert (error.file, error.line, error.column) == ("PollReport.csv", line, column)
    assert words in str(error)

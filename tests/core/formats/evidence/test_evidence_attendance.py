"""Attendance as Zoom (participants CSV) and Teams (attendance report) write it: one
presence from join to leave, in the zone the caller gives."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceItem, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.teams_attendance import read_teams_attendance
from rehearsal.formats.evidence.zoom_participants import read_zoom_participants

FIXTURES = Path(__file__).parents[3] / "fixtures" / "evidence"
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def _ms(y: int, mo: int, d: int, h: int, mi: int, s: int = 0, zone: tzinfo = NEW_YORK) -> int:
    return round(datetime(y, mo, d, h, mi, s, tzinfo=zone).timestamp() * 1000)


def _jan31(h: int, mi: int, s: int = 0, zone: tzinfo = NEW_YORK) -> int:
    return _ms(2024, 1, 31, h, mi, s, zone)


def _present(start: int, end: int, person: str, role: str = "") -> EvidenceItem:
    return EvidenceItem(ItemKind.PRESENT, start, end, person, "", role)


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_zoom_participants_one_row_a_presence_a_rejoin_twice_am_pm() -> None:
    draft = read_zoom_participants(_fixture("zoom_participants.csv"), "p.csv", zone=NEW_YORK)
    assert (draft.platform, draft.time_base, draft.title) == (Platform.ZOOM, TimeBase.WALL, "")
    assert draft.items == (
        _present(_jan31(8, 57, 12), _jan31(10, 41, 55), "Ana Lima"),
        _present(_jan31(8, 58, 40), _jan31(10, 42, 3), "Ben Cho"),
        _present(_jan31(9, 0, 5), _jan31(9, 31, 44), "Chidi Okafor"),
        _present(_jan31(9, 33, 10), _jan31(10, 40, 2), "Chidi Okafor"),
        _present(_jan31(9, 1, 15), _jan31(12, 0, 10), "Dana W (Dana Weiss)"),
    )
    assert draft.warnings == ()


def test_zoom_participants_below_the_meeting_block_24h_minutes_and_the_waiting_room() -> None:
    draft = read_zoom_participants(
        _fixture("zoom_participants_meeting_block.csv"), "p.csv", zone=NEW_YORK
    )
    assert draft.title == "Order workflow rollout – module 2 rehearsal"
    assert draft.items == (
        _present(_jan31(13, 55), _jan31(15, 40), "Ana Lima"),
        _present(_jan31(14, 0), _jan31(15, 39), "Emil Novák"),
        _present(_jan31(14, 1), _jan31(15, 38), "Okafor, Chidi"),
    )
    assert draft.warnings == ("line 6: time in the waiting room, left out",)


def test_zoom_participants_with_the_day_first_are_read_day_first() -> None:
    paris = ZoneInfo("Europe/Paris")
    draft = read_zoom_participants(_fixture("zoom_participants_day_first.csv"), "p.csv", zone=paris)
    assert draft.title == "Atelier commandes – répétition"
    assert draft.items == (
        _present(
            _ms(2024, 2, 13, 14, 0, 3, paris), _ms(2024, 2, 13, 15, 31, 20, paris), "Zoé Martin"
        ),
        _present(
            _ms(2024, 2, 13, 14, 2, 40, paris), _ms(2024, 2, 13, 15, 30, 59, paris), "Léa Dubois"
        ),
    )
    assert draft.warnings == ()


def test_zoom_webinar_sections_give_the_role_and_absentees_are_left_out() -> None:
    data = (
        b"Attendee Report,\nReport Generated:,02/05/2024 12:00 PM\n"
        b"Topic,Webinar ID,Actual Start Time\nLaunch webinar,81234567890,02/05/2024 10:00 AM\n\n"
        b"Host Details,\nAttended,User Name (Original Name),Email,Join Time,Leave Time\n"
        b"Yes,Ana Lima,ana@example.com,02/05/2024 09:55:00 AM,02/05/2024 11:00:00 AM\n\n"
        b"Attendee Details,\nAttended,User Name (Original Name),Email,Join Time,Leave Time\n"
        b"Yes,Oliver Grant,oliver@example.com,02/05/2024 10:02:10 AM,02/05/2024 10:58:00 AM\n"
        b"No,Noor Haddad,noor@example.com,--,--\n"
    )
    draft = read_zoom_participants(data, "webinar.csv", zone=NEW_YORK)
    assert draft.title == "Launch webinar"
    assert draft.items == (
        _present(_ms(2024, 2, 5, 9, 55), _ms(2024, 2, 5, 11, 0), "Ana Lima", "Host"),
        _present(_ms(2024, 2, 5, 10, 2, 10), _ms(2024, 2, 5, 10, 58), "Oliver Grant", "Attendee"),
    )


def test_teams_utf16_sections_activities_with_rejoins_roles_and_a_leave_from_the_duration() -> None:
    draft = read_teams_attendance(_fixture("teams_attendance_2023.csv"), "a.csv", zone=NEW_YORK)
    assert (draft.platform, draft.time_base) == (Platform.TEAMS, TimeBase.WALL)
    assert draft.title == "Order workflow rollout – module 2 (dress rehearsal)"
    assert draft.items == (
        _present(_jan31(8, 57, 2), _jan31(10, 45, 30), "Ana Lima", "Organizer"),
        _present(_jan31(8, 59, 15), _jan31(10, 44, 58), "Ben Cho", "Presenter"),
        _present(_jan31(9, 1, 40), _jan31(9, 40, 12), "Grace Lin", "Attendee"),
        # no leave time: joined 9:42:05, then 45m 3s
        _present(_jan31(9, 42, 5), _jan31(10, 27, 8), "Grace Lin", "Attendee"),
    )
    assert draft.warnings == ()


def test_teams_in_german_is_read_by_the_position_of_its_columns_day_first() -> None:
    draft = read_teams_attendance(_fixture("teams_attendance_de.csv"), "a.csv", zone=BERLIN)
    assert draft.title == "Bestellablauf – Modul 2 (Generalprobe)"
    assert draft.items == (
        _present(_jan31(9, 0, 4, BERLIN), _jan31(10, 30, 0, BERLIN), "Jonas Becker", "Organisator"),
        _present(_jan31(9, 3, 10, BERLIN), _jan31(10, 29, 41, BERLIN), "Mia Schäfer", "Teilnehmer"),
    )
    assert draft.warnings == (
        "lines 8, 13: column names not recognised: read in the order Teams writes them",
    )


def test_teams_2020_list_of_actions_pairs_joins_with_leaves() -> None:
    draft = read_teams_attendance(
        _fixture("teams_attendance_2020_actions.csv"), "a.csv", zone=NEW_YORK
    )

    def at(h: int, mi: int, s: int) -> int:
        return _ms(2020, 3, 12, h, mi, s)

    assert sorted(draft.items, key=lambda i: (i.start_ms, i.person)) == [
        _present(at(14, 58, 14), at(16, 30, 0), "Ana Lima"),
        _present(at(14, 58, 14), at(16, 30, 0), "Ben Cho"),  # "Joined before", never left
        _present(at(15, 1, 2), at(15, 20, 40), "Grace Lin"),
        _present(at(15, 2, 30), at(16, 30, 0), "Chidi Okafor"),  # never left
        _present(at(15, 22, 5), at(16, 29, 41), "Grace Lin"),
    ]
    assert draft.warnings == (
        "dates such as 3/12/2020 fit both month/day/year and day/month/year: read as "
        "month/day/year (2020-03-12)",
        "lines 3, 7: joined and never left: present to the report's last time",
    )


def test_teams_2021_meeting_summary_with_ambiguous_dates_read_day_first_with_a_warning() -> None:
    london = ZoneInfo("Europe/London")
    draft = read_teams_attendance(
        _fixture("teams_attendance_2021_summary.csv"), "a.csv", zone=london
    )
    assert draft.title == "Order workflow rollout – module 2 (pilot)"
    assert draft.items == (
        _present(
            _ms(2024, 2, 5, 9, 58, 1, london),
            _ms(2024, 2, 5, 11, 32, 45, london),
            "Ana Lima",
            "Organizer",
        ),
        _present(
            _ms(2024, 2, 5, 10, 1, 30, london),
            _ms(2024, 2, 5, 11, 30, 2, london),
            "Oliver Grant",
            "Attendee",
        ),
    )
    assert draft.warnings == (
        "dates such as 05/02/2024 fit both day/month/year and month/day/year: read as "
        "day/month/year (2024-02-05)",
    )


def test_teams_without_activities_reads_first_join_to_last_leave_with_a_warning() -> None:
    text = (
        "1. Summary\nMeeting title\tCheck-in\n\n2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
        "Ana Lima\t1/31/2024, 9:00:00 AM\t1/31/2024, 9:30:00 AM\t30m\ta@x\ta@x\tOrganizer\n"
    )
    draft = read_teams_attendance(("\ufeff" + text).encode("utf-16-le"), "a.csv", zone=NEW_YORK)
    assert draft.items == (_present(_jan31(9, 0), _jan31(9, 30), "Ana Lima", "Organizer"),)
    assert "first join to their last leave" in draft.warnings[0]


ZOOM_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("Name,Email\nAna,a@x\n", None, None, "header row"),
        (ZOOM_HEADER, None, None, "without participants"),
        (
            ZOOM_HEADER + "Ana,,01/31/2024 09:00 AM,01/31/2024 08:00 AM,1,No\n",
            2,
            "Leave Time",
            "ends before",
        ),
        (ZOOM_HEADER + "Ana,,yesterday,01/31/2024 08:00 AM,1,No\n", 2, "Join Time", "not a date"),
        (
            ZOOM_HEADER + "Ana,,02/30/2024 09:00 AM,02/30/2024 10:00 AM,1,No\n",
            2,
            "Join Time",
            "not a date",
        ),
        (
            ZOOM_HEADER + "Ana,,01/31/1900 09:00 AM,01/31/1900 10:00 AM,1,No\n",
            2,
            "Join Time",
            "1900",
        ),
        (ZOOM_HEADER + "Ana,,01/31/2024 09:00 AM,,1,No\n", 2, "Leave Time", "no time"),
        (
            ZOOM_HEADER + 'Ana,,"01/31/2024 09:00 AM,01/31/2024 10:00 AM,1,No\n',
            2,
            None,
            "never closed",
        ),
        (
            ZOOM_HEADER + "Ana,,01/31/2024 13:00 PM,01/31/2024 14:00 PM,1,No\n",
            2,
            "Join Time",
            "not a date",
        ),
    ],
)
def test_broken_zoom_participants_are_refused_naming_file_line_and_column(
    text: str, line: int | None, column: str | None, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        read_zoom_participants(text.encode(), "participants.csv", zone=NEW_YORK)
    error = caught.value
    assert (error.file, error.line, error.column) == ("participants.csv", line, column)
    assert words in str(error)


TEAMS_HEAD = "3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("1. Summary\nMeeting title\tX\n", None, None, "no attendance table"),
        (
            TEAMS_HEAD + "Ana\t\t1/31/2024, 9:00:00 AM\t1m\ta\tOrganizer\n",
            3,
            "Join Time",
            "no join",
        ),
        (
            TEAMS_HEAD + "Ana\t1/31/2024, 9:00:00 AM\t\tsoon\ta\tOrganizer\n",
            3,
            "Duration",
            "neither",
        ),
        (
            TEAMS_HEAD + "Ana\t1/31/2024, 9:00:00 AM\t1/31/2024, 8:00:00 AM\t\ta\tX\n",
            3,
            "Leave Time",
            "ends before",
        ),
        (
            TEAMS_HEAD + "Ana\t31.31.2024, 09:00:00\t1/31/2024, 8:00:00 AM\t\ta\tX\n",
            3,
            "Join Time",
            "not a date",
        ),
    ],
)
def test_broken_teams_reports_are_refused_naming_file_line_and_column(
    text: str, line: int | None, column: str | None, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        read_teams_attendance(("\ufeff" + text).encode("utf-16-le"), "report.csv", zone=NEW_YORK)
    error = caught.value
    assert (error.file, error.line, error.column) == ("report.csv", line, column)
    assert words in str(error)


def test_a_utf16_report_cut_in_the_middle_of_a_character_is_refused() -> None:
    data = _fixture("teams_attendance_2023.csv")[:-1]
    with pytest.raises(FormatError, match="UTF-16"):
        read_teams_attendance(data, "cut.csv", zone=NEW_YORK)

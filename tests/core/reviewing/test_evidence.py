"""Evidence stored with a rehearsal: imported all or nothing, once; placed on the run's clock
by the proposal rules, adjusted by a person; its speakers matched to the run's people; and
the figures of each step, checked against the rehearsal `recorded` makes (see
`tests/evidence.py` for its timeline), worked out by hand."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import evidence as files
import pytest
from plans import small_draft
from reviewing import dump, recorded

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.errors import FormatError, InvalidOperation, NotFound
from rehearsal.evidence_model import (
    EvidenceDraft,
    EvidenceItem,
    EvidenceKind,
    ItemKind,
    Platform,
    Proposal,
    SpeakerRole,
    TimeBase,
)
from rehearsal.limits import MAX_OFFSET_MS
from rehearsal.model import new_id

S = 1_000_000_000


def with_evidence(ws: Workspace) -> str:
    rehearsal, _ = recorded(ws)
    for name, draft in files.all_drafts().items():
        ws.evidence.add(rehearsal.id, draft, name=name)
    return rehearsal.id


# -- importing ------------------------------------------------------------------------------------
def test_a_file_is_stored_once_however_often_it_is_imported(ws: Workspace) -> None:
    rid = with_evidence(ws)
    before = dump(ws)
    again = ws.evidence.add(rid, files.transcript(), name="copy of transcript.vtt")
    assert not again.stored and again.added == 0
    assert "nothing changed" in again.summary()
    assert dump(ws) == before
    assert [f.name for f in ws.evidence.files(rid)] == [
        "transcript.vtt",
        "chat.txt",
        "participants.csv",
        "poll.csv",
    ]


def test_what_an_import_says(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    first = ws.evidence.add(rehearsal.id, files.transcript(), name="transcript.vtt")
    assert first.summary() == (
        "transcript.vtt: added 7 speech cues (Zoom transcript); offset −0:30: the recording "
        "began 0:30 before the run's start (its first speech at the run's first mark)."
    )
    chat = ws.evidence.add(rehearsal.id, files.chat(), name="chat.txt")
    assert chat.summary() == (
        "chat.txt: added 4 messages, 1 reaction (Zoom chat); offset −0:30: the recording "
        "began 0:30 before the run's start (as transcript.vtt, of the same recording)."
    )
    poll = ws.evidence.add(rehearsal.id, files.poll(), name="poll.csv")
    assert poll.summary() == (
        "poll.csv: added 2 poll answers (Zoom poll); offset 0:00: placed by its clock times "
        "(its times fall within the run)."
    )


def test_a_removed_file_imported_again_comes_back_and_takes_the_offset_given(
    ws: Workspace,
) -> None:
    rid = with_evidence(ws)
    transcript = ws.evidence.files(rid)[0]
    ws.evidence.remove(transcript.id)
    assert transcript.id not in [f.id for f in ws.evidence.files(rid)]
    assert ws.evidence.files(rid, include_removed=True)[0].removed
    back = ws.evidence.add(rid, files.transcript(), name="transcript.vtt", offset_ms=-29_000)
    assert back.restored and back.adjusted and not back.stored
    assert ws.evidence.file(transcript.id).offset_ms == -29_000
    assert ws.evidence.file(transcript.id).proposed_offset_ms == -30_000


@pytest.mark.parametrize(
    ("item", "column", "expected"),
    [
        (EvidenceItem(ItemKind.SPEECH, 5_000, 4_000, "Ana"), "end_ms", "from the start"),
        (EvidenceItem(ItemKind.SPEECH, -1, 4_000, "Ana"), "start_ms", "from 0"),
        (EvidenceItem(ItemKind.MESSAGE, 1_000, 1_000, "Ana"), "kind", "speech"),
        (EvidenceItem(ItemKind.SPEECH, 1_000, 2_000, "A\ud800na"), "person", "Unicode"),
        (EvidenceItem(ItemKind.SPEECH, 1_000, 2_000, "Ana", "a\x00b"), "text", "no NUL"),
        (EvidenceItem(ItemKind.SPEECH, 1_000, 10**15, "Ana"), "end_ms", "from 0"),
    ],
)
def test_a_file_with_an_item_out_of_bounds_is_refused_whole(
    ws: Workspace, item: EvidenceItem, column: str, expected: str
) -> None:
    rehearsal, _ = recorded(ws)
    good = files.transcript()
    bad = dataclasses.replace(good, items=(*good.items[:2], item, *good.items[2:]))
    before = dump(ws)
    with pytest.raises(FormatError) as refused:
        ws.evidence.add(rehearsal.id, bad, name="bad.vtt")
    assert (refused.value.file, refused.value.row, refused.value.column) == ("bad.vtt", 3, column)
    assert expected in str(refused.value)
    assert dump(ws) == before


def test_a_message_lasting_a_while_is_refused(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    chat = EvidenceDraft(
        EvidenceKind.CHAT,
        Platform.ZOOM,
        TimeBase.RECORDING,
        (EvidenceItem(ItemKind.MESSAGE, 1_000, 2_000, "Ana", "hi"),),
    )
    with pytest.raises(FormatError, match="a moment"):
        ws.evidence.add(rehearsal.id, chat, name="chat.txt")


def test_an_offset_out_of_bounds_is_refused(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    with pytest.raises(InvalidOperation, match="at most"):
        ws.evidence.add(rehearsal.id, files.transcript(), name="t.vtt", offset_ms=MAX_OFFSET_MS + 1)
    assert ws.evidence.files(rehearsal.id) == []


def test_evidence_of_no_rehearsal_is_refused(ws: Workspace) -> None:
    with pytest.raises(NotFound):
        ws.evidence.add(new_id(), files.transcript(), name="t.vtt")


def test_a_file_is_named_by_the_sha256_of_its_bytes(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the readers' seam: the same bytes are the same file, under any name."""
    from rehearsal.formats import evidence as readers

    rehearsal, _ = recorded(ws)
    read: list[tuple[bytes, str]] = []

    def reader(data: bytes, name: str, **_: object) -> EvidenceDraft:
        read.append((data, name))
        return files.transcript()

    monkeypatch.setattr(readers, "parse_evidence", reader)
    path = tmp_path / "GMT20260105-090000_Recording.transcript.vtt"
    path.write_bytes(b"WEBVTT\n\n1\n00:00:30.000 --> 00:01:30.000\nMaya: Welcome\n")
    found = ws.evidence.import_file(rehearsal.id, path)
    assert found.file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert read == [(path.read_bytes(), path.name)]
    renamed = path.rename(tmp_path / "renamed.vtt")
    assert not ws.evidence.import_file(rehearsal.id, renamed).stored


def test_a_file_no_reader_knows_is_refused_and_nothing_stored(
    ws: Workspace, tmp_path: Path
) -> None:
    rehearsal, _ = recorded(ws)
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text("Minutes of the meeting\nAna: said hello\n", encoding="utf-8")
    before = dump(ws)
    with pytest.raises(FormatError, match=r"meeting_saved_chat\.txt"):
        ws.evidence.import_file(rehearsal.id, path)
    with pytest.raises(FormatError, match="no such file"):
        ws.evidence.import_file(rehearsal.id, tmp_path / "missing.vtt")
    assert dump(ws) == before


# -- placing --------------------------------------------------------------------------------------
def test_the_proposals(ws: Workspace) -> None:
    rid = with_evidence(ws)
    transcript, chat, attendance, poll = ws.evidence.files(rid)
    # the first words at the first mark: the recording began 30 s before it
    assert (transcript.offset_ms, transcript.proposal) == (-30_000, Proposal.FIRST_MARK)
    # the chat of the same recording shares its 0 (its first message is 10 s in)
    assert (chat.offset_ms, chat.proposal) == (-30_000, Proposal.SAME_RECORDING)
    assert (attendance.offset_ms, attendance.proposal) == (0, Proposal.CLOCK)
    assert (poll.offset_ms, poll.proposal) == (0, Proposal.CLOCK)
    placed = {(p.item.text, p.start_ns) for p in ws.evidence.placed(rid)}
    assert ("Welcome everyone to module one.", 0) in placed
    assert ("Hello from Lisbon", 70 * S) in placed
    assert ("Somewhat", 360 * S) in placed  # 09:06:00, 40 s after the mark of 09:05:20


def test_a_recording_is_placed_against_the_run_s_start_wherever_its_clock_began(
    ws: Workspace,
) -> None:
    """The run was armed 45 s before its first mark: the run's clock reads 45 s there."""
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, facilitator="Maya", clock=clock)
    clock.advance(45)
    run.next()
    clock.advance(400)
    run.finish()
    found = ws.evidence.add(run.rehearsal.id, files.transcript(), name="t.vtt")
    assert found.file.offset_ms == -30_000
    assert min(p.start_ns for p in ws.evidence.placed(run.rehearsal.id)) == 45 * S


def test_a_recording_that_says_when_it_began_is_placed_by_that(ws: Workspace) -> None:
    """Its first words came 15 s after the run's start, but the file says the recording
    began at 08:59:30, 30 s before the first mark (at 09:00:00)."""
    rehearsal, _ = recorded(ws)
    late = files.transcript()
    late = dataclasses.replace(
        late,
        items=tuple(
            dataclasses.replace(i, start_ms=i.start_ms + 15_000, end_ms=i.end_ms + 15_000)
            for i in late.items
        ),
        recording_started_ms=files.wall(8, 59, 30),
    )
    found = ws.evidence.add(rehearsal.id, late, name="GMT20260105-085930_Recording.vtt")
    assert (found.file.offset_ms, found.file.proposal) == (-30_000, Proposal.RECORDING_START)
    assert "(the time its recording began, as the file says)" in found.summary()
    first = min(p.start_ns for p in ws.evidence.placed(rehearsal.id))
    assert first == 15 * S


def test_a_wall_clock_file_hours_away_is_moved_by_whole_quarter_hours(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    two_hours = 2 * 3_600_000
    shifted = files.poll()
    shifted = dataclasses.replace(
        shifted,
        items=tuple(
            dataclasses.replace(i, start_ms=i.start_ms + two_hours, end_ms=i.end_ms + two_hours)
            for i in shifted.items
        ),
    )
    found = ws.evidence.add(rehearsal.id, shifted, name="poll.csv")
    assert (found.file.offset_ms, found.file.proposal) == (-two_hours, Proposal.CLOCK_SHIFTED)
    assert found.outside == 0


def test_a_run_with_no_marks_places_nothing_until_it_has_some(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    run = ws.start_rehearsal(plan.id, clock=FakeClock())
    found = ws.evidence.add(run.rehearsal.id, files.attendance(), name="participants.csv")
    assert found.file.proposal is Proposal.NO_MARKS
    assert ws.evidence.placed(run.rehearsal.id) == []
    assert ws.evidence.figures(run.rehearsal.id).unplaced == 5


def test_time_asleep_is_no_time_on_the_run_clock(ws: Workspace) -> None:
    """The computer slept 10 minutes during Welcome (09:01 to 09:11 on the wall clock, at
    60 s of the run's): a time of day while it slept is placed at the mark after the sleep
    (09:12, 120 s), later ones from there."""
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, facilitator="Maya", clock=clock)
    run.next()
    clock.advance(60)
    clock.sleep_gap(600)  # 09:01 → 09:11 on the wall clock, the run's clock stays at 60 s
    clock.advance(60)
    run.next()
    clock.advance(60)
    run.finish()
    poll = dataclasses.replace(
        files.poll(),
        items=(
            EvidenceItem(ItemKind.ANSWER, files.wall(9, 5), files.wall(9, 5), "Ana", "A", "Q"),
            EvidenceItem(
                ItemKind.ANSWER, files.wall(9, 12, 30), files.wall(9, 12, 30), "Ben", "B", "Q"
            ),
        ),
    )
    ws.evidence.add(run.rehearsal.id, poll, name="poll.csv")
    starts = sorted(p.start_ns for p in ws.evidence.placed(run.rehearsal.id))
    assert starts == [120 * S, 150 * S]


def test_an_adjusted_offset_moves_the_file_and_none_puts_the_proposal_back(
    ws: Workspace,
) -> None:
    rid = with_evidence(ws)
    transcript = ws.evidence.files(rid)[0]
    moved = ws.evidence.set_offset(transcript.id, -20_000, author="Sam")
    assert (moved.offset_ms, moved.adjusted) == (-20_000, True)
    first = min(p.start_ns for p in ws.evidence.placed(rid) if p.file_id == transcript.id)
    assert first == 10 * S
    assert ws.evidence.figures(rid).steps[0].facilitator_talk_ns == 60 * S
    back = ws.evidence.set_offset(transcript.id, None)
    assert (back.offset_ms, back.adjusted) == (-30_000, False)
    with pytest.raises(InvalidOperation):
        ws.evidence.set_offset(transcript.id, 1.5)  # type: ignore[arg-type]


# -- speakers -------------------------------------------------------------------------------------
def test_speakers_are_matched_to_the_run_s_people(ws: Workspace) -> None:
    rid = with_evidence(ws)
    found = {s.name: (s.role, s.reason) for s in ws.evidence.speakers(rid)}
    assert found == {
        "Maya (Host)": (SpeakerRole.FACILITATOR, "facilitator: Maya"),
        "Sam": (SpeakerRole.STAFF, "producer: Sam"),
        "Ana Lima": (SpeakerRole.LEARNER, "not one of the run's people"),
        "Ben Okafor": (SpeakerRole.LEARNER, "not one of the run's people"),
    }


def test_a_role_set_by_a_person_wins_and_none_matches_again(ws: Workspace) -> None:
    rid = with_evidence(ws)
    ben = next(s for s in ws.evidence.speakers(rid) if s.name == "Ben Okafor")
    assert ws.evidence.set_role(rid, ben.id, "staff").role is SpeakerRole.STAFF
    assert ws.evidence.figures(rid).steps[3].learner_talk_ns == 20 * S  # Ana's alone
    assert ws.evidence.set_role(rid, ben.id, None).role is SpeakerRole.LEARNER
    with pytest.raises(NotFound):
        ws.evidence.set_role(rid, new_id(), "staff")
    with pytest.raises(InvalidOperation):
        ws.evidence.set_role(rid, ben.id, "sponsor")


def test_a_removed_file_takes_its_speakers_and_figures_with_it(ws: Workspace) -> None:
    rid = with_evidence(ws)
    poll = ws.evidence.files(rid)[3]
    ws.evidence.remove(poll.id)
    figures = ws.evidence.figures(rid)
    assert figures.totals.poll_responses is None
    assert EvidenceKind.POLL not in figures.kinds
    ws.evidence.restore(poll.id)
    assert ws.evidence.figures(rid).totals.poll_responses == 2


# -- the figures ----------------------------------------------------------------------------------
def test_the_figures_of_each_step(ws: Workspace) -> None:
    rid = with_evidence(ws)
    figures = ws.evidence.figures(rid)
    rows = {
        s.title: (
            s.time_ns // S,
            s.facilitator_talk_ns // S,  # type: ignore[operator]
            s.staff_talk_ns // S,  # type: ignore[operator]
            s.learner_talk_ns // S,  # type: ignore[operator]
            s.silence_ns // S,  # type: ignore[operator]
            s.chat_messages,
            s.learner_messages,
            s.learner_questions,
            s.chatters,
            s.attendees,
            s.joined,
            s.left,
            s.poll_responses,
        )
        for s in figures.steps
    }
    assert rows == {
        #             time fac staff learn silence msgs learner ? chatters present join left polls
        "Welcome": (320, 60, 0, 5, 255, 2, 1, 0, 2, 4, 2, 0, 0),
        "Poll": (275, 40, 30, 0, 205, 1, 1, 1, 1, 4, 0, 0, 2),
        "Open rooms": (150, 0, 0, 0, 150, 0, 0, 0, 0, 4, 0, 0, 0),
        "Breakout": (970, 0, 0, 40, 930, 1, 1, 1, 1, 4, 1, 1, 0),
        "Close": (170, 40, 0, 0, 130, 0, 0, 0, 0, 4, 0, 1, 0),
    }
    t = figures.totals
    assert (t.time_ns // S, t.silence_ns // S, t.chat_messages, t.chatters) == (1885, 1670, 4, 3)  # type: ignore[operator]
    assert (t.attendees, t.joined, t.left, t.poll_responses, t.learner_turns) == (4, 2, 2, 2, 3)
    assert figures.outside == 0


def test_a_run_without_a_kind_of_evidence_has_no_figure_of_it(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    ws.evidence.add(rehearsal.id, files.chat(), name="chat.txt")
    step = ws.evidence.figures(rehearsal.id).steps[0]
    assert step.chat_messages == 2
    assert (step.learner_talk_ns, step.silence_ns, step.attendees, step.poll_responses) == (
        None,
        None,
        None,
        None,
    )
    empty = ws.evidence.figures(recorded(ws)[0].id)
    assert not empty.has_evidence and empty.totals.chat_messages is None


def test_read_gives_the_speakers_the_items_placed_and_the_figures_at_once(
    ws: Workspace,
) -> None:
    rid = with_evidence(ws)
    ana = next(s for s in ws.evidence.speakers(rid) if s.name == "Ana Lima")
    ws.evidence.set_role(rid, ana.id, "staff")  # an edit is read too
    read = ws.evidence.read(rid)
    assert read.speakers == ws.evidence.speakers(rid)
    assert read.placed == ws.evidence.placed(rid)
    assert read.figures == ws.evidence.figures(rid)
    with pytest.raises(NotFound):
        ws.evidence.read(new_id())

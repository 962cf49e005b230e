"""`rehearsal import-evidence` and `rehearsal evidence`, through a stand-in for the readers
(the real ones are written elsewhere; the command reaches them through one function)."""

from __future__ import annotations

import json
from pathlib import Path

import evidence as files
import pytest
from reviewing import dump, recorded

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.formats import evidence as readers


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, dict[str, Path]]:
    """A workspace with a recorded rehearsal, and its evidence as files on disk."""
    monkeypatch.setattr(readers, "parse_evidence", files.stand_in_reader)
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        rehearsal, _ = recorded(ws)
    written = {}
    for name, draft in files.all_drafts().items():
        written[name] = tmp_path / name
        written[name].write_bytes(files.file_bytes(draft))
    return db, rehearsal.id, written


def test_import_evidence_says_what_it_added_and_how_it_placed_each_file(
    run: tuple[Path, str, dict[str, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, rid, written = run
    paths = [str(p) for p in written.values()]
    assert main(["import-evidence", *paths, "--rehearsal", rid, "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "transcript.vtt: added 7 speech cues (Zoom transcript); offset −0:30: the recording "
        "began 0:30 before the run's start (its first speech at the run's first mark).",
        "chat.txt: added 4 messages, 1 reaction (Zoom chat); offset −0:30: the recording began "
        "0:30 before the run's start (as transcript.vtt, of the same recording).",
        "participants.csv: added 5 attendance entries (Zoom attendance); offset 0:00: placed by "
        "its clock times (its times fall within the run).",
        "poll.csv: added 2 poll answers (Zoom poll); offset 0:00: placed by its clock times "
        "(its times fall within the run).",
    ]
    with Workspace.open(db) as ws:
        before = dump(ws)
    assert main(["import-evidence", *paths, "--rehearsal", rid, "--db", str(db)]) == 0
    assert capsys.readouterr().out.count("nothing changed") == 4
    with Workspace.open(db) as ws:
        assert dump(ws) == before


def test_an_offset_given_places_the_file(
    run: tuple[Path, str, dict[str, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, rid, written = run
    transcript = str(written["transcript.vtt"])
    argv = ["import-evidence", transcript, "--rehearsal", rid, "--offset", "-12.5"]
    assert main([*argv, "--db", str(db)]) == 0
    assert "offset −0:12: the recording began 0:12 before" in capsys.readouterr().out
    with Workspace.open(db) as ws:
        assert ws.evidence.files(rid)[0].offset_ms == -12_500
    with pytest.raises(SystemExit) as refused:
        main(["import-evidence", transcript, "--rehearsal", rid, "--offset", "x"])
    assert refused.value.code == 2
    assert "not a number of seconds" in capsys.readouterr().err


def test_a_bad_file_is_one_error_line_and_the_others_are_imported(
    run: tuple[Path, str, dict[str, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, rid, written = run
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"PK\x03\x04 not a transcript")
    out_of_bounds = tmp_path / "late.vtt"
    draft = files.transcript()
    out_of_bounds.write_bytes(files.file_bytes(draft).replace(b'"Hi all!"', b'"Hi all!\\u0000"', 1))
    argv = [str(bad), str(out_of_bounds), str(written["chat.txt"])]
    assert main(["import-evidence", *argv, "--rehearsal", rid, "--db", str(db)]) == 2
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert errors[0].startswith("error: notes.docx: not a file of evidence")
    assert errors[1].startswith("error: late.vtt, row 2, column 'text'")
    assert "chat.txt: added 4 messages" in captured.out
    with Workspace.open(db) as ws:
        assert [f.name for f in ws.evidence.files(rid)] == ["chat.txt"]


def test_unknown_rehearsal_is_one_error_line(
    run: tuple[Path, str, dict[str, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, written = run
    argv = ["import-evidence", str(written["poll.csv"]), "--rehearsal", "nope"]
    assert main([*argv, "--db", str(db)]) == 2
    assert capsys.readouterr().err.startswith("error: No rehearsal with id nope")
    assert main(["evidence", "nope", "--db", str(db)]) == 2


def test_evidence_json_per_step(
    run: tuple[Path, str, dict[str, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, rid, written = run
    paths = [str(p) for p in written.values()]
    assert main(["import-evidence", *paths, "--rehearsal", rid, "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["evidence", rid, "--json", "--db", str(db)]) == 0
    first = capsys.readouterr().out
    assert main(["evidence", rid, "--json", "--db", str(db)]) == 0
    assert capsys.readouterr().out == first  # the same bytes for the same workspace
    data = json.loads(first)
    assert list(data) == ["steps"]
    wanted = ("title", "learner_talk_s", "staff_talk_s", "silence_s", "chat_messages", "attendees")
    assert [tuple(s[k] for k in wanted) for s in data["steps"]] == [
        ("Welcome", 5.0, 0.0, 255.0, 2, 4),
        ("Poll", 0.0, 30.0, 205.0, 1, 4),
        ("Open rooms", 0.0, 0.0, 150.0, 0, 4),
        ("Breakout", 40.0, 0.0, 930.0, 1, 4),
        ("Close", 0.0, 0.0, 130.0, 0, 4),
    ]
    assert [s["facilitator_talk_s"] for s in data["steps"]] == [60.0, 40.0, 0.0, 0.0, 40.0]
    with Workspace.open(db) as ws:
        steps = [s.id for s in ws.rehearsal_summary(rid).segments]
    assert [s["id"] for s in data["steps"]] == steps


def test_evidence_as_text_shows_counts_never_names_or_words(
    run: tuple[Path, str, dict[str, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, rid, written = run
    assert main(["evidence", rid, "--db", str(db)]) == 0
    assert "No evidence yet" in capsys.readouterr().out
    paths = [str(p) for p in written.values()]
    main(["import-evidence", *paths, "--rehearsal", rid, "--db", str(db)])
    capsys.readouterr()
    assert main(["evidence", rid, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "People: 1 facilitator, 1 staff member, 2 learners" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Step"))
    assert lines[header].split()[:3] == ["Step", "Time", "Facilitator"]
    assert lines[header + 1].split()[:6] == ["Welcome", "5:20", "1:00", "0:00", "0:05", "4:15"]
    assert lines[-1].split()[:4] == ["The", "run", "31:25", "2:20"]
    for private in (*files.PRIVATE, "Maya", "Sam", "Ben"):
        assert private not in out.split("\n", 1)[1]  # the first line names the facilitator

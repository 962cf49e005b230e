from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.cli.main import build_parser, main, names_a_command, split_files
from rehearsal.formats import write_plan
from rehearsal.model import PlanDraft


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "w.rehearsal")
    source = tmp_path / "module.json"
    write_plan(small_draft("Module 1"), source)
    code, out, _ = run(capsys, "import", str(source), "--db", db)
    plan_id = out.strip()
    assert code == 0 and len(plan_id) == 36
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    data = json.loads(out)
    [program] = data["programs"]
    assert program["name"] == "Module 1"
    assert program["plans"] == [
        {
            "id": plan_id,
            "revision": 1,
            "segments": 4,
            "planned_s": 1740,
            "slot_s": 1800,
            "rehearsals": 0,
        }
    ]
    again = run(capsys, "list", "--json", "--db", db)[1]
    assert again == out  # the same bytes for the same workspace
    code, out, _ = run(capsys, "list", "--db", db)
    assert "rev 1" in out and plan_id in out
    target = tmp_path / "out.json"
    assert run(capsys, "export", plan_id, "-o", str(target), "--db", db)[0] == 0
    with Workspace.open(db) as ws:
        assert ws.import_plan(target).segments == ws.plan(plan_id).segments


def test_program_option_adds_the_next_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "w.rehearsal")
    source = tmp_path / "module.json"
    write_plan(small_draft(), source)
    run(capsys, "import", str(source), "--program", "Onboarding", "--db", db)
    run(capsys, "import", str(source), "--program", "Onboarding", "--db", db)
    data = json.loads(run(capsys, "list", "--json", "--db", db)[1])
    assert [p["revision"] for p in data["programs"][0]["plans"]] == [1, 2]


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "no-such-plan", "-o", "x.json"],
        ["import", "missing.csv"],
        ["import", "x.csv", "--map", "title"],
        ["import", "x.csv", "--map", "colour=Hue"],
        ["readiness", "no-such-plan"],
        ["readiness", "no-such-plan", "--json"],
        ["diff", "no-such-plan", "other-plan"],
        ["demo"],
    ],
)
def test_user_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    db = [] if argv == ["demo"] else ["--db", str(tmp_path / "w.rehearsal")]
    code, _, err = run(capsys, *argv, *db)
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["export"],
        ["readiness"],
        ["readiness", "p", "--buffer", "100"],
        ["readiness", "p", "--buffer", "ten"],
        ["readiness", "p", "--min-rehearsals", "-1"],
        ["diff", "only-one"],
    ],
)
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_unexpected_errors_exit_1_and_write_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import rehearsal.cli.main

    def boom(*_: object) -> int:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(rehearsal.cli.main, "run_command", boom)
    code, _, err = run(capsys, "list")
    assert code == 1 and "ZeroDivisionError" in err
    log = err.rsplit("details in ", 1)[1].rstrip(")\n")
    assert "ZeroDivisionError" in Path(log).read_text(encoding="utf-8")


def test_locked_workspace_is_a_user_error(tmp_path: Path) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db):
        child = subprocess.run(
            [sys.executable, "-m", "rehearsal.cli.main", "list", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert child.returncode == 2
    assert child.stderr.startswith("error: ") and "already open" in child.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from rehearsal import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"rehearsal {__version__}"


@pytest.mark.parametrize(
    ("argv", "files", "rest"),
    [
        (["w.rehearsal"], ["w.rehearsal"], []),
        (["a.rehearsalpack", "W.REHEARSAL"], ["a.rehearsalpack", "W.REHEARSAL"], []),
        (["--view", "review", "w.rehearsal"], ["w.rehearsal"], ["--view", "review"]),
        (["--db", "w.rehearsal"], [], ["--db", "w.rehearsal"]),
        (["--db", "w.rehearsal", "list"], [], ["--db", "w.rehearsal", "list"]),
        (["pack", "import", "a.rehearsalpack"], [], ["pack", "import", "a.rehearsalpack"]),
        (["import", "plan.json"], [], ["import", "plan.json"]),
        ([], [], []),
    ],
)
def test_files_to_open_are_told_from_commands(
    argv: list[str], files: list[str], rest: list[str]
) -> None:
    assert split_files(argv) == (files, rest)


def test_opening_a_workspace_and_packs_launches_on_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import rehearsal.cli.main

    launched: list[argparse.Namespace] = []
    monkeypatch.setattr(rehearsal.cli.main, "launch_app", lambda args: launched.append(args) or 0)
    assert run(capsys, "w.rehearsal", "a.rehearsalpack", "b.rehearsalpack")[0] == 0
    assert launched[0].db == "w.rehearsal"
    assert launched[0].packs == ["a.rehearsalpack", "b.rehearsalpack"]
    assert run(capsys, "--self-test")[0] == 0
    assert launched[1].self_test and launched[1].packs == []


@pytest.mark.parametrize(
    "argv",
    [
        ["a.rehearsal", "b.rehearsal"],
        ["--db", "a.rehearsal", "b.rehearsal"],
        ["--self-test", "--demo"],
        ["--self-test", "a.rehearsal"],
        ["--self-test", "--screenshot", "x.png"],
    ],
)
def test_launches_that_make_no_sense_exit_2(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import rehearsal.cli.main

    monkeypatch.setattr(rehearsal.cli.main, "launch_app", lambda args: pytest.fail("launched"))
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.startswith("error: ")


def _imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *drafts: PlanDraft
) -> tuple[str, list[str]]:
    """A workspace holding `drafts` as revisions 1, 2, … of one program; its plan ids."""
    db = str(tmp_path / "w.rehearsal")
    ids = []
    for n, draft in enumerate(drafts):
        source = tmp_path / f"rev{n}.json"
        write_plan(draft, source)
        code, out, _ = run(capsys, "import", str(source), "--program", "Module 1", "--db", db)
        assert code == 0
        ids.append(out.strip())
    return db, ids


def test_readiness_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, [plan_id] = _imported(tmp_path, capsys, small_draft())
    code, out, _ = run(capsys, "readiness", plan_id, "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Module 1, revision 1: NOT READY (score 25/100)"
    assert lines[1].startswith("  ✗ Design intent documented: 3 of 4 segments have no design")
    assert lines[3] == "  ✓ Non-negotiables marked: Non-negotiable: Breakout."
    assert lines[5] == "  ✗ Timing proven in rehearsal: 0 of 2 complete rehearsals of revision 1."
    assert lines[7] == (
        "  ✗ Every role accepted this revision: Revision 1 is not yet accepted by: designer "
        "(nobody); facilitator (nobody); producer (nobody); learning operations (nobody)."
    )
    assert len(lines) == 9

    code, out, _ = run(capsys, "readiness", plan_id, "--json", "--db", db)
    data = json.loads(out)
    assert list(data) == ["plan", "score", "ready", "checks"]
    assert (data["plan"], data["score"], data["ready"]) == (plan_id, 25, False)
    assert [c["key"] for c in data["checks"]] == [
        "intent",
        "producer-cues",
        "non-negotiables",
        "fits-slot",
        "proven",
        "open-flags",
        "signed-off",
        "producer-lead",
    ]
    with Workspace.open(db) as ws:
        poll, breakout = ws.plan(plan_id).segments[1:3]
    assert data["checks"][1]["segments"] == [poll.id, breakout.id]
    assert run(capsys, "readiness", plan_id, "--json", "--db", db)[1] == out  # same bytes

    relaxed = run(
        capsys, "readiness", plan_id, "--json", "--buffer", "0", "--min-rehearsals", "0", "--db", db
    )[1]
    checks = {c["key"]: c["passed"] for c in json.loads(relaxed)["checks"]}
    assert checks["fits-slot"] and checks["proven"] and json.loads(relaxed)["score"] == 50


def test_diff_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = small_draft()
    welcome, poll, breakout, _ = first.segments
    second = dataclasses.replace(
        first,
        slot_s=2400,
        segments=(
            welcome,
            dataclasses.replace(breakout, planned_s=1200, intent="Practise the workflow"),
            poll,
        ),
    )
    db, [old_id, new_id] = _imported(tmp_path, capsys, first, second)
    code, out, _ = run(capsys, "diff", old_id, new_id, "--db", db)
    assert code == 0
    assert out.splitlines() == [
        "Revision 1 → revision 2",
        "  slot: 30:00 → 40:00 (+10:00)",
        "  planned: 29:00 → 31:00 (+2:00)",
        "  ~ Breakout: re-timed 15:00 → 20:00 (+5:00)",
        "      intent: — → “Practise the workflow”",
        "  - Close: removed (was 3:00)",  # after Breakout, as it was; Poll moved past both
        "  ~ Poll: moved 2 → 3",
    ]
    code, out, _ = run(capsys, "diff", old_id, new_id, "--json", "--db", db)
    data = json.loads(out)
    assert (data["old"], data["new"]) == (old_id, new_id)
    assert [r["title"] for r in data["retimed"]] == ["Breakout"]
    assert data["moved"] == [{"id": poll.id, "title": "Poll", "from": 2, "to": 3}]
    assert [r["title"] for r in data["removed"]] == ["Close"]
    assert run(capsys, "diff", old_id, new_id, "--json", "--db", db)[1] == out

    code, out, _ = run(capsys, "diff", old_id, old_id, "--db", db)
    assert out.splitlines() == ["Revision 1 → revision 1", "  No differences."]


def test_diff_of_two_programs_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "w.rehearsal")
    source = tmp_path / "module.json"
    write_plan(small_draft(), source)
    a = run(capsys, "import", str(source), "--db", db)[1].strip()
    b = run(capsys, "import", str(source), "--db", db)[1].strip()
    code, _, err = run(capsys, "diff", a, b, "--db", db)
    assert code == 2 and "different programs" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], False),
        (["--demo", "--view", "review", "--db", "w.rehearsal"], False),
        (["--screenshot", "shot.png", "--appearance", "dark"], False),
        (["list"], True),
        (["--db", "w.rehearsal", "stats", "p1"], True),
        (["--help"], True),
        (["--demo", "-h"], True),
    ],
)
def test_a_command_line_names_a_command_when_a_word_is_not_an_option(
    argv: list[str], expected: bool
) -> None:
    assert names_a_command(argv) is expected


def test_the_launch_parses_alike_with_or_without_the_commands() -> None:
    argv = ["--demo", "--view", "review", "--db", "w.rehearsal", "--appearance", "dark"]
    assert build_parser(commands=False).parse_args(argv) == build_parser().parse_args(argv)


def test_import_says_which_columns_it_recognised_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guess a script author may want to correct with --map, on stderr."""
    path = tmp_path / "course.csv"
    path.write_text("Block,Length (min),Speaker,Room\nWelcome,5,Ana,A\nQ&A,10,Producer,B\n")
    db = str(tmp_path / "w.rehearsal")
    code, out, err = run(capsys, "import", str(path), "--db", db)
    assert code == 0 and len(out.strip()) == 36
    assert err.splitlines() == [
        "note: course.csv: recognised 3 of 4 columns ('Block' as title, 'Length (min)' as "
        "duration, 'Speaker' as lead); 1 kept as a custom column: Room",
        "warning: course.csv: type guessed from the title for 1 row (no type column says "
        "otherwise; change it in Design): row 3 'Q&A': Q&A",
    ]
    code, out, err = run(
        capsys,
        "import",
        str(path),
        "--map",
        "lead_person=Speaker",
        "--map",
        "section=Room",
        "--db",
        db,
    )
    assert code == 0
    assert err.splitlines()[0] == (
        "note: course.csv: recognised 4 of 4 columns ('Block' as title, 'Length (min)' as "
        "duration, 'Speaker' as lead_person, 'Room' as section)"
    )
    with Workspace.open(tmp_path / "w.rehearsal") as ws:
        segments = ws.plan(out.strip()).segments
    assert [(s.lead_person, s.custom) for s in segments] == [("Ana", ()), ("Producer", ())]
    exported = tmp_path / "again.csv"
    assert run(capsys, "export", out.strip(), "-o", str(exported), "--db", db)[0] == 0
    code, _, err = run(capsys, "import", str(exported), "--db", db)
    assert code == 0 and "note:" not in err  # our own export: nothing was guessed


def test_import_prints_what_it_read_loosely_as_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sheet pasted together from UTF-8 and Windows-1252 rows: stored, each row read in
    its own encoding, and the rows named on stderr (stdout keeps only the plan's id)."""
    path = tmp_path / "mixed.csv"
    path.write_bytes("Title,Duration\r\nCafé,5\r\n".encode() + "Thé,5\r\n".encode("cp1252"))
    code, out, err = run(capsys, "import", str(path), "--db", str(tmp_path / "w.rehearsal"))
    assert code == 0 and len(out.strip()) == 36
    note, warning = err.splitlines()
    assert (
        note
        == "note: mixed.csv: recognised 2 of 2 columns ('Title' as title, 'Duration' as duration)"
    )
    assert warning.startswith("warning: mixed.csv: row 3 is Windows-1252 text and row 2 is UTF-8")
    with Workspace.open(tmp_path / "w.rehearsal") as ws:
        assert [s.title for s in ws.plan(out.strip()).segments] == ["Café", "Thé"]


def test_the_import_note_is_one_line_whatever_the_headers_hold(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A header cell holding a line break (a lone CR, as a fuzzer found) is named on the
    note's one line, not split over two."""
    sheet = tmp_path / "odd.csv"
    sheet.write_bytes(b'Title,Duration,"Room\rB"\nWelcome,5,A1\n')
    code, _, err = run(capsys, "import", str(sheet), "--db", str(tmp_path / "w.rehearsal"))
    assert code == 0
    [note] = [line for line in err.splitlines() if line.startswith("note:")]
    assert "Room" in note and "B" in note.split("Room", 1)[1]

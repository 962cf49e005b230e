from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.cli import main
from rehearsal.formats import write_plan


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


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_unexpected_errors_exit_1_and_write_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import rehearsal.cli

    def boom(*_: object) -> int:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(rehearsal.cli, "run_command", boom)
    code, _, err = run(capsys, "list")
    assert code == 1 and "ZeroDivisionError" in err
    log = err.rsplit("details in ", 1)[1].rstrip(")\n")
    assert "ZeroDivisionError" in Path(log).read_text(encoding="utf-8")


def test_locked_workspace_is_a_user_error(tmp_path: Path) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db):
        child = subprocess.run(
            [sys.executable, "-m", "rehearsal.cli", "list", "--db", str(db)],
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

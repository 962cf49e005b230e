"""`rehearsal --self-test`: every check passes here, a failing one says which, and it leaves
nothing behind."""

from __future__ import annotations

import argparse
import importlib.machinery
import io
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler
from pytestqt.qtbot import QtBot

from rehearsal_ui import self_test
from rehearsal_ui.self_test import run_self_test

VIEW_LINES = [f"ok  {name} view rendered (1400×900)" for name in self_test.VIEW_NAMES]


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out = io.StringIO()
    code = run_self_test(out)
    assert list(temp.iterdir()) == []  # its temporary folder is gone
    return code, out.getvalue().splitlines()


def user_dirs() -> list[Path]:
    """The settings and log folders the test set-up points the app at."""
    return [Path(os.environ[name]) for name in ("REHEARSAL_CONFIG_DIR", "REHEARSAL_LOG_DIR")]


def test_every_check_passes_and_nothing_is_left_behind(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines = run(tmp_path, monkeypatch)
    assert code == 0, "\n".join(lines)
    assert lines[0].startswith("ok  Qt 6.")
    for expected in VIEW_LINES:
        assert expected in lines
    assert any(line.startswith("ok  plan exported as JSON and imported back") for line in lines)
    assert any(line.startswith("ok  rehearsal pack exported and imported") for line in lines)
    assert "ok  report written as PDF and HTML and read back" in lines
    assert "ok  producer run sheet written as DOCX and read back (12 steps)" in lines
    assert lines[-1].startswith("ok  self-test passed: 14 checks in ")
    assert not [line for line in lines if line.startswith("FAIL")]
    assert not any(path.exists() for path in user_dirs())  # no settings, no logs


def test_a_broken_report_fails_the_self_test(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rehearsal_ui.reports.pdf

    def truncated(report: object, path: Path, progress: object = None) -> Path:
        path.write_bytes(b"%PDF-1.4\n")  # cut short: no pages, no end
        return path

    monkeypatch.setattr(rehearsal_ui.reports.pdf, "write_pdf", truncated)
    code, lines = run(tmp_path, monkeypatch)
    assert code == 1
    assert any(line.startswith("FAIL report") and "not a complete PDF" in line for line in lines)


def test_a_failing_check_is_named_and_exits_1(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(self_test, "_flat_colour", lambda image: "#ffffff")
    code, lines = run(tmp_path, monkeypatch)
    assert code == 1
    assert "FAIL review view: the review view is one flat colour (#ffffff)" in lines
    assert "ok  plan exported as JSON and imported back (12 segments, ids kept)" in lines
    assert lines[-1].startswith(
        "FAIL self-test failed: design view, rehearse view, review view, analyze view, "
        "portfolio view ("
    )


def test_an_unexpected_error_is_a_failed_check_not_a_traceback(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(self_test, "write_demo", broken)
    code, lines = run(tmp_path, monkeypatch)
    assert code == 1
    assert "FAIL demo workspace: OSError: disk full" in lines
    assert not any("view rendered" in line for line in lines)  # they need the demo


def test_the_report_check_runs_once_reports_exist(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = types.ModuleType("rehearsal_ui.reports")
    reports.__spec__ = importlib.machinery.ModuleSpec("rehearsal_ui.reports", None)
    monkeypatch.setitem(sys.modules, "rehearsal_ui.reports", reports)
    seen: list[Path] = []

    def check(ws: object, folder: Path) -> str | None:
        seen.append(folder)
        return "the report lost its segments"

    monkeypatch.setattr(self_test, "report_check", check)
    code, lines = run(tmp_path, monkeypatch)
    assert code == 1
    assert "FAIL report: the report lost its segments" in lines
    assert seen and seen[0].name.startswith("rehearsal-self-test-")


def test_qt_warnings_fail_it_and_the_previous_handler_comes_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import qWarning

    def warn_once(ws: object, folder: Path) -> str | None:
        qWarning("QPainter::begin: Paint device returned engine == 0")
        return None

    reports = types.ModuleType("rehearsal_ui.reports")
    reports.__spec__ = importlib.machinery.ModuleSpec("rehearsal_ui.reports", None)
    monkeypatch.setitem(sys.modules, "rehearsal_ui.reports", reports)
    monkeypatch.setattr(self_test, "report_check", warn_once)
    seen: list[str] = []
    previous = qInstallMessageHandler(lambda kind, context, message: seen.append(message))
    try:
        code, lines = run(tmp_path, monkeypatch)
        qWarning("after the self-test")
    finally:
        qInstallMessageHandler(previous)
    assert code == 1
    assert (
        "FAIL Qt messages: Qt warned: QPainter::begin: Paint device returned engine == 0" in lines
    )
    assert seen == ["after the self-test"]


def test_a_missing_qt_library_is_a_failed_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rehearsal_ui.app import launch

    monkeypatch.setitem(sys.modules, "rehearsal_ui.self_test", None)  # import fails
    assert launch(argparse.Namespace(self_test=True)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "FAIL self-test failed: Qt"


def test_the_installed_command_runs_it(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("rehearsal.exe" if os.name == "nt" else "rehearsal")
    env = {**os.environ, "TMPDIR": str(tmp_path), "TEMP": str(tmp_path), "TMP": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)  # it chooses offscreen itself
    done = subprocess.run(
        [str(script), "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ok  Qt 6.") and " on offscreen " in lines[0]
    for expected in VIEW_LINES:
        assert expected in lines
    assert lines[-1].startswith("ok  self-test passed: ")
    assert done.stderr == ""
    assert list(tmp_path.iterdir()) == []
    assert not any(path.exists() for path in user_dirs())

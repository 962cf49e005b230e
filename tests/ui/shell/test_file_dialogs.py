"""Every file dialog opens in the user's documents folder, or in the folder a file was
chosen in last (remembered in the settings) — never in the app's own folder."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from rehearsal.clock import FakeClock
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell import file_dialogs
from rehearsal_ui.shell.settings import load_settings

UI = Path(file_dialogs.__file__).resolve().parents[1]


def test_no_view_opens_a_file_dialog_of_its_own() -> None:
    """Only shell/file_dialogs.py calls QFileDialog: every other dialog goes through it."""
    callers = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "file_dialogs.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name | ast.Attribute) and "QFileDialog" in ast.unparse(node):
                callers.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert callers == []


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own, with its documents folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home / "Documents"


class Asked:
    """Stands in for QFileDialog: records the folder each dialog opened in, and answers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folders: list[tuple[str, Path]] = []
        self.answer = ""
        for name in ("getSaveFileName", "getOpenFileName", "getOpenFileNames"):
            monkeypatch.setattr(QFileDialog, name, self._file(name))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)

    def _file(self, name: str) -> Any:
        def ask(_parent: object, title: str, start: str, *_a: object, **_k: object) -> Any:
            folder = Path(start) if Path(start).is_dir() else Path(start).parent
            self.folders.append((title, folder))
            if name == "getOpenFileNames":
                return ([self.answer] if self.answer else []), ""
            return self.answer, ""

        return ask

    def _folder(self, _parent: object, title: str, start: str) -> str:
        self.folders.append((title, Path(start)))
        return ""


def test_file_dialogs_open_in_documents_then_where_the_last_file_was(
    qtbot: QtBot,
    window: MainWindow,
    documents: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = Asked(monkeypatch)
    plan = window.design.plan
    assert plan is not None
    clock = FakeClock()
    run = window.ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(60)
    run.finish()
    window.show_view("review")
    window.review.show_rehearsal(run.rehearsal.id)
    commands = [
        window.commands.import_plan.trigger,
        window.commands.open_workspace.trigger,
        window.exchange.export_pack.trigger,
        window.exchange.import_packs.trigger,
        window.review.timeline.setFocus,  # (nothing asked)
    ]
    for command in commands:
        command()
    assert {folder for _, folder in asked.folders} == {documents}
    assert len(asked.folders) == 4
    # a file chosen somewhere else: the next dialogs open there, and the settings keep it
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    asked.answer = str(elsewhere / "plan.json")
    window.show_view("design")
    window.commands.export_plan.trigger()
    assert (elsewhere / "plan.json").exists()
    asked.answer = ""
    asked.folders.clear()
    window.commands.import_plan.trigger()
    window.design.show_plan(plan.id)
    window.exchange.import_packs.trigger()
    assert {folder for _, folder in asked.folders} == {elsewhere}
    assert load_settings().last_folder == str(elsewhere)
    # a folder to share through: where it is, else where files were chosen last
    shared = tmp_path / "shared"
    shared.mkdir()
    asked.folders.clear()
    file_dialogs.existing_folder(None, "Choose the shared folder", shared)
    file_dialogs.existing_folder(None, "Choose the shared folder", None)
    assert [folder for _, folder in asked.folders] == [shared, elsewhere]


def test_a_folder_that_went_away_is_not_opened(documents: Path, tmp_path: Path) -> None:
    settings = load_settings()
    file_dialogs.remember_in(settings)
    try:
        gone = tmp_path / "gone"
        gone.mkdir()
        file_dialogs.chosen(gone / "file.json")
        assert file_dialogs.start_folder() == gone
        gone.rmdir()
        assert file_dialogs.start_folder() == documents
    finally:
        file_dialogs.remember_in(None)

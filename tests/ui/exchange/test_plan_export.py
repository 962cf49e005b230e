"""File → Export offers Ontime's project and rundown beside the app's own formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plans import small_draft
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.formats import read_plan
from rehearsal_ui.exchange import plan_files
from rehearsal_ui.exchange.plan_files import PlanFiles


@pytest.mark.parametrize(
    ("typed", "chosen", "written", "kind"),
    [
        ("show.json", "Ontime project (*.json)", "show.json", "ontime"),
        ("show", "Ontime rundown (*.xlsx)", "show.xlsx", "ontime"),
        ("show.json", "JSON plan (*.json)", "show.json", "native"),
        ("show.csv", "Ontime project (*.json)", "show.csv", "sheet"),  # the suffix typed wins
    ],
)
def test_export_writes_the_format_chosen(
    qtbot: QtBot,
    ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    chosen: str,
    written: str,
    kind: str,
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    plan = ws.add_plan(small_draft())
    files = PlanFiles(
        parent,
        workspace=lambda: ws,
        shown_plan=lambda: plan,
        imported=lambda _plan: None,
        status=lambda _text, _ms: None,
    )
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(plan_files, "save_file_name", lambda *_args: (str(out / typed), chosen))
    files.choose_export()
    (path,) = out.iterdir()
    assert path.name == written
    if path.suffix == ".json":
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert ("rundowns" in doc) == (kind == "ontime")
    if kind == "ontime" and path.suffix == ".xlsx":
        import openpyxl

        assert openpyxl.load_workbook(path).sheetnames == ["Event schedule"]
    assert [s.id for s in read_plan(path).segments] == [s.id for s in plan.segments]

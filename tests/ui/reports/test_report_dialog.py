"""File → Export report…: preview, then every format from the same dialog."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.reports import rehearsal_report
from rehearsal_ui.reports.dialog import ReportDialog
from rehearsal_ui.reports.pdf import page_images


def test_the_preview_shows_the_pages_and_each_format_is_written(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rehearsal, _ = recorded(ws)
    dialog = ReportDialog(None, ws, rehearsal.id, rehearsal.plan_id)
    qtbot.addWidget(dialog)
    shown = [
        w for w in dialog.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull()
    ]
    assert len(shown) == len(page_images(rehearsal_report(ws, rehearsal.id)))
    assert dialog.default_name().endswith(".pdf") and "Dry run" in dialog.default_name()
    for key in ("pdf", "html", "csv", "xlsx"):
        dialog.format.setCurrentIndex(dialog.format.findData(key))
        target = tmp_path / f"report.{key}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target: (str(t), ""))
        dialog.save_button.click()
        assert dialog.saved == target and target.stat().st_size > 0
        dialog.setResult(0)
    assert len(pypdf.PdfReader(tmp_path / "report.pdf").pages) == len(shown)
    assert "Rehearsal report" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_plan_report_uses_the_filters_and_a_missing_suffix_is_added(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rehearsal, _ = recorded(ws)
    dialog = ReportDialog(None, ws, None, rehearsal.plan_id)
    qtbot.addWidget(dialog)
    assert dialog.across.isChecked() and not dialog.one.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "plan"), ""))
    dialog.save_button.click()
    assert dialog.saved == tmp_path / "plan.html"
    assert "Variance and readiness" in (tmp_path / "plan.html").read_text(encoding="utf-8")

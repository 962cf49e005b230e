"""File → Export report…: preview, then every format from the same dialog — the report
prepared and the files written off the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.reports import program_report, rehearsal_report
from rehearsal_ui.reports import dialog as report_dialog
from rehearsal_ui.reports.dialog import ReportDialog
from rehearsal_ui.reports.pdf import page_images

UI = threading.get_ident()


def pages_shown(dialog: ReportDialog) -> list[QLabel]:
    return [
        w for w in dialog.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull()
    ]


def previewed(qtbot: QtBot, ws: Workspace, *args: Any) -> ReportDialog:
    """The dialog, once its first preview is shown."""
    dialog = ReportDialog(None, ws, *args)
    qtbot.addWidget(dialog)
    assert dialog.note.text() == "Preparing the report…" and not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=30_000):
        pass
    return dialog


def save(qtbot: QtBot, dialog: ReportDialog) -> None:
    """Click Save and wait for the file to be written."""
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.save_button.click()
        assert not dialog.save_button.isEnabled() and dialog.note.text().startswith("Saving")


def test_the_preview_shows_the_pages_and_each_format_is_written(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rehearsal, _ = recorded(ws)
    dialog = previewed(qtbot, ws, rehearsal.id, rehearsal.plan_id)
    shown = pages_shown(dialog)
    assert len(shown) == len(page_images(rehearsal_report(ws, rehearsal.id)))
    assert dialog.save_button.isEnabled() and dialog.note.text().endswith("pages, as shown.")
    assert dialog.default_name().endswith(".pdf") and "Dry run" in dialog.default_name()
    for key in ("pdf", "html", "csv", "xlsx"):
        dialog.format.setCurrentIndex(dialog.format.findData(key))
        target = tmp_path / f"report.{key}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target: (str(t), ""))
        save(qtbot, dialog)
        assert dialog.saved == target and target.stat().st_size > 0
        dialog.setResult(0)
        dialog.save_button.setEnabled(True)  # as the dialog is reused here, not closed
    assert len(pypdf.PdfReader(tmp_path / "report.pdf").pages) == len(shown)
    assert "Rehearsal report" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_plan_report_uses_the_filters_and_a_missing_suffix_is_added(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rehearsal, _ = recorded(ws)
    dialog = previewed(qtbot, ws, None, rehearsal.plan_id)
    assert dialog.across.isChecked() and not dialog.one.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "plan"), ""))
    save(qtbot, dialog)
    assert dialog.saved == tmp_path / "plan.html"
    assert "Variance and readiness" in (tmp_path / "plan.html").read_text(encoding="utf-8")


def test_the_report_is_prepared_and_written_off_the_ui_thread(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rehearsal, _ = recorded(ws)
    threads: dict[str, int] = {}

    def noted(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            threads[name] = threading.get_ident()
            return real(*args, **kwargs)

        return call

    for name in ("program_report", "page_images", "write_pdf"):
        monkeypatch.setattr(report_dialog, name, noted(name, getattr(report_dialog, name)))
    dialog = previewed(qtbot, ws, None, rehearsal.plan_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "p.pdf"), ""))
    save(qtbot, dialog)
    assert set(threads) == {"program_report", "page_images", "write_pdf"}
    assert UI not in threads.values()
    assert len(pypdf.PdfReader(tmp_path / "p.pdf").pages) == len(pages_shown(dialog))


def test_a_newer_choice_supersedes_the_report_being_prepared(
    qtbot: QtBot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    rehearsal, _ = recorded(ws)
    started = threading.Event()
    release = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(10)  # the simulation takes a while
        return program_report(*args, **kwargs)

    monkeypatch.setattr(report_dialog, "program_report", slow)
    dialog = ReportDialog(None, ws, rehearsal.id, rehearsal.plan_id)
    qtbot.addWidget(dialog)
    shown: list[str] = []
    dialog.previewed.connect(lambda: shown.append(dialog.note.text()))
    dialog.across.setChecked(True)  # the plan's report: being prepared…
    assert started.wait(10)
    with qtbot.waitSignal(dialog.previewed, timeout=30_000):
        dialog.one.setChecked(True)  # …when the person goes back to the rehearsal's
    release.set()
    assert dialog.runner.wait()
    assert len(shown) == 1 and shown[0].endswith("pages, as shown.")  # the plan's never came
    assert dialog._report is not None and dialog._report.title.startswith("Rehearsal report")


def test_a_report_that_cannot_be_built_says_why_and_saves_nothing(
    qtbot: QtBot, ws: Workspace
) -> None:
    dialog = previewed(qtbot, ws, None, None)
    assert dialog.note.text() == "Choose a plan revision first."
    assert not dialog.save_button.isEnabled() and pages_shown(dialog) == []


def test_a_file_that_cannot_be_written_is_explained(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rehearsal, _ = recorded(ws)
    dialog = previewed(qtbot, ws, rehearsal.id, rehearsal.plan_id)
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    target = blocker / "report.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: told.append(title + text))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=30_000)
    assert told[0].startswith("Report not saved") and "report.html" in told[0]
    assert dialog.saved is None and dialog.save_button.isEnabled()
    assert not target.exists()


def test_names_and_messages_from_evidence_only_when_asked(qtbot: QtBot, ws: Workspace) -> None:
    from evidence import PRIVATE, all_drafts

    from rehearsal.reports import render_html

    rehearsal, _ = recorded(ws)
    for name, draft in all_drafts().items():
        ws.evidence.add(rehearsal.id, draft, name=name)
    dialog = previewed(qtbot, ws, rehearsal.id, rehearsal.plan_id)
    box = dialog.evidence_text
    assert box.isEnabled() and not box.isChecked()  # counts only, unless asked
    assert dialog.request().evidence_text is False
    assert dialog._report is not None
    html = render_html(dialog._report)
    assert not any(words in html for words in PRIVATE)
    with qtbot.waitSignal(dialog.previewed, timeout=30_000):
        box.setChecked(True)  # prepared again, with the names and the chat
    assert dialog.request().evidence_text is True
    assert dialog._report is not None
    assert "Hello from Lisbon" in render_html(dialog._report)
    dialog.across.setChecked(True)  # a plan's report has no one run's evidence text
    assert not box.isEnabled() and dialog.request().evidence_text is False

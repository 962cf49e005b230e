"""File → Export guide…: a role, what changed since an older revision (optional), the format
by the file name; built and written off the UI thread; errors said, nothing half-written."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from guides import docx_text, pdf_text
from plans import small_draft
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.demo import write_demo
from rehearsal.model import Plan
from rehearsal.reports.guides import guide, guide_report
from rehearsal_ui.reports import guide_dialog as module
from rehearsal_ui.reports.guide_dialog import GuideDialog
from rehearsal_ui.reports.pdf import PAGE_H, PAGE_W, page_images
from rehearsal_ui.shell.theme import apply_appearance, current_mode

UI = threading.get_ident()


def two_revisions(ws: Workspace) -> Plan:
    first = ws.add_plan(small_draft())
    poll = dataclasses.replace(first.segments[1], planned_s=300)
    return ws.new_revision(
        dataclasses.replace(first, segments=(first.segments[0], poll, *first.segments[2:]))
    )


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path, chosen_filter: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(path), chosen_filter))


def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(text))
    return said


def test_the_producer_run_sheet_since_revision_1_is_written_off_the_ui_thread(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = two_revisions(ws)
    threads: list[int] = []
    real = module.write_guide

    def noted(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "write_guide", noted)
    dialog = GuideDialog(None, ws, plan.id)
    qtbot.addWidget(dialog)
    assert dialog.since_box.isEnabled() and not dialog.since.isEnabled()
    assert "The facilitator notes are left out" not in dialog.what.text()
    dialog.producer.setChecked(True)
    assert "The facilitator notes are left out" in dialog.what.text()
    dialog.since_box.setChecked(True)
    assert dialog.since.isEnabled() and dialog.since_revision == 1
    target = tmp_path / "sheet.docx"
    choose_file(monkeypatch, target)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.save_button.click()
        assert not dialog.save_button.isEnabled() and dialog.note.text().startswith("Saving")
    assert dialog.saved == target and threads and UI not in threads
    text = docx_text(target)
    assert "Producer run sheet" in text and "What changed since revision 1" in text
    assert "re-timed 4:00 → 5:00 (+1:00)" in text


def test_choosing_a_reader_begins_with_what_changed_since_the_revision_they_accepted(
    qtbot: QtBot, ws: Workspace
) -> None:
    plan = two_revisions(ws)
    first = next(p for p in ws.plans(plan.program_id) if p.revision == 1)
    ws.signoffs.record(first.id, "producer", "Sam Rivera", accepted=True)
    ws.signoffs.record(plan.id, "producer", "Ana", accepted=True)
    ws.signoffs.record(first.id, "facilitator", "Maya", accepted=True)
    dialog = GuideDialog(None, ws, plan.id)
    qtbot.addWidget(dialog)
    names = [dialog.reader.itemText(i) for i in range(dialog.reader.count())]
    assert names == ["Anyone", "Maya"]  # the facilitator guide: its role's readers
    dialog.producer.setChecked(True)
    names = [dialog.reader.itemText(i) for i in range(dialog.reader.count())]
    assert names == ["Anyone", "Ana", "Sam Rivera"]
    dialog.reader.setCurrentIndex(2)
    dialog.reader.activated.emit(2)
    assert dialog.since_revision == 1
    assert dialog.reader_said.text() == "Sam Rivera last accepted revision 1."
    dialog.reader.setCurrentIndex(1)
    dialog.reader.activated.emit(1)
    assert dialog.since_revision is None  # Ana accepted this revision
    assert "accepted no older revision" in dialog.reader_said.text()


def test_a_name_without_an_ending_takes_the_type_chosen_and_pdf_is_written(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = ws.add_plan(small_draft())
    dialog = GuideDialog(None, ws, plan.id)
    qtbot.addWidget(dialog)
    assert not dialog.since_box.isEnabled() and dialog.since_revision is None  # revision 1
    assert dialog.default_name() == "Module 1 — revision 1 facilitator guide.pdf"
    choose_file(monkeypatch, tmp_path / "guide", "PDF document (*.pdf)")
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.save_button.click()
    assert dialog.saved == tmp_path / "guide.pdf"
    text = pdf_text(tmp_path / "guide.pdf")
    assert "Facilitator guide — Module 1" in text and "What changed" not in text


def test_a_file_of_another_kind_is_refused_and_nothing_is_written(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = GuideDialog(None, ws, ws.add_plan(small_draft()).id)
    qtbot.addWidget(dialog)
    said = warnings(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    choose_file(monkeypatch, out / "guide.txt", "PDF document (*.pdf)")
    dialog.save_button.click()
    assert said and "FILE.pdf or a FILE.docx" in said[0]
    assert dialog.save_button.isEnabled() and dialog.result() == 0
    assert list(out.iterdir()) == []


def test_a_guide_that_cannot_be_written_says_why(
    qtbot: QtBot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = GuideDialog(None, ws, ws.add_plan(small_draft()).id)
    qtbot.addWidget(dialog)
    said = warnings(monkeypatch)
    choose_file(monkeypatch, tmp_path / "gone" / "guide.docx")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(said), timeout=30_000)
    assert "does not exist" in said[0] and "was not saved" in dialog.note.text()
    assert dialog.save_button.isEnabled() and dialog.saved is None


# -- pictures: the dialog in light and dark, and a guide's first page for the README -----------
SHOTS = Path("/tmp/guides")
README_SHOT = Path(__file__).parents[3] / "packaging" / "screenshots" / "guide.png"


@pytest.fixture
def appearance(qapp: QApplication) -> Iterator[None]:
    before = current_mode()
    yield
    apply_appearance(qapp, before)


def test_the_dialog_in_light_and_dark_after_switching_without_a_restart(
    qtbot: QtBot, qapp: QApplication, appearance: None, tmp_path: Path
) -> None:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        program = ws.programs()[0]
        latest = max(ws.plans(program.id), key=lambda p: p.revision)
        dialog = GuideDialog(None, ws, latest.id)
        qtbot.addWidget(dialog)
        dialog.producer.setChecked(True)
        dialog.since_box.setChecked(True)
        dialog.show()
        qtbot.waitExposed(dialog)
        SHOTS.mkdir(parents=True, exist_ok=True)
        shots = {}
        for mode in ("light", "dark"):
            apply_appearance(qapp, mode)
            qapp.processEvents()
            image = dialog.grab().toImage()
            assert image.save(str(SHOTS / f"guide-dialog-{mode}.png"))
            shots[mode] = image
        # the dark appearance reached the dialog: its background turned dark, its text light
        light = shots["light"].pixelColor(5, shots["light"].height() // 2).lightness()
        dark = shots["dark"].pixelColor(5, shots["dark"].height() // 2).lightness()
        assert light > 180 > 80 > dark
        label = dialog.what
        assert label.palette().color(label.foregroundRole()).lightness() > 150
        # every line of the long description is shown: the label is as tall as its text
        assert label.height() >= label.heightForWidth(label.width())


def test_a_guide_page_as_a_picture(tmp_path: Path, qapp: QApplication) -> None:
    """The demo's producer run sheet, revision 2 since revision 1: its first page, painted
    as the PDF is (the report writer's own `page_images`). REHEARSAL_UPDATE_SCREENSHOTS=1
    writes it to packaging/screenshots/guide.png, the README's picture."""
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        program = ws.programs()[0]
        latest = max(ws.plans(program.id), key=lambda p: p.revision)
        g = guide(ws, latest.id, "producer", since_revision=1)
    g = dataclasses.replace(g, generated="2026-01-12T09:00:00+00:00")
    first = page_images(guide_report(g), 900)[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert first.save(str(SHOTS / "guide-page.png"))
    assert (first.width(), first.height()) == (900, round(900 * PAGE_H / PAGE_W))

    def ink(top: float, bottom: float) -> bool:
        """Whether a band of the page (fractions of its height) holds any dark pixel."""
        for y in range(int(first.height() * top), int(first.height() * bottom), 3):
            for x in range(0, first.width(), 3):
                if first.pixelColor(x, y).lightness() < 100:
                    return True
        return False

    assert ink(0.03, 0.10)  # the title
    assert ink(0.5, 0.9)  # the run sheet's rows reach down the page
    if os.environ.get("REHEARSAL_UPDATE_SCREENSHOTS"):
        assert first.save(str(README_SHOT))
    assert README_SHOT.exists()


def test_file_export_guide_opens_on_the_revision_shown_or_says_what_to_choose(
    qtbot: QtBot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from rehearsal_ui.main_window import MainWindow

    empty = MainWindow(ws)
    qtbot.addWidget(empty)
    empty.show()
    empty.menus.guide_action.trigger()  # no plan yet: nothing to export, and it says so
    assert "Choose a plan revision" in empty.statusBar().currentMessage()
    empty.close()
    plan = two_revisions(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.reload(select_plan=plan.id)
    seen: list[GuideDialog] = []

    def look(dialog: GuideDialog) -> int:
        seen.append(dialog)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(GuideDialog, "exec", look)
    window.menus.guide_action.trigger()
    assert seen and seen[0].plan_id == plan.id and seen[0].since.count() == 1
    assert window.menus.guide_action.text() == "Export &guide…"

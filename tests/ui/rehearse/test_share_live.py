"""Share live: the companion started from the live screen, a flag from a page recorded on
the UI thread and shown at once, sharing stopped when the run ends."""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

from plans import small_draft
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import EventKind
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.rehearse.share_dialog import addresses, qr_pixmap
from rehearsal_ui.shell.theme import apply_appearance


def post_flag(url: str, pin: str, answers: list[int]) -> None:
    request = urllib.request.Request(
        url + "api/flags",
        data=json.dumps({"category": "tool launch", "person": "Sam"}).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {pin}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        answers.append(answer.status)


def test_share_live_records_flags_on_the_live_screen(
    qtbot: QtBot, window: MainWindow, ws: Workspace, tmp_path: Path
) -> None:
    view = window.rehearse
    run = ws.start_rehearsal(ws.add_plan(small_draft()).id, clock=FakeClock())
    view._go_live(run, "Armed")
    run.next()
    view.show_share()
    dialog = view.share_dialog
    assert dialog is not None and not dialog.sharing  # off until asked
    qtbot.addWidget(dialog)
    dialog.network.setCurrentIndex(0)
    assert dialog.network.currentData() == "127.0.0.1"
    dialog.start()
    assert dialog.companion is not None and dialog.pin.text() == dialog.companion.pin
    assert dialog.address.text().startswith("http://127.0.0.1:")
    assert not dialog.qr.pixmap().isNull()
    answers: list[int] = []
    thread = threading.Thread(
        target=post_flag, args=(dialog.companion.url, dialog.companion.pin, answers)
    )
    thread.start()  # the page's request waits for the UI thread, which records it
    qtbot.waitUntil(lambda: answers == [201], timeout=10_000)
    thread.join()
    assert view.board.last_mark.text() == "Flag from the producer page: tool launch"
    assert [e.get("category") for e in run.events if e.kind is EventKind.FLAG] == ["tool launch"]
    for mode in ("light", "dark"):  # switched without a restart
        apply_appearance(QApplication.instance(), mode)  # type: ignore[arg-type]
        assert dialog.grab().save(str(tmp_path / f"share-{mode}.png"))
    apply_appearance(QApplication.instance(), "light")  # type: ignore[arg-type]
    run.finish()  # the run ends: sharing stops
    qtbot.waitUntil(lambda: not dialog.sharing)
    assert dialog.pin.text() == "—"
    view.run = None


def test_the_qr_code_and_the_networks() -> None:
    assert addresses()[0] == ("This computer only (127.0.0.1)", "127.0.0.1")
    image = qr_pixmap("http://192.0.2.2:8765/").toImage()
    assert image.width() == image.height() >= 29 * 5
    corner = image.pixelColor(4 * 5 + 1, 4 * 5 + 1)  # a finder pattern's dark corner
    margin = image.pixelColor(1, 1)
    assert (corner.lightness(), margin.lightness()) == (0, 255)

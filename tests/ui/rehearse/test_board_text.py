"""The live board's text: new text repaints in place, never relays out the page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from rehearsal_ui.rehearse.board_text import ELLIPSIS, BoardText
from rehearsal_ui.shell.theme import apply_appearance


class LayoutRequests(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def board(qtbot: QtBot, *texts: BoardText) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    for text in texts:
        layout.addWidget(text)
    qtbot.addWidget(page)
    page.resize(600, 300)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_new_text_does_not_relayout_the_page(qtbot: QtBot) -> None:
    line = BoardText(1.0)
    page = board(qtbot, line)
    qtbot.wait(10)  # the first layout, from showing the page
    requests = LayoutRequests(page)
    height = line.height()
    for i in range(20):
        line.setText("Step " + "9" * i)
        qtbot.wait(1)
    assert requests.count == 0
    assert line.height() == height and line.text() == "Step " + "9" * 19
    assert line.accessibleName() == line.text()


def test_text_too_long_for_its_lines_is_elided(qtbot: QtBot) -> None:
    one, two = BoardText(1.0), BoardText(1.0, lines=2)
    _page = board(qtbot, one, two)
    words = " ".join(f"word{i}" for i in range(200))
    one.setText(words)
    two.setText(words)
    assert one.shown_text().endswith(ELLIPSIS) and len(one.shown_text()) < len(words)
    assert two.shown_text().endswith(ELLIPSIS)
    assert len(one.shown_text()) < len(two.shown_text()) < len(words)
    short = "Welcome and goals"
    two.setText(short)
    assert two.shown_text() == short  # two lines of room, no ellipsis for one line of text


def test_a_large_timer_is_drawn_in_its_colour(qtbot: QtBot) -> None:
    timer = BoardText(6.0, bold=True, wrap=False, align=Qt.AlignmentFlag.AlignCenter)
    _page = board(qtbot, timer)
    timer.setText("+1:05")
    danger = QColor("#c0392b")
    timer.set_colour(danger)
    image = timer.grab().toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert danger.name() in colours  # the cached glyphs follow the colour
    timer.set_colour(None)
    assert timer.colour() == timer.palette().windowText().color()
    image = timer.grab().toImage()
    assert danger.name() not in {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_what_is_painted_is_the_shown_text(qtbot: QtBot) -> None:
    """A text is drawn first and measured by its drawing; one that needs more room is drawn
    again, cut short: the picture is the same as that of the shorter text given outright,
    one line or wrapped, small or as large as the timer."""
    words = " ".join(f"word{i}" for i in range(60))
    cases = [
        (dict(size=1.0), words),
        (dict(size=1.2, lines=2), words),
        (dict(size=6.0, bold=True, wrap=False), "+12:34:56:78:90:12:34:56"),
        (dict(size=1.1, lines=3), "\n".join(f"Change {i}: 8:00 → 6:26 (−1:34)" for i in range(9))),
        (dict(size=1.2, lines=2), "Welcome and goals"),
    ]
    for options, text in cases:
        long, short = BoardText(**options), BoardText(**options)  # type: ignore[arg-type]
        _page = board(qtbot, long, short)
        long.setText(text)
        long.grab()  # drawn once: then the fitted text is known, and drawn at once
        short.setText(long.shown_text())
        assert long.grab().toImage() == short.grab().toImage(), text
        fresh = BoardText(**options)  # type: ignore[arg-type]
        _again = board(qtbot, fresh)
        fresh.setText(text)
        assert fresh.grab().toImage() == short.grab().toImage(), text
        assert (long.shown_text() != text) == (text != cases[-1][1])


def test_a_switch_of_appearance_repaints_in_the_new_colours(
    qtbot: QtBot, qapp: QApplication, dark: None
) -> None:
    """The background and text colours a board text keeps for its paints follow a switch
    of appearance, without a restart (the timer's glyph images too)."""
    line = BoardText(1.0)
    timer = BoardText(6.0, bold=True, wrap=False, align=Qt.AlignmentFlag.AlignCenter)
    _page = board(qtbot, line, timer)
    line.setText("Step 3 of 20")
    timer.setText("4:59")
    for mode in ("dark", "light", "dark"):
        apply_appearance(qapp, mode)
        for text in (line, timer):
            image = text.grab().toImage()
            colours = {
                image.pixelColor(x, y).name()
                for x in range(0, image.width(), 2)
                for y in range(0, image.height())
            }
            palette = text.palette()
            assert image.pixelColor(0, 0) == palette.window().color(), mode
            assert palette.windowText().color().name() in colours, mode


def test_lines_that_fit_are_kept_whole_when_the_rest_is_cut(qtbot: QtBot) -> None:
    """Three lines of room for five lines of words: the first two are shown as they are,
    the third is cut at a word with "…", nothing of the last two is shown."""
    text = BoardText(1.0, lines=3)
    _page = board(qtbot, text)
    rows = ["Behind 5:06: to land on time", "Debrief: 10:00 → 8:02", "Q&A: 8:00 → 6:26 (−1:34)"]
    rows += ["Survey: 3:00 → 2:30 (−0:30)", "A: accept Debrief: 10:00 → 8:02"]
    text.setText("\n".join(rows))
    shown = text.shown_text().split("\n")
    assert shown[:2] == rows[:2] and len(shown) == 3
    assert shown[2].endswith(ELLIPSIS) and rows[2].startswith(shown[2][:-1])
    kept = shown[2][: -len(ELLIPSIS)]
    assert kept == rows[2] or rows[2][len(kept)] == " "  # cut between words

"""The column-mapping dialog every CSV/XLSX import opens with: it starts from what was
recognised and says so, previews every field read and the custom columns, lets a person
correct the guess with the keyboard alone — and looks right in light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal.formats import open_sheet
from rehearsal.formats.sheet_columns import Field
from rehearsal.formats.sheet_file import guess_sheet
from rehearsal_ui.exchange.mapping_dialog import NOT_MAPPED, ColumnMappingDialog
from rehearsal_ui.exchange.mapping_preview import NO_ROLE, NO_ROLE_TIP
from rehearsal_ui.shell.theme import apply_appearance, current_mode

FIXTURES = Path(__file__).parents[2] / "fixtures" / "sheets"
COURSE = FIXTURES / "course_two_hours.csv"
SHOTS = Path("/tmp/mapping_dialog")
UNKNOWN = "Agenda for Tuesday\nOhjelma,Kesto,Who\nWelcome,5,Dana\nPoll,4,Sam\nBreakout,15,All\n"


def _dialog(qtbot: QtBot, path: Path) -> ColumnMappingDialog:
    sheet = open_sheet(path)
    assert sheet is not None
    dialog = ColumnMappingDialog(path, sheet, guess_sheet(sheet))
    qtbot.addWidget(dialog)
    return dialog


def _previewed(qtbot: QtBot, dialog: ColumnMappingDialog) -> None:
    qtbot.waitUntil(lambda: dialog.reading is not None, timeout=10_000)


def _headers(dialog: ColumnMappingDialog) -> list[str]:
    table = dialog.preview
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def _column(dialog: ColumnMappingDialog, header: str) -> list[str]:
    at = _headers(dialog).index(header)
    return [dialog.preview.item(r, at).text() for r in range(dialog.preview.rowCount())]


@pytest.fixture
def course(qtbot: QtBot) -> ColumnMappingDialog:
    dialog = _dialog(qtbot, COURSE)
    _previewed(qtbot, dialog)
    return dialog


def test_it_starts_from_what_was_recognised_and_says_so(course: ColumnMappingDialog) -> None:
    chosen = {f: c.currentText() for f, c in course.choices.items() if c.currentIndex() > 0}
    assert chosen == {
        Field.TITLE: "Block",
        Field.DURATION: "Length (min)",
        Field.LEAD: "Speaker",
        Field.NOTES: "Facilitator notes",
        Field.PRODUCER: "Producer notes",
    }
    assert course.summary.text() == (
        "Recognised 5 of 7 columns; 2 will be kept as custom columns: "
        "Co-facilitator notes, Comment."
    )
    assert "read as below" in course.intro.text()
    assert course.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert course.status.text().startswith("20 segments in 4 sections, 2:00:00 planned")


def test_the_preview_shows_every_field_the_people_the_guessed_types_and_custom_columns(
    course: ColumnMappingDialog,
) -> None:
    assert _headers(course) == [
        "Section\n(from group rows)",
        "Title\n“Block”",
        "Type\n(from the titles)",
        "Duration\n“Length (min)”",
        "Lead role\n“Speaker”",
        "Lead person\n(from “Speaker”)",
        "Facilitator notes\n“Facilitator notes”",
        "Producer cues\n“Producer notes”",
        "Co-facilitator notes\n(custom)",
        "Comment\n(custom)",
    ]
    assert course.preview.rowCount() == 20
    titles = _column(course, "Title\n“Block”")
    types = dict(zip(titles, _column(course, "Type\n(from the titles)"), strict=True))
    assert types["Breakout 1: the meeting that went wrong"] == "Breakout (from the title)"
    assert types["Poll: pulse check"] == "Poll (from the title)"
    assert types["Welcome and why we're here"] == "Presentation"
    roles = dict(zip(titles, _column(course, "Lead role\n“Speaker”"), strict=True))
    people = dict(zip(titles, _column(course, "Lead person\n(from “Speaker”)"), strict=True))
    assert (roles["Welcome and why we're here"], people["Welcome and why we're here"]) == (
        NO_ROLE,
        "Ana",
    )
    assert (roles["Q&A"], people["Q&A"]) == ("Producer", "Sam")
    assert (roles["Poll: pulse check"], people["Poll: pulse check"]) == (NO_ROLE, "fx1")
    facilitators = [t for t in titles if roles[t] == "Facilitator"]
    assert facilitators == ["Breakout rooms: debrief"]  # "Ben – facilitator": it says so
    at = titles.index("Welcome and why we're here")
    role_at = _headers(course).index("Lead role\n“Speaker”")
    assert course.preview.item(at, role_at).toolTip() == NO_ROLE_TIP
    comments = _column(course, "Comment\n(custom)")
    assert comments[titles.index("Welcome and why we're here")] == "Sponsor may drop in"


def test_a_column_chosen_for_another_field_moves_there(
    qtbot: QtBot, course: ColumnMappingDialog
) -> None:
    with qtbot.waitSignal(course.previewed, timeout=10_000):
        course.choices[Field.LEAD_PERSON].setCurrentText("Speaker")
    assert course.choices[Field.LEAD].currentText() == NOT_MAPPED  # one field per column
    _previewed(qtbot, course)
    headers = _headers(course)
    assert "Lead person\n“Speaker”" in headers and "Lead role\n“Speaker”" not in headers
    people = _column(course, "Lead person\n“Speaker”")
    assert "Sam (producer)" in people and "Producer" in people  # read as written now
    with qtbot.waitSignal(course.previewed, timeout=10_000):
        course.choices[Field.NOTES].setCurrentIndex(0)
    _previewed(qtbot, course)
    assert course.summary.text().startswith("Recognised 4 of 7 columns; 3 will be kept")
    assert "Facilitator notes\n(custom)" in _headers(course)


def test_a_sheet_without_a_title_column_asks_for_it(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "agenda.csv"
    path.write_text(UNKNOWN, encoding="utf-8")
    dialog = _dialog(qtbot, path)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "titles" in dialog.status.text()
    assert "no column Rehearsal recognises as the segment titles" in dialog.intro.text()
    assert dialog.summary.text().startswith("Recognised 1 of 3 columns")
    dialog.choices[Field.TITLE].setFocus()
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        qtbot.keyClicks(dialog.choices[Field.TITLE], "Ohjelma")  # type-ahead picks it
    qtbot.waitUntil(lambda: "duration" in dialog.status.text(), timeout=10_000)
    assert not ok.isEnabled()
    dialog.choices[Field.DURATION].setCurrentText("Kesto")
    _previewed(qtbot, dialog)
    assert ok.isEnabled() and dialog.preview.rowCount() == 3
    assert _column(dialog, "Duration\n“Kesto”") == ["5:00", "4:00", "15:00"]
    assert dialog.choice().fields == {Field.TITLE: 0, Field.DURATION: 1, Field.LEAD: 2}


def test_every_field_is_reached_by_its_own_mnemonic_and_enter_imports(
    qtbot: QtBot, course: ColumnMappingDialog
) -> None:
    show_active(qtbot, course)
    labels = [label for label in course.findChildren(QLabel) if label.buddy() is not None]
    keys = [label.text()[label.text().index("&") + 1].lower() for label in labels]
    assert len(keys) == len(set(keys)) == len(course.choices) + 1  # and the preview's
    for label, key in zip(labels, keys, strict=True):
        qtbot.keyClick(course, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda label=label: label.buddy().hasFocus())
    combos = course.findChildren(QComboBox)
    assert all(c.focusPolicy() & Qt.FocusPolicy.TabFocus for c in combos)
    course.choices[Field.TITLE].setFocus()
    with qtbot.waitSignal(course.accepted):
        qtbot.keyClick(course.choices[Field.TITLE], Qt.Key.Key_Return)


@pytest.fixture
def appearance(qapp: QApplication) -> Iterator[None]:
    before = current_mode()
    yield
    apply_appearance(qapp, before)


def test_it_looks_right_light_and_dark(
    qtbot: QtBot, course: ColumnMappingDialog, appearance: None
) -> None:
    """Saved as pictures (the README's is the light one); nothing is cut off: every label
    shows its whole text and every preview header fits its column."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    course.show()
    qtbot.waitExposed(course)
    course.resize(QSize(1120, 780))
    brightness: dict[str, float] = {}
    for mode in ("light", "dark"):
        apply_appearance(app, mode)
        app.processEvents()
        for label in course.findChildren(QLabel):
            if label.isVisible() and not label.wordWrap():
                assert label.width() >= label.sizeHint().width(), label.text()
        header = course.preview.horizontalHeader()
        metrics = header.fontMetrics()
        for col in range(course.preview.columnCount()):
            widest = max(map(metrics.horizontalAdvance, _headers(course)[col].split("\n")))
            assert header.sectionSize(col) >= widest, _headers(course)[col]
        image = course.grab().toImage()
        assert image.save(str(SHOTS / f"mapping-{mode}.png"))
        samples = [
            image.pixelColor(x, y).lightnessF()
            for x in range(0, image.width(), 40)
            for y in range(0, image.height(), 40)
        ]
        brightness[mode] = sum(samples) / len(samples)
    assert brightness["dark"] < 0.4 < 0.7 < brightness["light"]

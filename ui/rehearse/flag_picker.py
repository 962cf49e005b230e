"""Small keyboard dialogs that open over the live screen: flag a friction point, say why a pause.

Neither dialog does any work or waits: the live screen's QTimer keeps ticking while one is
open (open them with `open()` and listen to `finished`, or with `exec()`, which runs a nested
event loop — the clock keeps running either way).

The flag picker's keys, all shown in the dialog:
- a category's key (1–9, 0, then A, B, … skipping H, L, M, N) picks it, and the cursor moves
  to the note; while the note has the cursor, Alt + the key picks a category instead;
- while the note does not have the cursor, any other letter starts the note;
- L / M / H set the severity (Alt+L / Alt+M / Alt+H while typing the note);
- Tab switches between the hand-off and the segment; Up/Down move through the categories;
- Enter files the flag, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.model import PauseReason, Severity
from rehearsal_ui.shell.live_keys import PAUSE_KEYS, SEVERITY_KEYS, category_keys
from rehearsal_ui.shell.theme import appearance_changed

_PLAIN: Final = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)


def key_char(event: QKeyEvent) -> str:
    """The digit or upper-case letter a key stands for, whatever the modifiers; else ""."""
    key = event.key()
    if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value or (
        Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value
    ):
        return chr(key)
    return ""


def _modifiers(event: QKeyEvent) -> Qt.KeyboardModifier:
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def _keys_hint(keys: Sequence[str]) -> str:
    """`1–9`, `1–0`, `1–0, A`, `1–0, A–D` (the keys in use, for the hint under the list)."""
    used = [k for k in keys if k]
    if not used:
        return "No categories"
    digits, letters = used[:10], used[10:]
    text = digits[0] if len(digits) == 1 else f"{digits[0]}–{digits[-1]}"
    if letters:
        text += f", {letters[0]}" if len(letters) == 1 else f", {letters[0]}–{letters[-1]}"
    return text


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # follows the theme
    return label


@dataclass(frozen=True, slots=True)
class FlagChoice:
    category: str
    note: str
    severity: Severity
    on_handoff: bool


class FlagPicker(QDialog):
    """Pick a flag category with one key, optionally type a note, Enter files it."""

    def __init__(
        self,
        categories: Sequence[str],
        handoff_label: str | None,
        segment_label: str,
        on_handoff: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Flag")
        self._categories = tuple(categories)
        self._keys = category_keys(len(self._categories))
        self._handoff_label = handoff_label
        self._segment_label = segment_label
        self._on_handoff = on_handoff and handoff_label is not None

        title = QLabel("Flag a friction point")
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        self.target = QLabel()
        self.target.setWordWrap(True)
        self.target.setFont(bold)
        self.target_hint = _muted(QLabel())
        self.target_hint.setVisible(handoff_label is not None)

        self.categories = QListWidget()
        self.categories.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.categories.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for key, category in zip(self._keys, self._categories, strict=True):
            self.categories.addItem(f"{key or ' '}    {category}")
        rows = max(1, min(len(self._categories), 14))  # beyond 14 the list scrolls
        frame = 2 * self.categories.frameWidth()
        self.categories.setFixedHeight(rows * self.categories.sizeHintForRow(0) + frame + 4)
        self.categories.setCurrentRow(-1)
        self.categories.itemSelectionChanged.connect(self._category_changed)
        self.categories.doubleClicked.connect(self.accept)
        keys_hint = _keys_hint(self._keys)
        category_hint = _muted(QLabel(f"{keys_hint} or ↑ ↓: pick  ·  Alt+key while typing a note"))

        self.note = QLineEdit()
        self.note.setPlaceholderText("Optional — or just start typing")
        self.note.setClearButtonEnabled(True)
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)

        self.severity_buttons = QButtonGroup(self)
        severity_row = QHBoxLayout()
        for key, severity in SEVERITY_KEYS.items():
            button = QPushButton(f"{key}   {severity.value.capitalize()}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.setProperty("severity", severity.value)
            self.severity_buttons.addButton(button)
            severity_row.addWidget(button)
        severity_row.addStretch(1)
        self._severity = Severity.MEDIUM
        self.set_severity(Severity.MEDIUM)
        self.severity_buttons.buttonClicked.connect(
            lambda button: self.set_severity(Severity(button.property("severity")))
        )
        severity_hint = _muted(QLabel("L / M / H  ·  Alt+L / M / H while typing a note"))

        self.file_button = QPushButton("File flag   Enter")
        self.file_button.setDefault(True)
        self.file_button.setEnabled(False)
        self.file_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.file_button.clicked.connect(self.accept)
        cancel = QPushButton("Cancel   Esc")
        cancel.setAutoDefault(False)
        cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.file_button)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.addWidget(QLabel("Category:"), 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.categories, 0, 1)
        grid.addWidget(category_hint, 1, 1)
        grid.addWidget(note_label, 2, 0)
        grid.addWidget(self.note, 2, 1)
        grid.addWidget(QLabel("Severity:"), 3, 0)
        grid.addLayout(severity_row, 3, 1)
        grid.addWidget(severity_hint, 4, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.target)
        layout.addWidget(self.target_hint)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)

        self._show_target()
        appearance_changed.connect(self._show_severity)
        for watched in (self.categories, self.note):
            watched.installEventFilter(self)
        self.categories.setFocus()

    # -- state ------------------------------------------------------------------------------

    @property
    def category(self) -> str | None:
        row = self.categories.currentRow()
        if row < 0 or not self.categories.item(row).isSelected():
            return None
        return self._categories[row]

    @property
    def severity(self) -> Severity:
        return self._severity

    @property
    def on_handoff(self) -> bool:
        return self._on_handoff

    def select_category(self, index: int) -> None:
        self.categories.setCurrentRow(index)
        self.categories.scrollToItem(self.categories.item(index))

    def set_severity(self, severity: Severity) -> None:
        self._severity = severity
        self._show_severity()

    def _show_severity(self) -> None:
        """The chosen severity's button in the highlight colour (checked alone is too faint)."""
        for button in self.severity_buttons.buttons():
            chosen = button.property("severity") == self._severity.value
            button.setChecked(chosen)
            palette = self.palette()
            if chosen:
                palette.setColor(
                    QPalette.ColorRole.Button, palette.color(QPalette.ColorRole.Highlight)
                )
                palette.setColor(
                    QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.HighlightedText)
                )
            button.setPalette(palette)

    def toggle_target(self) -> None:
        if self._handoff_label is not None:
            self._on_handoff = not self._on_handoff
            self._show_target()

    def result_flag(self) -> FlagChoice:
        category = self.category
        if category is None:
            raise LookupError("no flag category was picked")
        return FlagChoice(category, self.note.text().strip(), self._severity, self._on_handoff)

    # -- keys -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event, typing=watched is self.note)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event, typing=False):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab switch the target (when there is a hand-off to switch to)."""
        if self._handoff_label is None:
            return super().focusNextPrevChild(next)
        self.toggle_target()
        return True

    def _key(self, event: QKeyEvent, typing: bool) -> bool:
        """Handle a key pressed in the dialog; `typing`: the note has the cursor."""
        char, modifiers = key_char(event), _modifiers(event)
        if char and (modifiers == Qt.KeyboardModifier.AltModifier or modifiers in _PLAIN):
            if modifiers in _PLAIN and typing:
                return False
            if char in SEVERITY_KEYS:
                self.set_severity(SEVERITY_KEYS[char])
                return True
            if char in self._keys:
                self.select_category(self._keys.index(char))
                self.note.setFocus()
                return True
            if char.isdigit():
                return True  # a category key there is no category for: not the start of a note
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.categories.count():
            up = event.key() == Qt.Key.Key_Up
            if self.category is None:  # the first arrow selects the first (or last) category
                self.select_category(self.categories.count() - 1 if up else 0)
                return True
            if typing:
                row = self.categories.currentRow() + (-1 if up else 1)
                if 0 <= row < self.categories.count():
                    self.select_category(row)
                return True
        text = event.text()
        if not typing and modifiers in _PLAIN and text.strip() and text.isprintable():
            self.note.setFocus()
            self.note.insert(text)
            return True
        return False

    def _category_changed(self) -> None:
        self.file_button.setEnabled(self.category is not None)

    def _show_target(self) -> None:
        on = self._handoff_label if self._on_handoff else self._segment_label
        self.target.setText(f"On: {on}")
        other = "segment" if self._on_handoff else "hand-off"
        self.target_hint.setText(f"Tab: flag the {other} instead")


class PauseReasonPicker(QDialog):
    """Why the clock stops, in one key: T tech, C content, B break, O other; Enter: other."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pause")
        self._reason = PauseReason.OTHER
        question = QLabel("Why pause?")
        bold = QFont(question.font())
        bold.setBold(True)
        question.setFont(bold)

        row = QHBoxLayout()
        self.buttons: dict[PauseReason, QPushButton] = {}
        for key, reason in PAUSE_KEYS.items():
            button = QPushButton(f"{key}   {reason.value.capitalize()}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, r=reason: self.choose(r))
            self.buttons[reason] = button
            row.addWidget(button)
        self.buttons[PauseReason.OTHER].setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(row)
        layout.addWidget(_muted(QLabel("Press a key  ·  Enter: other  ·  Esc: cancel")))

    def reason(self) -> PauseReason:
        return self._reason

    def choose(self, reason: PauseReason) -> None:
        self._reason = reason
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        char = key_char(event)
        if char in PAUSE_KEYS and _modifiers(event) in (*_PLAIN, Qt.KeyboardModifier.AltModifier):
            self.choose(PAUSE_KEYS[char])
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose(PauseReason.OTHER)
        else:
            super().keyPressEvent(event)

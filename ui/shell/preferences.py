"""The Preferences dialog: appearance (applied as it is chosen), the workspace's launch
rules (readiness thresholds, the re-timing rule and the complete rehearsals it needs,
shared through the workspace) and the keys of the live view."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rehearsal.launch_rules import (
    BUFFER_PCT_RANGE,
    DEFAULT_RULES,
    MIN_REHEARSALS_RANGE,
    PRODUCER_LEAD_DAYS_RANGE,
    RETIMING_MIN_COMPLETE_RANGE,
    RETIMING_RULES,
    LaunchRules,
)
from rehearsal.workspace import Workspace
from rehearsal_ui.shell.live_keys import COMMANDS, DEFAULT_KEYS, conflicts, sequences
from rehearsal_ui.shell.settings import Settings
from rehearsal_ui.shell.theme import apply_appearance

WIDTH = 440
APPEARANCE_CHOICES = (("system", "Same as the system"), ("light", "Light"), ("dark", "Dark"))


class PreferencesDialog(QDialog):
    """Edits a copy of `settings`; `result_settings()` after OK. Cancel restores the look.

    The launch rules are the workspace's (`ws`), stored in it on OK; without a workspace
    they are shown as the defaults and not editable."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, ws: Workspace | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(WIDTH)
        self._settings = settings
        self._ws = ws
        rules = ws.launch_rules() if ws is not None else DEFAULT_RULES

        self.appearance = QComboBox()
        for mode, label in APPEARANCE_CHOICES:
            self.appearance.addItem(label, mode)
        modes = [mode for mode, _ in APPEARANCE_CHOICES]
        self.appearance.setCurrentIndex(
            modes.index(settings.appearance) if settings.appearance in modes else 0
        )
        self.appearance.currentIndexChanged.connect(self._preview_appearance)

        self.buffer = QDoubleSpinBox()
        self.buffer.setRange(*BUFFER_PCT_RANGE)
        self.buffer.setDecimals(1)
        self.buffer.setSingleStep(1.0)
        self.buffer.setSuffix(" %")
        self.buffer.setValue(rules.buffer_pct)

        self.min_rehearsals = QSpinBox()
        self.min_rehearsals.setRange(*MIN_REHEARSALS_RANGE)
        self.min_rehearsals.setValue(rules.min_rehearsals)

        self.retiming_rule = QComboBox()
        for key, label in RETIMING_RULES.items():
            self.retiming_rule.addItem(f"The {label}", key)
        self.retiming_rule.setCurrentIndex(self.retiming_rule.findData(rules.retiming_rule))

        self.retiming_min_complete = QSpinBox()
        self.retiming_min_complete.setRange(*RETIMING_MIN_COMPLETE_RANGE)
        self.retiming_min_complete.setValue(rules.retiming_min_complete)

        self.producer_lead_days = QSpinBox()
        self.producer_lead_days.setRange(*PRODUCER_LEAD_DAYS_RANGE)
        self.producer_lead_days.setSuffix(" days")
        self.producer_lead_days.setValue(rules.producer_lead_days)

        look = QFormLayout()
        look.addRow(_label("&Appearance:", self.appearance), self.appearance)
        look.addRow(_hint("Light and dark follow the system unless you choose one here."))
        look_box = QGroupBox("Look")
        look_box.setLayout(look)

        readiness = QFormLayout()
        readiness.addRow(_label("Slot &buffer:", self.buffer), self.buffer)
        readiness.addRow(_hint("The planned total must fit the slot with this much to spare."))
        readiness.addRow(_label("&Minimum rehearsals:", self.min_rehearsals), self.min_rehearsals)
        readiness.addRow(_hint("Timing counts as proven after this many timed rehearsals."))
        readiness.addRow(_label("&Re-time steps to:", self.retiming_rule), self.retiming_rule)
        readiness.addRow(_hint("What Analyze and the reports suggest each step should take."))
        readiness.addRow(
            _label("Re-time &from at least:", self.retiming_min_complete),
            self.retiming_min_complete,
        )
        readiness.addRow(
            _hint("Complete rehearsals before any re-timing is suggested or can be applied.")
        )
        readiness.addRow(
            _label("Producer &lead time:", self.producer_lead_days), self.producer_lead_days
        )
        readiness.addRow(
            _hint("The producer must have received a revision this long before its launch.")
        )
        where = f"the workspace {ws.path.name}" if ws is not None else "a workspace"
        readiness.addRow(
            _hint(
                f"These rules belong to {where}: everyone who opens it, the reports and the "
                "command line use the same ones."
            )
        )
        readiness_box = QGroupBox("Launch rules of this workspace")
        readiness_box.setLayout(readiness)
        readiness_box.setEnabled(ws is not None)

        keys = QFormLayout()
        self.keys: dict[str, QLineEdit] = {}
        for command, label in COMMANDS.items():
            field = QLineEdit(settings.shortcuts.get(command) or DEFAULT_KEYS[command])
            field.setPlaceholderText(DEFAULT_KEYS[command])
            field.textChanged.connect(self._check_keys)
            keys.addRow(label + ":", field)
            self.keys[command] = field
        self.keys_problem = _hint("")
        keys.addRow(self.keys_problem)
        keys.addRow(_hint("Keys of the live Rehearse view; separate several with commas."))
        keys_box = QGroupBox("Rehearsal keys")
        keys_box.setLayout(keys)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(look_box)
        layout.addWidget(readiness_box)
        layout.addWidget(keys_box)
        layout.addWidget(buttons)
        self.appearance.setFocus()
        self.resize(WIDTH, layout.heightForWidth(WIDTH))

    def chosen_appearance(self) -> str:
        return str(self.appearance.currentData())

    def result_settings(self) -> Settings:
        """A copy of the settings given, with this dialog's values."""
        return dataclasses.replace(
            self._settings, appearance=self.chosen_appearance(), shortcuts=self.chosen_keys()
        )

    def chosen_rules(self) -> LaunchRules:
        return LaunchRules(
            buffer_pct=round(self.buffer.value(), 1),
            min_rehearsals=self.min_rehearsals.value(),
            retiming_rule=str(self.retiming_rule.currentData()),
            retiming_min_complete=self.retiming_min_complete.value(),
            producer_lead_days=self.producer_lead_days.value(),
        )

    def accept(self) -> None:
        if self._ws is not None:
            self._ws.set_launch_rules(self.chosen_rules())  # shared: stored in the workspace
        super().accept()

    def chosen_keys(self) -> dict[str, str]:
        """Only the keys that differ from the defaults (a cleared field means the default)."""
        chosen = {}
        for command, field in self.keys.items():
            text = ", ".join(k.toString() for k in sequences(field.text()))
            if text and text != DEFAULT_KEYS[command]:
                chosen[command] = text
        return chosen

    def _check_keys(self) -> None:
        problems = [
            f"{COMMANDS[c]}: “{f.text()}” is not a key"
            for c, f in self.keys.items()
            if f.text().strip() and not sequences(f.text())
        ]
        problems += [f"Used twice — {c}" for c in conflicts(self.chosen_keys())]
        self.keys_problem.setText("\n".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)

    def reject(self) -> None:
        if self.chosen_appearance() != self._settings.appearance:
            self._apply(self._settings.appearance)
        super().reject()

    def _preview_appearance(self) -> None:
        self._apply(self.chosen_appearance())

    def _apply(self, mode: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and mode in dict(APPEARANCE_CHOICES):
            apply_appearance(app, mode)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setWordWrap(True)
    font = hint.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    hint.setFont(font)
    hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, follows the palette
    return hint

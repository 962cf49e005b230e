"""The column-mapping step of every CSV or XLSX import: what Rehearsal recognised, for a
person to check and correct before anything is stored.

It opens with the guess (`rehearsal.formats.sheet_file.guess_sheet`) and says so
("Recognised 5 of 7 columns; 2 will be kept as custom columns: …"); each field has a list
of the sheet's columns; the preview shows the first segments as they would be stored, one
column per field read and then the custom columns. Each change is read again on the pool
from the rows in memory (a newer choice supersedes the preview being read). Import stores
the plan previewed; Cancel stores nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_duration
from rehearsal.errors import FormatError
from rehearsal.formats.sheet import SheetReading
from rehearsal.formats.sheet_cells import cell_text, column_letter, is_blank
from rehearsal.formats.sheet_columns import Field
from rehearsal.formats.sheet_file import SheetFile, SheetGuess, describe_columns, read_sheet_file
from rehearsal.formats.sheet_layout import Column, ColumnChoice
from rehearsal_ui.exchange.mapping_preview import PREVIEW_ROWS, MappingPreview
from rehearsal_ui.shell.worker import Runner, unexpected

NOT_MAPPED = "(none)"
PREVIEW_KEY = "mapping preview"
SAMPLES = 3  # values shown in a column's tooltip
SAMPLE_ROWS = 40  # rows below the header they are taken from
# The fields a person maps, two columns of them, each with its label and mnemonic (unique
# in the dialog, with "P&review"). A title and a timing (duration, or start and end) are
# needed; the rest are optional.
MAPPED_FIELDS: tuple[tuple[tuple[Field, str], ...], ...] = (
    (
        (Field.TITLE, "&Title"),
        (Field.DURATION, "&Duration"),
        (Field.START, "&Start time"),
        (Field.END, "&End time"),
        (Field.SECTION, "Sectio&n"),
        (Field.TYPE, "Interaction t&ype"),
        (Field.LEAD, "&Lead role"),
        (Field.LEAD_PERSON, "Lead &person"),
        (Field.CUE, "C&ue"),
    ),
    (
        (Field.INTENT, "Design &intent"),
        (Field.NOTES, "Facilitator n&otes"),
        (Field.PRODUCER, "Produ&cer cues"),
        (Field.MATERIALS, "&Materials"),
        (Field.CONTINGENCY, "Contin&gency"),
        (Field.NON_NEGOTIABLE, "Must &keep (non-negotiable)"),
        (Field.FLEXIBLE, "&Flexible"),
        (Field.FLEX_MIN, "Fle&x min"),
        (Field.FLEX_MAX, "Flex m&ax"),
    ),
)
SHOWN_FIELDS = frozenset(f for group in MAPPED_FIELDS for f, _ in group)


def column_label(column: Column, columns: tuple[Column, ...]) -> str:
    """A column's name in the lists: its header, with its letter when two share it."""
    twins = [c for c in columns if c.header == column.header]
    if len(twins) > 1 and not column.header.startswith("Column "):
        return f"{column.header} (column {column_letter(column.index)})"
    return column.header


class ColumnMappingDialog(QDialog):
    """Lets a person check which column holds what, and shows what the import would give."""

    previewed = Signal()  # the preview of the latest choice is shown (or why there is none)

    def __init__(
        self, path: Path, sheet: SheetFile, guess: SheetGuess, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path, self.sheet, self.guess = path, sheet, guess
        self.runner = Runner(self)
        self.reading: SheetReading | None = None  # the preview's, once read
        self.setWindowTitle(f"Import {path.name}: check the columns")
        columns = [c for c in guess.columns if c.index in guess.used or c.field is not None]
        self.columns = tuple(columns)
        # Fields the dialog does not offer (ids, Ontime's timer type…) are read as guessed.
        self.passed = {c.field: c for c in columns if c.field and c.field not in SHOWN_FIELDS}
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.choices: dict[Field, QComboBox] = {}
        forms = QHBoxLayout()
        samples = self._samples()
        for group in MAPPED_FIELDS:
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for target, label in group:
                combo = self._combo(target, label, samples)
                form.addRow(label, combo)
                self.choices[target] = combo
            forms.addLayout(form, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview = MappingPreview()
        preview_label = QLabel(
            f"P&review (the first {PREVIEW_ROWS} segments as they will be stored):"
        )
        preview_label.setBuddy(self.preview)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self._ok()
        ok.setText("Import")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addLayout(forms)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(1120, screen.width() - 40), min(780, screen.height() - 60))
        self._say_what_was_recognised()
        self._refresh()

    def _samples(self) -> dict[int, str]:
        """A few values of each column (from the rows below the header), for its tooltip."""
        rows = self.sheet.rows
        at = next(i for i, r in enumerate(rows) if r.number == self.guess.header_row)
        found: dict[int, list[str]] = {c.index: [] for c in self.columns}
        for row in rows[at + 1 : at + 1 + SAMPLE_ROWS]:
            for index, values in found.items():
                cell = row.cells[index] if index < len(row.cells) else None
                if len(values) < SAMPLES and not is_blank(cell):
                    values.append(cell_text(cell).split("\n", 1)[0][:40])
        return {i: "e.g. " + " · ".join(v) for i, v in found.items() if v}

    def _combo(self, target: Field, label: str, samples: dict[int, str]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(label.replace("&", ""))
        combo.addItem(NOT_MAPPED, None)
        for column in self.columns:
            combo.addItem(column_label(column, self.columns), column.index)
            if column.index in samples:
                tip = samples[column.index]
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        guessed = next((c for c in self.columns if c.field is target), None)
        if guessed is not None:
            combo.setCurrentIndex(combo.findData(guessed.index))
            combo.setToolTip(f"Recognised by its {guessed.why}")
        combo.currentIndexChanged.connect(lambda _i, chosen=target: self._chosen(chosen))
        return combo

    def _say_what_was_recognised(self) -> None:
        if self.guess.exported:
            how = "is a Rehearsal export: its columns are read by their own names."
        elif Field.TITLE in {c.field for c in self.columns}:
            how = "was read as below. Check the guess and correct any column."
        else:
            how = "has no column Rehearsal recognises as the segment titles: choose it below."
        self.intro.setText(
            f"{self.path.name} {how} The preview shows what will be imported; nothing is "
            "stored until you press Import."
        )

    def choice(self) -> ColumnChoice:
        """The columns chosen, and those of fields not offered here, read as guessed."""
        fields: dict[Field, int] = {}
        for target, combo in self.choices.items():
            index = combo.currentData()
            if isinstance(index, int):
                fields[target] = index
        taken = set(fields.values())
        for target, column in self.passed.items():
            if column.index not in taken:
                fields[target] = column.index
        return ColumnChoice(self.guess.header_row, fields)

    def _chosen(self, target: Field) -> None:
        """A column holds one field: another field that had it gives it up."""
        index = self.choices[target].currentData()
        if index is not None:
            for other, combo in self.choices.items():
                if other is not target and combo.currentData() == index:
                    combo.blockSignals(True)  # one reading for the whole change
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self._refresh()

    def _refresh(self) -> None:
        self._ok().setEnabled(False)
        self.reading = None
        self.preview.clear_preview()
        choice = self.choice()
        columns = tuple(
            Column(
                c.index, c.header, next((f for f, i in choice.fields.items() if i == c.index), None)
            )
            for c in self.columns
        )
        self.summary.setText(describe_columns(columns) + ".")
        if Field.TITLE not in choice.fields:
            self.runner.cancel(PREVIEW_KEY)
            self.status.setText("Choose the column that holds the segment titles.")
            self.previewed.emit()
            return
        self.status.setText(f"Reading {self.path.name} with these columns…")
        sheet = self.sheet
        job = self.runner.submit(
            lambda _progress, _cancel: read_sheet_file(sheet, choice=choice), key=PREVIEW_KEY
        )
        job.succeeded.connect(self._show)
        job.failed.connect(self._refuse)

    def _ok(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _refuse(self, error: object) -> None:
        if not isinstance(error, FormatError):
            unexpected(error)
            return
        self.status.setText(
            error.reason + (f" (expected {error.expected})" if error.expected else "")
        )
        self.previewed.emit()

    def _show(self, reading: SheetReading) -> None:
        self.reading = reading
        draft = reading.draft
        self.preview.show_reading(reading)
        sections = f" in {len(draft.sections)} sections" if draft.sections else ""
        slot = f" (the slot is {format_duration(draft.slot_s)})" if draft.slot_s else ""
        shown = min(len(draft.segments), PREVIEW_ROWS)
        more = f"; the first {shown} are shown" if len(draft.segments) > shown else ""
        notes = len(draft.warnings)
        told = (
            f". {notes} {'note' if notes == 1 else 'notes'} on what was read loosely will be "
            "shown after the import"
            if notes
            else ""
        )
        self.status.setText(
            f"{len(draft.segments)} segments{sections}, {format_duration(draft.planned_s)} "
            f"planned{slot}{more}{told}."
        )
        self._ok().setEnabled(True)
        self.previewed.emit()

    def done(self, result: int) -> None:
        self.runner.cancel()  # a preview still being read is not wanted any more
        super().done(result)

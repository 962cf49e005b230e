"""The Evidence tab of Review: the rehearsal's files of evidence (kind, platform, items, the
offset in force and how it was proposed), their offset adjusted, reset, a file removed or
restored; the speakers with the role each was matched to, set by hand or reset.

Like the other panels it changes nothing itself: it says what the person asked for
(`import_requested`, `offset_requested`…) and the view makes it an undoable edit through the
evidence store, then shows the result again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_signed
from rehearsal.evidence_model import EvidenceFile, Speaker, SpeakerRole
from rehearsal.limits import MAX_OFFSET_MS
from rehearsal.rehearsing.placement import offset_text
from rehearsal_ui.review.data import ReviewData
from rehearsal_ui.review.evidence_data import PROPOSED
from rehearsal_ui.review.pages import button
from rehearsal_ui.review.table import ReviewTableModel, select_id, selected_id, sorted_table

ROLE_WORDS = {
    SpeakerRole.FACILITATOR: "Facilitator",
    SpeakerRole.STAFF: "Other staff",
    SpeakerRole.LEARNER: "Learner",
}


def offset_words(f: EvidenceFile) -> str:
    """`−0:30`, as the import and `rehearsal evidence` say it."""
    return format_signed(f.offset_ms / 1000)


class FilesModel(ReviewTableModel):
    columns = ("File", "Kind", "Platform", "Items", "Offset", "Placed by")
    numeric = frozenset({3, 4})

    def ident(self, row: EvidenceFile) -> str:
        return row.id

    def display(self, row: EvidenceFile, col: int) -> str:
        proposal = PROPOSED[row.proposal]
        placed = (
            f"adjusted (proposed {format_signed(row.proposed_offset_ms / 1000)}: {proposal})"
            if row.adjusted
            else proposal
        )
        texts = (
            row.name,
            row.kind.value.capitalize(),
            row.platform.value.capitalize(),
            str(row.items),
            offset_words(row),
            f"removed · {placed}" if row.removed else placed,
        )
        return texts[col]

    def sort_value(self, row: EvidenceFile, col: int) -> Any:
        if col == 3:
            return row.items
        if col == 4:
            return row.offset_ms
        return self.display(row, col).casefold()

    def tooltip(self, row: EvidenceFile, col: int) -> str | None:
        return f"{row.name}: {offset_text(row.time_base, row.offset_ms)}" + (
            " (removed: left out of everything until brought back)" if row.removed else ""
        )


class SpeakersModel(ReviewTableModel):
    columns = ("Name", "Role", "Matched by")

    def ident(self, row: Speaker) -> str:
        return row.id

    def display(self, row: Speaker, col: int) -> str:
        return (row.name, ROLE_WORDS[row.role], "set by hand" if row.edited else row.reason)[col]

    def tooltip(self, row: Speaker, col: int) -> str | None:
        return f"{row.name}: {ROLE_WORDS[row.role].lower()} ({self.display(row, 2)})"


class EvidencePanel(QWidget):
    import_requested = Signal()
    offset_requested = Signal(str, object)  # file id, offset in ms (None: the proposal)
    removal_requested = Signal(str, bool)  # file id, removed
    role_requested = Signal(str, object)  # speaker id, SpeakerRole (None: as matched)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ReviewData | None = None
        self.import_button = button(
            "Im&port evidence…",
            "Import a meeting platform's transcript, chat, attendance or poll report "
            "(or drop the files on the timeline)",
        )
        self.import_button.clicked.connect(self.import_requested)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.summary, 1)
        # the files
        self.files_model = FilesModel(self)
        self.files = sorted_table(self.files_model, "Files of evidence", 5)
        self.files.selectionModel().selectionChanged.connect(self._file_selected)
        self.files.delete_pressed.connect(self._toggle_removed)
        self.offset = QDoubleSpinBox()
        self.offset.setRange(-MAX_OFFSET_MS / 1000, MAX_OFFSET_MS / 1000)
        self.offset.setDecimals(1)
        self.offset.setSingleStep(1.0)
        self.offset.setSuffix(" s")
        self.offset.setKeyboardTracking(False)  # an edit when typed and confirmed, or per step
        self.offset.setAccessibleName("Offset of the selected file, in seconds")
        self.offset.setToolTip(
            "Where the file sits on the run's clock: for a recording, when it began against "
            "the run's start (−30: 30 s before); for clock times, a shift of its times. "
            "↑/↓ nudge it a second, Page Up/Down ten."
        )
        self.offset.valueChanged.connect(self._offset_changed)
        offset_label = QLabel("Offse&t:")
        offset_label.setBuddy(self.offset)
        self.reset_offset = button("Reset to propos&al", "Place the file as proposed at import")
        self.reset_offset.clicked.connect(self._reset_offset)
        self.remove = button("Re&move file", "Leave this file out of everything (undoable)")
        self.remove.clicked.connect(self._toggle_removed)
        file_row = QHBoxLayout()
        file_row.addWidget(offset_label)
        file_row.addWidget(self.offset)
        file_row.addWidget(self.reset_offset)
        file_row.addStretch(1)
        file_row.addWidget(self.remove)
        files_box = QWidget()
        files_layout = QVBoxLayout(files_box)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.files, 1)
        files_layout.addLayout(file_row)
        # the speakers
        self.speakers_model = SpeakersModel(self)
        self.speakers = sorted_table(self.speakers_model, "Speakers", 2)
        self.speakers.selectionModel().selectionChanged.connect(self._speaker_selected)
        self.role = QComboBox()
        for role, words in ROLE_WORDS.items():
            self.role.addItem(words, role)
        self.role.setAccessibleName("Role of the selected speaker")
        self.role.activated.connect(self._role_chosen)
        role_label = QLabel("Spea&ker role:")
        role_label.setBuddy(self.role)
        self.reset_role = button("&Use matched role", "The role the speaker's name was matched to")
        self.reset_role.clicked.connect(self._reset_role)
        speaker_row = QHBoxLayout()
        speaker_row.addWidget(role_label)
        speaker_row.addWidget(self.role)
        speaker_row.addWidget(self.reset_role)
        speaker_row.addStretch(1)
        speakers_box = QWidget()
        speakers_layout = QVBoxLayout(speakers_box)
        speakers_layout.setContentsMargins(0, 0, 0, 0)
        speakers_layout.addWidget(self.speakers, 1)
        speakers_layout.addLayout(speaker_row)
        split = QSplitter()
        split.addWidget(files_box)
        split.addWidget(speakers_box)
        split.setSizes([600, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(split, 1)
        self._enable()

    # -- showing ---------------------------------------------------------------------------
    def show_evidence(self, data: ReviewData | None) -> None:
        kept_file, kept_speaker = selected_id(self.files), selected_id(self.speakers)
        self.data = data
        ev = data.evidence if data is not None else None
        self.files_model.set_rows(data, ev.files if ev is not None else ())
        self.speakers_model.set_rows(data, ev.speakers if ev is not None else ())
        if not select_id(self.files, kept_file) and ev is not None and ev.files:
            select_id(self.files, ev.files[-1].id)
        select_id(self.speakers, kept_speaker)
        self._enable()

    def say(self, text: str) -> None:
        """What the last import did (the core's own words)."""
        self.summary.setText(text)

    def file(self) -> EvidenceFile | None:
        ident = selected_id(self.files)
        return self.data.evidence.file(ident) if self.data is not None and ident else None

    def speaker(self) -> Speaker | None:
        ident = selected_id(self.speakers)
        return self.data.evidence.speaker(ident) if self.data is not None and ident else None

    def _enable(self) -> None:
        f, s = self.file(), self.speaker()
        self.import_button.setEnabled(self.data is not None)
        self.remove.setEnabled(f is not None)
        self.offset.setEnabled(f is not None and not f.removed)
        self.reset_offset.setEnabled(f is not None and f.adjusted and not f.removed)
        self.remove.setText("Bring file &back" if f is not None and f.removed else "Re&move file")
        self.offset.blockSignals(True)
        self.offset.setValue(f.offset_ms / 1000 if f is not None else 0.0)
        self.offset.blockSignals(False)
        self.role.setEnabled(s is not None)
        self.reset_role.setEnabled(s is not None and s.edited)
        if s is not None:
            self.role.setCurrentIndex(self.role.findData(s.role))

    # -- what the person asks for ------------------------------------------------------------
    def _file_selected(self) -> None:
        self._enable()

    def _speaker_selected(self) -> None:
        self._enable()

    def _offset_changed(self, seconds: float) -> None:
        f = self.file()
        ms = round(seconds * 1000)
        if f is not None and ms != f.offset_ms:
            self.offset_requested.emit(f.id, ms)

    def _reset_offset(self) -> None:
        f = self.file()
        if f is not None and f.adjusted:
            self.offset_requested.emit(f.id, None)

    def _toggle_removed(self) -> None:
        f = self.file()
        if f is not None:
            self.removal_requested.emit(f.id, not f.removed)

    def _role_chosen(self) -> None:
        s = self.speaker()
        role = self.role.currentData()
        if s is not None and role != s.role:
            self.role_requested.emit(s.id, role)

    def _reset_role(self) -> None:
        s = self.speaker()
        if s is not None and s.edited:
            self.role_requested.emit(s.id, None)

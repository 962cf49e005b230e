"""File → Export guide…: the facilitator guide or the producer run sheet of the plan
revision shown, optionally beginning with what changed since an older revision, saved as
PDF or DOCX — the format is the file name's.

The guide is built on a read-only companion of the workspace and written off the UI thread
(PDF pages are painted there, as the report dialog's are); the note under the choices says
how far it got, and why when it could not be saved.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import count, format_duration
from rehearsal.errors import RehearsalError
from rehearsal.reports.guides import (
    SUFFIXES,
    GuideRole,
    guide,
    guide_format,
    reader_since,
    write_guide,
)
from rehearsal.workspace import Workspace
from rehearsal_ui.shell.file_dialogs import save_file_name
from rehearsal_ui.shell.worker import CancelToken, Job, Progress, Runner
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

FILTERS = {".pdf": "PDF document (*.pdf)", ".docx": "Word document (*.docx)"}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
SAVE_KEY = "guide save"
WHAT = {
    GuideRole.FACILITATOR: "Each step's design intent and facilitator notes, and where to flex "
    "first when the session runs late. The producer's cues are left out.",
    GuideRole.PRODUCER: "A table to run from first — cues, hand-offs and tool launches — then "
    "every step in full. The facilitator notes are left out.",
}


class GuideDialog(QDialog):
    saved_to = Signal(object)  # the Path written

    def __init__(self, parent: QWidget | None, ws: Workspace, plan_id: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export guide")
        self.ws, self.plan_id = ws, plan_id
        self.saved: Path | None = None
        self.runner = Runner(self)
        self._saving = Path()
        plan = ws.plan(plan_id)
        self.program = ws.program(plan.program_id).name
        self.revision = plan.revision
        steps = sum(1 for s in plan.segments if not s.skipped)
        about = QLabel(
            f"<b>{escape(self.program)}</b>, revision {plan.revision}: "
            f"{count(steps, 'step')}, {format_duration(plan.planned_s)} planned"
        )
        about.setWordWrap(True)
        self.facilitator = QRadioButton("&Facilitator guide")
        self.producer = QRadioButton("&Producer run sheet")
        roles = QButtonGroup(self)
        roles.addButton(self.facilitator)
        roles.addButton(self.producer)
        self.facilitator.setChecked(True)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.since_box = QCheckBox("Begin with what &changed since")
        self.since = QComboBox()
        older = [p.revision for p in ws.plans(plan.program_id) if p.revision < plan.revision]
        for revision in sorted(older, reverse=True):
            self.since.addItem(f"revision {revision}", revision)
        self.since_box.setEnabled(bool(older))
        self.since.setEnabled(False)
        if not older:
            self.since_box.setToolTip("This is the program's first revision here.")
        self.reader = QComboBox()
        self.reader_label = QLabel("&Reader:")
        self.reader_label.setBuddy(self.reader)
        self.reader.setToolTip(
            "Whom the guide is for: it begins with what changed since the revision they last "
            "accepted (Sign-off), when that is older than this one."
        )
        self.reader_said = QLabel()
        self.reader_said.setWordWrap(True)
        self.note = QLabel("Saved as PDF or Word (DOCX): the file name's ending chooses.")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("&Save…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since_box)
        since_row.addWidget(self.since, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addSpacing(6)
        layout.addWidget(self.facilitator)
        layout.addWidget(self.producer)
        layout.addWidget(self.what)
        layout.addSpacing(6)
        reader_row = QHBoxLayout()
        reader_row.addWidget(self.reader_label)
        reader_row.addWidget(self.reader, 1)
        layout.addLayout(reader_row)
        layout.addWidget(self.reader_said)
        layout.addLayout(since_row)
        layout.addStretch(1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.facilitator.toggled.connect(self._describe)
        self.since_box.toggled.connect(self.since.setEnabled)
        self.reader.activated.connect(self._reader_chosen)
        self._program_plans = [p.id for p in ws.plans(plan.program_id)]
        self._describe()

    @property
    def role(self) -> GuideRole:
        return GuideRole.FACILITATOR if self.facilitator.isChecked() else GuideRole.PRODUCER

    @property
    def since_revision(self) -> int | None:
        if not self.since_box.isChecked() or self.since.currentIndex() < 0:
            return None
        return int(self.since.currentData())

    def _describe(self) -> None:
        self.what.setText(WHAT[self.role])
        self._list_readers()

    def _list_readers(self) -> None:
        """Everyone who recorded a sign-off in this role for any revision of the program."""
        role = self.role.value
        people = sorted(
            {
                r.person
                for plan_id in self._program_plans
                for r in self.ws.signoffs.records(plan_id)
                if r.role.value == role
            },
            key=str.casefold,
        )
        self.reader.clear()
        self.reader.addItem("Anyone", "")
        for person in people:
            self.reader.addItem(person, person)
        self.reader.setEnabled(bool(people))
        self.reader_said.setText("")

    def _reader_chosen(self) -> None:
        """A reader chosen: begin with what changed since the revision they last accepted."""
        person = str(self.reader.currentData() or "")
        if not person:
            self.reader_said.setText("")
            return
        since = reader_since(self.ws, self.plan_id, self.role, person)
        if since is None:
            self.reader_said.setText(
                f"{person} has accepted no older revision in this role: nothing to compare."
            )
            self.since_box.setChecked(False)
            return
        self.reader_said.setText(f"{person} last accepted revision {since}.")
        self.since_box.setChecked(True)
        self.since.setCurrentIndex(self.since.findData(since))

    def default_name(self, suffix: str = ".pdf") -> str:
        stem = f"{self.program} — revision {self.revision} {self.role.document.lower()}"
        return _UNSAFE.sub("-", stem).strip(" .") + suffix

    def export(self, path: Path) -> Job:
        """Build the guide and write it to `path` (PDF or DOCX by its suffix) off the UI
        thread; the job's result is the path written."""
        plan_id, role, since = self.plan_id, self.role, self.since_revision

        def work(ws: Workspace, progress: Progress, cancel: CancelToken) -> Path:
            progress(0.0, "Building the guide")
            built = guide(ws, plan_id, role, since_revision=since)
            cancel.check()
            return write_guide(built, path, lambda text: progress(0.5, text))

        return submit_on_workspace(self.runner, self.ws, work, key=SAVE_KEY)

    def _save(self) -> None:
        name, chosen = save_file_name(
            self, "Save the guide", self.default_name(), ";;".join(FILTERS.values())
        )
        if not name:
            return
        path = Path(name)
        if not path.suffix:  # no ending typed: the one of the type chosen
            path = path.with_name(path.name + _suffix_of(chosen))
        try:
            guide_format(path)
        except RehearsalError as error:
            QMessageBox.warning(self, "Guide not saved", str(error))
            return
        self.save_button.setEnabled(False)
        self.note.setText(f"Saving {path.name}…")
        self._saving = path
        job = self.export(path)
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._saved)
        job.failed.connect(self._not_saved)

    def _progressed(self, _done: float, text: str) -> None:
        self.note.setText(f"Saving {self._saving.name}: {text[:1].lower()}{text[1:]}…")

    def _not_saved(self, error: object) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(error, RehearsalError | OSError):
            raise error if isinstance(error, BaseException) else RuntimeError(error)
        self.note.setText(f"{self._saving.name} was not saved: {error}")
        QMessageBox.warning(self, "Guide not saved", f"{self._saving.name}: {error}")

    def _saved(self, path: Path) -> None:
        self.saved = path
        self.saved_to.emit(path)
        self.accept()

    def done(self, result: int) -> None:
        self.runner.cancel()
        super().done(result)


def _suffix_of(selected_filter: str) -> str:
    for suffix, label in FILTERS.items():
        if label == selected_filter:
            return suffix
    return SUFFIXES[0]

"""A rehearsal's details, from the navigator's context menu: what kind of run it was, when,
who was in it, its labels, how it ended and its figures — each as the core words it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import count, format_moment
from rehearsal.errors import RehearsalError
from rehearsal.model import RehearsalStatus
from rehearsal.rehearsing.figures import ending, figure_rows
from rehearsal.workspace import Workspace

NOT_ENDED = {
    RehearsalStatus.ARMED: "not started: it was armed, and no step ran",
    RehearsalStatus.RUNNING: "interrupted: it can be resumed in Rehearse",
    RehearsalStatus.ABANDONED: "abandoned after an interruption",
}


def detail_rows(ws: Workspace, rehearsal_id: str) -> list[tuple[str, str]]:
    """(what, value) of one rehearsal, in the order the dialog lists them."""
    r = ws.rehearsal(rehearsal_id)
    plan = ws.plan(r.plan_id)
    program = ws.program(plan.program_id).name
    events = ws.events(r.id)
    rows = [
        ("Program", program),
        ("Revision", str(plan.revision)),
        ("Kind", r.kind.label),
        ("Started", format_moment(events[0].wall if events else r.created)),
    ]
    if events and r.status in (RehearsalStatus.FINISHED, RehearsalStatus.ABANDONED):
        rows.append(("Ended", format_moment(events[-1].wall)))
    rows += [
        ("Lead", r.lead or "—"),
        ("Facilitators", ", ".join(r.facilitators) or "—"),
        ("Producer", r.producer or "—"),
        ("Cohort", r.cohort or "—"),
        ("Region", r.region or "—"),
    ]
    try:
        summary = ws.rehearsal_summary(r.id)
    except RehearsalError:
        summary = None
    if r.status is RehearsalStatus.FINISHED and summary is not None:
        rows.append(("How it ended", ending(summary.totals)))
    else:
        rows.append(("How it ended", NOT_ENDED.get(r.status, r.status.value)))
    if summary is not None:
        rows.append(("Flags", count(len(summary.flags), "flag")))
        if summary.totals.steps_run:
            rows += list(figure_rows(summary.totals))
    if r.id in ws.archived_rehearsals():
        rows.append(("Archived", "yes: left out of lists and of the analysis unless shown"))
    return rows


class RehearsalDetails(QDialog):
    """The details of one rehearsal; `open_in_review` says whether it was asked for."""

    def __init__(self, ws: Workspace, rehearsal_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rehearsal details")
        self.rehearsal_id = rehearsal_id
        self.open_in_review = False
        self.rows = detail_rows(ws, rehearsal_id)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for what, value in self.rows:
            shown = QLabel(value)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{what}:", shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        review = buttons.addButton("&Open in Review", QDialogButtonBox.ButtonRole.AcceptRole)
        review.clicked.connect(self._review)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _review(self) -> None:
        self.open_in_review = True
        self.accept()

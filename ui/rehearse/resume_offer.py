"""Asking, at start, what to do with a rehearsal the app stopped in the middle of."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from rehearsal.durations import format_moment
from rehearsal.workspace import Workspace


class ResumeAnswer(Enum):
    RESUME = "resume"
    ABANDON = "abandon"
    LATER = "later"


def ask_about_interrupted(ws: Workspace, parent: QWidget) -> tuple[str, ResumeAnswer] | None:
    """The latest interrupted rehearsal and what the person chose; None if there is none."""
    interrupted = ws.interrupted_rehearsals()
    if not interrupted:
        return None
    rehearsal = interrupted[-1]
    plan = ws.plan(rehearsal.plan_id)
    events = ws.events(rehearsal.id)
    when = format_moment(events[-1].wall if events else rehearsal.created)
    box = QMessageBox(parent)
    box.setWindowTitle("Interrupted rehearsal")
    box.setText(
        f"A {rehearsal.kind.label.lower()} of {ws.program(plan.program_id).name}, "
        f"revision {plan.revision}, was interrupted (last mark {when}). "
        "Nothing it recorded was lost."
    )
    box.setInformativeText(
        "Resume continues its clock from the moment of the interruption and records the gap."
    )
    resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
    abandon = box.addButton("Close as abandoned", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(resume)
    box.exec()
    if box.clickedButton() is resume:
        return rehearsal.id, ResumeAnswer.RESUME
    if box.clickedButton() is abandon:
        return rehearsal.id, ResumeAnswer.ABANDON
    return rehearsal.id, ResumeAnswer.LATER

"""The Rehearse view: step through the run-of-show live with one hand on the keyboard.

Every key calls the core at once (the timestamp is the key press), the core commits the
event to disk, and only then does the screen change. A 10 Hz timer redraws the clock;
it only changes label text that actually changed.
"""

from __future__ import annotations

from time import monotonic

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rehearsal.changes import Changes
from rehearsal.clock import Clock
from rehearsal.durations import count, format_duration, format_moment
from rehearsal.errors import NotFound, RehearsalError
from rehearsal.model import FLAG_CATEGORIES, custom_names
from rehearsal.rehearsing.figures import run_line
from rehearsal.rehearsing.live import LiveStatus, live_status
from rehearsal.rehearsing.recovery import recovery_plan
from rehearsal.rehearsing.run import Run
from rehearsal.rehearsing.seat import Seat
from rehearsal.workspace import Workspace
from rehearsal_ui.rehearse.finished_page import FinishedPage
from rehearsal_ui.rehearse.live_board import LiveBoard, label
from rehearsal_ui.rehearse.live_columns import LiveColumnsChoice
from rehearsal_ui.rehearse.seat_dialog import SeatDialog
from rehearsal_ui.rehearse.seat_window import SeatWindow
from rehearsal_ui.rehearse.seats_waiting import SeatsWaiting
from rehearsal_ui.rehearse.share_dialog import ShareDialog
from rehearsal_ui.shell.collector import hold_for_live_run, quiet_for, release_after_live_run
from rehearsal_ui.shell.live_keys import COMMANDS, event_key, key_map, legend
from rehearsal_ui.shell.settings import Settings, save_settings

DOUBLE_PRESS_S = 0.3
TICK_MS = 100
# The rundown and the Recovery panel follow a mark on the first tick at least this long
# after it (a burst of marks is shown once it settles), and are never older than
# PANELS_STALE_S: a tick landing just after a key press then costs only the clock.
PANELS_AFTER_MARK_S = 0.05
PANELS_STALE_S = 1.0
REHEARSAL_ROLE = Qt.ItemDataRole.UserRole + 1


class RehearseView(QWidget):
    rehearsals_changed = Signal()  # started, finished or abandoned: the navigator reloads
    ticked = Signal(object)  # LiveStatus | None, for the presenter window
    message = Signal(str)
    open_in_review = Signal(str)  # a finished rehearsal's id: the one key after the finish

    def __init__(self, ws: Workspace, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.plan_id: str | None = None
        self.run: Run | None = None
        self.clock: Clock | None = None  # None: the system clock (tests drive a fake one)
        self.status: LiveStatus | None = None
        self._last_press: tuple[str, float] = ("", 0.0)
        self._keys = key_map(settings.shortcuts)
        self._next_key = "Space"
        self._accept_key = "A"
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_idle())
        self.pages.addWidget(self._build_live())
        self.finished_page = FinishedPage()
        self.finished_page.open_in_review.connect(self.open_in_review)
        self.finished_page.done.connect(self._back_to_start)
        self.pages.addWidget(self.finished_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self._tick)
        self._marked_at = 0.0  # monotonic() of the last mark
        self._panels_at = 0.0  # of the last refresh of the rundown and the Recovery panel
        self.show_idle()

    # -- building -------------------------------------------------------------------------
    def _build_idle(self) -> QWidget:
        page = QWidget()
        self.idle_title = label(1.6, bold=True)
        self.idle_hint = label()
        self.start_button = QPushButton("Start a rehearsal…  (Enter)")
        self.start_button.setMinimumHeight(44)
        self.start_button.clicked.connect(self.start)
        self.live_columns = LiveColumnsChoice()
        self.live_columns.changed.connect(self._remember_live_columns)
        self.interrupted = QListWidget()
        self.interrupted.setAccessibleName("Interrupted rehearsals")
        self.resume_button = QPushButton("&Resume")
        self.abandon_button = QPushButton("Close as &abandoned")
        self.resume_button.clicked.connect(self._resume_selected)
        self.abandon_button.clicked.connect(self._abandon_selected)
        self.interrupted_box = QWidget()
        box = QVBoxLayout(self.interrupted_box)
        heading = label(1.1, bold=True)
        heading.setText("Interrupted rehearsals — nothing recorded was lost")
        box.addWidget(heading)
        box.addWidget(self.interrupted)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.abandon_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.last_result = label()
        self.seat_button = QPushButton("Follow as a second &seat…")
        self.seat_button.setToolTip(
            "Flag and note this revision on your own computer, with no connection; the "
            "seat's pack lands on the lead's rehearsal"
        )
        self.seat_button.clicked.connect(self.start_seat)
        self.seat_windows: list[SeatWindow] = []
        self.seats_waiting = SeatsWaiting()
        layout = QVBoxLayout(page)
        layout.addWidget(self.idle_title)
        layout.addWidget(self.idle_hint)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.seat_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.live_columns)
        layout.addWidget(self.last_result)
        layout.addWidget(self.interrupted_box)
        layout.addWidget(self.seats_waiting)
        layout.addStretch(1)
        return page

    def _build_live(self) -> QWidget:
        self.board = LiveBoard()
        self.board.presenter_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.share_dialog: ShareDialog | None = None
        self.share_button = QPushButton("Share live…")
        self.share_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.share_button.setToolTip("Phones and laptops on this network follow and flag the run")
        self.share_button.clicked.connect(self.show_share)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.board, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.share_button)
        layout.addLayout(row)
        return page

    def start_seat(self) -> SeatWindow | None:
        """Ask who is in the seat and in which role (or which unfinished seat of this
        revision to go on with), then open its live screen."""
        if self.plan_id is None:
            return None
        dialog = self.seat_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if dialog.seat_id():
            return self.resume_seat(dialog.seat_id())
        return self.open_seat(dialog.person_name(), dialog.role_value())

    def seat_dialog(self) -> SeatDialog:
        """The dialog of Follow as a second seat, for the chosen revision: the seats of it
        started here, not finished and not open now, are offered to go on with."""
        assert self.plan_id is not None
        open_now = {w.seat.record.id for w in self.seat_windows if w.isVisible()}
        unfinished = [
            r
            for r in self.ws.seats.unfinished(self.ws.origin, self.plan_id)
            if r.id not in open_now
        ]
        return SeatDialog(self.ws.revision_label(self.plan_id), unfinished, self)

    def open_seat(self, person: str, role: str) -> SeatWindow | None:
        assert self.plan_id is not None
        try:
            seat = self.ws.start_seat(self.plan_id, role=role, person=person, clock=self.clock)
        except RehearsalError as exc:
            QMessageBox.warning(self, "Second seat", str(exc))
            return None
        return self._show_seat(seat)

    def resume_seat(self, seat_id: str) -> SeatWindow | None:
        """Go on with an unfinished seat of this workspace (`Workspace.resume_seat`)."""
        try:
            seat = self.ws.resume_seat(seat_id, clock=self.clock)
        except RehearsalError as exc:
            QMessageBox.warning(self, "Second seat", str(exc))
            return None
        return self._show_seat(seat)

    def _show_seat(self, seat: Seat) -> SeatWindow:
        window = SeatWindow(self.ws, seat, self)
        self.seat_windows = [w for w in self.seat_windows if w.isVisible()] + [window]
        window.show()
        return window

    def show_share(self) -> None:
        """The Share live dialog of the running rehearsal (sharing starts from it)."""
        if self.run is None:
            return
        if self.share_dialog is None or self.share_dialog.run is not self.run:
            self._stop_sharing()
            self.share_dialog = ShareDialog(self.run, self)
            self.share_dialog.recorded.connect(self._from_companion)
        self.share_dialog.show()

    def _from_companion(self, text: str) -> None:
        self.board.last_mark.setText(text)
        self.refresh()

    def _stop_sharing(self) -> None:
        if self.share_dialog is not None:
            self.share_dialog.stop()
            self.share_dialog.deleteLater()
            self.share_dialog = None

    def _back_to_start(self) -> None:
        self.show_idle()
        self.setFocus()

    # -- which plan, which run --------------------------------------------------------------
    def set_workspace(self, ws: Workspace) -> None:
        self._stop_sharing()
        self.ws = ws
        self.run = None
        self.plan_id = None  # a plan of the other workspace (the navigator chooses again)
        self.show_idle()

    def set_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        if self.run is None:
            self._show_idle_or_result()

    def _show_idle_or_result(self) -> None:
        """The start page as it is now; a finished run's result stays in front until Esc or
        Enter (the navigator reloading after the finish does not take it away)."""
        if self.pages.currentWidget() is self.finished_page:
            self._fill_idle()
        else:
            self.show_idle()

    def on_changes(self, changes: Changes) -> None:
        """While idle, show the plan and the interrupted rehearsals as they are now; a live
        rehearsal's screen shows its own state."""
        if self.run is not None or not self.ws.is_open:
            return
        touched = self.plan_id is not None and changes.touches_plan(self.plan_id)
        if touched or changes.rehearsals or changes.programs or changes.everything:
            if self.plan_id is not None and touched and not self._plan_exists(self.plan_id):
                self.plan_id = None
            self._show_idle_or_result()

    def _plan_exists(self, plan_id: str) -> bool:
        try:
            self.ws.plan(plan_id)
        except NotFound:
            return False
        return True

    def set_shortcuts(self, overrides: dict[str, str]) -> None:
        self._keys = key_map(overrides)
        self._show_keys()

    def show_idle(self) -> None:
        self.timer.stop()
        self.pages.setCurrentIndex(0)
        self._fill_idle()
        self.ticked.emit(None)

    def _fill_idle(self) -> None:
        plan = self.ws.plan(self.plan_id) if self.plan_id else None
        if plan is None:
            self.idle_title.setText("Rehearse")
            self.idle_hint.setText(
                "Choose a plan revision in the navigator, then start."
                if self.ws.programs()
                else "No plan to rehearse yet: import a run-of-show (File → Import, Ctrl+I) "
                "or start a new program (File → New program, Ctrl+N), then start here."
            )
            self.live_columns.set_columns((), ())
        else:
            chosen = self.settings.live_columns.get(plan.program_id, [])
            self.live_columns.set_columns(custom_names(plan.segments), chosen)
            program = self.ws.program(plan.program_id).name
            self.idle_title.setText(f"Rehearse {program} — revision {plan.revision}")
            runs = self.ws.rehearsals(plan.id)
            self.idle_hint.setText(
                f"{len(plan.segments)} segments, {format_duration(plan.planned_s)} planned. "
                f"Rehearsed {len(runs)} time{'s' if len(runs) != 1 else ''} so far. "
                "Every mark is saved the moment you make it."
            )
        self.start_button.setEnabled(plan is not None)
        self.seat_button.setEnabled(plan is not None)
        self.seats_waiting.fill(self.ws)
        self._fill_interrupted()

    def _remember_live_columns(self) -> None:
        """The custom columns ticked become the ones the live screen shows for this
        program's rehearsals (those of other revisions stay chosen)."""
        plan = self.ws.plan(self.plan_id) if self.plan_id else None
        if plan is None:
            return
        offered = set(custom_names(plan.segments))
        kept = [n for n in self.settings.live_columns.get(plan.program_id, []) if n not in offered]
        self.settings.live_columns[plan.program_id] = [*self.live_columns.chosen(), *kept]
        save_settings(self.settings)

    def _fill_interrupted(self) -> None:
        self.interrupted.clear()
        for r in self.ws.interrupted_rehearsals():
            plan = self.ws.plan(r.plan_id)
            events = self.ws.events(r.id)
            when = format_moment(events[-1].wall if events else r.created)
            item = QListWidgetItem(
                f"{self.ws.program(plan.program_id).name}, revision {plan.revision} · "
                f"{r.kind.label} · last mark {when} · {len(events)} marks"
            )
            item.setData(REHEARSAL_ROLE, r.id)
            self.interrupted.addItem(item)
        has = self.interrupted.count() > 0
        self.interrupted_box.setVisible(has)
        if has:
            self.interrupted.setCurrentRow(0)

    # -- starting, resuming, finishing -------------------------------------------------------
    def start(self) -> None:
        from rehearsal_ui.rehearse.start_dialog import StartDialog

        if self.plan_id is None or self.run is not None:
            return
        program = self.ws.plan(self.plan_id).program_id
        dialog = StartDialog(
            self.ws.plans(program), self.plan_id, self.settings.rehearsal_start, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        self.settings.rehearsal_start = dialog.remembered()
        save_settings(self.settings)
        try:
            run = self.ws.start_rehearsal(
                choice.plan_id,
                choice.kind,
                lead=choice.lead,
                facilitator=choice.facilitators,
                producer=choice.producer,
                cohort=choice.cohort,
                region=choice.region,
                clock=self.clock,
            )
        except RehearsalError as exc:
            QMessageBox.warning(self, "Cannot start", str(exc))
            return
        self._go_live(run, "Armed. Press Space to start the first segment.")
        self.rehearsals_changed.emit()

    def resume(self, rehearsal_id: str) -> None:
        try:
            run = self.ws.resume_rehearsal(rehearsal_id, clock=self.clock)
        except RehearsalError as exc:
            QMessageBox.warning(self, "Cannot resume", str(exc))
            return
        gap = run.events[-1].get("gap_s") if run.events else ""
        note = f" after a gap of {format_duration(round(float(gap)))}" if gap else ""
        self._go_live(run, f"Resumed{note}; the clock continues from the last mark.")

    def _resume_selected(self) -> None:
        item = self.interrupted.currentItem()
        if item is not None:
            self.resume(item.data(REHEARSAL_ROLE))

    def _abandon_selected(self) -> None:
        item = self.interrupted.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            "Close as abandoned",
            "Close this rehearsal as abandoned? Everything it recorded is kept.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ws.abandon_rehearsal(item.data(REHEARSAL_ROLE))
            self._fill_interrupted()
            self.rehearsals_changed.emit()

    def _go_live(self, run: Run, message: str) -> None:
        hold_for_live_run()  # no full collection could delay a mark by milliseconds
        self.run = run
        self.plan_id = run.plan.id
        r = run.rehearsal
        people = ", ".join(
            x
            for x in (
                r.lead and f"lead {r.lead}",
                r.facilitators and "facilitator " + ", ".join(r.facilitators),
                r.producer and f"producer {r.producer}",
            )
            if x
        )
        program = self.ws.program(run.plan.program_id).name
        self.board.header.setText(
            f"● Recording · {r.kind.label} · {program}, revision "
            f"{run.plan.revision}" + (f" · {people}" if people else "")
        )
        self.board.last_mark.setText(message)
        self.board.set_custom_columns(self.settings.live_columns.get(run.plan.program_id, []))
        self._show_keys()
        self.pages.setCurrentIndex(1)
        self.setFocus()
        self.timer.start()
        self.refresh()

    def _finished(self) -> None:
        self._stop_sharing()
        run = self.run
        self.run = None
        release_after_live_run()
        self.rehearsals_changed.emit()
        self.show_idle()
        if run is not None:
            summary = self.ws.rehearsal_summary(run.rehearsal.id)
            self.last_result.setText(
                f"Last rehearsal: {run_line(summary.totals)} · {count(len(summary.flags), 'flag')}."
            )
            program = self.ws.program(run.plan.program_id).name
            self.finished_page.show_summary(
                f"Finished: {program}, revision {run.plan.revision} · {run.rehearsal.kind.label}",
                summary,
            )
            self.pages.setCurrentWidget(self.finished_page)
            self.finished_page.setFocus()
            self.ticked.emit(None)

    # -- keys -------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.run is None:
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.start_button.isEnabled()
                and self.pages.currentIndex() == 0
            ):
                self.start()
                return
            super().keyPressEvent(event)
            return
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Carry out the live command of `event`'s key, wherever it was pressed (this view,
        the presenter window); False when no run is live or the key is not a live one."""
        if self.run is None:
            return False
        command = self._keys.get(event_key(event))
        if command is None:
            return False
        if event.isAutoRepeat():
            return True  # a held key marks once
        pressed_ns = self.run.now_ns()  # the moment of the key press, before any dialog
        now = pressed_ns / 1e9
        last, at = self._last_press
        self._last_press = (command, now)
        if command == last and now - at < DOUBLE_PRESS_S and command in ("next", "undo", "retry"):
            self.message.emit("Ignored a double press.")
            return True
        self.do(command, pressed_ns)
        return True

    def do(self, command: str, pressed_ns: int | None = None) -> None:
        """Carry out a live command; the event is on disk before the screen changes."""
        run = self.run
        if run is None:
            return
        at = pressed_ns if pressed_ns is not None else run.now_ns()
        try:
            done = self._command(run, command, at)
        except RehearsalError as exc:
            self.board.last_mark.setText(str(exc))
            return
        if done:
            self.board.last_mark.setText(f"{done} at {run.now_wall():%H:%M:%S}")
        if run.state.finished:
            self._finished()
            return
        self._marked_at = monotonic()
        quiet_for(PANELS_AFTER_MARK_S)  # nor a garbage collection, as marks may follow
        self.refresh(panels=False)

    def _command(self, run: Run, command: str, at: int) -> str:
        if command == "next":
            run.next()
            step = run.state.current
            return f"Next → {step.title}" if step else "Finished"
        if command == "undo":
            run.undo()
            return "Undid the last mark"
        if command == "retry":
            run.retry()
            return "Retrying this segment"
        if command == "accept":
            return self._accept_recovery(run, at)
        if command == "pause":
            return self._pause(run, at)
        if command == "flag":
            return self._flag(run, at)
        if command == "note":
            text, ok = QInputDialog.getText(self, "Note", "Note (the clock keeps running):")
            if ok and text.strip():
                run.note(text.strip(), at_ns=at)
                return "Note saved"
            return ""
        if command == "finish":
            answer = QMessageBox.question(
                self,
                "Finish the rehearsal",
                "Finish this rehearsal now? The running segment ends here.",
            )
            if answer == QMessageBox.StandardButton.Yes:
                run.finish()
                return "Finished"
        return ""

    def _accept_recovery(self, run: Run, at: int) -> str:
        """Take the recovery plan's suggestion for the next step it changes (one step per
        press: the lead accepts the plan a step at a time, as the session goes on)."""
        plan = recovery_plan(run.plan, run.state, at) if run.state.current else None
        if plan is None or not plan.changes:
            self.message.emit("No recovery suggestion to accept.")
            return ""
        change = plan.changes[0]
        run.adjust_target(change.step_id, change.target_s, plan.reason)
        return f"Accepted: {change.line()}"

    def _pause(self, run: Run, at: int) -> str:
        from rehearsal_ui.rehearse.flag_picker import PauseReasonPicker

        if run.state.paused_since is not None:
            run.resume()
            return "Resumed"
        if run.state.started_ns is None:
            run.pause()  # explains that nothing runs yet
        picker = PauseReasonPicker(self)
        if picker.exec() != QDialog.DialogCode.Accepted:
            return ""
        run.pause(picker.reason(), at_ns=at)
        return f"Paused ({picker.reason().value}) — P resumes"

    def _flag(self, run: Run, at: int) -> str:
        from rehearsal_ui.rehearse.flag_picker import FlagPicker

        targets = run.flag_targets(at)
        picker = FlagPicker(
            FLAG_CATEGORIES, targets.handoff_label, targets.segment_label, targets.on_handoff, self
        )
        if picker.exec() != QDialog.DialogCode.Accepted:
            return ""
        choice = picker.result_flag()
        run.flag(
            choice.category,
            note=choice.note,
            severity=choice.severity,
            on_handoff=choice.on_handoff if targets.handoff_label else False,
            at_ns=at,
            raised_by=run.rehearsal.lead,
        )
        return f"Flag: {choice.category}"

    # -- the screen -------------------------------------------------------------------------
    def _show_keys(self) -> None:
        rows = legend(self.settings.shortcuts)
        self.board.keys_label.setText("    ".join(f"{keys}  {label}" for keys, label in rows))
        shown = dict((label, keys.split(" / ")[0]) for keys, label in rows)
        self._next_key = shown.get(COMMANDS["next"]) or "Next"
        self._accept_key = shown.get(COMMANDS["accept"]) or ""

    def _tick(self) -> None:
        """The 10 Hz refresh: the clock always; the rundown and the Recovery panel unless a
        mark came less than PANELS_AFTER_MARK_S ago (and they are fresher than
        PANELS_STALE_S)."""
        now = monotonic()
        settled = now - self._marked_at >= PANELS_AFTER_MARK_S
        self.refresh(panels=settled or now - self._panels_at >= PANELS_STALE_S)

    def refresh(self, *, panels: bool = True) -> None:
        """Show the run as it is now. `panels=False` (a mark): the step, the clock and the
        strip now; the rundown and the Recovery panel on the next tick (a tenth of a second
        at most), so a key press reaches the screen in a few milliseconds."""
        run = self.run
        if run is None:
            return
        status = live_status(run.state, run.plan, run.now_ns(), run.now_wall(), panels=panels)
        self.status = status
        self.board.show_status(run, status, self._next_key)
        if panels:
            self.board.show_panels(status, self._accept_key)
            self._panels_at = monotonic()
        self.ticked.emit(status)

"""The filters every Analyze chart shares: plan revisions, rehearsal kind, facilitator,
producer, cohort, region and a date range, building one `Filters`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.analysis import Evidence, Filters, describe
from rehearsal.durations import count
from rehearsal.model import Plan, Rehearsal, RehearsalKind, RehearsalStatus
from rehearsal_ui.analyze.choices import COMBOS, NO_REVISION, offered, revisions_checked

ANY_DATE = QDate(2000, 1, 1)  # "any" before the rehearsals' dates are known


def _label(field: str, value: str) -> str:
    if field == "kinds":
        try:
            return RehearsalKind(value).label
        except ValueError:
            return value
    return value


class FiltersBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.any_date = ANY_DATE  # the date boxes' minimum, shown as "any"
        self.revision_actions: list[QAction] = []
        self.revisions = QToolButton()
        self.revisions.setAccessibleName("Plan revisions")
        self.revisions.setToolTip("Which plan revisions' rehearsals count")
        self.revisions.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.revisions_menu = QMenu(self.revisions)
        self.revisions.setMenu(self.revisions_menu)
        self.combos: dict[str, QComboBox] = {}
        rows = QVBoxLayout(self)  # rows, so a narrow window still shows every filter
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        layout = QHBoxLayout()
        layout.setSpacing(6)
        second = QHBoxLayout()
        second.setSpacing(6)
        rows.addLayout(layout)
        rows.addLayout(second)
        layout.addWidget(self.revisions)
        for field, any_text, _values in COMBOS:
            combo = QComboBox()
            combo.setAccessibleName(any_text.replace("Any ", "").capitalize())
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            combo.addItem(any_text, None)
            combo.currentIndexChanged.connect(self._changed)
            self.combos[field] = combo
            layout.addWidget(combo, 1)
        self.since = self._date_box("From")
        self.until = self._date_box("To")
        for text, box in (("From", self.since), ("to", self.until)):
            label = QLabel(text)
            label.setBuddy(box)
            second.addWidget(label)
            second.addWidget(box)
        self.click_through = QCheckBox("Include click-throughs")
        self.click_through.setToolTip(
            "A click-through — a run whose steps mostly took a fifth of their plan or less, "
            "a walk through the keys — is no timing evidence and is left out unless this is on"
        )
        self.click_through.toggled.connect(self._changed)
        second.addWidget(self.click_through)
        self.archived = QCheckBox("Include archived")
        self.archived.setToolTip(
            "Rehearsals archived in this workspace (in the navigator's menu) are kept but left "
            "out of the analysis unless this is on"
        )
        self.archived.toggled.connect(self._changed)
        second.addWidget(self.archived)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Every revision, kind, person and date")
        self.reset_button.clicked.connect(self.reset)
        second.addWidget(self.reset_button)
        second.addStretch(1)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        font = self.count.font()
        font.setBold(True)
        self.count.setFont(font)
        self.count.setAccessibleName("Timing evidence")
        self.count.setToolTip(
            "What every figure here rests on: complete rehearsals, and the steps that "
            "rehearsals stopped early did run; click-throughs are left out unless included"
        )
        self.count.setWordWrap(True)  # what the figures rest on: its own line, wrapped
        self.count.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        rows.addWidget(self.count)
        self._update_revisions_text()

    def _date_box(self, name: str) -> QDateEdit:
        box = QDateEdit()
        box.setAccessibleName(f"{name} date")
        box.setCalendarPopup(True)
        box.setDisplayFormat("yyyy-MM-dd")
        box.setMinimumDate(self.any_date)
        box.setSpecialValueText("any")
        box.setDate(self.any_date)
        box.dateChanged.connect(self._changed)
        return box

    def _changed(self) -> None:
        if not self._quiet:
            self._update_revisions_text()
            self.changed.emit()

    # -- the choices -------------------------------------------------------------------------
    def set_choices(self, plans: Sequence[Plan], rehearsals: Sequence[Rehearsal]) -> None:
        """The program's revisions (all checked unless kept from before) and the values
        its finished rehearsals have; a chosen value that is still there stays chosen."""
        before = self.filters()
        known = {a.data() for a in self.revision_actions}
        self._quiet = True
        try:
            self.revisions_menu.clear()
            self.revision_actions = []
            used = {r.plan_id: 0 for r in rehearsals}
            for r in rehearsals:
                if r.status is RehearsalStatus.FINISHED:
                    used[r.plan_id] += 1
            ordered = sorted(plans, key=lambda p: p.revision)
            checked = set(revisions_checked(before, known, ordered))
            for plan in ordered:
                n = used.get(plan.id, 0)
                action = QAction(f"Revision {plan.revision} ({n} rehearsal{'s' * (n != 1)})", self)
                action.setCheckable(True)
                action.setData(plan.id)
                action.setChecked(plan.id in checked)
                action.toggled.connect(self._changed)
                self.revisions_menu.addAction(action)
                self.revision_actions.append(action)
            finished = [r for r in rehearsals if r.status is RehearsalStatus.FINISHED]
            days = [d for r in finished if (d := _day(r.created)) is not None]
            # "any" sits the day before the first rehearsal, so the calendar opens near them
            self.any_date = _qdate(min(days)).addDays(-1) if days else ANY_DATE
            for box in (self.since, self.until):
                chosen_day = box.date() if box.date() > box.minimumDate() else None
                box.setMinimumDate(self.any_date)
                box.setDate(chosen_day if chosen_day is not None else self.any_date)
            for field, any_text, _values in COMBOS:
                combo = self.combos[field]
                chosen = combo.currentData()
                combo.clear()
                combo.addItem(any_text, None)
                for value in offered(field, rehearsals):
                    combo.addItem(_label(field, value), value)
                index = combo.findData(chosen) if chosen is not None else 0
                combo.setCurrentIndex(max(index, 0))
                view = combo.view()  # its list as wide as the longest name, never cut
                view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
        finally:
            self._quiet = False
        self._update_revisions_text()

    def _update_revisions_text(self) -> None:
        checked = [a for a in self.revision_actions if a.isChecked()]
        if len(checked) == len(self.revision_actions):
            text = "All revisions"
        elif not checked:
            text = "No revision"
        else:
            text = "Revision " + ", ".join(a.text().split(" (")[0].split()[-1] for a in checked)
        self.revisions.setText(text)
        # room for the text and the menu's arrow, which Fusion draws over the text otherwise
        arrow = self.revisions.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
        width = self.revisions.fontMetrics().horizontalAdvance(text) + arrow + 20
        self.revisions.setMinimumWidth(width)

    # -- reading and setting -----------------------------------------------------------------
    def filters(self) -> Filters:
        checked = tuple(str(a.data()) for a in self.revision_actions if a.isChecked())
        if len(checked) == len(self.revision_actions):
            plan_ids: tuple[str, ...] = ()
        else:
            plan_ids = checked or (NO_REVISION,)
        values = {
            field: ((str(data),) if (data := self.combos[field].currentData()) else ())
            for field, _any, _values in COMBOS
        }
        return Filters(
            plan_ids=plan_ids,
            kinds=values["kinds"],
            facilitators=values["facilitators"],
            producers=values["producers"],
            cohorts=values["cohorts"],
            regions=values["regions"],
            since=self._date(self.since),
            until=self._date(self.until),
            include_click_through=self.click_through.isChecked(),
            include_archived=self.archived.isChecked(),
        )

    def set_filters(self, filters: Filters) -> None:
        """Show `filters` (one value per field; values not offered are added)."""
        self._quiet = True
        try:
            for action in self.revision_actions:
                action.setChecked(not filters.plan_ids or action.data() in filters.plan_ids)
            for field, _any, _values in COMBOS:
                combo = self.combos[field]
                wanted = getattr(filters, field)
                if not wanted:
                    combo.setCurrentIndex(0)
                    continue
                index = combo.findData(wanted[0])
                if index < 0:
                    combo.addItem(_label(field, wanted[0]), wanted[0])
                    index = combo.count() - 1
                combo.setCurrentIndex(index)
            for box, day in ((self.since, filters.since), (self.until, filters.until)):
                box.setDate(self.any_date if day is None else _qdate(day))
            self.click_through.setChecked(filters.include_click_through)
            self.archived.setChecked(filters.include_archived)
        finally:
            self._quiet = False
        self._update_revisions_text()
        self.changed.emit()

    def reset(self) -> None:
        self.set_filters(Filters())

    def set_evidence(self, found: Evidence | None) -> None:
        """What the figures rest on, in the core's words (`describe`): "4 rehearsals: from
        3 complete rehearsals of revision 2; 1 stopped early, 1 click-through left out"."""
        n = 0 if found is None else found.rehearsals
        text = count(n, "rehearsal")
        if found is not None and (n or found.left_out):
            text += ": " + describe(found)
        self.count.setText(text)

    def _date(self, box: QDateEdit) -> date | None:
        value = box.date()
        if value <= box.minimumDate():
            return None
        return date(value.year(), value.month(), value.day())


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _day(created: str) -> date | None:
    try:
        return datetime.fromisoformat(created).date()
    except ValueError:
        return None

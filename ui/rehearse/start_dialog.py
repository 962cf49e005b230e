"""The dialog that starts a rehearsal: which plan revision, what kind of run, who is in it.

Every field is prefilled from the values remembered from the last start, so a lead who runs
the same dry-run again only presses Enter. `remembered()` gives the values to store back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.model import Plan, RehearsalKind
from rehearsal_ui.shell.widths import fit_text

# The keys of `Settings.rehearsal_start`.
REMEMBERED_KEYS: Final = ("kind", "lead", "facilitators", "producer", "cohort", "region")


@dataclass(frozen=True, slots=True)
class StartChoice:
    """What the lead chose: the plan revision to run, the kind of run, people and labels."""

    plan_id: str
    kind: RehearsalKind
    lead: str
    facilitators: tuple[str, ...]
    producer: str
    cohort: str
    region: str


def split_names(text: str) -> tuple[str, ...]:
    """`"Ana, Ben ,, Chloé"` → `("Ana", "Ben", "Chloé")`."""
    return tuple(name for name in (part.strip() for part in text.split(",")) if name)


def revision_label(plan: Plan) -> str:
    """`Revision 3 — 12 segments`: the segments a rehearsal walks (not skipped, not markers)."""
    count = sum(1 for s in plan.segments if not s.skipped and not s.marker)
    noun = "segment" if count == 1 else "segments"
    return f"Revision {plan.revision} — {count} {noun}"


class StartDialog(QDialog):
    """Enter starts the rehearsal, Esc cancels; Alt + the underlined letter jumps to a field."""

    def __init__(
        self,
        plans: Sequence[Plan],
        current_plan_id: str,
        remembered: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start rehearsal")
        self._plans = tuple(plans)

        self.revision = QComboBox()
        for plan in self._plans:
            self.revision.addItem(revision_label(plan), plan.id)
        current = self.revision.findData(current_plan_id)
        self.revision.setCurrentIndex(max(current, 0))

        self.kind = QComboBox()
        for kind in RehearsalKind:
            self.kind.addItem(kind.label, kind.value)
        kind_index = self.kind.findData(remembered.get("kind", ""))
        self.kind.setCurrentIndex(max(kind_index, 0))

        self.lead = QLineEdit(remembered.get("lead", ""))
        self.facilitators = QLineEdit(remembered.get("facilitators", ""))
        self.facilitators.setPlaceholderText("Names, separated by commas")
        self.producer = QLineEdit(remembered.get("producer", ""))
        self.cohort = QLineEdit(remembered.get("cohort", ""))
        self.cohort.setPlaceholderText("e.g. Pilot group B")
        self.region = QLineEdit(remembered.get("region", ""))
        self.region.setPlaceholderText("e.g. EMEA")
        for edit in (self.lead, self.facilitators, self.producer, self.cohort, self.region):
            fit_text(edit, chars=48)  # a long name, or several, read whole

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in (
            ("Re&vision:", self.revision),
            ("&Kind:", self.kind),
            ("&Lead:", self.lead),
            ("&Facilitators:", self.facilitators),
            ("&Producer:", self.producer),
            ("&Cohort:", self.cohort),
            ("&Region:", self.region),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)

        self.start_button = QPushButton("Start rehearsal")
        self.start_button.setDefault(True)
        self.start_button.setEnabled(bool(self._plans))
        self.start_button.clicked.connect(self.accept)
        cancel = QPushButton("Cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)

        hint = QLabel("Enter: start  ·  Esc: cancel  ·  Alt + underlined letter: go to a field")
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, follows the theme
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.kind.setFocus()

    def choice(self) -> StartChoice:
        plan_id = self.revision.currentData()
        if not isinstance(plan_id, str):
            raise LookupError("there is no plan revision to rehearse")
        return StartChoice(
            plan_id=plan_id,
            kind=RehearsalKind(self.kind.currentData()),
            lead=self.lead.text().strip(),
            facilitators=split_names(self.facilitators.text()),
            producer=self.producer.text().strip(),
            cohort=self.cohort.text().strip(),
            region=self.region.text().strip(),
        )

    def remembered(self) -> dict[str, str]:
        """The values to prefill the next start with (`Settings.rehearsal_start`)."""
        return {
            "kind": str(self.kind.currentData()),
            "lead": self.lead.text().strip(),
            "facilitators": ", ".join(split_names(self.facilitators.text())),
            "producer": self.producer.text().strip(),
            "cohort": self.cohort.text().strip(),
            "region": self.region.text().strip(),
        }

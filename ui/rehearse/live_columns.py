"""The choice, before a rehearsal, of the plan's custom columns the live screen shows for
the running segment ("Room", "Slide #"): remembered per program by the Rehearse view."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

PER_ROW = 4  # check boxes side by side
ROWS_SHOWN = 3  # the box scrolls past this many rows


class LiveColumnsChoice(QWidget):
    """A check box per custom column of the plan; hidden when the plan has none."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        caption = QLabel("Also show on the live screen, for the running segment:")
        self.boxes: list[QCheckBox] = []
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(PER_ROW, 1)  # the boxes side by side on the left
        self._scroll = QScrollArea()
        self._scroll.setWidget(self._body)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self._scroll)
        self.set_columns((), ())

    def set_columns(self, names: Sequence[str], chosen: Collection[str]) -> None:
        """Offer `names`, those in `chosen` ticked (no `changed` signal)."""
        for box in self.boxes:
            box.deleteLater()
        self.boxes = []
        for at, name in enumerate(names):
            box = QCheckBox(name.replace("&", "&&"))
            box.setChecked(name in chosen)
            box.setAccessibleName(f"Show “{name}” on the live screen")
            box.toggled.connect(lambda _: self.changed.emit())
            self._grid.addWidget(box, at // PER_ROW, at % PER_ROW)
            self.boxes.append(box)
        self._names = list(names)
        rows = min(ROWS_SHOWN, (len(names) + PER_ROW - 1) // PER_ROW)
        if self.boxes:
            spacing = self._grid.verticalSpacing()
            height = rows * self.boxes[0].sizeHint().height() + (rows - 1) * spacing
            self._scroll.setFixedHeight(height)
        self.setVisible(bool(names))

    def chosen(self) -> list[str]:
        """The columns ticked, in the plan's order."""
        return [name for name, box in zip(self._names, self.boxes, strict=True) if box.isChecked()]

"""How the Analyze view is laid out: its labels, its tab pages' splitters. Widgets only;
what they show is the view's. (Before a re-timing is applied: `apply_dialog`.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QWidget

from rehearsal_ui.analyze.charts.frame import TableFrame
from rehearsal_ui.analyze.tables import KeyedTable, stolen_model


def scaled_label(scale: float, *, bold: bool = False, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label


def updating_label() -> QLabel:
    """ "Updating…", keeping its room when hidden: showing it lays nothing else out again."""
    label = QLabel("Updating…")
    label.setToolTip("The rehearsals are being read and analysed")
    keep = label.sizePolicy()
    keep.setRetainSizeWhenHidden(True)
    label.setSizePolicy(keep)
    label.setVisible(False)
    return label


def stacked(first: QWidget, second: QWidget, sizes: tuple[int, int] | None = None) -> QSplitter:
    """`first` above `second` (in `sizes`, else halves)."""
    page = QSplitter(Qt.Orientation.Vertical)
    page.addWidget(first)
    page.addWidget(second)
    if sizes is not None:
        page.setSizes(list(sizes))
    return page


def side_by_side(left: QWidget, right: QWidget, sizes: tuple[int, int]) -> QSplitter:
    row = QSplitter()
    row.addWidget(left)
    row.addWidget(right)
    row.setSizes(list(sizes))
    return row


def stolen_table() -> tuple[KeyedTable, TableFrame]:
    """The "time stolen from practice" table, in its frame."""
    table = KeyedTable(stolen_model(), stretch=(3, 4))
    frame = TableFrame("Time stolen from practice", table)
    frame.set_legend(
        "Rehearsals where non-negotiable segments got less than planned while flexible "
        "ones ran over (each against its own revision)"
    )
    return table, frame

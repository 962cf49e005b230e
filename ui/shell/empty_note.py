"""A sentence shown over an item view while it lists nothing: why it is empty and what to do
("No flags were raised in this rehearsal: press F while rehearsing to raise one."). The
same for every list and table of the app, as `TableFrame.set_note` is for Analyze's."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

MARGIN = 12


class EmptyNote(QObject):
    """Shows `text` over `view`'s viewport while its model has no rows (and `text` is set)."""

    def __init__(self, view: QAbstractItemView, text: str = "") -> None:
        super().__init__(view)
        self.view = view
        self._viewport = view.viewport()  # (asked of the view no more while it goes away)
        self.label = QLabel(self._viewport)
        self.label.setObjectName("emptyNote")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, both themes
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.hide()
        self._viewport.installEventFilter(self)
        self._model: QAbstractItemModel | None = None
        self.watch()
        self.set_text(text)

    def watch(self) -> None:
        """Follow the view's model (call again after `setModel`)."""
        model = self.view.model()
        if model is self._model or model is None:
            return
        self._model = model
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.modelReset,
            model.layoutChanged,
        ):
            signal.connect(self.update)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.update()

    def text(self) -> str:
        return self.label.text()

    @property
    def shown(self) -> bool:
        """Whether the note is what the view shows now (its model has no rows)."""
        model = self.view.model()
        return bool(self.label.text()) and (model is None or model.rowCount() == 0)

    def update(self) -> None:
        viewport = self._viewport
        self.label.setGeometry(
            MARGIN, MARGIN, max(0, viewport.width() - 2 * MARGIN), viewport.height()
        )
        self.label.setVisible(self.shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.update()
        return False

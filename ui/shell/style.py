"""The app's style: Fusion, with check boxes and radio buttons that show in the dark.

Fusion outlines an indicator with the palette's Window colour darkened by 40 %, which in
the dark palette is about the colour of the page it sits on: an unticked box disappears.
For those indicators only, this style hands Fusion a palette whose Window colour gives a
visible outline, so every check box — in a dialog, a filter bar or a table cell — shows in
both appearances, and no widget needs a palette of its own for it."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

_INDICATORS = frozenset(
    {
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
        QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    }
)


def _outlined(palette: QPalette) -> QColor:
    """The outline an indicator gets in the dark: between the text and the page, nearer
    the page (Fusion darkens the Window colour by 40 % to outline, so it is given this
    colour lightened by as much)."""
    text = palette.color(QPalette.ColorRole.Text)
    page = palette.color(QPalette.ColorRole.Window)
    mix = 0.45
    return QColor(
        round(text.red() * mix + page.red() * (1 - mix)),
        round(text.green() * mix + page.green() * (1 - mix)),
        round(text.blue() * mix + page.blue() * (1 - mix)),
    )


class AppStyle(QProxyStyle):
    """Fusion, indicators outlined by the palette's Light colour (see the module)."""

    def __init__(self) -> None:
        super().__init__("Fusion")  # by name: the proxy makes and owns its Fusion
        self.setObjectName("rehearsal-fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        window = option.palette.color(QPalette.ColorRole.Window)
        if element in _INDICATORS and window.lightness() < 128:  # the dark palette
            option = type(option)(option)  # a copy: the caller draws on with its own
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Window, _outlined(palette).lighter(140))
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)

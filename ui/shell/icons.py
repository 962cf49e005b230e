"""The app's line icons, drawn from the SVG files in `rehearsal_resources/icons/`.

Each icon is an SVG on a 24×24 grid drawn in the placeholder colour `#000000`. An icon is
rendered when Qt asks for it, at the size and device-pixel ratio asked for (so it is crisp
on high-DPI screens), in the colour of the palette in use at that moment: the same QIcon
follows a switch between the light and the dark appearance without being set again.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cache
from typing import Final

import shiboken6
from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from rehearsal.assets import resource_text

NAMES: Final = (
    "new",
    "open",
    "import",
    "export",
    "undo",
    "redo",
    "find",
    "preferences",
    "quit",
    "design",
    "rehearse",
    "review",
    "analyze",
    "portfolio",
    "add",
    "duplicate",
    "delete",
    "move-up",
    "move-down",
    "section",
    "warning",
    "ok",
    "fail",
    "history",
    "flag",
    "pause",
    "play",
    "next",
    "note",
)
APP_ICON: Final = "app"
PLACEHOLDER: Final = "#000000"
# Sizes a platform may list for the icon (menus, toolbars, the dock); others render on demand.
SIZES: Final = (16, 20, 24, 32, 48, 64)
APP_SIZES: Final = (16, 24, 32, 48, 64, 128, 256)
_CACHE_LIMIT: Final = 1024

_pixmaps: OrderedDict[tuple[str, str, int, int], QPixmap] = OrderedDict()
_icons: dict[tuple[str, str], QIcon] = {}
_clones: list[QIconEngine] = []


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """The line icon `name` (see NAMES), in the palette's text colour or in `color`.

    Without `color` the icon takes the text colour of the palette in use each time it is
    painted (the highlighted-text colour when selected, the disabled colour when disabled).
    """
    if name not in NAMES:
        raise ValueError(f"no icon named {name!r}; known icons: {', '.join(NAMES)}")
    fixed = QColor(color).name(QColor.NameFormat.HexArgb) if color is not None else ""
    key = (name, fixed)
    if key not in _icons:
        _icons[key] = QIcon(_SvgIconEngine(name, fixed or None, SIZES))
    return _icons[key]


def app_icon() -> QIcon:
    """The application's own colourful mark, in its own colours."""
    key = (APP_ICON, "")
    if key not in _icons:
        _icons[key] = QIcon(_SvgIconEngine(APP_ICON, None, APP_SIZES, recolor=False))
    return _icons[key]


def render(name: str, size: int, color: QColor | str | None = None, ratio: float = 1.0) -> QImage:
    """`name` drawn into a transparent image of `size`×`size` device-independent pixels."""
    if name != APP_ICON and name not in NAMES:
        raise ValueError(f"no icon named {name!r}")
    if name == APP_ICON:
        tint = ""
    else:
        tint = QColor(color or _palette_color(QIcon.Mode.Normal)).name(QColor.NameFormat.HexArgb)
    return _render(name, tint, round(size * ratio), ratio).toImage()


class _SvgIconEngine(QIconEngine):
    def __init__(
        self, name: str, color: str | None, sizes: tuple[int, ...], *, recolor: bool = True
    ) -> None:
        super().__init__()
        self._name = name
        self._color = color
        self._sizes = sizes
        self._recolor = recolor

    def _tint(self, mode: QIcon.Mode) -> str:
        if not self._recolor:
            return ""
        if self._color is None:
            return _palette_color(mode).name(QColor.NameFormat.HexArgb)
        if mode == QIcon.Mode.Disabled:
            faded = QColor(self._color)
            faded.setAlphaF(faded.alphaF() * 0.4)
            return faded.name(QColor.NameFormat.HexArgb)
        return self._color

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = round(min(size.width(), size.height()) * scale)
        return _render(self._name, self._tint(mode), side, scale)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        side = min(rect.width(), rect.height())
        pixmap = self.scaledPixmap(QSize(side, side), mode, state, ratio)
        target = QRect(0, 0, side, side)
        target.moveCenter(rect.center())
        painter.drawPixmap(target, pixmap)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(s, s) for s in self._sizes]

    def iconName(self) -> str:
        return self._name

    def key(self) -> str:
        return "rehearsal-svg"

    def isNull(self) -> bool:
        return False

    def clone(self) -> QIconEngine:
        # Qt owns and deletes the clone, but PySide leaves a returned object owned by Python:
        # keep it referenced until Qt has deleted it (shiboken then marks it invalid).
        twin = _SvgIconEngine(self._name, self._color, self._sizes, recolor=self._recolor)
        _clones[:] = [e for e in _clones if shiboken6.isValid(e)]
        _clones.append(twin)
        return twin


def _palette_color(mode: QIcon.Mode) -> QColor:
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(palette.ColorGroup.Disabled, palette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(palette.ColorGroup.Active, palette.ColorRole.HighlightedText)
    return palette.color(palette.ColorGroup.Active, palette.ColorRole.WindowText)


def _render(name: str, tint: str, side: int, ratio: float) -> QPixmap:
    """`name` drawn `side` device pixels square in `tint` (`""`: its own colours), cached."""
    side = max(side, 1)
    key = (name, tint, side, round(ratio * 100))
    cached = _pixmaps.get(key)
    if cached is not None:
        _pixmaps.move_to_end(key)
        return cached
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(tint) if tint else None
    if color is not None:
        painter.setOpacity(color.alphaF())
    rgb = color.name(QColor.NameFormat.HexRgb) if color is not None else ""
    _renderer(name, rgb).render(painter, QRectF(0, 0, side, side))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    _pixmaps[key] = pixmap
    if len(_pixmaps) > _CACHE_LIMIT:
        _pixmaps.popitem(last=False)
    return pixmap


@cache
def _source(name: str) -> str:
    return resource_text(f"icons/{name}.svg")


@cache
def _renderer(name: str, rgb: str) -> QSvgRenderer:
    """A renderer of `name` with the placeholder colour replaced by `rgb` (`""`: kept)."""
    source = _source(name)
    if rgb:
        source = source.replace(f'"{PLACEHOLDER}"', f'"{rgb}"')
    renderer = QSvgRenderer(QByteArray(source.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError(f"icon {name!r} is not a valid SVG")
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    return renderer

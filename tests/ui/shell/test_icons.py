from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rehearsal.assets import resource
from rehearsal_ui.shell import icons, theme

LISTED = (
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


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    style, palette = qapp.style().name(), qapp.palette()
    yield qapp
    theme.apply_appearance(qapp, "light")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def painted(image: QImage) -> int:
    """How many pixels are not fully transparent."""
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha()
    )


def test_every_listed_icon_ships_and_nothing_else() -> None:
    assert set(icons.NAMES) == set(LISTED)
    shipped = {Path(f.name).stem for f in resource("icons").iterdir() if f.name.endswith(".svg")}
    assert shipped == {*LISTED, "app"}


@pytest.mark.parametrize("name", LISTED)
def test_icon_renders_at_small_and_high_dpi_sizes(app: QApplication, name: str) -> None:
    ic = icons.icon(name)
    assert not ic.isNull()
    for side in (16, 32):
        for ratio in (1.0, 2.0):
            pixmap = ic.pixmap(QSize(side, side), ratio)
            assert pixmap.size() == QSize(round(side * ratio), round(side * ratio))
            assert pixmap.devicePixelRatio() == ratio
            assert painted(pixmap.toImage()) > side * ratio  # more than a speck
    disabled = ic.pixmap(QSize(16, 16), 1.0, QIcon.Mode.Disabled)
    assert painted(disabled.toImage()) > 0


def test_app_icon_keeps_its_colours(app: QApplication) -> None:
    image = icons.app_icon().pixmap(QSize(64, 64)).toImage()
    colours = {image.pixelColor(x, y).name() for y in range(0, 64, 4) for x in range(0, 64, 4)}
    assert len(colours) > 5
    assert not icons.app_icon().pixmap(QSize(256, 256)).isNull()


def test_unknown_name_is_refused() -> None:
    with pytest.raises(ValueError, match="no icon named 'nope'"):
        icons.icon("nope")
    with pytest.raises(ValueError):
        icons.icon("../app")


def strongest(pixmap: QPixmap) -> tuple[int, int, int]:
    image = pixmap.toImage()
    best = max(
        (image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())),
        key=lambda c: c.alpha(),
    )
    return best.red(), best.green(), best.blue()


def test_the_same_icon_follows_light_and_dark(app: QApplication) -> None:
    ic = icons.icon("flag")
    theme.apply_appearance(app, "light")
    light = strongest(ic.pixmap(QSize(32, 32)))
    theme.apply_appearance(app, "dark")
    dark = strongest(ic.pixmap(QSize(32, 32)))
    assert sum(light) < 150 < 600 < sum(dark)  # dark ink on light, light ink on dark


def test_fixed_colour_icon(app: QApplication) -> None:
    assert strongest(icons.icon("ok", "#ff0000").pixmap(QSize(32, 32))) == (255, 0, 0)
    assert icons.icon("ok", "#ff0000") is icons.icon("ok", "#ff0000")


def test_icon_paints_in_a_widget_and_survives_a_copy(app: QApplication, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QToolButton

    button = QToolButton()
    qtbot.addWidget(button)
    button.setIcon(icons.icon("play"))
    button.show()
    assert not button.grab().isNull()
    copy = QIcon(icons.icon("play"))
    copy.addPixmap(QPixmap(8, 8))  # detaches: Qt clones the icon engine
    del copy
    assert not icons.icon("play").pixmap(QSize(16, 16)).isNull()

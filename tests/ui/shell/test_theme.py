from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from rehearsal_ui.shell import theme
from rehearsal_ui.shell.style import AppStyle

Role = QPalette.ColorRole


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    style, palette = qapp.style().name(), qapp.palette()
    yield qapp
    theme.apply_appearance(qapp, "light")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def luminance(color: QColor | str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    c = QColor(color)
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """The WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_palette_and_semantic_colours_are_readable(app: QApplication, mode: str) -> None:
    theme.apply_appearance(app, mode)
    assert theme.is_dark() == (mode == "dark")
    assert isinstance(app.style(), AppStyle)  # Fusion, its indicators outlined
    p = app.palette()
    assert contrast(p.color(Role.WindowText), p.color(Role.Window)) >= 7
    assert contrast(p.color(Role.Text), p.color(Role.Base)) >= 7
    assert contrast(p.color(Role.ButtonText), p.color(Role.Button)) >= 7
    assert contrast(p.color(Role.HighlightedText), p.color(Role.Highlight)) >= 4.5
    assert contrast(p.color(Role.PlaceholderText), p.color(Role.Base)) >= 4.5
    colours = theme.semantic_colors()
    base = p.color(Role.Base)
    for f in fields(colours):
        value = getattr(colours, f.name)
        assert QColor(value).isValid(), f.name
        if f.name == "section_background":
            assert contrast(p.color(Role.Text), value) >= 7
        elif f.name == "notice_background":
            assert contrast(colours.notice_text, value) >= 7  # its own text on it
        elif f.name == "notice_border":
            assert contrast(value, colours.notice_background) >= 1.5
        else:
            assert contrast(value, base) >= 3, f.name
    assert colours.over == colours.danger and colours.under == colours.ok


def test_light_and_dark_differ(app: QApplication) -> None:
    theme.apply_appearance(app, "light")
    light, light_colours = QPalette(app.palette()), theme.semantic_colors()
    theme.apply_appearance(app, "dark")
    dark = app.palette()
    assert light.color(Role.Window) != dark.color(Role.Window)
    assert luminance(light.color(Role.Window)) > luminance(dark.color(Role.Window))
    assert light_colours != theme.semantic_colors()


def test_changes_are_announced(app: QApplication, qtbot: QtBot) -> None:
    with qtbot.waitSignal(theme.appearance_changed):
        theme.apply_appearance(app, "dark")
    assert theme.current_mode() == "dark"


def test_widgets_have_the_new_palette_when_the_change_is_announced(
    app: QApplication, qtbot: QtBot
) -> None:
    """Listeners read their own widget's palette(): it must be the new one already."""
    theme.apply_appearance(app, "light")
    parent = QWidget()
    qtbot.addWidget(parent)
    child = QLabel("shown", parent)
    parent.show()
    seen: list[str] = []

    def listener() -> None:
        seen.append(child.palette().color(Role.Base).name())

    theme.appearance_changed.connect(listener)
    try:
        theme.apply_appearance(app, "dark")
    finally:
        theme.appearance_changed.disconnect(listener)
    assert seen == [theme.make_palette(dark=True).color(Role.Base).name()]


def test_system_mode_follows_the_platform(app: QApplication) -> None:
    theme.apply_appearance(app, "dark")
    theme.apply_appearance(app, "system")
    assert theme.current_mode() == "system"
    # offscreen reports no scheme (Unknown), which reads as light
    assert theme.is_dark() == (app.styleHints().colorScheme() == Qt.ColorScheme.Dark)


def test_unknown_mode_is_refused(app: QApplication) -> None:
    with pytest.raises(ValueError, match="appearance"):
        theme.apply_appearance(app, "sepia")


def test_an_unticked_check_box_shows_its_outline_in_the_dark(
    app: QApplication, qtbot: QtBot
) -> None:
    """Fusion's outline is Window.darker(140): in the dark palette, the page's own colour.
    The app's style outlines indicators with the Light colour instead."""
    from PySide6.QtWidgets import QCheckBox

    theme.apply_appearance(app, "dark")
    box = QCheckBox("Include click-throughs")
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    image = box.grab().toImage()
    page = app.palette().color(Role.Window)
    indicator = [
        image.pixelColor(x, y) for x in range(min(20, image.width())) for y in range(image.height())
    ]
    assert max(contrast(c, page) for c in indicator) >= 1.8

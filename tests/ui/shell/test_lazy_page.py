"""A lazy page builds its content once, when first shown or first asked for."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget
from pytestqt.qtbot import QtBot

from rehearsal_ui.shell.lazy_page import LazyPage


def _tabs(qtbot: QtBot, page: LazyPage[QLabel]) -> QTabWidget:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("first"), "First")
    tabs.addTab(page, "Lazy")
    return tabs


def test_the_content_is_built_when_its_tab_is_first_shown(qtbot: QtBot) -> None:
    built: list[QLabel] = []

    def build() -> QLabel:
        built.append(QLabel("built"))
        return built[-1]

    page = LazyPage(build)
    tabs = _tabs(qtbot, page)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert built == [] and not page.is_built
    tabs.setCurrentIndex(1)
    assert len(built) == 1 and page.is_built
    assert built[0].isVisible()  # at once, not an event later
    assert built[0].parentWidget() is page
    tabs.setCurrentIndex(0)
    tabs.setCurrentIndex(1)
    assert len(built) == 1 and page.content() is built[0]


def test_asking_for_the_content_builds_it_hidden_and_it_shows_with_the_page(
    qtbot: QtBot,
) -> None:
    page = LazyPage(lambda: QLabel("built"))
    tabs = _tabs(qtbot, page)
    label = page.content()
    assert page.is_built and not label.isVisible()
    tabs.show()
    tabs.setCurrentIndex(1)
    assert label.isVisible() and page.content() is label


def test_a_scrolling_page_holds_its_content_in_a_resizing_scroll_area(qtbot: QtBot) -> None:
    page = LazyPage(lambda: QLabel("charts"), scrolls=True)
    qtbot.addWidget(page)
    label = page.content()
    [area] = page.findChildren(QScrollArea)
    assert area.widget() is label and area.widgetResizable()
    assert area.frameShape() == QScrollArea.Shape.NoFrame


def test_asking_for_the_content_while_it_is_built_is_a_bug_said_out_loud(qtbot: QtBot) -> None:
    def build() -> QLabel:
        page.content()  # as a signal handler of the content might
        return QLabel()

    page: LazyPage[QLabel] = LazyPage(build)
    qtbot.addWidget(page)
    with pytest.raises(RuntimeError, match="while being built"):
        page.content()
    assert not page.is_built


def test_a_deferred_page_prepares_then_builds_a_tick_each(qtbot: QtBot) -> None:
    steps: list[str] = []

    def build() -> QLabel:
        steps.append("build")
        return QLabel("built")

    page = LazyPage(build, defer=True, prepare=lambda: steps.append("prepare"))
    tabs = _tabs(qtbot, page)
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.setCurrentIndex(1)
    assert steps == [] and not page.is_built  # the switch itself paints an empty page
    qtbot.waitUntil(lambda: page.is_built)
    assert steps == ["prepare", "build"]
    tabs.setCurrentIndex(0)
    tabs.setCurrentIndex(1)
    assert steps == ["prepare", "build"]


def test_a_deferred_page_asked_for_is_built_at_once(qtbot: QtBot) -> None:
    page = LazyPage(lambda: QLabel("built"), defer=True, prepare=lambda: None)
    tabs = _tabs(qtbot, page)
    assert page.content().text() == "built" and page.is_built
    assert tabs.indexOf(page) == 1


def test_a_page_can_be_prepared_before_it_is_shown(qtbot: QtBot) -> None:
    steps: list[str] = []
    page = LazyPage(lambda: QLabel("built"), defer=True, prepare=lambda: steps.append("prepare"))
    tabs = _tabs(qtbot, page)
    page.prepare_after(5)
    qtbot.waitUntil(lambda: steps == ["prepare"])
    assert not page.is_built
    tabs.show()
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.is_built)
    assert steps == ["prepare"]  # not twice

"""Help: the keyboard reference is made from the app's own QActions and key tables, so it
lists every key (one added appears); F1 opens the help page of the view shown, whose keys
come from the same place; About says the version, where things are and the licences."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from qt_helpers import settled

from rehearsal import __version__
from rehearsal.assets import resource_text
from rehearsal.crashlog import log_dir
from rehearsal_ui.help import licences
from rehearsal_ui.help.keys import FLAG_PICKER, LIVE, keys_text
from rehearsal_ui.help.pages import MARK, PAGES, page_html
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell.actions import VIEWS


def every_action_with_keys(window: MainWindow) -> list[QAction]:
    window.review  # noqa: B018 — built: Review's actions exist with the view
    window.analyze.ensure_built()
    return [a for a in window.findChildren(QAction) if keys_text(a)]


def listed(window: MainWindow) -> set[tuple[str, str]]:
    reference = window.help_windows.show_keyboard()
    rows = {(keys, command) for _group, keys, command in reference.shown_rows()}
    reference.close()
    return rows


def name(action: QAction) -> str:
    return action.iconText().replace("&", "").rstrip("…").strip()


def test_every_key_of_the_app_is_in_the_reference(qtbot: QtBot, window: MainWindow) -> None:
    actions = every_action_with_keys(window)
    assert len(actions) >= 30  # the menus', the views', the navigator's
    rows = listed(window)
    missing = [(keys_text(a), name(a)) for a in actions if (keys_text(a), name(a)) not in rows]
    assert missing == []
    assert ("Ctrl+Shift+A", "Add annotation") in rows  # a view's (Review), in no menu
    assert ("F", "Flag") in rows and ("Esc", "Finish") in rows  # the live screen's
    assert ("1", "instructions unclear") in rows  # the flag picker's categories
    assert ("T", "Pause: tech") in rows


def test_a_new_key_appears_without_touching_the_reference(qtbot: QtBot, window: MainWindow) -> None:
    added = QAction("Frobnicate the plan", window.design)
    added.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.design.addAction(added)
    menu_item = QAction("Tidy up", window)
    menu_item.setShortcut(QKeySequence("Ctrl+Alt+K"))
    menu = window.menuBar().findChildren(QMenu)[0]  # the File menu
    menu.addAction(menu_item)
    reference = window.help_windows.show_keyboard()
    rows = reference.shown_rows()
    assert ("Design", "Ctrl+Alt+J", "Frobnicate the plan") in rows
    assert ("File", "Ctrl+Alt+K", "Tidy up") in rows
    reference.close()


def test_the_live_keys_are_the_ones_in_use(qtbot: QtBot, window: MainWindow) -> None:
    window.settings.shortcuts = {"flag": "G"}  # changed in Preferences
    reference = window.help_windows.show_keyboard()
    assert (LIVE, "G", "Flag") in reference.shown_rows()
    assert (LIVE, "F", "Flag") not in reference.shown_rows()
    assert any(group == FLAG_PICKER for group, _k, _c in reference.shown_rows())
    reference.close()


def test_the_reference_is_searchable(qtbot: QtBot, window: MainWindow) -> None:
    reference = window.help_windows.show_keyboard()
    qtbot.keyClicks(reference.search, "ctrl+shift")
    rows = reference.shown_rows()
    assert rows and all("Ctrl+Shift" in keys for _g, keys, _c in rows)
    assert not reference.nothing.isVisible()
    reference.search.setText("undo")
    assert {c for _g, _k, c in reference.shown_rows()} >= {"Undo"}
    reference.search.setText("xyzzy nothing")
    assert reference.shown_rows() == [] and reference.nothing.isVisible()
    reference.close()


def test_f1_opens_the_help_of_the_view_shown(qtbot: QtBot, window: MainWindow) -> None:
    groups = {g.title for g in window.keyboard_groups()}
    for view in VIEWS:
        window.show_view(view)
        window.views.currentWidget().setFocus()
        qtbot.keyClick(window, Qt.Key.Key_F1)
        help_window = window.help_windows.help_window
        assert help_window is not None and help_window.isVisible()
        assert help_window.page == view
        text = help_window.browser.toPlainText()
        assert text.startswith(view.capitalize()) and "Keys" in text
        assert MARK not in help_window.browser.toHtml()
    for page in PAGES:  # every page's keys are groups the app has, its links pages
        source = resource_text(f"help/{page}.html")
        for title in re.findall(r"<!--keys:(.*?)-->", source):
            assert title in groups, (page, title)
        for link in re.findall(r'href="help:(\w+)"', source):
            assert link in PAGES
    review = page_html("review", window.keyboard_groups())
    assert "Ctrl+Shift+A" in review and "Make action item" in review
    help_window.close()
    settled(qtbot, window.analyze)  # its reading done before the workspace closes


def test_about_says_the_version_the_paths_and_the_licences(
    qtbot: QtBot, window: MainWindow
) -> None:
    about = window.help_windows.show_about()
    shown = dict(about.rows)
    assert __version__ in shown["Version"]
    assert shown["Workspace"] == str(window.ws.path)
    assert shown["Log folder"] == str(log_dir())
    libraries = {lib.name.split(" ")[0]: lib.licence for lib in about.libraries}
    assert libraries["Qt"] == "LGPL-3.0-only" and libraries["pyqtgraph"] == "MIT"
    assert libraries["NumPy"].startswith("BSD") and libraries["openpyxl"] == "MIT"
    assert libraries["platformdirs"] == "MIT" and libraries["defusedxml"]
    assert libraries["python-docx"] == "MIT" and libraries["lxml"].startswith("BSD")
    assert str(window.ws.path) in about.details()
    about.close()


def test_licences_without_package_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle built without the libraries' metadata still names each licence."""

    def missing(name: str) -> metadata.PackageMetadata:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(licences.metadata, "metadata", missing)
    found = {lib.name.split(" ")[0]: lib for lib in licences.libraries()}
    assert found["pyqtgraph"].licence == "MIT" and found["pyqtgraph"].version == "bundled"
    assert found["defusedxml"].licence == "PSF-2.0"
    assert found["Qt"].licence == "LGPL-3.0-only" and found["Qt"].version  # PySide6's own

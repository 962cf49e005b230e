"""The help pages of the views (F1 opens the page of the view shown): short HTML shipped as
resources (`resources/help/NAME.html`, found through importlib.resources like every other
resource), each with its keys put in from the keyboard reference's groups, so that what a
page says about keys is what the app does.

A page marks where a group of keys goes with `<!--keys:GROUP TITLE-->`; links between pages
are `help:NAME`."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Final

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rehearsal.assets import resource_text
from rehearsal_ui.help.keys import KeyGroup

PAGES: Final = {
    "overview": "Rehearsal",
    "design": "Design",
    "rehearse": "Rehearse",
    "review": "Review",
    "analyze": "Analyze",
    "portfolio": "Portfolio",
}
MARK: Final = "<!--keys:"


def keys_table(group: KeyGroup) -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(row.keys)}</b>&nbsp;&nbsp;</td>"
        f"<td>{html.escape(row.command)}</td></tr>"
        for row in group.rows
    )
    return f"<p><i>{html.escape(group.title)}</i></p><table cellpadding='2'>{rows}</table>"


def page_html(name: str, groups: Sequence[KeyGroup]) -> str:
    """The page `name` (a key of PAGES) with its groups of keys in place."""
    text = resource_text(f"help/{name}.html")
    by_title: Mapping[str, KeyGroup] = {g.title: g for g in groups}
    parts = text.split(MARK)
    out = [parts[0]]
    for part in parts[1:]:
        title, _, rest = part.partition("-->")
        group = by_title.get(title.strip())
        out.append(
            keys_table(group)
            if group is not None
            else "<p>(Help → Keyboard reference lists these keys.)</p>"
        )
        out.append(rest)
    return "".join(out)


class HelpWindow(QDialog):
    """The help pages, one at a time, with the list of pages beside them; not modal."""

    def __init__(self, groups: Sequence[KeyGroup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rehearsal help")
        self.groups = tuple(groups)
        self.pages = QListWidget()
        self.pages.setAccessibleName("Help pages")
        self.pages.addItems(list(PAGES.values()))
        self.pages.setMaximumWidth(self.pages.sizeHintForColumn(0) + 40)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Help page")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.pages.currentRowChanged.connect(lambda row: self.show_page(list(PAGES)[row]))
        body = QHBoxLayout()
        body.addWidget(self.pages)
        body.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.page = ""
        self.resize(860, 640)

    def set_groups(self, groups: Sequence[KeyGroup]) -> None:
        """The keys as they are now (the live keys may have changed in Preferences)."""
        self.groups = tuple(groups)
        if self.page:
            self.browser.setHtml(page_html(self.page, self.groups))

    def show_page(self, name: str) -> None:
        name = name if name in PAGES else "overview"
        self.page = name
        self.browser.setHtml(page_html(name, self.groups))
        row = list(PAGES).index(name)
        if self.pages.currentRow() != row:
            self.pages.blockSignals(True)
            self.pages.setCurrentRow(row)
            self.pages.blockSignals(False)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "help":
            self.show_page(url.path())
        else:
            QDesktopServices.openUrl(url)

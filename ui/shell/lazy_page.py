"""A page of the views' tab widget whose content is built the first time it is shown.

A view that the first painted window does not show (Analyze, with its charts) costs the
launch nothing: the tab is there at once, the view is built, and its modules imported,
when the page is first shown or first asked for (`content()`). With `defer`, a page
first shown paints empty and builds its content in the next event-loop tick, so that
switching to it is never one long stall: `prepare` (importing the view's modules, say)
in one tick, building in the next, painting after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

Content = TypeVar("Content", bound=QWidget)


class LazyPage(QWidget, Generic[Content]):
    """Holds the widget `build` returns, built on first show or first `content()` call.

    With `scrolls`, the content sits in a frameless scroll area that resizes it: a view
    that needs room (charts) scrolls in a small window instead of squeezing.
    """

    def __init__(
        self,
        build: Callable[[], Content],
        *,
        scrolls: bool = False,
        defer: bool = False,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._build = build
        self._prepare = prepare
        self._later: QTimer | None = None
        if defer:
            self._later = QTimer(self)
            self._later.setSingleShot(True)
            self._later.setInterval(0)
            self._later.timeout.connect(self._step)
        self._content: Content | None = None
        self._building = False
        self._scrolls = scrolls
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._content is not None

    def content(self) -> Content:
        """The page's content, built now if it was not yet."""
        if self._content is None:
            if self._building:  # a signal of the content, emitted while it is built
                raise RuntimeError("a lazy page's content was asked for while being built")
            self._building = True
            try:
                content = self._build()
            finally:
                self._building = False
            self._content = content
            shown: QWidget = content
            if self._scrolls:
                shown = QScrollArea()
                shown.setWidget(content)
                shown.setWidgetResizable(True)
                shown.setFrameShape(QFrame.Shape.NoFrame)
            self._layout.addWidget(shown)
            shown.show()  # now, with the page: a layout shows a new child one event later
        return self._content

    def prepare_after(self, delay_ms: int) -> None:
        """Run `prepare` `delay_ms` from now if it has not run by then (the app idle after
        its launch imports the view's modules, so the first switch to it does not)."""
        if self._prepare is not None:
            QTimer.singleShot(delay_ms, self, self._prepare_now)

    def _prepare_now(self) -> None:
        if self._prepare is not None and self._content is None:
            prepare, self._prepare = self._prepare, None
            prepare()

    def _step(self) -> None:
        """The deferred build, a tick per step: prepare, then build."""
        if self._prepare is not None:
            prepare, self._prepare = self._prepare, None
            prepare()
            if self._later is not None:
                self._later.start()
            return
        self.content()

    def showEvent(self, event: QShowEvent) -> None:
        if self._later is not None and self._content is None:
            self._later.start()
        else:
            self.content()
        super().showEvent(event)

"""Editors as wide as the values they hold, measured in characters of their own font rather
than in pixels (a long program name, time zone or facilitator's name is read whole)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

CAP_CHARS = 72  # beyond this a value scrolls in its box rather than widen the dialog


def fit_text(edit: QLineEdit, chars: int = 36) -> None:
    """At least `chars` average characters wide, and as wide as its text or placeholder,
    up to CAP_CHARS."""
    metrics = edit.fontMetrics()
    text = edit.text() or edit.placeholderText()
    needed = metrics.horizontalAdvance(text) + 16  # the frame and the text's margins
    edit.setMinimumWidth(
        max(metrics.averageCharWidth() * chars, min(needed, metrics.averageCharWidth() * CAP_CHARS))
    )

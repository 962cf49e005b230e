"""Light and dark appearance: the Fusion style with a hand-tuned palette, following the system.

`apply_appearance(app, "system" | "light" | "dark")` sets the style and palette; in "system"
mode it follows the platform's colour scheme live. Views that paint their own colours (charts,
badges, section rows) take them from `semantic_colors()` and repaint on `appearance_changed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from rehearsal_ui.shell.style import AppStyle

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


class Appearance(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


APPEARANCES: Final = tuple(a.value for a in Appearance)


@dataclass(frozen=True, slots=True)
class SemanticColors:
    """Colours with a meaning, as `#rrggbb`, readable on the palette's base background."""

    accent: str
    ok: str  # on plan, or under it
    warning: str
    danger: str  # over plan
    muted_text: str
    planned: str  # chart series: the plan
    actual: str  # chart series: what happened
    flag: str  # flag markers on timelines
    non_negotiable: str  # badge for segments that must stay consistent
    section_background: str  # section rows in the plan table (text keeps the Text role)
    notice_background: str  # a notice across a view (the Design view's revision banner)
    notice_text: str
    notice_border: str

    @property
    def under(self) -> str:
        return self.ok

    @property
    def over(self) -> str:
        return self.danger


LIGHT_COLORS: Final = SemanticColors(
    accent="#2a65a8",
    ok="#1d7a3e",
    warning="#9a5b00",
    danger="#bf3a2f",
    muted_text="#5b6675",
    planned="#6f7f95",
    actual="#2a65a8",
    flag="#ad2f85",
    non_negotiable="#6a42b8",
    section_background="#e4eaf2",
    notice_background="#fff4ce",
    notice_text="#5c4400",
    notice_border="#e0c060",
)

DARK_COLORS: Final = SemanticColors(
    accent="#6aa6e6",
    ok="#5cc27f",
    warning="#e3a53c",
    danger="#f07468",
    muted_text="#9aa4b2",
    planned="#8796ab",
    actual="#6aa6e6",
    flag="#e472c4",
    non_negotiable="#b496f0",
    section_background="#29303a",
    notice_background="#3a3220",
    notice_text="#f1dca0",
    notice_border="#7a6430",
)

# (role, active/inactive colour, disabled colour or None for the same)
_LIGHT_ROLES: Final[tuple[tuple[Role, str, str | None], ...]] = (
    (Role.Window, "#f3f4f6", None),
    (Role.WindowText, "#1b1f24", "#8c939d"),
    (Role.Base, "#ffffff", "#f3f4f6"),
    (Role.AlternateBase, "#f2f4f7", None),
    (Role.ToolTipBase, "#fdfdfe", None),
    (Role.ToolTipText, "#1b1f24", None),
    (Role.PlaceholderText, "#6b7482", "#a3a9b2"),
    (Role.Text, "#1b1f24", "#8c939d"),
    (Role.Button, "#e9ecf0", "#eef0f3"),
    (Role.ButtonText, "#1b1f24", "#8c939d"),
    (Role.BrightText, "#ffffff", None),
    (Role.Light, "#ffffff", None),
    (Role.Midlight, "#f0f2f5", None),
    (Role.Mid, "#b9bfc8", None),
    (Role.Dark, "#9aa1ab", None),
    (Role.Shadow, "#5f6670", None),
    (Role.Highlight, "#2a65a8", "#c9d0d9"),
    (Role.HighlightedText, "#ffffff", "#5f6670"),
    (Role.Link, "#1f5c9e", None),
    (Role.LinkVisited, "#6a42b8", None),
    (Role.Accent, "#2a65a8", "#c9d0d9"),
)

_DARK_ROLES: Final[tuple[tuple[Role, str, str | None], ...]] = (
    (Role.Window, "#202328", None),
    (Role.WindowText, "#e6e8eb", "#7b828c"),
    (Role.Base, "#17191d", "#1c1f23"),
    (Role.AlternateBase, "#1d2025", None),
    (Role.ToolTipBase, "#2c3138", None),
    (Role.ToolTipText, "#e6e8eb", None),
    (Role.PlaceholderText, "#8a929d", "#5f6670"),
    (Role.Text, "#e6e8eb", "#7b828c"),
    (Role.Button, "#2b2f35", "#25282d"),
    (Role.ButtonText, "#e6e8eb", "#7b828c"),
    (Role.BrightText, "#ffffff", None),
    (Role.Light, "#3d434b", None),
    (Role.Midlight, "#33383f", None),
    (Role.Mid, "#262a2f", None),
    (Role.Dark, "#121417", None),
    (Role.Shadow, "#000000", None),
    (Role.Highlight, "#2f6cae", "#33383f"),
    (Role.HighlightedText, "#ffffff", "#7b828c"),
    (Role.Link, "#7fb3ea", None),
    (Role.LinkVisited, "#b496f0", None),
    (Role.Accent, "#2f6cae", "#33383f"),
)


def make_palette(dark: bool) -> QPalette:
    """The hand-tuned palette for the light or the dark appearance."""
    palette = QPalette()
    for role, color, disabled in _DARK_ROLES if dark else _LIGHT_ROLES:
        palette.setColor(Group.Active, role, QColor(color))
        palette.setColor(Group.Inactive, role, QColor(color))
        palette.setColor(Group.Disabled, role, QColor(disabled or color))
    return palette


class AppearanceNotifier(QObject):
    """Emits `changed` after the palette changed: `semantic_colors()`, the application's
    palette and every widget's own `palette()` are then current."""

    changed = Signal()


class _State:
    mode: Appearance = Appearance.SYSTEM
    dark: bool = False
    following: QApplication | None = None  # the app whose colorSchemeChanged we listen to
    applying: bool = False  # apply_appearance is itself changing the scheme
    style: AppStyle | None = None  # the application's style, once set


notifier = AppearanceNotifier()
appearance_changed = notifier.changed
_state = _State()


def apply_appearance(app: QApplication, mode: str) -> None:
    """Use `mode` ("system", "light" or "dark"); "system" follows the platform live."""
    try:
        chosen = Appearance(mode)
    except ValueError:
        raise ValueError(f"appearance must be one of {', '.join(APPEARANCES)}: {mode!r}") from None
    if not isinstance(app.style(), AppStyle):
        _state.style = AppStyle()  # kept here too: Python must never collect it while in use
        app.setStyle(_state.style)
    hints = app.styleHints()
    _state.mode = chosen
    _state.applying = True
    try:
        # Ask the platform for matching window decorations (title bars) where it can.
        if chosen is Appearance.SYSTEM:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(
                Qt.ColorScheme.Dark if chosen is Appearance.DARK else Qt.ColorScheme.Light
            )
    finally:
        _state.applying = False
    if _state.following is not app:
        hints.colorSchemeChanged.connect(_system_scheme_changed)
        _state.following = app
    _set_palette(app, _wants_dark(app))


def current_mode() -> str:
    return _state.mode.value


def is_dark() -> bool:
    """Whether the dark palette is in use (after `apply_appearance`)."""
    return _state.dark


def semantic_colors() -> SemanticColors:
    return DARK_COLORS if _state.dark else LIGHT_COLORS


def _wants_dark(app: QApplication) -> bool:
    if _state.mode is Appearance.SYSTEM:
        return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return _state.mode is Appearance.DARK


def _system_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    app = _state.following
    if app is not None and _state.mode is Appearance.SYSTEM and not _state.applying:
        dark = _wants_dark(app)
        if dark != _state.dark:
            _set_palette(app, dark)


def _set_palette(app: QApplication, dark: bool) -> None:
    _state.dark = dark
    app.setPalette(make_palette(dark))
    # Qt hands the new palette to the widgets by posted events: deliver them now, so a
    # listener that reads its widget's palette() sees the new one, not the one before.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
    notifier.changed.emit()

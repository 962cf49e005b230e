"""Where the app's file dialogs open: in the folder the user last chose a file in (kept in
the settings, `Settings.last_folder`), else in their documents folder — never in the app's
own folder or the working directory a bundle was started from.

Every file dialog of the app goes through these functions (a test holds the UI to it). The
main window hands them its settings (`remember_in`), so that the folder chosen is saved with
the other settings; without it (a dialog shown on its own) the folder is remembered while the
app runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from rehearsal_ui.shell.settings import Settings, save_settings

_remembered: list[Settings] = []  # the settings the folder is kept in (none, or the window's)
_last: list[Path] = []  # the folder chosen last, when there are no settings to keep it in


def remember_in(settings: Settings | None) -> None:
    """Keep the folder chosen last in `settings` (None: only while the app runs)."""
    _remembered[:] = [settings] if settings is not None else []


def documents_folder() -> Path:
    """The user's documents folder, or their home folder when the platform names none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def start_folder() -> Path:
    """Where the next file dialog opens: the folder chosen last, while it exists, else the
    documents folder."""
    last = _remembered[0].last_folder if _remembered else (str(_last[0]) if _last else "")
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def chosen(path: str | Path) -> None:
    """Remember the folder of a file (or a folder) the user chose."""
    target = Path(path)
    folder = target if target.is_dir() else target.parent
    if _remembered:
        settings = _remembered[0]
        if settings.last_folder != str(folder):
            settings.last_folder = str(folder)
            save_settings(settings)
    else:
        _last[:] = [folder]


def save_file_name(
    parent: QWidget | None,
    title: str,
    name: str,
    filters: str,
    *,
    confirm_overwrite: bool = True,
) -> tuple[str, str]:
    """Ask where to save a file suggested as `name`: (the path, the filter chosen), or
    ("", "") when the user cancelled."""
    start = str(start_folder() / name) if name else str(start_folder())
    if confirm_overwrite:
        found, selected = QFileDialog.getSaveFileName(parent, title, start, filters)
    else:
        found, selected = QFileDialog.getSaveFileName(
            parent, title, start, filters, options=QFileDialog.Option.DontConfirmOverwrite
        )
    if found:
        chosen(found)
    return found, selected


def open_file_name(parent: QWidget | None, title: str, filters: str) -> str:
    """Ask for one file to open; "" when the user cancelled."""
    found, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    if found:
        chosen(found)
    return str(found)


def open_file_names(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Ask for files to open; none when the user cancelled."""
    found, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), filters)
    if found:
        chosen(found[0])
    return list(found)


def existing_folder(parent: QWidget | None, title: str, start: Path | None = None) -> str:
    """Ask for a folder, opening at `start` when it exists (else where files were chosen
    last); "" when the user cancelled."""
    where = start if start is not None and start.is_dir() else start_folder()
    found = QFileDialog.getExistingDirectory(parent, title, str(where))
    if found:
        chosen(found)
    return str(found)

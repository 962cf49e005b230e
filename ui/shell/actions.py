"""Every command of the main window as one QAction, created once with its shortcut and
icon, and used alike by the menus, the toolbar and context menus."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from rehearsal_ui.shell.icons import icon

VIEWS = ("design", "rehearse", "review", "analyze", "portfolio")
VIEW_MENU_TEXT = ("&Design", "&Rehearse", "Re&view", "&Analyze", "&Portfolio")  # one mnemonic each
Key = QKeySequence.StandardKey


@dataclass(frozen=True, slots=True)
class Actions:
    new_program: QAction
    open_workspace: QAction
    import_plan: QAction
    export_plan: QAction
    preferences: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    add_segment: QAction
    duplicate: QAction
    delete: QAction
    move_up: QAction
    move_down: QAction
    add_section: QAction
    plan_properties: QAction
    history: QAction
    views: tuple[QAction, ...]
    help: QAction
    keyboard: QAction
    about: QAction


def _action(
    parent: QWidget,
    text: str,
    icon_name: str | None,
    keys: list[QKeySequence | Key | str],
    tip: str,
) -> QAction:
    action = QAction(text, parent)
    # its name as the keyboard reference lists it, kept when the menu's text changes
    # ("Undo Plan properties")
    action.setIconText(text.replace("&", "").rstrip("…"))
    if icon_name:
        action.setIcon(icon(icon_name))
    shortcuts: list[QKeySequence] = []
    for key in keys:
        found = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        shortcuts.extend(k for k in found if not k.isEmpty() and k not in shortcuts)
    action.setShortcuts(shortcuts)
    shown = shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText) if shortcuts else ""
    action.setToolTip(f"{tip} ({shown})" if shown else tip)
    action.setStatusTip(tip)
    parent.addAction(action)
    return action


def shortcut_text(action: QAction) -> str:
    """An action's first key as this platform writes it (`Ctrl+I`, `⌘I`), "" without one."""
    keys = action.shortcuts()
    return keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


def build_actions(parent: QWidget) -> Actions:
    a = _action
    views = []
    group = QActionGroup(parent)
    for i, (name, text) in enumerate(zip(VIEWS, VIEW_MENU_TEXT, strict=True)):
        view = a(
            parent,
            text,
            name,
            [f"Ctrl+{i + 1}"],
            f"Show the {name.capitalize()} view",
        )
        view.setCheckable(True)
        view.setData(name)
        group.addAction(view)
        views.append(view)
    return Actions(
        new_program=a(
            parent,
            "&New program…",
            "new",
            [Key.New],
            "Start a new program with an empty run-of-show",
        ),
        open_workspace=a(
            parent, "&Open workspace…", "open", [Key.Open], "Open or create another workspace file"
        ),
        import_plan=a(
            parent,
            "&Import…",
            "import",
            ["Ctrl+I"],
            "Import a run-of-show: XLSX, CSV, JSON or an Ontime project",
        ),
        export_plan=a(
            parent, "&Export…", "export", ["Ctrl+E"], "Export this plan as JSON, CSV or XLSX"
        ),
        preferences=a(
            parent,
            "&Preferences…",
            "preferences",
            [Key.Preferences, "Ctrl+,"],
            "Appearance and readiness rules",
        ),
        quit=a(parent, "&Quit", "quit", [Key.Quit, "Ctrl+Q"], "Quit Rehearsal"),
        undo=a(parent, "&Undo", "undo", [Key.Undo], "Undo the last change to the plan"),
        redo=a(parent, "&Redo", "redo", [Key.Redo, "Ctrl+Shift+Z"], "Redo the change just undone"),
        find=a(parent, "&Find…", "find", [Key.Find], "Find a segment by any of its text"),
        add_segment=a(
            parent,
            "&Add segment",
            "add",
            ["Ctrl+Return", "Ctrl+Shift+="],
            "Add a segment after the selected one",
        ),
        duplicate=a(
            parent, "Dup&licate", "duplicate", ["Ctrl+D"], "Duplicate the selected segments"
        ),
        delete=a(parent, "&Delete", "delete", [Key.Delete], "Delete the selected segments"),
        move_up=a(parent, "&Move up", "move-up", ["Alt+Up"], "Move the selected segments up"),
        move_down=a(
            parent, "Move do&wn", "move-down", ["Alt+Down"], "Move the selected segments down"
        ),
        add_section=a(
            parent,
            "Add &section…",
            "section",
            ["Ctrl+Shift+S"],
            "Group the selected segments in a new section",
        ),
        plan_properties=a(
            parent,
            "Plan &properties…",
            None,
            ["Ctrl+Shift+P"],
            "The program's name, the slot, the planned start and its time zone, the notes",
        ),
        history=a(
            parent,
            "Revision &history…",
            "history",
            ["Ctrl+H"],
            "Compare two revisions of this program side by side",
        ),
        views=tuple(views),
        help=a(
            parent,
            "&Help for this view",
            None,
            [Key.HelpContents, "F1"],
            "What the view shown is for, its main tasks and its keys",
        ),
        keyboard=a(
            parent,
            "&Keyboard reference",
            None,
            ["Ctrl+/"],
            "Every key of the app, by menu and by view; type to find one",
        ),
        about=a(
            parent,
            "&About Rehearsal",
            None,
            [],
            "Version, where the workspace and the logs are, the licences of the libraries",
        ),
    )

"""The keys of the live screen (Rehearse): defaults, the user's own from Preferences, and
matching. In the shell because both the Rehearse view and the Preferences dialog use them."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

COMMANDS: dict[str, str] = {
    "next": "Next",
    "undo": "Undo",
    "pause": "Pause",
    "flag": "Flag",
    "note": "Note",
    "retry": "Retry",
    "finish": "Finish",
}
DEFAULT_KEYS: dict[str, str] = {
    "next": "Space, Right",
    "undo": "Left, Ctrl+Z",
    "pause": "P",
    "flag": "F",
    "note": "N",
    "retry": "R",
    "finish": "Esc",
}


def sequences(text: str) -> list[QKeySequence]:
    """ "Space, Right" → the two key sequences (empty parts ignored)."""
    found = [QKeySequence(part.strip()) for part in text.split(",") if part.strip()]
    return [k for k in found if not k.isEmpty()]


def key_map(overrides: Mapping[str, str]) -> dict[str, str]:
    """Portable key text → command, the user's keys replacing the defaults per command."""
    mapping: dict[str, str] = {}
    for command, default in DEFAULT_KEYS.items():
        text = overrides.get(command) or default
        for key in sequences(text):
            mapping[key.toString(QKeySequence.SequenceFormat.PortableText)] = command
    return mapping


def legend(overrides: Mapping[str, str]) -> list[tuple[str, str]]:
    """(keys as shown, command label) for the on-screen key list."""
    rows = []
    for command, label in COMMANDS.items():
        keys = sequences(overrides.get(command) or DEFAULT_KEYS[command])
        shown = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        rows.append((shown, label))
    return rows


def event_key(event: QKeyEvent) -> str:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    combination = QKeyCombination(modifiers, Qt.Key(event.key()))
    return QKeySequence(combination).toString(QKeySequence.SequenceFormat.PortableText)


def conflicts(overrides: Mapping[str, str]) -> list[str]:
    """Keys given to two commands (the later one would win silently otherwise)."""
    seen: dict[str, str] = {}
    clashes = []
    for command, default in DEFAULT_KEYS.items():
        for key in sequences(overrides.get(command) or default):
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if text in seen and seen[text] != command:
                clashes.append(f"{text}: {COMMANDS[seen[text]]} and {COMMANDS[command]}")
            seen[text] = command
    return clashes

"""The keys of the live screen (Rehearse): defaults, the user's own from Preferences, and
matching; and the one-key choices of its flag picker and pause dialog. In the shell because
the Rehearse view, the Preferences dialog and the keyboard reference (Help) use them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from rehearsal.model import PauseReason, Severity

# Letters for categories beyond the tenth: not H, L, M (severity) nor N (Alt+N: the note).
CATEGORY_LETTERS: Final = "ABCDEFGIJKOPQRSTUVWXYZ"
SEVERITY_KEYS: Final[dict[str, Severity]] = {
    "L": Severity.LOW,
    "M": Severity.MEDIUM,
    "H": Severity.HIGH,
}
PAUSE_KEYS: Final[dict[str, PauseReason]] = {
    "T": PauseReason.TECH,
    "C": PauseReason.CONTENT,
    "B": PauseReason.BREAK,
    "O": PauseReason.OTHER,
}


def category_keys(count: int) -> tuple[str, ...]:
    """The key of each of `count` flag categories in the flag picker: 1–9, 0, then
    letters; "" once they run out."""
    keys = [*"1234567890", *CATEGORY_LETTERS]
    return tuple(keys[i] if i < len(keys) else "" for i in range(count))


COMMANDS: dict[str, str] = {
    "next": "Next",
    "undo": "Undo",
    "pause": "Pause",
    "flag": "Flag",
    "note": "Note",
    "retry": "Retry",
    "accept": "Accept recovery",
    "finish": "Finish",
}
DETAILS: dict[str, str] = {  # what each does, for the keyboard reference
    "next": "End the step and start the next (the first key starts the run)",
    "undo": "Take back the last mark",
    "pause": "Pause the run, with a reason; again to go on",
    "flag": "Flag a problem on this step or its hand-off, by category",
    "note": "Write a note at this moment",
    "retry": "Run this step again as a new attempt",
    "accept": "Take the recovery plan's change for the next step it changes",
    "finish": "End the rehearsal (asked first)",
}
DEFAULT_KEYS: dict[str, str] = {
    "next": "Space, Right",
    "undo": "Left, Ctrl+Z",
    "pause": "P",
    "flag": "F",
    "note": "N",
    "retry": "R",
    "accept": "A",
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

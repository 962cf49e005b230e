"""The door every item of an evidence file passes, whichever reader read it: people's
names and words tidied and held to `limits` (a name on one line, within
`MAX_NAME_CHARS`; a text within `MAX_TEXT_CHARS`), times within the file's time base,
and no more than `MAX_EVIDENCE_ITEMS` items. Anything else is a `FormatError` naming the
file and line; a tolerable oddity is a warning (`Warnings`), said once per kind with the
lines it was seen on."""

from __future__ import annotations

import re

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceItem, ItemKind, TimeBase
from rehearsal.limits import (
    MAX_EVIDENCE_ITEMS,
    MAX_NAME_CHARS,
    MAX_RECORDING_MS,
    MAX_TEXT_CHARS,
    is_text,
)

_SPACES = re.compile(r"\s+")
# C0 controls but tab and line feed, DEL, and U+FFFE/U+FFFF: invisible, never kept.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_SHOWN_LINES = 8


class Warnings:
    """Tolerable oddities of one file, each said once with the lines it was seen on."""

    def __init__(self) -> None:
        self._lines: dict[str, list[int]] = {}
        self._plain: list[str] = []

    def at(self, line: int, message: str) -> None:
        self._lines.setdefault(message, []).append(line)

    def add(self, message: str) -> None:
        if message not in self._plain:
            self._plain.append(message)

    def extend(self, messages: tuple[str, ...]) -> None:
        for message in messages:
            self.add(message)

    def all(self) -> tuple[str, ...]:
        placed = [f"{_lines(lines)}: {message}" for message, lines in self._lines.items()]
        return (*self._plain, *placed)


def _lines(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    shown = ", ".join(str(n) for n in numbers[:_SHOWN_LINES])
    more = f" and {len(numbers) - _SHOWN_LINES:,} more" if len(numbers) > _SHOWN_LINES else ""
    return f"lines {shown}{more}"


def one_line(text: str) -> str:
    """`text` as a name is kept: invisible characters gone, spaces and breaks collapsed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def prose(text: str) -> str:
    """`text` as words are kept: invisible characters gone, "\\n" between lines, each line
    and the whole trimmed."""
    lines = (_SPACES.sub(" ", line).strip() for line in _INVISIBLE.sub("", text).split("\n"))
    return "\n".join(line for line in lines if line)


class Items:
    """The items of one file as they are read; none is kept unless the whole file reads."""

    def __init__(self, file: str, time_base: TimeBase) -> None:
        self.file = file
        self.time_base = time_base
        self._items: list[EvidenceItem] = []

    def __len__(self) -> int:
        return len(self._items)

    def add(
        self,
        kind: ItemKind,
        start_ms: int,
        end_ms: int,
        person: str,
        *,
        line: int,
        text: str = "",
        detail: str = "",
        end_column: str | None = None,
    ) -> EvidenceItem:
        if len(self._items) >= MAX_EVIDENCE_ITEMS:
            raise FormatError(
                f"more than {MAX_EVIDENCE_ITEMS:,} items, more than any meeting's",
                file=self.file,
                line=line,
                expected=f"at most {MAX_EVIDENCE_ITEMS:,} items in one file",
            )
        if end_ms < start_ms:
            raise FormatError(
                "it ends before it starts",
                file=self.file,
                line=line,
                column=end_column,
                expected="an end at or after the start",
            )
        if self.time_base is TimeBase.RECORDING and not 0 <= start_ms <= end_ms <= MAX_RECORDING_MS:
            raise FormatError(
                "a time more than a day into the recording",
                file=self.file,
                line=line,
                expected="times within 24 hours of the recording's start",
            )
        item = EvidenceItem(
            kind=kind,
            start_ms=start_ms,
            end_ms=end_ms,
            person=self._checked(one_line(person), "name", MAX_NAME_CHARS, line),
            text=self._checked(prose(text), "text", MAX_TEXT_CHARS, line),
            detail=self._checked(one_line(detail), "detail", MAX_NAME_CHARS, line),
        )
        self._items.append(item)
        return item

    def remove(self, item: EvidenceItem) -> None:
        self._items.remove(item)

    def last(self, kind: ItemKind) -> list[EvidenceItem]:
        """The items of `kind` read so far, the latest first."""
        return [item for item in reversed(self._items) if item.kind is kind]

    def all(self) -> tuple[EvidenceItem, ...]:
        return tuple(self._items)

    def _checked(self, value: str, what: str, max_chars: int, line: int) -> str:
        if len(value) > max_chars:
            raise FormatError(
                f"a {what} of {len(value):,} characters",
                file=self.file,
                line=line,
                expected=f"at most {max_chars:,} characters",
            )
        if not is_text(value, max_chars):
            raise FormatError(
                f"a {what} that is not text (a broken character)",
                file=self.file,
                line=line,
                expected="valid Unicode text",
            )
        return value

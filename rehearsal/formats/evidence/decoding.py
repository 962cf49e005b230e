"""The text of an evidence file, as the platforms write it: UTF-8 with or without BOM
(Zoom, Webex), UTF-16 with BOM (Teams' attendance report), Windows-1252 when it is not
UTF-8 (a report re-saved by Excel) — with a warning — and any of "\\r\\n", "\\r", "\\n".

What is not text is refused before a reader sees it: an empty file, a binary file (a
spreadsheet, a PDF, an archive, NUL bytes), bytes that are neither UTF-8 nor Windows-1252,
an encoded lone surrogate (`limits.is_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rehearsal.errors import FormatError

# Every format this package reads, for a message refusing a file that is none of them.
READS = (
    "a transcript (WebVTT from Zoom, Teams or Webex), a Zoom chat (saved on the computer "
    "or from a cloud recording), an attendance report (Zoom's participants CSV, Teams' "
    "attendance report) or a Zoom poll report"
)
_BINARY = (
    (b"PK\x03\x04", "a spreadsheet (XLSX) or a ZIP archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (XLS or DOC)"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a compressed archive"),
    (b"SQLite format 3\x00", "a database"),
)
_LINE_END = re.compile("\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class EvidenceText:
    """A file's text without its BOM, split into lines (numbered from 1 in messages)."""

    text: str
    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()  # on its encoding, when it was not UTF-8 or UTF-16

    def first_line(self) -> tuple[int, str]:
        """The first line that is not blank: its number (from 1) and its text."""
        for number, line in enumerate(self.lines, start=1):
            if line.strip():
                return number, line
        return 0, ""


def decode(data: bytes, file: str) -> EvidenceText:
    """The text of `data`, or `FormatError` saying why it is not text a platform wrote."""
    for magic, what in _BINARY:
        if data.startswith(magic):
            raise FormatError(
                f"this is {what}, not a meeting platform's text export", file=file, expected=READS
            )
    notes: tuple[str, ...] = ()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _utf16(data, file)
    elif b"\x00" in data:
        raise FormatError(
            "this is a binary file, not text (it contains NUL bytes)", file=file, expected=READS
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _not_utf8(data, exc, file)
            notes = ("read as Windows-1252 text (not UTF-8); check accented letters",)
    if not text.strip():
        raise FormatError("the file is empty", file=file, expected=READS)
    lines = tuple(_LINE_END.split(text))
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise FormatError(
                "a NUL character, which no text export holds",
                file=file,
                line=number,
                expected=READS,
            )
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        raise FormatError(
            "this looks like a binary file, not text (it is full of control characters)",
            file=file,
            expected=READS,
        )
    return EvidenceText(text, lines, notes)


def _utf16(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
        raise FormatError(
            "starts like UTF-16 text (as Teams writes) but is not: a broken character, "
            "such as a lone surrogate, or a file cut off in the middle of a character",
            file=file,
            line=line,
            expected="UTF-16 text throughout",
        ) from None


def _not_utf8(data: bytes, error: UnicodeDecodeError, file: str) -> str:
    """Windows-1252 text — unless the bytes are UTF-8 but for an encoded lone surrogate,
    which is refused as `limits.is_text` refuses it."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        body.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        raise FormatError(
            "a lone surrogate (a broken character) in UTF-8 text",
            file=file,
            line=_line_of(data, error.start),
            expected="valid UTF-8 text",
        )
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"neither UTF-8 nor Windows-1252 text (byte {exc.start + 1:,} of the file)",
            file=file,
            line=_line_of(body, exc.start),
            expected="text saved as UTF-8",
        ) from None


def _line_of(data: bytes, offset: int) -> int:
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1

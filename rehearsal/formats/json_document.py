"""A JSON plan file (native or Ontime) parsed, and refused at the door when it holds what
no plan can: numbers JSON does not have (NaN, Infinity) or of absurd size (an integer of
thousands of digits, a float that overflows), text that is not text (a lone surrogate, a
NUL), or nesting far deeper than a plan's. The error names the place as a path from the
top (`segments[3].title`, items counted from 1 as rows are), so the readers after it only
ever see numbers, finite floats, valid text, lists and objects."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from rehearsal.errors import FormatError
from rehearsal.limits import MAX_NESTING

MAX_DIGITS = 30  # far more than any number a plan holds (milliseconds of a day: 8)


@dataclass(frozen=True, slots=True)
class _Refused:
    """A number parsed as a placeholder, for the walk to report with its place."""

    text: str
    why: str


def _integer(text: str) -> int | _Refused:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return _Refused(text[:12] + "…", f"an integer of {len(text.lstrip('-')):,} digits")
    return int(text)


def _float(text: str) -> float | _Refused:
    value = float(text)
    if not math.isfinite(value):
        return _Refused(text[:12], "a number too large to be one")
    return value


def _constant(name: str) -> _Refused:
    return _Refused(name, f"{name} is not a number JSON has")


def parse_json(data: bytes, file: str) -> object:
    """The document in `data`, checked as the module says."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"not UTF-8 text at byte {exc.start}", file=file, expected="a UTF-8 JSON document"
        ) from None
    try:
        document = json.loads(
            text, parse_int=_integer, parse_float=_float, parse_constant=_constant
        )
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"not valid JSON: {exc.msg}", file=file, row=exc.lineno, column=f"character {exc.colno}"
        ) from None
    except RecursionError:
        raise _too_deep(file, "") from None
    _check(document, file)
    return document


def _shorter(path: str) -> str:
    return path if len(path) <= 60 else path[:57] + "…"


def _too_deep(file: str, path: str) -> FormatError:
    return FormatError(
        "the file is nested too deeply to be a plan",
        file=file,
        column=_shorter(path) or None,
        expected=f"at most {MAX_NESTING} levels of lists and objects",
    )


def _check(document: object, file: str) -> None:
    """Walk the document (without recursion) and refuse the first value no plan can hold."""
    stack: list[tuple[object, str, int]] = [(document, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, _Refused):
            raise FormatError(
                f"{value.why} ({value.text})",
                file=file,
                column=_shorter(path) or None,
                expected="a number",
            )
        if isinstance(value, str):
            _check_text(value, file, path)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_NESTING:
            raise _too_deep(file, path)
        if isinstance(value, dict):
            children = []
            for key, child in value.items():
                _check_text(key, file, f"{path}.{key[:40]}" if path else key[:40], key=True)
                children.append((child, f"{path}.{key}" if path else key, depth + 1))
        else:
            children = [(child, f"{path}[{i}]", depth + 1) for i, child in enumerate(value, 1)]
        stack.extend(reversed(children))


def _check_text(value: str, file: str, path: str, *, key: bool = False) -> None:
    what = "a name" if key else "text"
    if "\x00" in value:
        problem = f"{what} holding a NUL character"
    else:
        try:
            value.encode("utf-8")
            return
        except UnicodeEncodeError as exc:
            problem = f"{what} holding a lone surrogate (\\u{ord(value[exc.start]):04x})"
    raise FormatError(
        problem,
        file=file,
        column=path.encode("utf-8", "backslashreplace").decode() or None,
        expected="text in valid Unicode",
    )

"""Files shipped with the app (the demo program, the plan schema, icons), found by name.

They live in the `rehearsal_resources` package so that an installed wheel and a
PyInstaller bundle find them the same way a source checkout does.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

PACKAGE = "rehearsal_resources"


def resource(name: str) -> Traversable:
    """The shipped file `name` (a relative path with `/`); `..` and absolute paths refused."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a resource name: {name!r}")
    node = files(PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node


def resource_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def resource_bytes(name: str) -> bytes:
    return resource(name).read_bytes()

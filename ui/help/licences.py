"""The libraries the app is built on and their licences, read from the installed packages'
metadata (what pip or the bundle installed), with what this app knows of each as the
fallback when the metadata is not there (a bundle built without it)."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata
from typing import Final

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion


@dataclass(frozen=True, slots=True)
class Library:
    name: str
    version: str
    licence: str


# (shown as, distribution names to look for, licence when the metadata does not say)
BUNDLED: Final = (
    ("Qt, through PySide6", ("PySide6-Essentials", "PySide6"), "LGPL-3.0-only"),
    ("Shiboken6", ("shiboken6",), "LGPL-3.0-only"),
    ("pyqtgraph", ("pyqtgraph",), "MIT"),
    ("NumPy", ("numpy",), "BSD-3-Clause"),
    ("openpyxl", ("openpyxl",), "MIT"),
    ("et-xmlfile", ("et-xmlfile", "et_xmlfile"), "MIT"),
    ("defusedxml", ("defusedxml",), "PSF-2.0"),
    ("platformdirs", ("platformdirs",), "MIT"),
    ("python-docx", ("python-docx",), "MIT"),
    ("lxml", ("lxml",), "BSD-3-Clause"),
    ("aiohttp", ("aiohttp",), "Apache-2.0 AND MIT"),
    ("segno", ("segno",), "BSD-3-Clause"),
)
# The Qt libraries may be used under the LGPL, as this app does; the metadata also names
# the GPL alternatives, which would say more than applies here.
USED_UNDER: Final = {
    "PySide6-Essentials": "LGPL-3.0-only",
    "PySide6": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
}


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    found = meta.get_all(name) or []
    return str(found[0]) if found else ""


def licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence a package's metadata states: its SPDX expression, else its short
    License field, else its licence classifiers; "" when it says none."""
    expression = _field(meta, "License-Expression")
    if expression:
        return str(expression)
    short = _field(meta, "License").strip()
    if short and "\n" not in short and len(short) <= 80:
        return short
    classifiers = [
        c.rsplit("::", 1)[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    return ", ".join(classifiers)


def libraries() -> list[Library]:
    """Python and every bundled library: its version and licence."""
    found = [Library("Python", platform.python_version(), "PSF-2.0")]
    for shown, names, fallback in BUNDLED:
        version, licence = "", ""
        for name in names:
            try:
                meta = metadata.metadata(name)
            except metadata.PackageNotFoundError:
                continue
            version = _field(meta, "Version")
            licence = USED_UNDER.get(name) or licence_of(meta)
            break
        if shown.startswith("Qt"):
            version = version or pyside_version
            shown = f"Qt {qVersion()}, through PySide6"
        found.append(Library(shown, version or "bundled", licence or fallback))
    return found

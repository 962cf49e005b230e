"""Build the app as one folder with PyInstaller: dist/Rehearsal/ (and dist/Rehearsal.app on
macOS), to zip and hand to people who have no Python.

    .venv/bin/python packaging/build.py

Run it with the Python of a virtual environment where the app is installed (the README's
Quick start); it installs pyinstaller>=6 there when missing. Builds for the platform it runs
on: a Windows bundle is built on Windows, a macOS one on macOS.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
SPEC: Final = ROOT / "packaging" / "rehearsal.spec"
DIST: Final = ROOT / "dist"
WORK: Final = ROOT / "build" / "pyinstaller"
BUNDLE: Final = DIST / "Rehearsal"
PYINSTALLER: Final = "pyinstaller>=6"


def executable(bundle: Path = BUNDLE) -> Path:
    """The program inside the one-folder bundle."""
    return bundle / ("Rehearsal.exe" if os.name == "nt" else "Rehearsal")


def folder_size(folder: Path) -> int:
    """Bytes of every file under `folder`, symbolic links counted as links."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_dir())


def _ensure_pyinstaller() -> None:
    try:
        major = int(importlib.metadata.version("pyinstaller").split(".")[0])
    except importlib.metadata.PackageNotFoundError:
        major = 0
    if major < 6:
        print(f"Installing {PYINSTALLER} into {sys.prefix}", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", PYINSTALLER], check=True)


def _ensure_app_installed() -> None:
    """The bundle takes the app's metadata (its GUI entry point) from the installed copy."""
    try:
        importlib.metadata.distribution("rehearsal")
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(
            f"error: the app is not installed in {sys.prefix}; first run: "
            f"{Path(sys.executable).name} -m pip install -e {ROOT}"
        ) from None


def main() -> int:
    _ensure_app_installed()
    _ensure_pyinstaller()
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    # Not from the checkout, where an editable install leaves rehearsal.egg-info: the bundle's
    # metadata (the GUI entry point) is the installed distribution's.
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(command, check=True, cwd=WORK.parent)
    took = time.perf_counter() - started
    print(f"built {executable().relative_to(ROOT)} in {took:.0f} s")
    for bundle in (BUNDLE, DIST / "Rehearsal.app"):
        if bundle.exists():
            print(f"{bundle.relative_to(ROOT)}: {folder_size(bundle) / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The PyInstaller bundle's entry script: the same `rehearsal` command a pip install gives.

The GUI is found as it is after a pip install, through the `rehearsal.gui` entry point: the
spec bundles the distribution's metadata (copy_metadata) for that.
"""

from __future__ import annotations

import sys


def _attach_console() -> None:
    """On Windows the bundle is a GUI program: no console window opens on a double click, and
    it starts with no stdout. Started from a console (`Rehearsal.exe --self-test`, `--version`),
    write to that console."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115


if __name__ == "__main__":
    _attach_console()
    from rehearsal.cli.main import main

    sys.exit(main())

"""Render the README's picture of Help → Keyboard reference (every key of the app, made
from its actions) on the demo workspace, with settings and logs in a temporary folder:

    QT_QPA_PLATFORM=offscreen python packaging/keyboard_shot.py \
        packaging/screenshots/keyboard-reference.png [light|dark]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(out: Path, mode: str) -> None:
    folder = Path(tempfile.mkdtemp())
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "HOME"):
        os.environ[name] = str(folder / name.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from rehearsal.demo import write_demo
    from rehearsal.workspace import Workspace
    from rehearsal_ui.main_window.window import MainWindow
    from rehearsal_ui.shell.theme import apply_appearance

    app = QApplication([])
    write_demo(folder / "demo.rehearsal")
    with Workspace.open(folder / "demo.rehearsal") as ws:
        apply_appearance(app, mode)
        window = MainWindow(ws)
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        keys = window.help_windows.show_keyboard()
        keys.resize(1182, 860)
        app.processEvents()
        keys.grab().save(str(out))
        keys.close()
        window.close()
        app.processEvents()
    print(f"written {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "light")

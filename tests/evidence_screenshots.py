"""The README's screenshots of evidence: the demo workspace, with the meeting platform's
files it imports for its runs (`rehearsal.demo_evidence`), shown in Review (the evidence
lane) and Analyze (Engagement), light and dark — the appearance switched while the app
runs, as a person would.

    QT_QPA_PLATFORM=offscreen TZ=UTC python tests/evidence_screenshots.py packaging/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from rehearsal import Workspace
from rehearsal.demo import write_demo


def shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from rehearsal_ui.main_window import MainWindow
    from rehearsal_ui.shell.application import application
    from rehearsal_ui.shell.theme import apply_appearance

    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(write_demo(Path(tmp) / "demo.rehearsal"))
        apply_appearance(app, "light")
        window = MainWindow(ws)
        window.resize(1400, 900)
        window.show()
        for mode in ("light", "dark"):  # switched while the app runs, as in Preferences
            apply_appearance(app, mode)
            suffix = "" if mode == "light" else "-dark"
            window.show_view("review")
            window.finish_pending_work()
            review = window.review
            review.tabs.setCurrentWidget(review.evidence)
            QApplication.processEvents()
            window.grab().save(str(out / f"review-evidence{suffix}.png"))
            window.resize(1400, 1060)  # every segment's row: the page scrolls at 900
            window.show_view("analyze")
            window.finish_pending_work()
            analyze = window.analyze
            analyze.ensure_built()
            analyze.tabs.setCurrentIndex(4)
            window.finish_pending_work()
            QApplication.processEvents()
            window.grab().save(str(out / f"analyze-engagement{suffix}.png"))
            window.resize(1400, 900)
        window.close()
        ws.close()


if __name__ == "__main__":
    shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "."))

"""The garbage collector and the UI thread.

Python's collector stops the thread it runs on while it scans; a full collection over
everything the app holds (Qt wrappers, pyqtgraph items, plans and rehearsals read) takes
tens of milliseconds, and it comes at whatever moment allocation tips it — in the middle of
drawing a chart, or between a key press and its mark. So what exists at two moments is
moved out of the collector's way (`gc.freeze`): once the window is up, and when a live
rehearsal starts. A finished rehearsal lets the collector see everything again, and what
is still alive shortly afterwards is frozen anew.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

REFREEZE_MS = 500  # after a live rehearsal: when the window has shown its result


def settle_startup_objects() -> None:
    """Collect what starting left behind, then freeze what is left (once, after the main
    window is shown)."""
    gc.collect()
    gc.freeze()


def hold_for_live_run() -> None:
    """Before a live rehearsal's first mark: no full collection over what exists now."""
    gc.collect()
    gc.freeze()


def release_after_live_run() -> None:
    """After a live rehearsal: what became garbage during it can be collected again; what
    lives on is frozen again a moment later (off the finish's critical path)."""
    gc.unfreeze()
    QTimer.singleShot(REFREEZE_MS, settle_startup_objects)

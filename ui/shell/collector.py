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
_live = False  # a live rehearsal is running: no collection of everything until it ends


def settle_startup_objects() -> None:
    """Collect what starting left behind, then freeze what is left (after the main window
    is shown; after a live rehearsal, unless another one has started meanwhile)."""
    if _live:
        return
    gc.collect()
    gc.freeze()


def hold_for_live_run() -> None:
    """Before a live rehearsal's first mark: no full collection over what exists now."""
    global _live
    gc.collect()
    gc.freeze()
    _live = True


def release_after_live_run() -> None:
    """After a live rehearsal: what became garbage during it can be collected again; what
    lives on is frozen again a moment later (off the finish's critical path)."""
    global _live
    _live = False
    gc.unfreeze()
    QTimer.singleShot(REFREEZE_MS, settle_startup_objects)


def collect_before_exit() -> None:
    """On quit, while the QApplication still exists: let the collector see everything
    again and collect it. What was frozen and became garbage since (models and chart items
    replaced on a theme or workspace change, a run's objects) would otherwise be destroyed
    only as the interpreter shuts down, after Qt is gone — a Qt object deleted then is a
    crash on quit."""
    global _live
    _live = False
    gc.unfreeze()
    gc.collect()

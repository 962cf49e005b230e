"""The garbage collector and the UI thread.

Python's collector stops the thread it runs on while it scans; a full collection over
everything the app holds (Qt wrappers, pyqtgraph items, plans and rehearsals read) takes
tens of milliseconds, and it comes at whatever moment allocation tips it — in the middle of
drawing a chart, or between a key press and its mark. So what exists at two moments is
moved out of the collector's way (`gc.freeze`): once the window is up, and when a live
rehearsal starts. A finished rehearsal lets the collector see everything again, and what
is still alive shortly afterwards is frozen anew.

And the collector runs on the UI thread only. Left to itself it runs on whichever thread's
allocation tips it — a worker reading an analysis, the companion's server — and a Qt object
in a cycle it frees there (a chart item, a timer, a view's model) is destroyed on the wrong
thread: a crash at a random moment. So automatic collection is off while the app runs
(`collect_on_ui_thread`), and a timer on the UI thread does what it would have done, by the
same thresholds, at most `CHECK_MS` later — but not in the moments after a live mark
(`quiet_for`): marks come in quick succession, and each should reach the screen at once.
"""

from __future__ import annotations

import gc
from time import monotonic

from PySide6.QtCore import QCoreApplication, QObject, QTimer

REFREEZE_MS = 500  # after a live rehearsal: when the window has shown its result
CHECK_MS = 250  # how often the UI thread looks whether a collection is due
_live = False  # a live rehearsal is running: no collection of everything until it ends
_quiet_until = 0.0  # no collection before this moment (monotonic seconds)


def collect_on_ui_thread(app: QCoreApplication) -> QObject:
    """Turn automatic collection off and collect from a timer of `app`'s thread instead,
    each generation when its threshold is passed (as the collector itself would). Returns
    the timer (owned by `app`); stopping it leaves collection off."""
    existing = app.findChild(QTimer, _TIMER_NAME)
    if existing is not None:
        gc.disable()
        return existing
    timer = QTimer(app)
    timer.setObjectName(_TIMER_NAME)
    timer.setInterval(CHECK_MS)
    timer.timeout.connect(collect_if_due)
    timer.start()
    gc.disable()
    return timer


_TIMER_NAME = "rehearsal-ui-thread-collector"


def quiet_for(seconds: float) -> None:
    """No collection from the timer for `seconds` from now (after a live mark)."""
    global _quiet_until
    _quiet_until = monotonic() + seconds


def collect_if_due() -> int:
    """Collect the oldest generation whose threshold is passed (none: 0 objects); nothing
    while `quiet_for` holds."""
    if monotonic() < _quiet_until:
        return 0
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = -1
    for generation, (count, threshold) in enumerate(zip(counts, thresholds, strict=False)):
        if threshold <= 0 or count <= threshold:
            break
        due = generation
    return gc.collect(due) if due >= 0 else 0


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
    gc.enable()  # what runs after Qt is gone collects as Python always does

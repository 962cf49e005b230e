"""The garbage collector and the UI thread.

Python's collector stops the thread it runs on while it scans; a full collection over
everything the app made while starting (Qt wrappers, pyqtgraph items, the plan read) takes
tens of milliseconds, and it comes at whatever moment allocation tips it — in the middle
of drawing a chart, say. Once the window is up, what exists then is moved out of the
collector's way (`gc.freeze`): it lives as long as the app anyway, and later collections
scan only what came after.
"""

from __future__ import annotations

import gc


def settle_startup_objects() -> None:
    """Collect what starting left behind, then freeze what is left (call once, after the
    main window is shown)."""
    gc.collect()
    gc.freeze()

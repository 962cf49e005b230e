"""Rehearsal: the core (domain model, timing, storage, formats). No Qt here.

from rehearsal import Workspace, FormatError
with Workspace.open(path) as ws:
    plan = ws.import_plan("run-of-show.xlsx")
"""

__version__ = "0.1.0"

from rehearsal.errors import (
    ColumnsNotRecognised,
    FormatError,
    InvalidOperation,
    LastEvidence,
    NotAWorkspace,
    NotFound,
    PackError,
    RehearsalError,
    SchemaTooNew,
    StorageError,
    WorkspaceLocked,
)
from rehearsal.workspace import Workspace

__all__ = [
    "ColumnsNotRecognised",
    "FormatError",
    "InvalidOperation",
    "LastEvidence",
    "NotAWorkspace",
    "NotFound",
    "PackError",
    "RehearsalError",
    "SchemaTooNew",
    "StorageError",
    "Workspace",
    "WorkspaceLocked",
    "__version__",
]

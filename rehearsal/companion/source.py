"""What the companion serves: a live source it asks for the run's state and hands flags to.

The server calls these from its own threads; whoever implements them makes that safe
(`rehearsal.rehearsing.sharing` runs each on the run's owner).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from rehearsal.companion.requests import FlagRequest, NoteRequest


@dataclass(frozen=True, slots=True)
class Receipt:
    id: str
    new: bool  # False: a flag of this id was recorded before (sent again), nothing changed


class LiveSource(Protocol):
    def state(self) -> dict[str, Any]:
        """The run as the pages show it: JSON values only (the HTTP API's `/api/state`)."""
        ...

    def plan(self) -> dict[str, Any]:
        """The rundown: its steps with planned and projected starts (`/api/plan`)."""
        ...

    def flag(self, request: FlagRequest) -> Receipt:
        """Record a flag durably and return its id; `InvalidOperation` when the run takes
        no flag now (it has ended)."""
        ...

    def note(self, request: NoteRequest) -> Receipt:
        """Record a note as `flag` records a flag."""
        ...

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from any thread, quickly) whenever the state changed."""
        ...

    def close(self) -> None:
        """The companion stopped: call no listener any more."""
        ...

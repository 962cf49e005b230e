"""The open action items of a program, by segment, worded for the Design view.

Read once per refresh (`OpenItems.read`) and handed to the table model and the detail
panel, which only look things up: a table cell never reaches into the workspace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rehearsal.durations import format_moment
from rehearsal.model import ActionItem, Rehearsal
from rehearsal.workspace import Workspace


@dataclass(frozen=True, slots=True)
class OpenItems:
    """Open action items by segment id, with one line of text for each item."""

    by_segment: Mapping[str, Sequence[ActionItem]] = field(default_factory=dict)
    lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, ws: Workspace, program_id: str | None) -> OpenItems:
        """The open items raised in any rehearsal of any revision of `program_id`."""
        if program_id is None or not ws.is_open:
            return cls()
        found = ws.review.open_items_by_segment(program_id)
        if not found:
            return cls()
        rehearsals = {r.id: r for r in ws.rehearsals()}
        lines = {
            segment_id: tuple(item_line(i, rehearsals.get(i.rehearsal_id)) for i in items)
            for segment_id, items in found.items()
        }
        return cls(found, lines)

    def count(self, segment_id: str) -> int:
        return len(self.by_segment.get(segment_id, ()))

    def tooltip(self, segment_id: str) -> str:
        lines = self.lines.get(segment_id, ())
        if not lines:
            return "No open action items"
        heading = "1 open action item" if len(lines) == 1 else f"{len(lines)} open action items"
        return heading + ":\n" + "\n".join(f"• {line}" for line in lines)


def item_line(item: ActionItem, rehearsal: Rehearsal | None) -> str:
    """'title · owner · from the dry run of 2025-05-12' (the owner only when there is one);
    an item raised on a hand-off shows on the segment before it, and says so."""
    parts = [item.title + (" (on the hand-off after it)" if item.transition_id else "")]
    if item.owner_role:
        parts.append(item.owner_role)
    if rehearsal is not None:
        parts.append(
            f"from the {rehearsal.kind.label.lower()} of {format_moment(rehearsal.created)}"
        )
    return " · ".join(parts)

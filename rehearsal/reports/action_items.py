"""The action items of rehearsals as report blocks: both reports list them."""

from __future__ import annotations

from rehearsal.durations import format_moment
from rehearsal.model import FlagStatus
from rehearsal.reports.cells import status_text
from rehearsal.reports.model import Heading, Paragraph, Table
from rehearsal.workspace import Workspace


def items_blocks(
    ws: Workspace, rehearsal_ids: list[str], open_only: bool
) -> list[Heading | Paragraph | Table]:
    items = [i for rid in rehearsal_ids for i in ws.review.action_items(rid)]
    if open_only:
        items = [i for i in items if i.status is FlagStatus.OPEN]
    heading = Heading(f"{'Open action items' if open_only else 'Action items'} ({len(items)})")
    if not items:
        return [heading, Paragraph("None.", muted=True)]
    revisions = {}
    for i in items:
        if i.fixed_in_plan and i.fixed_in_plan not in revisions:
            revisions[i.fixed_in_plan] = ws.plan(i.fixed_in_plan).revision
    dates = {
        rid: format_moment(ws.rehearsal(rid).created) for rid in {i.rehearsal_id for i in items}
    }
    return [
        heading,
        Table(
            ("Item", "Owner", "Status", "From"),
            tuple(
                (
                    i.title,
                    i.owner_role or "—",
                    status_text(i.status, revisions.get(i.fixed_in_plan or "")),
                    f"{i.source_kind.value} · {dates[i.rehearsal_id]}",
                )
                for i in items
            ),
            (False, False, False, False),
            weights=(4, 1.2, 1.6, 1.6),
        ),
    ]

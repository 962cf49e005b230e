"""What the timing evidence of an analysis is, said the same way wherever a figure is drawn
from it: "from 4 complete rehearsals of revision 2; 1 stopped early, 1 click-through left
out".

Timing evidence is the complete rehearsals plus the steps that rehearsals stopped early
did run (`Observations` holds exactly those steps); a click-through is left out unless the
filters include it (`Filters.include_click_through`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rehearsal.analysis.observations import Observations
from rehearsal.durations import count


@dataclass(frozen=True, slots=True)
class Evidence:
    complete: int  # complete rehearsals counted
    stopped_early: int  # rehearsals stopped early: only the steps they ran count
    click_through: int  # click-throughs counted (asked for)
    left_out: int  # click-throughs left out
    revisions: tuple[int, ...]  # the revisions the counted rehearsals ran
    archived: int = 0  # archived rehearsals left out

    @property
    def rehearsals(self) -> int:
        return self.complete + self.stopped_early + self.click_through


def evidence(obs: Observations) -> Evidence:
    counted = [r for r in obs.runs if not r.click_through]
    complete = sum(1 for r in counted if r.complete)
    return Evidence(
        complete=complete,
        stopped_early=len(counted) - complete,
        click_through=len(obs.runs) - len(counted),
        left_out=len(obs.left_out),
        revisions=tuple(sorted({r.revision for r in obs.runs})),
        archived=obs.archived_left_out,
    )


def describe(found: Evidence) -> str:
    """`from 4 complete rehearsals of revision 2; 1 stopped early, 1 click-through left
    out` — or `no rehearsal counted; 1 click-through left out`."""
    extra = []
    if found.stopped_early:
        extra.append(f"{found.stopped_early} stopped early")
    if found.click_through:
        extra.append(count(found.click_through, "click-through") + " included")
    if found.left_out:
        extra.append(count(found.left_out, "click-through") + " left out")
    if found.archived:
        extra.append(f"{found.archived} archived left out")
    if not found.rehearsals:
        head = "no rehearsal counted"
    else:
        of = ", ".join(str(r) for r in found.revisions)
        word = "revision" if len(found.revisions) == 1 else "revisions"
        head = f"from {count(found.complete, 'complete rehearsal')} of {word} {of}"
    return head + ("; " + ", ".join(extra) if extra else "")

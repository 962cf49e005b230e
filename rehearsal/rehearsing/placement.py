"""Placing evidence on a run's clock (`Event.at_ns`), and proposing where a file goes.

A file counts time in one of two ways (`TimeBase`):

- **recording**: milliseconds from the start of the recording. Its offset is where the
  recording's 0 falls against the run's start (its first mark): an item at `t` ms is
  `offset_ms + t` ms after the start (−30 000: the recording began 30 s before the run).
  A run with no marks yet has the 0 of its clock for a start.
- **wall**: the time of day (milliseconds since 1970, UTC). Every mark of the run was
  dated on both clocks, so a time of day is placed through the marks: from the latest
  mark dated at or before it, as much later as the wall clock says — but never past the
  next mark (while the computer slept, the wall clock ran on and the run's clock did not).
  Before the first mark, counting back from it. Its offset is a shift added to its times
  first: 0 unless its times are off by a time zone.

The offset proposed at import (`propose`), in this order:

1. a recording whose file says when the recording began (`recording_started_ms`), in a run
   with marks: that time, placed through the marks as a clock time is;
2. a recording with a file of the same recording already imported (a recording file of
   the same platform, not removed): that file's offset in force — a transcript and the
   chat of one cloud recording share its 0;
3. a recording: its first speech or message at the run's first mark (the first words of a
   session are its opening);
4. a wall-clock file whose items all lie more than an hour before the run's first mark or
   after its end: shifted by the whole quarter hours that bring its first item nearest the
   run's first mark (a file written in another time zone, or read as UTC when it was
   local time) — within a month either way;
5. otherwise a wall-clock file as it is (0);
6. a run with no marks: 0, until it has some.

A person can adjust any offset afterwards (`rehearsal.reviewing.evidence`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rehearsal.durations import count, format_duration, format_signed
from rehearsal.evidence_model import (
    EvidenceFile,
    EvidenceItem,
    ItemKind,
    Platform,
    Proposal,
    TimeBase,
)
from rehearsal.limits import MAX_OFFSET_MS
from rehearsal.model import Event
from rehearsal.rehearsing.timing import RunState

MS = 1_000_000  # nanoseconds in a millisecond
MARGIN_MS = 3_600_000  # a wall-clock file this far from the run (or nearer) is left as it is
QUARTER_HOUR_MS = 900_000  # time zones differ by whole quarter hours
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def wall_ms(text: str) -> int | None:
    """An ISO 8601 moment as milliseconds since 1970 (UTC); without an offset it is local
    time, as `durations.format_moment` reads it. None when it is no moment."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return (moment.astimezone(UTC) - _EPOCH) // timedelta(milliseconds=1)


@dataclass(frozen=True, slots=True)
class RunClock:
    """A run's clock as evidence is placed on it: where it started and ended, and each mark
    dated on both clocks."""

    started_ns: int | None  # the first step's start (None: no step ran)
    ended_ns: int | None  # its end, or its last mark while it runs
    anchors: tuple[tuple[int, int], ...]  # (wall ms, at_ns) per mark, wall never going back

    @property
    def origin_ns(self) -> int:
        """What a recording's offset counts from: the run's start (0 before it has one)."""
        return self.started_ns if self.started_ns is not None else 0

    @property
    def started_wall_ms(self) -> int | None:
        """The wall-clock time of the run's first step's start."""
        if self.started_ns is None or not self.anchors:
            return None
        return self.wall_of(self.started_ns)

    def wall_of(self, at_ns: int) -> int:
        """The wall-clock time of a moment of the run (the inverse of `at_ns`, near enough)."""
        ats = [at for _, at in self.anchors]
        i = max(0, bisect.bisect_right(ats, at_ns) - 1)
        wall, at = self.anchors[i]
        return wall + (at_ns - at) // MS

    def at_ns(self, wall: int) -> int | None:
        """Where the wall-clock time `wall` (ms since 1970) falls on the run's clock; None
        when the run has no mark to place it by."""
        if not self.anchors:
            return None
        walls = [w for w, _ in self.anchors]
        i = bisect.bisect_right(walls, wall) - 1
        if i < 0:
            first_wall, first_at = self.anchors[0]
            return first_at - (first_wall - wall) * MS
        mark_wall, mark_at = self.anchors[i]
        placed = mark_at + (wall - mark_wall) * MS
        if i + 1 < len(self.anchors):
            placed = min(placed, self.anchors[i + 1][1])
        return placed


def run_clock(events: Sequence[Event], state: RunState) -> RunClock:
    """The clock of the run whose `events` replay to `state`."""
    anchors: list[tuple[int, int]] = []
    for event in events:
        wall = wall_ms(event.wall)
        if wall is None or (anchors and (wall < anchors[-1][0] or event.at_ns < anchors[-1][1])):
            continue  # a wall clock set back (or a mark out of order): the later marks place
        anchors.append((wall, event.at_ns))
    end = state.ended_ns if state.ended_ns is not None else state.last_ns
    return RunClock(state.started_ns, end if state.started_ns is not None else None, tuple(anchors))


def place(
    time_base: TimeBase, offset_ms: int, items: Iterable[EvidenceItem], clock: RunClock
) -> list[tuple[int, int]] | None:
    """Each item's start and end on the run's clock (ns), in order; None when a wall-clock
    file cannot be placed (the run has no marks)."""
    if time_base is TimeBase.RECORDING:
        origin = clock.origin_ns
        return [
            (origin + (offset_ms + i.start_ms) * MS, origin + (offset_ms + i.end_ms) * MS)
            for i in items
        ]
    placed = []
    for item in items:
        start = clock.at_ns(item.start_ms + offset_ms)
        end = clock.at_ns(item.end_ms + offset_ms)
        if start is None or end is None:
            return None
        placed.append((start, max(start, end)))
    return placed


@dataclass(frozen=True, slots=True)
class OffsetProposal:
    offset_ms: int
    proposal: Proposal
    reason: str  # in words, for the person: "its first message at the run's first mark"


def propose(
    time_base: TimeBase,
    platform: Platform,
    items: Sequence[EvidenceItem],
    clock: RunClock,
    recordings: Sequence[EvidenceFile] = (),
    recording_started_ms: int | None = None,
) -> OffsetProposal:
    """Where to place a file (see the module's rules); `recordings`: the recording files of
    the rehearsal already imported, the first imported first; `recording_started_ms`: when
    the file says its recording began (wall clock)."""
    if time_base is TimeBase.WALL:
        return _wall(items, clock)
    if recording_started_ms is not None and clock.started_ns is not None:
        at = clock.at_ns(recording_started_ms)
        if at is not None and abs(at - clock.origin_ns) // MS <= MAX_OFFSET_MS:
            return OffsetProposal(
                (at - clock.origin_ns) // MS,
                Proposal.RECORDING_START,
                "the time its recording began, as the file says",
            )
    return _recording(platform, items, clock, recordings)


def _recording(
    platform: Platform,
    items: Sequence[EvidenceItem],
    clock: RunClock,
    recordings: Sequence[EvidenceFile],
) -> OffsetProposal:
    same = next(
        (
            f
            for f in recordings
            if f.time_base is TimeBase.RECORDING and f.platform is platform and not f.removed
        ),
        None,
    )
    if same is not None:
        return OffsetProposal(
            same.offset_ms,
            Proposal.SAME_RECORDING,
            f"as {same.name or 'another file'}, of the same recording",
        )
    if clock.started_ns is None:
        return OffsetProposal(0, Proposal.NO_MARKS, "the run has not started")
    spoken = [i for i in items if i.kind in (ItemKind.SPEECH, ItemKind.MESSAGE)]
    if not spoken:
        return OffsetProposal(
            0,
            Proposal.FIRST_MARK,
            "its start at the run's first mark (it holds no speech or message)",
        )
    first = min(spoken, key=lambda i: i.start_ms)
    what = "speech" if first.kind is ItemKind.SPEECH else "message"
    return OffsetProposal(
        -first.start_ms, Proposal.FIRST_MARK, f"its first {what} at the run's first mark"
    )


def _wall(items: Sequence[EvidenceItem], clock: RunClock) -> OffsetProposal:
    started = clock.started_wall_ms
    if started is None or clock.ended_ns is None:
        return OffsetProposal(0, Proposal.NO_MARKS, "the run has no marks to place it by")
    as_it_is = OffsetProposal(0, Proposal.CLOCK, "its times fall within the run")
    if not items:
        return as_it_is
    ended = clock.wall_of(clock.ended_ns)
    low, high = started - MARGIN_MS, ended + MARGIN_MS
    if any(i.start_ms <= high and i.end_ms >= low for i in items):
        return as_it_is
    first = min(i.start_ms for i in items)
    shift = round((started - first) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS
    if not shift:
        return as_it_is
    if abs(shift) > MAX_OFFSET_MS:
        days = count(abs(started - first) // 86_400_000, "day")
        return OffsetProposal(
            0, Proposal.CLOCK, f"its times lie {days} from the run's: is it this run's file?"
        )
    return OffsetProposal(
        shift,
        Proposal.CLOCK_SHIFTED,
        "its times were hours from the run's (another time zone?)",
    )


def offset_text(time_base: TimeBase, offset_ms: int) -> str:
    """Where a file is placed, in words: "the recording began 0:30 before the run's start",
    "placed by its clock times"."""
    if time_base is TimeBase.WALL:
        moved = f" moved {format_signed(offset_ms / 1000)}" if offset_ms else ""
        return f"placed by its clock times{moved}"
    if not offset_ms:
        return "the recording began at the run's start"
    side = "before" if offset_ms < 0 else "after"
    return (
        f"the recording began {format_duration(round(abs(offset_ms) / 1000))} {side} the "
        "run's start"
    )

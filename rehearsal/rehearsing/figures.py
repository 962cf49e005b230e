"""The figures of a run, defined once: computed from the state its events replay to, and
put into words and numbers by one function each, for the live screen, Review, Analyze, the
reports and the CLI alike (PRODUCT.md, "The figures of a run").

- elapsed: first mark to finish, pauses included (to the last mark while it runs);
- paused: the time inside pauses;
- actual: each step's actual time (its last attempt: end − start − pauses), summed;
- planned: the plan of the steps that ran (a step passed over, or not reached, is left
  out of both);
- over/under: actual − planned;
- offset after a step: the time from the first mark to the step's end, less the plan of
  every step up to it (a step passed over included: the schedule expected it) — what the
  live screen's relative offset shows as the next step starts; + behind, − ahead;
- drift at the end: the offset after the last step that ran;
- steps run of steps planned; complete (it ran to the plan's last step, and some step
  ran) or stopped early;
- retried: steps run more than once;
- click-through: most of the steps that ran took less than a fifth of their plan — a
  walk through the keys, not a timing; left out of timing evidence unless asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from rehearsal.durations import count, format_duration, format_moment, format_signed
from rehearsal.model import Rehearsal, RehearsalKind, RunTotals
from rehearsal.rehearsing.timing import RunState

CLICK_THROUGH_SHARE = 0.2  # a step this much of its plan or less was clicked through


def step_offsets(state: RunState) -> list[float | None]:
    """The schedule offset after each step of the run `state` is, seconds (ms precision);
    None for a step that did not run."""
    found: list[float | None] = []
    planned = 0
    end = state.ended_ns if state.ended_ns is not None else state.last_ns
    for step, tried in zip(state.steps, state.attempts, strict=True):
        planned += step.planned_s
        if not tried or state.started_ns is None:
            found.append(None)
            continue
        ended = tried[-1].end_ns if tried[-1].end_ns is not None else end
        found.append(round((ended - state.started_ns) / 1e9 - planned, 3))
    return found


def run_totals(
    state: RunState,
    actual_s: Sequence[float | None],
    attempts: Sequence[int],
    offsets_s: Sequence[float | None],
    paused_s: float,
) -> RunTotals:
    """The figures of the run `state` is (after its events), whose steps came to
    `actual_s` (None: not run) with `attempts` each and the schedule offsets `offsets_s`
    (`step_offsets`), `paused_s` paused in all."""
    steps = state.steps
    ran = [j for j, a in enumerate(actual_s) if a is not None]
    end = state.ended_ns if state.ended_ns is not None else state.last_ns
    elapsed = 0.0 if state.started_ns is None else round((end - state.started_ns) / 1e9, 3)
    timed = [j for j in ran if steps[j].planned_s > 0]
    clicked = sum(
        1 for j in timed if (actual_s[j] or 0.0) <= CLICK_THROUGH_SHARE * steps[j].planned_s
    )
    return RunTotals(
        elapsed_s=elapsed,
        paused_s=round(paused_s, 3),
        actual_s=round(sum(actual_s[j] or 0.0 for j in ran), 3),
        planned_s=sum(steps[j].planned_s for j in ran),
        drift_s=next((o for o in reversed(offsets_s) if o is not None), 0.0),
        steps_run=len(ran),
        steps_planned=len(steps),
        complete=state.finished and state.index >= len(steps) - 1 and bool(ran),
        retried=sum(1 for n in attempts if n > 1),
        click_through=bool(timed) and clicked * 2 > len(timed),
    )


# -- words: one per figure, the same on every surface -------------------------------------
ELAPSED = "Elapsed"
PAUSED = "Paused"
ACTUAL = "Actual"
PLANNED = "Planned"
OVER = "Over/under"
DRIFT = "Drift at the end"
STEPS = "Steps run"
RETRIED = "Retried"


def ending(totals: RunTotals) -> str:
    """ "complete", "stopped early" or, with most steps clicked through, "click-through"."""
    if totals.click_through:
        return "click-through"
    return "complete" if totals.complete else "stopped early"


def rehearsal_label(
    r: Rehearsal, totals: RunTotals | None = None, *, revision: int | None = None
) -> str:
    """`2026-01-12 09:30 · Dry run · Maya Chen · complete`, as every list of rehearsals names
    one (`run_label`): a finished rehearsal (its `totals` given) says how it ended
    (`ending`), another its status; `revision` adds `rev 2` where revisions are mixed."""
    state = ending(totals) if totals is not None else r.status.value
    return run_label(r.created, r.kind, r.facilitators, state, revision=revision)


def run_label(
    created: str,
    kind: RehearsalKind | str,
    facilitators: Sequence[str],
    state: str,
    *,
    revision: int | None = None,
) -> str:
    """A rehearsal named by when it ran (date and time, this device's local time:
    `format_moment`), its revision when given, its kind, facilitators and how it ended."""
    try:
        kind_text = RehearsalKind(kind).label
    except ValueError:
        kind_text = str(kind)
    who = ", ".join(facilitators)
    parts = [format_moment(created), *([f"rev {revision}"] if revision is not None else [])]
    return " · ".join([*parts, kind_text, *([who] if who else []), *([state] if state else [])])


def steps_run(totals: RunTotals) -> str:
    """`18 of 18 steps`, `10 of 18 steps`."""
    return f"{totals.steps_run} of {count(totals.steps_planned, 'step')}"


def figure_rows(totals: RunTotals) -> tuple[tuple[str, str], ...]:
    """Each figure under its word, formatted, in the order every surface lists them."""
    rows = [
        (ELAPSED, format_duration(round(totals.elapsed_s))),
        (PAUSED, format_duration(round(totals.paused_s))),
        (ACTUAL, format_duration(round(totals.actual_s))),
        (PLANNED, format_duration(totals.planned_s)),
        (OVER, format_signed(totals.over_s)),
        (DRIFT, format_signed(totals.drift_s)),
        (STEPS, f"{steps_run(totals)}, {ending(totals)}"),
    ]
    if totals.retried:
        rows.append((RETRIED, count(totals.retried, "step")))
    return tuple(rows)


def run_line(totals: RunTotals) -> str:
    """The run in one line: `actual 1:53 against 2:00 planned (−0:07) · 10 of 18 steps,
    stopped early · elapsed 2:12, 0:19 paused`."""
    if not totals.steps_run:
        return f"no step ran · 0 of {count(totals.steps_planned, 'step')}, {ending(totals)}"
    line = (
        f"actual {format_duration(round(totals.actual_s))} against "
        f"{format_duration(totals.planned_s)} planned ({format_signed(totals.over_s)}) · "
        f"{steps_run(totals)}, {ending(totals)} · "
        f"elapsed {format_duration(round(totals.elapsed_s))}"
    )
    if round(totals.paused_s):
        line += f", {format_duration(round(totals.paused_s))} paused"
    return line


FIGURE_KEYS = (
    "elapsed_s",
    "paused_s",
    "actual_s",
    "planned_s",
    "over_s",
    "drift_s",
    "steps_run",
    "steps_planned",
    "complete",
    "retried",
    "click_through",
)


def as_json(totals: RunTotals) -> dict[str, float | int | bool]:
    """The figures as `rehearsal rehearsals --json` gives them (seconds, ms precision)."""
    return {
        "elapsed_s": totals.elapsed_s,
        "paused_s": totals.paused_s,
        "actual_s": totals.actual_s,
        "planned_s": totals.planned_s,
        "over_s": totals.over_s,
        "drift_s": totals.drift_s,
        "steps_run": totals.steps_run,
        "steps_planned": totals.steps_planned,
        "complete": totals.complete,
        "retried": totals.retried,
        "click_through": totals.click_through,
    }

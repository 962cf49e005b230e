"""CLI commands for pressure-testing a plan: `stats` and `import-actuals`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from rehearsal.analysis import (
    DIMENSIONS,
    METHODS,
    RULES,
    Filters,
    Observations,
    Retiming,
    Risk,
    StepStats,
    describe,
    evidence,
    observations,
    places_of,
    revision_comparison,
    simulate,
    spread_by,
    step_stats,
    suggest,
    time_stolen,
)
from rehearsal.analysis.retiming import change_line
from rehearsal.durations import count, format_duration, format_time_of_day_exact
from rehearsal.errors import RehearsalError
from rehearsal.exchange.actuals_import import import_actuals_files
from rehearsal.model import RehearsalKind
from rehearsal.workspace import Workspace

COMMANDS = ("import-actuals", "stats")


class _UserError(RehearsalError):
    pass


def _seed(text: str) -> int:
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0, not {text}")
    return value


def _draws(text: str) -> int:
    value = _integer(text)
    if not 100 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(f"draws must be from 100 to 1,000,000, not {text}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters every analysis takes (the Analyze view has the same ones)."""
    group = parser.add_argument_group("filters (repeat an option for several values)")
    group.add_argument("--revision", type=int, action="append", default=[], metavar="N")
    group.add_argument(
        "--kind", action="append", default=[], choices=[k.value for k in RehearsalKind]
    )
    for name in ("facilitator", "producer", "cohort", "region"):
        group.add_argument(f"--{name}", action="append", default=[], metavar="NAME")
    group.add_argument("--since", type=_day, metavar="YYYY-MM-DD")
    group.add_argument("--until", type=_day, metavar="YYYY-MM-DD")
    group.add_argument(
        "--include-click-through",
        action="store_true",
        help="count click-throughs (runs whose steps mostly took a fifth of their plan or "
        "less) as timing evidence; they are left out by default",
    )
    group.add_argument(
        "--include-archived",
        action="store_true",
        help="count the rehearsals archived in this workspace; they are left out by default",
    )


def filters_from(args: argparse.Namespace, ws: Workspace, plan_id: str) -> Filters:
    plan = ws.plan(plan_id)
    by_number = {p.revision: p.id for p in ws.plans(plan.program_id)}
    unknown = [n for n in args.revision if n not in by_number]
    if unknown:
        raise _UserError(f"no revision {unknown[0]} of this program (it has {sorted(by_number)})")
    return Filters(
        plan_ids=tuple(by_number[n] for n in args.revision),
        kinds=tuple(args.kind),
        facilitators=tuple(args.facilitator),
        producers=tuple(args.producer),
        cohorts=tuple(args.cohort),
        regions=tuple(args.region),
        since=args.since,
        until=args.until,
        include_click_through=args.include_click_through,
        include_archived=args.include_archived,
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-02") from None


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    actuals = sub.add_parser(
        "import-actuals",
        parents=[db_option],
        help="make a finished rehearsal from a sheet of actual times, or from each of "
        "Ontime's reports (CSV or JSON: one run each)",
    )
    actuals.add_argument("file", nargs="+")
    actuals.add_argument("--plan", required=True, metavar="PLAN_ID", help="the plan revision run")
    actuals.add_argument("--kind", default="dry-run", choices=[k.value for k in RehearsalKind])
    actuals.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day it ran")
    for person in ("lead", "facilitator", "producer", "cohort", "region"):
        actuals.add_argument(f"--{person}", default="")

    stats = sub.add_parser(
        "stats",
        parents=[db_option],
        help="per-segment statistics, overrun risk and suggested re-timing of a plan",
    )
    stats.add_argument("plan_id")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--draws", type=_draws, default=10_000, help="Monte Carlo draws (10,000)")
    stats.add_argument("--seed", type=_seed, default=0)
    stats.add_argument("--method", choices=METHODS, default="segments")
    stats.add_argument(
        "--rule",
        choices=sorted(RULES),
        help="re-timing rule (default: the workspace's launch rules, p80 unless set)",
    )
    add_filter_options(stats)


def run(args: argparse.Namespace, ws: Workspace) -> int:
    if args.command == "stats":
        return _stats(args, ws)
    reports = import_actuals_files(
        ws,
        args.file,
        args.plan,
        kind=args.kind,
        day=args.date,
        lead=args.lead,
        facilitator=args.facilitator,
        producer=args.producer,
        cohort=args.cohort,
        region=args.region,
    )
    for report in reports:
        print(report.summary())
    fresh = sum(not r.already for r in reports)
    again = len(reports) - fresh
    print(f"{count(fresh, 'run')} imported" + (f", {again} already there" if again else "") + ".")
    return 0


def _r(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)


def stats_json(
    obs: Observations, risk: Risk, retiming: Retiming, stats: tuple[StepStats, ...]
) -> dict[str, Any]:
    plan = obs.plan
    found = evidence(obs)
    return {
        "plan": plan.id,
        "revision": plan.revision,
        "rehearsals": len(obs.runs),
        "rehearsal_ids": [r.id for r in obs.runs],
        "evidence": {
            "complete": found.complete,
            "stopped_early": found.stopped_early,
            "click_through_included": found.click_through,
            "click_through_left_out": found.left_out,
            "left_out_ids": [r.id for r in obs.left_out],
            "revisions": list(found.revisions),
            "text": describe(found),
        },
        "slot_s": plan.slot_s,
        "planned_s": int(obs.planned.sum()),
        "segments": [
            {
                "id": s.step.key,
                "kind": s.step.kind.value,
                "title": s.step.title,
                "planned_s": s.step.planned_s,
                "n": s.n,
                "median_s": _r(s.median_s),
                "mean_s": _r(s.mean_s),
                "p80_s": _r(s.p80_s),
                "stdev_s": _r(s.stdev_s),
                "min_s": _r(s.min_s),
                "max_s": _r(s.max_s),
                "over_rate": _r(s.over_rate, 4),
                "mean_over_s": _r(s.mean_over_s),
                "pause_s": _r(s.pause_s),
                "flags": s.flags,
            }
            for s in stats
        ],
        "flags_by_place": _flags_by_place(obs),
        "risk": {
            "method": risk.method,
            "draws": risk.draws,
            "seed": risk.seed,
            # what an overrun is measured against: "slot", "plan" (no slot: the planned
            # total) or "nothing" (no timed steps, or nothing planned); `statement` says why
            "measured_against": risk.against.value,
            "limit_s": risk.limit_s,
            "simulated": risk.simulated,
            "from_plan_only": risk.from_plan_only,
            "statement": risk.statement,
            "p_overrun": _r(risk.p_overrun, 4),
            "p50_s": _r(risk.p50_s),
            "p80_s": _r(risk.p80_s),
            "p95_s": _r(risk.p95_s),
            "p80_end": _clock(risk.end_s(risk.p80_s)),
            "variance_share": [
                {"id": step.key, "title": step.title, "share": round(share, 4)}
                for step, share in risk.shares
            ],
            "estimated": [step.key for step in risk.estimated],
        },
        "suggested": [
            {
                "id": s.step.key,
                "planned_s": s.planned_s,
                "suggested_s": s.suggested_s,
                "n": s.n,
                "statistic_s": _r(s.statistic_s),
                "limit": s.limit.value,
                "reason": s.reason,
                "change": change_line(s),
            }
            for s in retiming.suggestions
        ],
        "suggested_total_s": retiming.suggested_total_s,
        "rule": retiming.rule,
        "retiming": {
            "min_complete": retiming.min_complete,
            "enough": retiming.enough,
            "missing": retiming.missing,  # "" when there is enough
            "evidence": retiming.described,
        },
        "time_stolen": [
            {
                "rehearsal": t.run.id,
                "stolen_s": _r(t.stolen_s),
                "overrun_s": _r(t.overrun_s),
                "short": [{"title": title, "s": _r(v)} for title, v in t.short],
                "over": [{"title": title, "s": _r(v)} for title, v in t.over],
            }
            for t in time_stolen(obs)
        ],
        "consistency": {
            dimension: [
                {
                    "group": g.group,
                    "n": g.n,
                    "mean_ratio": _r(g.mean_ratio, 4),
                    "stdev_ratio": _r(g.stdev_ratio, 4),
                    "mean_over_s": _r(g.mean_over_s),
                    "over_rate": _r(g.over_rate, 4),
                }
                for g in spread_by(obs, dimension)
            ]
            for dimension in DIMENSIONS
        },
        "revisions": [
            {
                "revision": r.revision,
                "rehearsals": r.runs,
                "mean_total_s": _r(r.mean_total_s),
                "stdev_total_s": _r(r.stdev_total_s),
                "mean_over_s": _r(r.mean_over_s),
            }
            for r in revision_comparison(obs)
        ],
    }


def _flags_by_place(obs: Observations) -> dict[str, Any]:
    """The flags counted where they are (`places_of`): each step, and each hand-off that
    has flags (a hand-off's flags are on it, not on the segment before)."""
    where = places_of(obs.steps, obs.flags)
    grid = where.flags
    return {
        "places": [
            {
                "id": p.key,
                "kind": p.kind,
                "title": p.title,
                "after_segment": p.segment_id,
                "flags": {
                    c: int(n) for c, n in zip(grid.categories, grid.counts[i], strict=True) if n
                },
            }
            for i, p in enumerate(where.places)
            if grid.at(i)
        ],
        "unplaced": grid.unplaced,
    }


def _clock(seconds: float | None) -> str | None:
    return None if seconds is None else format_time_of_day_exact(round(seconds) % 86_400)


def _stats(args: argparse.Namespace, ws: Workspace) -> int:
    obs = observations(ws, args.plan_id, filters_from(args, ws, args.plan_id))
    stats = step_stats(obs)
    risk = simulate(obs, draws=args.draws, seed=args.seed, method=args.method)
    rules = ws.launch_rules()
    retiming = suggest(
        obs, rule=args.rule or rules.retiming_rule, min_complete=rules.retiming_min_complete
    )
    data = stats_json(obs, risk, retiming, stats)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _print_stats(data)
    return 0


def _d(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    sign = "-" if seconds < 0 else ""
    return sign + format_duration(round(abs(seconds)))


def _print_stats(data: dict[str, Any]) -> None:
    print(
        f"Revision {data['revision']}: {data['evidence']['text']}; planned "
        f"{_d(data['planned_s'])}"
        + (f" of a {_d(data['slot_s'])} slot" if data["slot_s"] else ", no slot set")
    )
    risk = data["risk"]
    if not data["segments"]:
        print("The plan has no timed steps (every segment is a marker or skipped).")
    elif not data["rehearsals"]:
        print("No finished rehearsals match: the risk below is the plan's own estimate.")
    elif not any(seg["n"] for seg in data["segments"]):
        print(
            "No step ran in the rehearsals that match (each finished before its first step): "
            "the risk below is the plan's own estimate."
        )
    elif risk["from_plan_only"]:
        print("No step was observed often enough: the risk below is the plan's own estimate.")
    print()
    print(
        f"{'segment':<44} {'plan':>7} {'n':>3} {'median':>7} {'p80':>7} {'sd':>6} "
        f"{'over%':>6} flags"
    )
    handoffs: dict[str, list[dict[str, Any]]] = {}
    for place in data["flags_by_place"]["places"]:
        if place["kind"] == "hand-off":
            handoffs.setdefault(place["after_segment"], []).append(place)
    for s in data["segments"]:
        over = "—" if s["over_rate"] is None else f"{s['over_rate'] * 100:.0f}%"
        flags = ", ".join(f"{k} ×{v}" for k, v in s["flags"].items())
        print(
            f"{s['title'][:44]:<44} {_d(s['planned_s']):>7} {s['n']:>3} {_d(s['median_s']):>7} "
            f"{_d(s['p80_s']):>7} {_d(s['stdev_s']):>6} {over:>6} {flags}"
        )
        for place in handoffs.get(s["id"], ()):  # its flags are on the hand-off
            flags = ", ".join(f"{k} ×{v}" for k, v in place["flags"].items())
            print(f"{place['title'][:44]:<44} {'':>42} {flags}")
    print()
    if risk["measured_against"] == "nothing":
        print(f"Risk: {risk['statement']}")
    else:
        against = (
            f"the {_d(risk['limit_s'])} slot"
            if risk["measured_against"] == "slot"
            else f"the planned {_d(risk['limit_s'])}, no slot set"
        )
        print(
            f"Risk ({risk['draws']:,} draws, {risk['method']}): P(overrun) "
            f"{risk['p_overrun'] * 100:.1f}% against {against}; total P50 "
            f"{_d(risk['p50_s'])}, P80 {_d(risk['p80_s'])}, P95 {_d(risk['p95_s'])}"
            + (f"; P80 end {risk['p80_end']}" if risk["p80_end"] else "")
        )
        top = [f"{v['title']} {v['share'] * 100:.0f}%" for v in risk["variance_share"][:3]]
        print("Carrying the risk: " + ("; ".join(top) or "no step (every session as long)"))
    print()
    retiming = data["retiming"]
    if not retiming["enough"]:
        print(f"Suggested re-timing ({data['rule']}): none. {retiming['missing']}")
    else:
        changed = [s for s in data["suggested"] if s["suggested_s"] != s["planned_s"]]
        print(
            f"Suggested re-timing ({data['rule']}, {retiming['evidence']}): "
            f"{count(len(changed), 'step')} change, total {_d(data['planned_s'])} → "
            f"{_d(data['suggested_total_s'])}"
        )
        for s in changed:
            print(f"  {s['change']}")
    for t in data["time_stolen"]:
        print(
            f"Time stolen from practice in {t['rehearsal'][:8]}: {_d(t['stolen_s'])} short on "
            + ", ".join(x["title"] for x in t["short"])
            + f" while flexible segments ran {_d(t['overrun_s'])} over"
        )

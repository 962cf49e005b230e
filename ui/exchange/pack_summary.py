"""What imports and syncs of packs did, in words a person reads at a glance: rehearsals by
their program, kind and date (not by file names full of ids), and why a file was left."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rehearsal.durations import count, format_moment
from rehearsal.errors import RehearsalError
from rehearsal.exchange.packs import MergeReport
from rehearsal.exchange.shared_folder import SyncReport
from rehearsal.workspace import Workspace

MAX_LINES = 16  # of a summary, before "… and N more"
# What a merge adds, as (table, one, many); marks only count when the rehearsal was known.
NOUNS = (
    ("events", "mark", "marks"),
    ("flags", "flag", "flags"),
    ("annotations", "annotation", "annotations"),
    ("action_items", "action item", "action items"),
    ("evidence_files", "file of evidence", "files of evidence"),
    ("edits", "review change", "review changes"),
)


def merged_lines(ws: Workspace, reports: Iterable[MergeReport]) -> list[str]:
    """One line per rehearsal that changed, under its program's name."""
    by_program: dict[str, list[str]] = {}
    for report in reports:
        if report.changed:
            program, line = _describe(ws, report)
            by_program.setdefault(program, []).append(f"  • {line}")
    lines: list[str] = []
    for program, found in by_program.items():
        lines += [program, *found]
    brought = _revisions([plan for report in reports for plan in report.plans_added])
    if brought:
        lines.append("Plan revisions new here: " + "; ".join(brought) + ".")
    renumbered = _revisions([plan for report in reports for plan in report.renumbered])
    if renumbered:
        lines.append(
            "Numbered again, so that every machine numbers them alike: "
            + "; ".join(renumbered)
            + " (revisions made on two machines at once are numbered by when they were made)."
        )
    return lines


def _revisions(plans: Sequence[str]) -> list[str]:
    """'Program, revision 1', 'Program, revision 2' → 'Program, revisions 1, 2'."""
    numbers: dict[str, list[str]] = {}
    for text in plans:
        program, _, number = text.rpartition(", revision ")
        numbers.setdefault(program or text, []).append(number if program else "")
    return [
        program
        if found == [""]
        else f"{program}, revision{'s' if len(found) > 1 else ''} " + ", ".join(found)
        for program, found in numbers.items()
    ]


def _describe(ws: Workspace, report: MergeReport) -> tuple[str, str]:
    added = report.added
    new = bool(added.get("rehearsals"))
    parts = [
        count(added[table], one, many)
        for table, one, many in NOUNS
        if added.get(table) and not (new and table in ("events", "edits"))
    ]
    what = ", ".join((["new rehearsal"] if new else []) + parts) or "nothing new"
    try:
        rehearsal = ws.rehearsal(report.rehearsal_id)
        plan = ws.plan(rehearsal.plan_id)
        program = ws.program(plan.program_id).name
    except RehearsalError:  # not expected after a merge; the file still says which
        return report.file, what
    when = (
        f"{rehearsal.kind.label} of {format_moment(rehearsal.created)} (revision {plan.revision})"
    )
    return program, f"{when}: {what}"


def undeleted_lines(reports: Sequence[MergeReport]) -> list[str]:
    """The rehearsals deleted here that a pack imported on purpose brought back."""
    back = [r for r in reports if r.undeleted]
    if not back:
        return []
    return [
        f"Brought back {count(len(back), 'rehearsal')} deleted here before (delete "
        "it again in the navigator if that was not meant):"
    ] + [f"  • deleted on {format_moment(r.undeleted or '')}: {r.file}" for r in back]


def conflicts_line(reports: Sequence[MergeReport]) -> list[str]:
    conflicts = sum(r.conflicts for r in reports)
    if not conflicts:
        return []
    return [
        f"{count(conflicts, 'field was', 'fields were')} edited on two machines: the latest "
        "edit is shown; confirm or change it in the Review view."
    ]


def import_summary(
    ws: Workspace, merged: Sequence[MergeReport], refused: Sequence[tuple[Path, str]]
) -> str:
    merged_text = merged_lines(ws, merged)
    unchanged = sum(1 for r in merged if not r.changed)
    if unchanged:
        merged_text.append(
            f"{count(unchanged, 'pack', 'packs')} held nothing new (already imported)."
        )
    paragraphs = [merged_text, conflicts_line(merged), undeleted_lines(merged)]
    if refused:
        these = "these:" if len(refused) > 1 else "it:"
        paragraphs.append(
            [f"Refused — nothing was taken from {these}"] + [f"  • {why}" for _file, why in refused]
        )
    return listing(paragraphs)


def sync_summary(ws: Workspace, report: SyncReport) -> str:
    paragraphs: list[list[str]] = []
    if report.written:
        rehearsals = count(len(report.written), "rehearsal", "rehearsals")
        paragraphs.append([f"Wrote {rehearsals} for colleagues to {report.folder}."])
    merged = merged_lines(ws, report.merged)
    if merged:
        paragraphs.append(["From colleagues:", *merged])
    paragraphs.append(conflicts_line(report.merged))
    if report.skipped:
        paragraphs.append(
            [
                f"Skipped {count(len(report.skipped), 'file', 'files')} (each is tried again "
                "at the next sync: a file the sync tool is still copying looks damaged until "
                "it has arrived):"
            ]
            + [f"  • {path.name}: {why}" for path, why in report.skipped]
        )
    if report.deleted_here:
        paragraphs.append(
            [
                f"Left out {count(len(report.deleted_here), 'pack')} of rehearsals deleted "
                "here (File → Import packs brings one back):"
            ]
            + [f"  • {path.name}" for path, _why in report.deleted_here]
        )
    if report.unwritten:
        paragraphs.append(
            [f"Not written for colleagues ({count(len(report.unwritten), 'rehearsal')}):"]
            + [f"  • {why}" for _rid, why in report.unwritten]
        )
    if report.cancelled:
        paragraphs.append(["Stopped: the remaining files are left for the next sync."])
    if not any(paragraphs):
        paragraphs.append(
            ["Everything is up to date: nothing to write, nothing new from colleagues."]
        )
    return listing(paragraphs)


def listing(paragraphs: Sequence[Sequence[str]]) -> str:
    """Paragraphs apart by a blank line, at most MAX_LINES lines in all."""
    lines: list[str] = []
    for paragraph in (p for p in paragraphs if p):
        lines += ([""] if lines else []) + list(paragraph)
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more lines."]
    return "\n".join(lines)

"""What Review shows of a rehearsal's evidence, read once per change and free of Qt: its
files (removed ones too, to restore), its speakers and their roles, every item placed on
the run's clock, the figures of each step and the debrief prompts — all the core's
(`Workspace.evidence`, `analysis.debrief_prompts`), nothing counted here.

The lane draws the placed items as they are (a speech from its start to its end, a message
at its moment); the counts it says in its tooltips are the figures of the step under the
pointer (`rehearsing.evidence_figures.cells`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rehearsal.analysis.debrief_prompts import prompts
from rehearsal.evidence_model import EvidenceFile, ItemKind, Proposal, Speaker
from rehearsal.model import Plan
from rehearsal.rehearsing.evidence_figures import HEADINGS, RunEngagement, StepEngagement, cells
from rehearsal.reviewing.evidence import PlacedItem
from rehearsal.workspace import Workspace

# How an offset was proposed at the import, in a few words (the import's own summary says
# it in full: `EvidenceImport.summary`).
PROPOSED = {
    Proposal.GIVEN: "given at the import",
    Proposal.RECORDING_START: "the recording's own start time",
    Proposal.FIRST_MARK: "first words at the first mark",
    Proposal.SAME_RECORDING: "as another file of the recording",
    Proposal.CLOCK: "its clock times",
    Proposal.CLOCK_SHIFTED: "its clock times, shifted by time zone",
    Proposal.NO_MARKS: "the run had no marks: 0",
}


@dataclass(frozen=True, slots=True)
class ReviewEvidence:
    files: tuple[EvidenceFile, ...]  # the first imported first; removed ones too
    speakers: tuple[Speaker, ...]
    placed: tuple[PlacedItem, ...]  # in time order, files not removed
    figures: RunEngagement
    prompts: dict[str, tuple[str, ...]]  # per debrief question

    @property
    def present(self) -> bool:
        """Evidence to draw: a file not removed."""
        return any(not f.removed for f in self.files)

    def file(self, file_id: str) -> EvidenceFile | None:
        return next((f for f in self.files if f.id == file_id), None)

    def speaker(self, speaker_id: str) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def of_kind(self, *kinds: ItemKind) -> list[PlacedItem]:
        return [p for p in self.placed if p.item.kind in kinds]

    def step_figures(self, index: int) -> StepEngagement | None:
        """The figures of the run's step `index` (the order of `ReviewData.rows`)."""
        steps = self.figures.steps
        return steps[index] if 0 <= index < len(steps) else None


def figures_line(figures: StepEngagement) -> str:
    """A step's evidence figures in a line, each under its heading, formatted by the core
    (`cells`); kinds of evidence the run does not have are left out."""
    return " · ".join(
        f"{heading}: {value}"
        for heading, value in zip(HEADINGS, cells(figures), strict=True)
        if value != "—"
    )


def load_evidence(ws: Workspace, rehearsal_id: str, plan: Plan) -> ReviewEvidence:
    """Everything Review shows of a rehearsal's evidence."""
    store = ws.evidence
    read = store.read(rehearsal_id)
    figures = read.figures
    return ReviewEvidence(
        files=tuple(store.files(rehearsal_id, include_removed=True)),
        speakers=tuple(read.speakers),
        placed=tuple(read.placed),
        figures=figures,
        prompts=prompts(plan, figures) if figures.has_evidence else {},
    )

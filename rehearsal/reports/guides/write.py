"""A guide written to a file, its format chosen by the file's suffix: `.pdf` (painted by
the app's report writer) or `.docx` (written here); any other suffix is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rehearsal.errors import RehearsalError
from rehearsal.reports.docx import write_docx
from rehearsal.reports.guides.layout import guide_report
from rehearsal.reports.guides.model import Guide
from rehearsal.reports.pdf import pdf_writer

SUFFIXES = (".pdf", ".docx")


class GuideError(RehearsalError):
    """A guide cannot be written where or as asked."""


def guide_format(path: str | Path) -> str:
    """`pdf` or `docx`, from `path`'s suffix; `GuideError` for any other."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise GuideError(
            f"cannot tell the format from {Path(path).name!r}: a guide is written as a "
            "FILE.pdf or a FILE.docx"
        )
    return suffix[1:]


def write_guide(
    guide: Guide, path: str | Path, progress: Callable[[str], None] | None = None
) -> Path:
    """Write `guide` to `path` as PDF or DOCX (by its suffix), whole or not at all."""
    target = Path(path)
    format = guide_format(target)
    if target.is_dir():
        raise GuideError(f"{target} is a folder: give a file name, e.g. {target / 'guide.pdf'}")
    if not target.parent.is_dir():
        raise GuideError(f"the folder {target.parent} does not exist")
    report = guide_report(guide)  # a disk that refuses the file: StorageError (write_atomic)
    if format == "docx":
        return write_docx(report, target)
    return pdf_writer("write a .docx instead")(report, target, progress)

"""A report that cannot be written leaves nothing behind: on a full or a read-only disk the
command says why in one line (exit 2), and no file — not even an empty one — is left."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_disks import refused_report


@pytest.mark.parametrize("format", ["html", "csv", "xlsx"])  # PDF: tests/ui/reports
@pytest.mark.parametrize("disk_is", ["full", "read-only"])
def test_a_report_on_a_disk_that_refuses_it_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], format: str, disk_is: str
) -> None:
    refused_report(tmp_path, capsys, format, disk_is)

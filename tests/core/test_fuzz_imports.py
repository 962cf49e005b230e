"""Every importer, fed hostile variations of valid files (issue 13): each either refuses the
file (exit 2, one error line naming it, the workspace unchanged) or stores what the commands
then work on, exports and reads back unchanged. See tests/fuzz_imports.py; the census with
many more examples is tests/benchmarks/fuzz_imports_census.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_imports import IMPORTERS, Templates, check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 25  # per importer: the whole module takes about 15 s


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"))


@pytest.mark.parametrize("importer", IMPORTERS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,  # a failure prints the line that replays it (@reproduce_failure)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_hostile_files_are_refused_whole_or_stored_whole(
    importer: str, templates: Templates, data: st.DataObject
) -> None:
    check(importer, data.draw(IMPORTERS[importer].files, label="file"), templates)


def test_the_fuzzed_files_reach_both_outcomes(tmp_path: Path) -> None:
    """The seeds are valid files: unchanged, each is stored (so what is refused is refused
    for its mutations, not because the seed was already bad)."""
    from fuzz_imports import Templates as Fresh
    from fuzz_imports import seed_files

    fresh = Fresh(tmp_path)
    for importer, data in seed_files().items():
        assert check(importer, data, fresh) == "accepted", importer

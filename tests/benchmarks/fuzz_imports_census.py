"""The census of the import fuzzers: how many hostile files each importer was given, how
many it refused (exit 2, one error line, the workspace unchanged) and how many it stored
(then every command works on them, and exports read back the same), and the most common
reasons for refusing. The same strategies and property as the fuzz tests that run in the
default test run (tests/core/test_fuzz_imports.py), with many more examples.

Run on purpose: `.venv/bin/python tests/benchmarks/fuzz_imports_census.py [EXAMPLES]`
(300 per importer by default; a seed makes the run repeatable: `--seed N`, 0 by default;
`--only NAME` for one importer).
A property that does not hold is counted as "failed" and its first message printed; the
script exits 1 then.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/: fuzz_imports, plans

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples", nargs="?", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", action="append", metavar="IMPORTER", help="e.g. 'CSV'")
    args = parser.parse_args()
    warnings.simplefilter("error")  # as the test run has it (pyproject.toml): a warning fails
    with tempfile.TemporaryDirectory() as home:
        os.environ["REHEARSAL_LOG_DIR"] = str(Path(home, "logs"))
        os.environ["REHEARSAL_CONFIG_DIR"] = str(Path(home, "config"))
        os.environ["REHEARSAL_DB"] = str(Path(home, "default.rehearsal"))
        return census(args.examples, args.seed, Path(home), args.only)


def census(examples: int, run_seed: int, home: Path, only: list[str] | None = None) -> int:
    from fuzz_imports import IMPORTERS, Templates

    templates = Templates(home)
    total: Counter[str] = Counter()
    failures: list[str] = []
    print(f"{'importer':<20}{'tried':>7}{'refused':>9}{'stored':>8}{'failed':>8}{'s':>7}")
    for name in only or IMPORTERS:
        tally: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        began = time.perf_counter()
        sample(name, templates, examples, run_seed, tally, reasons, failures)()
        tried = sum(tally.values())
        print(
            f"{name:<20}{tried:>7}{tally['refused']:>9}{tally['accepted']:>8}"
            f"{tally['failed']:>8}{time.perf_counter() - began:>7.1f}"
        )
        for why, n in reasons.most_common(4):
            print(f"{'':<6}{n:>5} × {why}")
        total.update(tally)
    tried = sum(total.values())
    print(f"{'all':<20}{tried:>7}{total['refused']:>9}{total['accepted']:>8}{total['failed']:>8}")
    for failure in failures[:10]:
        print("FAILED", failure)
    return 1 if failures else 0


def sample(
    name: str,
    templates: Any,
    examples: int,
    run_seed: int,
    tally: Counter[str],
    reasons: Counter[str],
    failures: list[str],
) -> Callable[[], None]:
    """`examples` hostile files for the importer `name`, each checked and counted."""
    from fuzz_imports import IMPORTERS, check

    strategy = IMPORTERS[name].files

    @seed(run_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        try:
            check(name, data.draw(strategy), templates, tally, reasons)
        except Exception as exc:  # a property that does not hold: count it, go on
            tally["failed"] += 1
            failures.append(f"{name}: {type(exc).__name__}: {str(exc)[:300]}")

    return run  # type: ignore[no-any-return]


if __name__ == "__main__":
    sys.exit(main())

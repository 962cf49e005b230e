"""How the pack door holds against many hostile packs: the fuzz test's packs, counted.

    python tests/benchmarks/fuzz_packs_census.py [--examples N] [--seed N]

Prints how many packs were tried, refused (and why, by the kind of reason) and accepted;
every accepted one is then put through every command (`commands_work`), and a refused one
must have left the workspace unchanged, as in `tests/core/exchange/test_pack_fuzz.py`.
Exits 1 if any pack crashed instead of being refused, or broke a command once accepted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "core" / "exchange")]

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from packs import document, forged, reviewed, write  # noqa: E402
from reviewing import dump  # noqa: E402
from test_pack_fuzz import commands_work, mutated  # noqa: E402

from rehearsal import Workspace  # noqa: E402
from rehearsal.errors import PackError  # noqa: E402
from rehearsal.exchange.packs import import_pack  # noqa: E402


def reason_kind(message: str) -> str:
    """A refusal's reason without the values it names, to count alike ones together."""
    text = message.split(": ", 1)[-1]
    text = re.sub(r"\[\d+\]", "[i]", text)
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "ID", text)
    text = re.sub(r"'.*?'|\".*?\"|-?\d+", "V", text)
    return text[:70]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    top = Path(tempfile.mkdtemp(prefix="pack-census-"))
    with Workspace.open(top / "lead.rehearsal") as lead:
        base = document(lead, reviewed(lead))
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    failures: list[str] = []
    number = iter(range(10**9))

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @seed(args.seed)
    @given(data=st.data())
    def attack(data: st.DataObject) -> None:
        folder = top / f"n{next(number)}"
        folder.mkdir()
        doc = data.draw(mutated(base))
        pack = write(folder, "hostile.rehearsalpack", forged(doc))
        counts["tried"] += 1
        path = folder / "other.rehearsal"
        try:
            with Workspace.open(path) as other:
                before = dump(other)
                try:
                    import_pack(other, pack)
                except PackError as refused:
                    counts["refused"] += 1
                    reasons[reason_kind(str(refused))] += 1
                    if dump(other) != before:
                        failures.append(f"refused but changed the workspace: {refused}")
                    return
                [rehearsal] = other.rehearsals()
            counts["accepted"] += 1
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                commands_work(path, rehearsal.id, rehearsal.plan_id, folder)
        except Exception:  # a crash instead of a refusal, or a command that broke
            counts["failed"] += 1
            failures.append(traceback.format_exc(limit=3))

    attack()
    print(f"packs tried: {counts['tried']}")
    print(f"refused cleanly (workspace unchanged): {counts['refused']}")
    print(f"accepted, every command then worked: {counts['accepted'] - counts['failed']}")
    print(f"crashed or broke a command: {counts['failed']}")
    print("most frequent reasons for refusing:")
    for reason, n in reasons.most_common(15):
        print(f"  {n:5d}  {reason}")
    for failure in failures[:5]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

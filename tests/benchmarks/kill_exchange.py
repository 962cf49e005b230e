"""Kills during pack import and shared-folder sync lose nothing and half-merge nothing.

    python tests/benchmarks/kill_exchange.py [--kills N] [--seed N]

A colleague's workspace holds rehearsals, each as a pack in a shared folder. A child
process opens a copy of another workspace and either syncs with the folder or imports the
packs one by one; it is SIGKILLed at a random moment. Then the workspace must open, hold
everything it held before, and hold each colleague's rehearsal whole (every row of the
pack) or not at all; every pack it wrote to the folder must read back as a whole pack.
Prints how many kills landed mid-work and how many broke something (must be 0).
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from packs import reviewed  # noqa: E402
from reviewing import dump  # noqa: E402

from rehearsal import Workspace  # noqa: E402
from rehearsal.errors import PackError  # noqa: E402
from rehearsal.exchange.pack_format import read_pack  # noqa: E402
from rehearsal.exchange.packs import export_pack, pack_content  # noqa: E402

HOW = ("sync", "import")
CHILD = """
import sys
from pathlib import Path
from rehearsal import Workspace
from rehearsal.exchange.packs import import_pack
from rehearsal.exchange.shared_folder import sync
path, folder, how = sys.argv[1:4]
with Workspace.open(path) as ws:
    print("open", flush=True)
    if how == "sync":
        sync(ws, folder=Path(folder))
    else:
        for pack in sorted(Path(folder).glob("*.rehearsalpack")):
            import_pack(ws, pack)
print("done", flush=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--rehearsals", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    top = Path(tempfile.mkdtemp(prefix="kill-exchange-"))
    folder = top / "share"
    folder.mkdir()
    source: dict[str, dict[str, list[dict[str, object]]]] = {}
    with Workspace.open(top / "colleague.rehearsal") as colleague:
        for n in range(args.rehearsals):
            rid = reviewed(colleague)
            export_pack(colleague, rid, folder / f"{n:03d} x @{colleague.origin}.rehearsalpack")
            source[rid] = pack_content(colleague, rid)
    template = top / "victim.rehearsal"
    with Workspace.open(template) as victim:
        reviewed(victim)
        before = dump(victim)
    # How long the work takes once the workspace is open, to kill anywhere inside it.
    whole_s = max(timed(template, top / f"timing-{how}", folder, how) for how in HOW)
    landed = broken = 0
    for number in range(args.kills):
        path = top / f"k{number}" / "victim.rehearsal"
        path.parent.mkdir()
        shutil.copy(template, path)
        share = path.parent / "share"
        shutil.copytree(folder, share)
        how = rng.choice(HOW)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(share), how],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        child.stdout.readline()  # "open": the workspace is open, the work begins
        time.sleep(rng.uniform(0, whole_s))
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        landed += "done" not in rest
        problems = check(path, share, before, source)
        broken += bool(problems)
        for problem in problems:
            print(f"kill {number} ({how}): {problem}")
    print(f"kills: {args.kills}, of which mid-work: {landed}; a whole run takes {whole_s:.2f} s")
    print(f"workspaces broken, half-merged or missing data: {broken}")
    return 1 if broken else 0


def timed(template: Path, where: Path, folder: Path, how: str) -> float:
    """Seconds from the child's "open" to its "done", for one whole run."""
    where.mkdir()
    path = where / "victim.rehearsal"
    shutil.copy(template, path)
    share = where / "share"
    shutil.copytree(folder, share)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(share), how], stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    child.stdout.readline()
    started = time.monotonic()
    child.stdout.readline()
    took = time.monotonic() - started
    child.wait()
    return took


def check(
    path: Path,
    share: Path,
    before: dict[str, list[str]],
    source: dict[str, dict[str, list[dict[str, object]]]],
) -> list[str]:
    problems = []
    with Workspace.open(path) as ws:
        after = dump(ws)
        for table, rows in before.items():
            if table == "step_figures":
                continue
            missing = set(rows) - set(after[table])
            if missing and table != "plans":  # a plan may be numbered again, not lost
                problems.append(f"{len(missing)} rows of {table} it held are gone")
        for rid, content in source.items():
            here = {r.id for r in ws.rehearsals()}
            if rid not in here:
                continue
            got = pack_content(ws, rid)
            for table in ("events", "flags", "annotations", "action_items", "edits"):
                if len(got[table]) != len(content[table]):
                    problems.append(f"rehearsal {rid} is half-merged ({table})")
    for pack in share.glob("*.rehearsalpack"):
        try:
            read_pack(pack)
        except PackError as exc:
            problems.append(f"a pack in the folder is broken: {exc}")
    return problems


if __name__ == "__main__":
    sys.exit(main())

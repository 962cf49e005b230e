"""How long from `rehearsal --demo` to the painted main window, against a bare Qt window?

Run on purpose: `python tests/benchmarks/bench_launch.py [--rounds 9] [--imports [N]]`.
Runs offscreen with its own settings, logs and demo workspace in a temp folder.

- floor: a bare script that imports PySide6's QtWidgets and pyqtgraph, shows a QMainWindow
  holding one QLabel, and exits right after its first paint.
- app: the README's first Quick start command, `.venv/bin/rehearsal --demo` (the console
  script beside this interpreter; `python -c "…main()"` where there is none), with
  REHEARSAL_EXIT_AFTER_PAINT=1, which prints the time of the main window's first paint and
  quits (`rehearsal_ui.shell.first_paint`).

Each is timed from just before the process is spawned to the wall-clock time it prints at
its first paint, in fresh processes, interleaved (the order alternates each round) after
one untimed warm-up each (which also writes the demo workspace, timed apart). Bytecode is
compiled first (`compileall` of the app's packages) and the children run without
PYTHONDONTWRITEBYTECODE. The children (and the compiling) use the checkout this file lives in:
a PYTHONPATH puts its folders first under the installed names (`rehearsal`, and
`rehearsal_ui` and `rehearsal_resources` through symlinks in the temp folder), ahead of
whatever checkout the editable install points at. Prints the median and spread of each,
and the ratio of the medians; the target is app ≤ 1.5 × floor. Asserts nothing about time.

`--imports N` also runs each once under `-X importtime` and lists what the app imports
before its first paint that the floor does not: the N costliest modules (own time) and the
total per package.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from scratch import isolate_user_dirs  # run as a script: this folder is on sys.path

TARGET = 1.5
CHECKOUT = Path(__file__).resolve().parents[2]
PAINTED = re.compile(r"^painted_ns=(\d+)$", re.MULTILINE)
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")

FLOOR = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
import pyqtgraph

class FirstPaint(QObject):  # as rehearsal_ui.shell.first_paint does it
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False

def report():
    print(f"painted_ns={time.time_ns()}", flush=True)
    QApplication.exit(0)

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Rehearsal"))
window.installEventFilter(FirstPaint(window))
window.show()
sys.exit(app.exec())
"""


def app_command() -> list[str]:
    script = Path(sys.executable).with_name("rehearsal")
    if script.exists():
        return [sys.executable, str(script), "--demo"]
    return [
        sys.executable,
        "-c",
        "import sys; from rehearsal.cli.main import main; sys.exit(main())",
        "--demo",
    ]


def compile_bytecode() -> None:
    for name in ("rehearsal", "rehearsal_ui", "rehearsal_resources"):
        spec = importlib.util.find_spec(name)  # a top-level name: found, not imported
        assert spec is not None and spec.submodule_search_locations, name
        for folder in spec.submodule_search_locations:
            where = Path(folder).resolve()
            assert where.is_relative_to(CHECKOUT), f"{name} is imported from {where}"
            compileall.compile_dir(folder, quiet=1)


def use_checkout(scratch: Path) -> None:
    """Put this checkout first on the path of this process and of its children: the
    editable install's import hook comes after `sys.path`, so these folders win."""
    names = scratch / "packages"
    names.mkdir()
    (names / "rehearsal_ui").symlink_to(CHECKOUT / "ui", target_is_directory=True)
    (names / "rehearsal_resources").symlink_to(CHECKOUT / "resources", target_is_directory=True)
    folders = [str(CHECKOUT), str(names)]
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [*folders, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    )
    sys.path[:0] = folders
    importlib.invalidate_caches()


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["REHEARSAL_EXIT_AFTER_PAINT"] = "1"
    return env


def run(command: list[str], extra: tuple[str, ...] = ()) -> tuple[float, str]:
    """(ms from spawn to first paint, the child's merged output)."""
    argv = [command[0], *extra, *command[1:]]
    started_ns = time.time_ns()
    done = subprocess.run(
        argv, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    found = PAINTED.search(done.stdout)
    if done.returncode != 0 or found is None:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout}")
    return (int(found.group(1)) - started_ns) / 1e6, done.stdout


def describe(name: str, values: list[float]) -> str:
    quartiles = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return (
        f"{name:6} median {statistics.median(values):6.0f} ms   spread {min(values):.0f}–"
        f"{max(values):.0f} ms (IQR {quartiles[2] - quartiles[0]:.0f} ms, n={len(values)})"
    )


def imported_before_paint(output: str) -> dict[str, int]:
    """module → its own import time in µs, for the imports before the `painted_ns=` line."""
    seen: dict[str, int] = {}
    for line in output.splitlines():
        if PAINTED.match(line):
            break
        found = IMPORT_LINE.match(line)
        if found:
            seen[found.group(4)] = int(found.group(1))
    return seen


def package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] in ("rehearsal", "rehearsal_ui") else parts[0]


def show_imports(floor_cmd: list[str], app_cmd: list[str], top: int) -> None:
    floor = imported_before_paint(run(floor_cmd, ("-X", "importtime"))[1])
    app = imported_before_paint(run(app_cmd, ("-X", "importtime"))[1])
    extra = {m: us for m, us in app.items() if m not in floor}
    print(
        f"\nImported before the first paint: floor {len(floor)} modules "
        f"({sum(floor.values()) / 1e3:.0f} ms own time), app {len(app)} "
        f"({sum(app.values()) / 1e3:.0f} ms); {len(extra)} beyond the floor's "
        f"({sum(extra.values()) / 1e3:.0f} ms). Under -X importtime, so slower than above;"
        "\na module's own time includes PySide6 setting up the Qt classes it is the first to"
        "\nname, which the floor pays for in pyqtgraph (e.g. rehearsal_ui.main_window's)."
    )
    totals: defaultdict[str, int] = defaultdict(int)
    for module, us in extra.items():
        totals[package(module)] += us
    print(f"\nBeyond the floor, by package (own time, top {top}):")
    for name, us in sorted(totals.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {us / 1e3:7.1f} ms  {name}")
    print(f"\nBeyond the floor, by module (own time, top {top}):")
    for module, us in sorted(extra.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {us / 1e3:7.1f} ms  {module}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--imports", type=int, nargs="?", const=25, default=0, metavar="N")
    args = parser.parse_args()
    scratch = isolate_user_dirs("bench-launch-")
    use_checkout(Path(scratch.name))
    compile_bytecode()
    floor_cmd = [sys.executable, "-c", FLOOR]
    app_cmd = app_command()
    print(f"code:  {CHECKOUT} (first on PYTHONPATH)")
    print(f"floor: {sys.executable} -c <bare QMainWindow + QLabel, PySide6 + pyqtgraph>")
    print(f"app:   {' '.join(app_cmd)}   (REHEARSAL_EXIT_AFTER_PAINT=1, offscreen)")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    first_ms, _ = run(app_cmd)  # writes the demo workspace
    demo = Path(scratch.name) / "demo.rehearsal"
    assert demo.exists(), "the app did not write its demo workspace where expected"
    warm_ms, _ = run(app_cmd)
    run(floor_cmd)
    print(
        f"first launch (writes the demo workspace): {first_ms:.0f} ms; the next: {warm_ms:.0f} ms"
    )
    times: dict[str, list[float]] = {"floor": [], "app": []}
    for round_ in range(args.rounds):
        order = [("floor", floor_cmd), ("app", app_cmd)]
        for name, command in order if round_ % 2 == 0 else reversed(order):
            times[name].append(run(command)[0])
    print(describe("floor", times["floor"]))
    print(describe("app", times["app"]))
    ratio = statistics.median(times["app"]) / statistics.median(times["floor"])
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"ratio  {ratio:.2f}× the floor (target ≤ {TARGET}×: {verdict})")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.imports:
        show_imports(floor_cmd, app_cmd, args.imports)


if __name__ == "__main__":
    main()

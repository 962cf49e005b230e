"""The PyInstaller bundle works, stays small, and starts about as fast as the installed app.

    .venv/bin/python packaging/test_bundle.py [--no-build] [--runs 3]

Builds dist/Rehearsal/ with packaging/build.py (or, with --no-build, takes the one there),
runs its `--self-test` (it must exit 0 and leave nothing behind), measures the folder (it
must hold at most 250 MiB), and times `--self-test` of the bundle against the `rehearsal`
command of this virtual environment: the median of --runs runs each, printed with their
ratio, never failed on. Exit status 0 when it all holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
BUNDLE: Final = ROOT / "dist" / "Rehearsal"
LIMIT_MIB: Final = 250


def bundle_executable() -> Path:
    return BUNDLE / ("Rehearsal.exe" if os.name == "nt" else "Rehearsal")


def venv_command() -> Path:
    return Path(sys.executable).with_name("rehearsal.exe" if os.name == "nt" else "rehearsal")


def folder_mib(folder: Path) -> float:
    """MiB of every file under `folder`, symbolic links counted as links."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir()) / 2**20


def isolated_env(home: Path) -> dict[str, str]:
    """The environment with every folder the app could write to pointed into `home`."""
    env = {**os.environ}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test chooses offscreen itself
    for name in ("HOME", "USERPROFILE", "TMPDIR", "TEMP", "TMP"):
        env[name] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env["REHEARSAL_CONFIG_DIR"] = str(home / "config")
    env["REHEARSAL_LOG_DIR"] = str(home / "logs")
    env["REHEARSAL_DB"] = str(home / "default.rehearsal")
    return env


def self_test(command: Path) -> tuple[int, str, float, list[str]]:
    """Run `command --self-test` in a fresh home: exit status, output, seconds, files left."""
    with tempfile.TemporaryDirectory(prefix="rehearsal-bundle-test-") as temp:
        home = Path(temp)
        started = time.perf_counter()
        done = subprocess.run(
            [str(command), "--self-test"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=isolated_env(home),
            cwd=home,
            timeout=300,
        )
        took = time.perf_counter() - started
        # Fontconfig keeps its cache under XDG_CACHE_HOME; that is the system's, not ours.
        left = [
            str(p.relative_to(home))
            for p in home.rglob("*")
            if p.is_file() and "xdg_cache_home" not in p.relative_to(home).parts
        ]
    return done.returncode, done.stdout + done.stderr, took, left


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="test dist/Rehearsal as it is")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default: 3)")
    args = parser.parse_args(argv)
    problems: list[str] = []
    if not args.no_build:
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], check=True)
        print(f"build: {time.perf_counter() - started:.0f} s")
    exe = bundle_executable()
    if not exe.exists():
        print(f"FAIL {exe} is missing: build it with packaging/build.py")
        return 1

    code, output, _, left = self_test(exe)
    print(f"--- {exe.relative_to(ROOT)} --self-test\n{output.rstrip()}\n---")
    if code != 0:
        problems.append(f"the bundle's self-test exited {code}")
    if left:
        problems.append(f"the bundle's self-test left files behind: {', '.join(left)}")

    size = folder_mib(BUNDLE)
    print(f"size: {BUNDLE.relative_to(ROOT)} holds {size:.0f} MiB (limit {LIMIT_MIB} MiB)")
    if size > LIMIT_MIB:
        problems.append(f"the bundle holds {size:.0f} MiB, over {LIMIT_MIB} MiB")

    times: dict[str, list[float]] = {"bundle": [], "venv": []}
    commands = {"bundle": exe, "venv": venv_command()}
    for _ in range(args.runs):
        for name, command in commands.items():  # interleaved: both see the same machine
            code, output, took, _ = self_test(command)
            if code != 0:
                problems.append(f"{name} --self-test exited {code}:\n{output}")
            times[name].append(took)
    bundle_s, venv_s = (statistics.median(times[name]) for name in ("bundle", "venv"))
    print(
        f"start-up (--self-test, median of {args.runs}): bundle {bundle_s:.2f} s, "
        f"venv {venv_s:.2f} s, ratio {bundle_s / venv_s:.2f}"
    )
    for problem in problems:
        print(f"FAIL {problem}")
    print("bundle test passed" if not problems else "bundle test FAILED")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""`pipx install .` works and installs one command, `rehearsal`, that runs.

    .venv/bin/python packaging/test_pipx.py

Installs pipx into a throwaway virtual environment, points PIPX_HOME and PIPX_BIN_DIR at
temporary folders (the machine's own pipx is never touched), installs a copy of this checkout
(building in place would leave build/ and *.egg-info behind), and checks that the bin folder
holds exactly `rehearsal`, that `rehearsal --version` answers and that `rehearsal
--self-test` passes. Exit status 0 when it all holds, 1 otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
SCRIPTS: Final = "Scripts" if os.name == "nt" else "bin"
SKIPPED: Final = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=1200
    )
    if done.returncode != 0:
        raise SystemExit(
            f"FAIL {' '.join(command)} exited {done.returncode}\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rehearsal-pipx-test-") as temp:
        here = Path(temp)
        source = here / "source"
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*SKIPPED))
        venv.EnvBuilder(with_pip=True).create(here / "pipx-venv")
        python = here / "pipx-venv" / SCRIPTS / "python"
        run([str(python), "-m", "pip", "install", "-q", "pipx"])
        env = {
            **os.environ,
            "PIPX_HOME": str(here / "pipx-home"),
            "PIPX_BIN_DIR": str(here / "bin"),
            "PIPX_MAN_DIR": str(here / "man"),
        }
        env.pop("QT_QPA_PLATFORM", None)
        run([str(python), "-m", "pipx", "install", str(source)], env)
        commands = sorted(p.name for p in (here / "bin").iterdir())
        print(f"pipx installed into its bin folder: {', '.join(commands)}")
        names = sorted(Path(name).stem for name in commands)
        if names != ["rehearsal"]:
            print(f"FAIL pipx installed {names}, not exactly ['rehearsal']")
            return 1
        rehearsal = here / "bin" / commands[0]
        print(run([str(rehearsal), "--version"], env).strip())
        env["REHEARSAL_CONFIG_DIR"] = str(here / "config")
        env["REHEARSAL_LOG_DIR"] = str(here / "logs")
        output = run([str(rehearsal), "--self-test"], env)
        print(output.splitlines()[-1])
    print(f"pipx test passed in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

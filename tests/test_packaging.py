"""The built wheel, installed in a clean virtual environment, works and finds its resources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_finds_its_resources(tmp_path: Path) -> None:
    source = tmp_path / "source"  # build a copy: building writes into the source tree
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info")
    )
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    [wheel] = dist.glob("rehearsal-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top_level == {"rehearsal", "rehearsal_ui", "rehearsal_resources"}
    assert "rehearsal_resources/demo_plan.json" in names
    assert "rehearsal_resources/help/review.html" in names  # F1's pages
    for page in ("producer.html", "presenter.html", "cuesheet.html", "companion.js"):
        assert f"rehearsal_resources/companion/{page}" in names  # served by the companion
    assert "rehearsal/formats/evidence/webvtt.py" in names  # every subpackage listed
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    version = subprocess.run(
        [str(env_dir / "bin" / "rehearsal"), "--version"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert version.stdout.startswith("rehearsal ")
    db = tmp_path / "demo.rehearsal"
    demo = subprocess.run(
        [str(env_dir / "bin" / "rehearsal"), "demo", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert demo.returncode == 0, demo.stderr
    listing = subprocess.run(
        [str(env_dir / "bin" / "rehearsal"), "list", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert "Order workflow rollout" in listing.stdout
    # Imported from the installed copy, not from this checkout.
    where = subprocess.run(
        [str(py), "-c", "import rehearsal_resources as r; print(r.__file__)"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert str(env_dir) in where.stdout

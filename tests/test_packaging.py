"""A plain `pip install .` ships the migrations and the seeds inside the package."""

import shutil
import subprocess
import sys
import zipfile

from helpers import REPO


def test_wheel_carries_migrations_and_seeds(tmp_path):
    # Built from a copy: setuptools leaves build/ and *.egg-info in the tree.
    source = tmp_path / "source"
    shutil.copytree(
        REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", ".cache", "*.db")
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("tracker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "tracker/migrations/env.py",
        "tracker/migrations/script.py.mako",
        "tracker/seeds/2017-03-22-global-coalition-ministerial-statement.txt",
        "tracker/seeds/2017-03-22-global-coalition-ministerial-statement.yaml",
        "tracker/scorecard/templates/report.html.j2",
        "tracker/scorecard/templates/report.css",
        "tracker/drafting/codebook.yaml",
        "tracker/drafting/gazetteers/organisations.yaml",
        "tracker/drafting/gazetteers/places.yaml",
    }
    assert shipped <= names
    versions = {p.name for p in (REPO / "migrations" / "versions").glob("*.py")}
    assert {
        n.rsplit("/", 1)[1] for n in names if n.startswith("tracker/migrations/versions/")
    } == versions

"""A plain `pip install .` ships the migrations and the seeds inside the package."""

import configparser
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser

import pytest
from helpers import REPO

DISTRIBUTION = "diplomatic-commitment-tracker"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Built from a copy: setuptools leaves build/ and *.egg-info in the tree.
    tmp_path = tmp_path_factory.mktemp("wheel")
    source = tmp_path / "source"
    shutil.copytree(
        REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", ".cache", "*.db")
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    [built] = tmp_path.glob("*.whl")
    return zipfile.ZipFile(built)


def test_wheel_carries_migrations_and_seeds(wheel):
    names = set(wheel.namelist())
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
        "tracker/drafting/gazetteers/cities.tsv",
        "tracker/drafting/verb_forms.tsv",
    }
    assert shipped <= names
    versions = {p.name for p in (REPO / "migrations" / "versions").glob("*.py")}
    assert {
        n.rsplit("/", 1)[1] for n in names if n.startswith("tracker/migrations/versions/")
    } == versions


def test_wheel_has_its_own_name_and_the_tracker_command(wheel):
    from tracker import __version__

    stem = f"diplomatic_commitment_tracker-{__version__}"
    assert wheel.filename.rsplit("/", 1)[1].startswith(f"{stem}-")
    info = f"{stem}.dist-info"
    metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode("utf-8"))
    assert (metadata["Name"], metadata["Version"]) == (DISTRIBUTION, __version__)
    entry_points = configparser.ConfigParser()
    entry_points.read_string(wheel.read(f"{info}/entry_points.txt").decode("utf-8"))
    assert dict(entry_points["console_scripts"]) == {"tracker": "tracker.lane:main"}
    # The import package keeps its name.
    assert "tracker/cli.py" in wheel.namelist()


def test_a_console_script_written_before_the_lane_still_runs(seeded_sqlite):
    """What `pip install -e .` wrote before tracker.lane: `from tracker.cli import main`."""
    old_script = "import sys\nfrom tracker.cli import main\nsys.exit(main())\n"
    for args in (["list", "--limit", "1"], ["list", "--limit", "1", "--columns", "id"]):
        done = subprocess.run(
            [sys.executable, "-c", old_script, "--db", seeded_sqlite, *args],
            capture_output=True,
            text=True,
        )
        assert (done.returncode, done.stderr) == (0, "") and "gc2017-1.1" in done.stdout

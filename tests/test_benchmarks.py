"""The benchmark runs and gives every target a verdict (it times; this does not)."""

import os
import subprocess
import sys

import pytest
from helpers import REPO


@pytest.mark.slow
def test_the_benchmark_gives_every_target_a_verdict(tmp_path):
    result = subprocess.run(
        [sys.executable, "run.py", "--sizes", "small", "--runs", "1", "--import-runs", "1"],
        cwd=REPO / "benchmarks",
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(REPO)},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    targets = [line for line in lines if " vs " in line or "the floor:" in line]
    assert targets and all("met" in line or "MISSED" in line for line in targets)
    assert any("own SQL" in line for line in lines)  # the floor, labelled
    assert any("hand-written" in line for line in lines)
    assert any("first call (fresh process)" in line for line in lines)

"""20 browser sessions on /finansiering for a minute (slow: run with `make load`)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench")]

from load import measure  # noqa: E402


@pytest.mark.slow
def test_twenty_sessions_for_a_minute_lose_nothing():
    report = measure(sessions=20, seconds=60)
    print(f"\n{report}")
    assert report["seconds"] >= 60
    assert report["errors"] == []
    assert report["scenarios_saved"] > 0, "no session managed to save a scenario"
    assert report["scenarios_lost"] == []

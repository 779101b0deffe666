"""The dependency set is pinned whole: every direct pin is in the lock file at the same version,
the lock pins every package it names exactly, and the environment the tests run in is the one
the lock describes (issue 50, point 6)."""

from __future__ import annotations

import importlib.metadata as metadata
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-r")):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: «{line}» is not pinned with =="
        pins[_name(match[1])] = match[2]
    return pins


def test_every_direct_pin_is_in_the_lock_at_the_same_version():
    lock = _pins(ROOT / "requirements.lock")
    for file in ("requirements.txt", "requirements-dev.txt"):
        for name, version in _pins(ROOT / file).items():
            assert lock.get(name) == version, f"{file}: {name}=={version}, the lock has {lock.get(name)}"


def test_the_environment_is_the_locked_one():
    lock = _pins(ROOT / "requirements.lock")
    installed = {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differs = {
        name: (version, installed.get(name))
        for name, version in lock.items()
        if installed.get(name) != version
    }
    assert differs == {}


def test_the_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "-r requirements.txt -c requirements.lock" in makefile
    assert "-r requirements-dev.txt -c requirements.lock" in makefile

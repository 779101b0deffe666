"""The house rules: the layers and «Streamlit only in brannsam.ui» are import-linter contracts
(pyproject.toml, run by `make lint` and `make test`); here, that every package has a layer in
them, and that no page script runs SQL."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "brannsam"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def _contract(kind: str) -> dict:
    return next(c for c in CONTRACTS["contracts"] if c["type"] == kind)


def packages() -> set[str]:
    return {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")} - {"__init__"}


def test_every_package_has_a_layer():
    layered = {
        m.strip().removeprefix("brannsam.")
        for layer in _contract("layers")["layers"]
        for m in layer.split(":")
    }
    assert packages() <= layered, sorted(packages() - layered)


def test_every_package_but_ui_is_forbidden_streamlit():
    sources = {m.removeprefix("brannsam.") for m in _contract("forbidden")["source_modules"]}
    assert sources == packages() - {"ui"}


def test_no_page_script_runs_sql():
    for path in sorted((ROOT / "pages").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "duckdb" not in text and ".execute(" not in text and ".sql(" not in text, path.name

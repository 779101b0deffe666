"""The house rules the tests enforce: a lower package never imports a higher one, Streamlit is
imported only by `brannsam/ui/`, the page scripts and `app.py`, and no page script runs SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "brannsam"
# Lowest first; a package may import its own layer's and lower ones. `cli` and `ui` are the top.
LAYERS = [
    {"formatting", "geo", "scoring", "access"},
    {"data", "present"},
    {"risk", "cooperation"},
    {"estimates", "imports"},
    {"funding"},
    {"alternatives", "pipeline", "decisions", "workshop"},
    {"documents"},
    {"cli", "ui", "__main__"},
]
LEVEL = {name: n for n, layer in enumerate(LAYERS) for name in layer}


def imported(path: Path) -> set[str]:
    """Every module a file imports, as dotted names."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return out


def package_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_every_package_has_a_layer():
    packages = {package_of(p) for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert packages <= set(LEVEL), sorted(packages - set(LEVEL))


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_package_imports_a_higher_one(path):
    own = package_of(path)
    if own == "__init__":
        return
    for module in imported(path):
        parts = module.split(".")
        if parts[0] == "brannsam" and len(parts) > 1 and parts[1] in LEVEL:
            assert LEVEL[parts[1]] <= LEVEL[own], f"{own} imports {module}"


def test_only_the_ui_layer_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if package_of(p) != "ui" and any(m.split(".")[0] == "streamlit" for m in imported(p))
    ]
    assert offenders == []


def test_no_page_script_runs_sql():
    for path in sorted((ROOT / "pages").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "duckdb" not in text and ".execute(" not in text and ".sql(" not in text, path.name

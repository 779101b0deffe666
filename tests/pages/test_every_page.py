"""Every page in the navigation loads with no exception, whichever page is added next: the list
is read from app.py itself, so a new page is smoke-tested without anyone remembering to."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app.py"


def navigation() -> list[tuple[str, str]]:
    """(script, title) of every page in app.py's PAGES."""
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            return [(entry[0], entry[1]) for entry in ast.literal_eval(node.value)]
    raise AssertionError("app.py has no PAGES")


def test_the_list_is_read_from_the_app():
    assert ("oversikt", "Oversikt") in navigation() and len(navigation()) >= 10


@pytest.mark.parametrize(("script", "title"), navigation(), ids=[s for s, _ in navigation()])
def test_every_page_loads_without_an_exception(run_page, script, title):
    at = run_page(script)
    assert not at.exception, at.exception
    assert at.title or at.header or at.subheader or at.markdown  # it drew something

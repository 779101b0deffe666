"""The server warms what the pages import, read from the page scripts themselves, so a page that
starts using a module is warmed without a hand-kept list to forget (issue 50, point 7)."""

from __future__ import annotations

import importlib.util

from brannsam.ui import warmup


def test_the_modules_warmed_are_those_the_pages_import():
    modules = warmup.page_modules()
    for expected in (
        "brannsam.ui.workshop_facilitator",  # `from brannsam.ui import workshop_facilitator`
        "brannsam.present.export",  # openpyxl and segno come with it
        "brannsam.ui.data",
        "streamlit",
    ):
        assert expected in modules
    assert "brannsam.data.services.DEFAULT_STRUCTURE" not in modules  # a name, not a module
    assert all(importlib.util.find_spec(m) is not None for m in modules)

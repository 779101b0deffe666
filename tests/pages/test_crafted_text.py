"""Text no Word or Excel file can hold (a lone surrogate, U+FFFF) is refused where it comes in:
in a link it is «Viser standardoppsettet» on every page, and the session is not poisoned."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from brannsam.data import columns
from brannsam.funding.settings import Settings


def crafted_link(text: str) -> str:
    data = Settings().to_dict() | {"vurdering": text}
    raw = json.dumps(data).encode()  # \\udc80 travels as an escape, as a hand-made link can carry it
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


@pytest.mark.parametrize("text", ["hei \udc80", "hei \uffff", "hei \ufdd0"])
def test_unwritable_characters_are_refused_by_the_one_text_check(text):
    assert "ikke kan skrives i Word eller Excel" in columns.text_problem(text, 100)


@pytest.mark.parametrize("page", ["alternativer", "finansiering", "min_kommune"])
def test_a_link_with_a_lone_surrogate_is_refused_and_the_next_page_still_opens(run_page, page):
    at = run_page(page, oppsett=crafted_link("hei \udc80"))
    assert not at.exception
    assert any("standardoppsettet" in w.value for w in at.warning)
    at.switch_page("pages/views/oversikt.py").run()
    assert not at.exception

"""The build and the import read cells through one column type: the same value is refused by
both with the same message, and a value both accept is read the same way."""

import re

import pytest

from brannsam.data import columns, sources
from brannsam.data.columns import CellError, Column
from brannsam.imports import datasets


def _source_column(spec: sources.SourceSpec, name: str) -> Column:
    return next(c for c in spec.columns if c.name == name)


def _template_column(dataset: str, name: str) -> Column:
    return next(c for c in datasets.DATASETS[dataset].fields if c.name == name)


@pytest.mark.parametrize(
    ("spec", "dataset", "name"),
    [
        (sources.BRANNSTASJONER, "stasjoner", "lat"),
        (sources.BRANNSTASJONER, "stasjoner", "lon"),
        (sources.HENDELSER, "hendelser", "antall"),
        (sources.HENDELSER, "hendelser", "aar"),
    ],
)
def test_build_and_import_share_the_limits(spec, dataset, name):
    source, template = _source_column(spec, name), _template_column(dataset, name)
    assert (source.minimum, source.maximum) == (template.minimum, template.maximum)


def test_a_latitude_outside_the_region_is_refused_alike():
    messages = []
    for column in (_source_column(sources.BRANNSTASJONER, "lat"), _template_column("stasjoner", "lat")):
        with pytest.raises(CellError) as err:
            columns.convert("59,9", column)
        messages.append(str(err.value))
    assert messages[0] == messages[1] == "59,9 er utenfor det tillatte området 62–65,5."


@pytest.mark.parametrize(
    ("text", "value"),
    [("1 234,5", 1234.5), ("1234.5", 1234.5), ("1.234,5", 1234.5), (" 7 ", 7.0)],
)
def test_norwegian_and_plain_numbers_read_the_same(text, value):
    assert columns.convert(text, Column(name="x", kind="float")) == value


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("mye", "float", "«mye» er ikke et tall."),
        ("3,5", "int", "«3,5» må være et helt tall."),
        (2023.5, "int", "«2023,5» må være et helt tall."),  # a number cell from Excel
        ("kanskje", "bool", "skal være «ja» eller «nei»"),
        ("abc", "kommunenummer", "«abc» er ikke et kommunenummer (fire sifre)."),
        ("", "text", "verdien mangler."),
    ],
)
def test_bad_cells_get_a_norwegian_reason(value, kind, message):
    with pytest.raises(CellError, match=re.escape(message)):
        columns.convert(value, Column(name="x", kind=kind))


def test_a_number_from_excel_becomes_a_four_digit_kommunenummer_and_must_be_known():
    column = Column(name="kommunenummer", kind="kommunenummer")
    known = {"kommunenummer": {"0301": "0301"}}
    assert columns.convert(301, column, known) == "0301"
    with pytest.raises(CellError, match="ukjent kommunenummer «5001»"):
        columns.convert("5001", column, known)


def test_only_untrusted_files_are_held_to_the_text_limit_and_visible_characters():
    column = Column(name="x")
    long, hidden = "a" * (columns.MAX_TEXT + 1), "Røros\u200b"
    assert columns.convert(long, column) == long
    assert columns.convert(hidden, column) == hidden
    with pytest.raises(CellError, match="høyst 300"):
        columns.convert(long, column, untrusted=True)
    with pytest.raises(CellError, match="U\\+200B"):
        columns.convert(hidden, column, untrusted=True)


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown column kind"):
        Column(name="x", kind="tall")

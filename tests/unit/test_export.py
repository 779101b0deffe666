"""Downloads open in Excel as the figures and names they hold: no text becomes a formula."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from brannsam.imports import datasets
from brannsam.present import charts, export, maps

ATTACK = '=HYPERLINK("http://angriper.example/p","Klikk")'


def cells(data: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def test_text_that_looks_like_a_formula_is_written_as_text():
    frame = pd.DataFrame({"Vurderer": [ATTACK, "+47 999", "@SUM(A1)", "Ola"], "Poeng": [1, 2, 3, -4]})
    written = cells(export.to_excel({"Vurderinger": frame}, notes=["=1+1"]))
    assert not [c.coordinate for c in written if c.data_type == "f"]
    assert ATTACK in [c.value for c in written]
    assert -4 in [c.value for c in written]  # numbers stay numbers


def test_a_template_whose_reference_sheet_holds_a_formula_like_name_imports(con):
    reference = pd.DataFrame({"Stasjon": [ATTACK], "Kommunenummer": ["5001"]})
    template = datasets.template("stasjoner", reference)
    assert not [c.coordinate for c in cells(template) if c.data_type == "f"]


def test_csv_neutralises_formula_starts_but_not_numbers():
    text = export.to_csv(pd.DataFrame({"Navn": ["=1+2", "-x", "Ok"], "Tall": [-1.5, 2.0, 3.0]})).decode(
        "utf-8-sig"
    )
    assert text.splitlines() == ["Navn;Tall", "'=1+2;-1,5", "'-x;2,0", "Ok;3,0"]


HOSTILE = '<a href="http://example.invalid">Klikk her</a> 100%{x}'


def test_a_scenario_name_with_html_stays_text_in_the_comparison_chart():
    table = pd.DataFrame({"Kommune": ["Røros", "Os"], HOSTILE: [1, 2], "Vanlig": [3, 4]})
    fig = charts.scenario_bars(table)
    hostile = next(t for t in fig.data if "Klikk her" in t.name)
    assert "<a" not in hostile.name and "&lt;a href" in hostile.name
    assert "<a" not in hostile.hovertemplate and "%{x}" not in hostile.hovertemplate.split("<extra>")[1]


def test_the_key_under_the_stacked_bars_names_each_part_in_its_bars_colour():
    ranking = pd.DataFrame(
        {"kommunenavn": ["Os", "Røros"], "indeks": [3.0, 2.0], "b": [2.0, 1.0], "a": [1.0, 1.0]}
    )
    labels = {"a": "Økonomi", "b": HOSTILE, "c": "Ikke vektet"}
    fig = charts.contribution_bars(ranking, labels)
    key = charts.contribution_key(ranking, labels)
    assert not fig.layout.showlegend  # the key is drawn beside the chart, not by plotly
    assert [(t.marker.color, t.name) for t in fig.data] == [(c, charts.plain(label)) for c, label in key]
    assert [label for _, label in key] == ["Økonomi", HOSTILE]  # only the parts the ranking has
    legend = maps.swatch_legend(key, inline=True)
    assert "Økonomi" in legend and "&lt;a href" in legend and "<a" not in legend
    assert all(colour in legend for colour, _ in key)


def test_names_in_map_tooltips_are_escaped():
    stations = pd.DataFrame(
        {
            "navn": [HOSTILE],
            "kommunenavn": ["Os"],
            "brannvesen": ["<b>X</b>"],
            "kategori": ["depot"],
            "lat": [62.5],
            "lon": [11.2],
        }
    )
    layer = maps.station_layer(stations)
    frame = pd.DataFrame(layer.data) if not isinstance(layer.data, pd.DataFrame) else layer.data
    assert "<a" not in frame["tittel"].iloc[0] and "&lt;a" in frame["tittel"].iloc[0]
    assert "<b>" not in frame["detaljer"].iloc[0]


def test_excel_writes_kroner_years_and_shares_as_formatted_numbers():
    frame = pd.DataFrame(
        {
            "Kommunenummer": ["5001", "5025"],
            "Kommune": ["Trondheim", "Røros"],
            "År": [2028, 2028],
            "Netto endring": [1_234_567, -2_000],
            "Netto i % av dagens": [12.5, -0.3],
        }
    )
    book = openpyxl.load_workbook(
        io.BytesIO(export.to_excel({"Ark": export.with_total(frame, "Kommune", ["Netto endring"])}))
    )
    sheet = book["Ark"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["Kommunenummer"].value == 5001 and row["Kommunenummer"].number_format == "0"
    assert row["År"].value == 2028 and row["År"].number_format == "0"
    assert row["Netto endring"].value == 1_234_567 and "kr" in row["Netto endring"].number_format
    # A share is the fraction in Excel's own per cent format, so the reader's formulas work on it.
    assert row["Netto i % av dagens"].value == 0.125 and row["Netto i % av dagens"].number_format == "0.0 %"
    total = {h: c.value for h, c in zip(header, sheet[4], strict=True)}
    assert total["Kommune"] == "Sum" and total["Netto endring"] == 1_232_567


def test_a_plain_figure_has_no_trailing_decimal_comma():
    frame = pd.DataFrame({"Innbyggere": [1399, 212_660], "Årsverk": [1.25, 3.0]})
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_excel({"Ark": frame})))["Ark"]
    assert sheet["A2"].number_format == "#,##0"  # «1 399», never «1 399,»
    assert sheet["B2"].number_format == "#,##0.0#"

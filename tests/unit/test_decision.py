"""A council's draft decision says what its own figures say (issue 47): the local reduction is the
avoided cost in kroner, the membership condition is checked, the host is never one that stays
out, a council that says no has its own points, and the amounts sit in the years it adopts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import docx
import openpyxl
import pytest

from brannsam import formatting as fmt
from brannsam.documents import agreement, brief, decision, writers
from brannsam.funding import avoided, calendar, consequences, display, membership, options, ranges
from brannsam.funding.settings import ScenarioError, Settings
from brannsam.present import export

TODAY = dt.date(2026, 12, 7)  # a December 2026 decision: budget 2027, økonomiplan 2027–2030


def priced(region, option_id: str = "B", **changes) -> Settings:
    option = next(o for o in region.options if o["id"] == option_id)
    return options.settings_for(Settings(**changes), option)


def draft_of(region, nr: str, settings: Settings) -> list[str]:
    result = ranges.evaluate(settings, region.inputs)
    return brief.municipality_brief(nr, region, settings, "S", "http://x", TODAY, result).draft


def kroner_in(text: str) -> list[int]:
    return [int(re.sub(r"\D", "", m)) for m in re.findall(r"\d{1,3}(?:\u00a0\d{3})*\u00a0kr", text)]


def test_the_avoided_cost_splits_into_its_parts_to_the_krone(region):
    settings = priced(region)
    table = consequences.evaluate(settings, region.inputs).table
    split = consequences.avoided_split(settings, region.inputs)
    merged = split.merge(table, on=["kommunenummer", "aar"], suffixes=("", "_tabell"))
    assert (merged["unngatt_kr"] == merged["unngatt_kr_tabell"]).all()
    parts = [c for c in split.columns if c.endswith("_kr") and c != "unngatt_kr"]
    assert (split[parts].sum(axis=1) == split["unngatt_kr"]).all()
    # Røros' duty rota ends the day the shared one starts: most of its avoided cost the first year.
    roros = split[(split["kommunenummer"] == "5025")].iloc[0]
    assert roros["vaktordning_kr"] > roros["unngatt_kr"] / 2


def test_point_5_states_the_reduction_in_kroner_equal_to_the_table(region):
    settings = priced(region)
    table = consequences.evaluate(settings, region.inputs).table
    for nr in ("5025", "1811", "5034"):  # Røros, Bindal, Os
        point = next(p for p in draft_of(region, nr, settings) if p.startswith("5."))
        assert "forutsetter ingen reduksjon" not in point
        for row in table[(table["kommunenummer"] == nr) & (table["aar"] <= 2030)].itertuples():
            assert f"{row.aar}: {fmt.kroner(row.unngatt_kr)}" in point, (nr, row.aar)
        service = region.kommuner.set_index("kommunenummer").loc[nr, "brannvesen"]
        assert f"{service} avvikler sin egen overordnede vakt" in point
    roros = next(p for p in draft_of(region, "5025", settings) if p.startswith("5."))
    assert "egen overordnet vakt" in roros and "forebyggende" in roros


def test_with_osen_out_steinkjer_is_told_why_nothing_is_avoided(region):
    # Osen is an owner of Brannvesenet Midt IKS, which goes on for it.
    settings = priced(region, uten=["5020"], medlemsvilkar=0.5)
    point = next(p for p in draft_of(region, "5006", settings) if p.startswith("5."))
    assert "unngått lokal kostnad 0 kr" in point and "Osen" in point
    assert "årsverk etter hvert" not in point  # no reduction asked for that the table does not count


def test_printed_parts_add_up_as_printed(region):
    settings = priced(region, "D")
    point = next(p for p in draft_of(region, "5001", settings) if p.startswith("5."))
    gross = point.split("Som egen linje")[0]
    for year_text in re.findall(r"\d{4}: [^;]+", gross):
        amounts = kroner_in(year_text)
        assert len(amounts) >= 2 and amounts[0] == sum(amounts[1:]), year_text
    assert "kapitalkostnader" in gross or "engangskostnader" in gross


def test_the_amounts_sit_in_the_years_the_council_adopts(region):
    settings = priced(region)
    draft = "\n".join(draft_of(region, "5025", settings))
    assert "økonomiplanen 2027–2030" in draft
    assert "Senere år kommer med i neste økonomiplan: 2031" in draft
    preparation = next(p for p in draft_of(region, "5025", settings) if "forberedelsen" in p)
    assert (
        preparation.startswith("6.") and "budsjett 2027" in preparation and "disposisjonsfond" in preparation
    )


def test_below_the_membership_condition_the_draft_says_it_is_not_met(region):
    settings = priced(region, uten=["5025", "5001"])
    condition = membership.condition(settings, region.inputs)
    assert round(condition.share, 3) == 0.547 and not condition.met
    draft = draft_of(region, "1811", settings)
    assert (
        "er ikke oppfylt" in draft[0]
        and "54,7\u00a0%" in draft[0]
        and "slutter seg derfor ikke til nå" in draft[0]
    )
    assert not any("slutter seg til Brannsamarbeid Trøndelag fra" in p for p in draft)
    lowered = dataclasses.replace(settings, medlemsvilkar=0.5)
    assert "slutter seg til Brannsamarbeid Trøndelag fra" in draft_of(region, "1811", lowered)[0]


def test_the_deadline_is_a_setting_checked_and_moved_with_the_start(region):
    settings = Settings.from_dict(Settings().to_dict() | {"vedtaksfrist": "2027-03-31"})
    assert calendar.decision_deadline(settings) == dt.date(2027, 3, 31)
    assert calendar.decision_deadline(settings.with_first_year(settings.forste_aar + 1)).year == 2028
    with pytest.raises(ScenarioError, match="før samarbeidet starter"):
        Settings.from_dict(Settings().to_dict() | {"vedtaksfrist": "2031-01-01"})
    with pytest.raises(ScenarioError, match="Fristen for vedtak"):
        Settings.from_dict(Settings().to_dict() | {"vedtaksfrist": "snart"})
    draft = draft_of(region, "5025", dataclasses.replace(priced(region), vedtaksfrist="2027-03-31"))
    assert "innen 31. mars 2027" in draft[0]


def test_the_host_takes_on_the_role_and_a_host_that_stays_out_is_never_named(region):
    trondheim = draft_of(region, "5001", priced(region))
    assert "Trondheim kommune påtar seg rollen som vertskommune" in trondheim[1]
    assert "legges til Trondheim" not in trondheim[1]
    without = priced(region, uten=["5025", "5001"], medlemsvilkar=0.5)
    bindal = draft_of(region, "1811", without)
    assert "Trondheim" not in bindal[1] and "blir ikke med" in bindal[1]
    largest = (
        region.kommuner[~region.kommuner["kommunenummer"].isin(without.uten)]
        .sort_values("innbyggere", ascending=False)
        .iloc[0]["kommunenavn"]
    )
    assert f"blir det {largest} kommune" in bindal[1]
    for point in trondheim + bindal:
        assert "(forslag)" not in point and "organisasjonsform ukjent" not in point


def test_the_key_is_defined_in_plain_words(region):
    point = next(p for p in draft_of(region, "5025", priced(region)) if p.startswith("3."))
    assert "beredskapsbehov 100\u00a0%" in point
    assert "Beredskapsbehov betyr" in point or "beredskapsbehov betyr" in point


def test_a_council_that_says_no_gets_its_own_draft_decision(region):
    settings = priced(region, uten=["5001"])
    draft = draft_of(region, "5001", settings)
    assert draft[0] == "1. Trondheim kommune slutter seg ikke til Brannsamarbeid Trøndelag."
    assert "videreføres i Trøndelag brann- og redningstjeneste IKS" in draft[1]
    assert "Frøya" in draft[2]  # its partners in the company, who may join
    assert [p.split(".")[0] for p in draft] == ["1", "2", "3"]


def test_adopted_years_follow_the_decision_date():
    assert decision.adopted_years(dt.date(2026, 12, 7)) == [2027, 2028, 2029, 2030]
    assert decision.adopted_years(dt.date(2027, 6, 1)) == [2028, 2029, 2030, 2031]


def test_the_contribution_splits_into_running_one_off_and_capital_to_the_krone(region):
    settings = priced(region, "D")
    split = consequences.contribution_split(settings, region.inputs)
    table = consequences.evaluate(settings, region.inputs).table
    merged = split.merge(table, on=["kommunenummer", "aar"], suffixes=("", "_tabell"))
    assert (merged["bidrag_kr"] == merged["bidrag_kr_tabell"]).all()
    assert (split["drift_kr"] + split["engang_kr"] + split["kapital_kr"] == split["bidrag_kr"]).all()
    by_year = split.groupby("aar")[["engang_kr", "kapital_kr"]].sum()
    assert by_year["engang_kr"].iloc[0] > 0 and (by_year["kapital_kr"] > 0).all()


def test_the_funding_workbook_is_one_a_finance_director_can_use(region):
    settings = priced(region)
    result = ranges.evaluate(settings, region.inputs)
    summary = consequences.region_summary(result.table, result.region_range)
    year = settings.forste_aar
    book = openpyxl.load_workbook(
        io.BytesIO(export.to_excel(display.workbook(settings, result, summary, year, region.inputs)))
    )
    # Four plan years per municipality: gross split as a budget books it, avoided and net.
    years = book["Per kommune og år"]
    header = [c.value for c in years[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in years.iter_rows(min_row=2)]
    assert len(rows) == 40 * 4 and {r["År"] for r in rows} == set(range(year, year + 4))
    for r in rows:
        parts = r["herav drift (kr)"] + r["herav engangskostnader (kr)"] + r["herav kapitalkostnader (kr)"]
        assert parts == r["Bidrag brutto (kr)"]
        assert r["Bidrag brutto (kr)"] - r["Unngått lokal kostnad (kr)"] == r["Netto endring (kr)"]
    for sheet in book.worksheets:
        for column in sheet.iter_cols(min_row=1, max_row=2):
            name, cell = str(column[0].value), column[1]
            money = "kr" in name or name.startswith("Netto") or name.startswith("Bidrag")
            if isinstance(cell.value, int | float) and money and "%" not in name:
                assert cell.number_format == '#,##0 "kr"', (sheet.title, name)
            assert cell.number_format != "#,##0.##", (sheet.title, name)
    # The assumptions as typed cells: shares as fractions in per cent, years as numbers.
    assumptions = book["Forutsetninger"]
    typed = {r[1].value: (r[3].value, r[3].number_format) for r in assumptions.iter_rows(min_row=2)}
    assert typed["Pris- og lønnsvekst per år"] == (settings.vekst, "0.0 %")
    assert typed["Første år"] == (year, "0")
    # The Sum row says what the page says: the region's own low and high, not a sum of lows.
    chosen = book[f"Konsekvens {year}"]
    header = [c.value for c in chosen[1]]
    total = dict(zip(header, (c.value for c in chosen[chosen.max_row]), strict=True))
    assert total["Kommune"] == "Sum"
    assert (
        total["Netto lav"] == summary.loc[year, "lav_kr"]
        and total["Netto høy"] == summary.loc[year, "hoy_kr"]
    )
    assert total["Netto endring"] == summary.loc[year, "netto_endring_kr"]


def test_the_shared_cost_rule_is_a_choice_the_steering_group_sees(region):
    osen_out = priced(region, uten=["5020"], medlemsvilkar=0.5)
    settled = dataclasses.replace(osen_out, delt_tjeneste=avoided.SETTLED)
    goes_on = consequences.evaluate(osen_out, region.inputs).table
    joins = consequences.evaluate(settled, region.inputs).table
    first = osen_out.forste_aar
    steinkjer = [t[(t["kommunenummer"] == "5006") & (t["aar"] == first)].iloc[0] for t in (goes_on, joins)]
    assert steinkjer[0]["unngatt_kr"] == 0 and steinkjer[1]["unngatt_kr"] > 0
    note = display.held_note(osen_out, region.inputs.kommuner)
    assert note.startswith("Regel: ") and "Osen står utenfor og beholder brannvesenet" in note
    assert "gjøres opp med" in display.held_note(settled, region.inputs.kommuner)
    brief_text = " ".join(
        p
        for s in brief.municipality_brief("5006", region, osen_out, "S", "http://x", TODAY).sections
        for p in s.paragraphs
    )
    assert "regelen scenarioet bruker" in brief_text and "gjøres opp med" in brief_text
    stored = Settings.from_dict(settled.to_dict())
    assert stored.delt_tjeneste == avoided.SETTLED
    with pytest.raises(ScenarioError, match="delte brannvesen"):
        Settings.from_dict(settled.to_dict() | {"delt_tjeneste": "kanskje"})


def test_the_stand_alone_test_is_said_once_where_it_concludes_nothing(region):
    table = ranges.evaluate(priced(region), region.inputs).table
    first = table[table["aar"] == table["aar"].min()]
    assert display.STAND_ALONE not in display.consequence_table(first, estimated=True).columns
    assert display.STAND_ALONE in display.consequence_table(first, estimated=False).columns
    sentence = display.stand_alone_sentence(first["netto_endring_kr"], estimated=True)
    assert "kan ikke avgjøres" in sentence and f"av {len(first)} kommuner" in sentence


def test_the_agreement_draft_has_the_points_and_an_economy_annex_from_the_model(region):
    settings = priced(region, uten=["5001"], medlemsvilkar=0.5)
    option = next(o for o in region.options if o["id"] == "B")
    result = ranges.evaluate(settings, region.inputs)
    item = agreement.draft(settings, option, region.kommuner, result, TODAY)
    headings = [s.heading for s in item.sections]
    assert headings[:7] == [
        "1. Parter",
        "2. Organisering",
        "3. Oppgaver og myndighet",
        "4. Styring og instruks",
        "5. Økonomi",
        "6. Endring, uttreden og avvikling",
        "7. Ikrafttredelse",
    ]
    assert "Trondheim" not in item.sections[0].paragraphs[0] and "(39 kommuner)" in item.sections[
        0
    ].paragraphs[0].replace("\u00a0", " ")
    assert "Stjørdal kommune er vertskommune" in item.sections[1].paragraphs[0]  # the stated rule
    annex = item.sections[-1]
    assert "beredskapsbehov betyr" in annex.paragraphs[0]
    budget_text = annex.paragraphs[1]
    for year, total in result.table.groupby("aar")["bidrag_kr"].sum().items():
        assert f"{year}: {fmt.kroner(total)}" in budget_text
    frame = annex.tables[0].frame
    assert len(frame) == 39 and f"Tak {settings.forste_aar} (kr)" in frame.columns
    text = docx_text(writers.to_docx(item))
    assert "kontroller listen mot lovteksten" in text and "kommuneloven kapittel 20" in text


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_host_that_stays_out_is_named_nowhere_in_the_others_brief(region):
    settings = priced(region, uten=["5025", "5001"], medlemsvilkar=0.5)
    item = brief.municipality_brief("1811", region, settings, "S", "http://x", TODAY)
    plan = next(s for s in item.sections if s.heading == "Samarbeid og organisering")
    assert "Trondheim" not in " ".join(plan.paragraphs) and "står utenfor" in plan.paragraphs[1]
    assert "Trondheim" not in item.draft[1]

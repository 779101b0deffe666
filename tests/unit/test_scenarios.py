"""Funding settings from a link, the grid or the database: every value is checked before use."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import zlib

import docx
import duckdb
import pandas as pd
import pytest
from cli import brannsam_cli
from packages import model_settings, recommended

from brannsam.funding import budget, calendar, comparison, scenarios, store
from brannsam.funding.settings import ScenarioError, Settings


def link(data: object) -> str:
    raw = json.dumps(data).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def with_line(**changes: object) -> dict:
    settings = model_settings().to_dict()
    settings["budsjett"][0].update(changes)
    return settings


BAD = {
    "phase-in of 10 000 years": ({"innfasing_aar": 10_000}, "Innfasing"),
    "negative phase-in": ({"innfasing_aar": -5}, "Innfasing"),
    "negative cap": ({"innfasing_tak": -0.5}, "Maks endring"),
    "cap above the slider": ({"innfasing_tak": 0.9}, "Maks endring"),
    "cap as a string": ({"innfasing_tak": "ti"}, "ikke et tall"),
    "phase-in as null": ({"innfasing_aar": None}, "ikke et tall"),
    "phase-in as a list": ({"innfasing_aar": [1, 2]}, "ikke et tall"),
    "weight of infinity": ({"nokler": {"alle": {"fast": float("inf")}}}, "ikke et tall"),
    "weight of NaN": ({"nokler": {"alle": {"fast": float("nan")}}}, "ikke et tall"),
    "weight above the slider": ({"nokler": {"alle": {"fast": 50}}}, "utenfor"),
    "keys as a list": ({"nokler": [1]}, "Fordelingsnøklene"),
    "budget as a string": ({"budsjett": "mye"}, "liste"),
    "budget line cost as text": (with_line(kr_per_arsverk="mye"), "ikke et tall"),
    "budget line of NaN": (with_line(drift_kr=float("nan")), "mangler"),
    "budget line beyond any real budget": (with_line(arsverk=10**9), "høyst"),
    "savings at least the costs": (
        {"budsjett": [budget.legacy_lines().to_dict(orient="records")[0] | {"besparelse_kr": 10**9}]},
        "summerer til 0 kr",
    ),
    "not an object": ([], "ikke et gyldig scenario"),
    "kept rotas as text": (
        {"budsjett": model_settings().to_dict()["budsjett"], "egen_vakt": "alle"},
        "beholder egen overordnet vakt",
    ),
    "kept rota with markup": (
        {"budsjett": model_settings().to_dict()["budsjett"], "egen_vakt": ["<script>"]},
        "beholder egen overordnet vakt",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_settings_from_a_link_are_refused_in_norwegian(case):
    data, message = BAD[case]
    if isinstance(data, dict):
        data = Settings().to_dict() | data
    with pytest.raises(ScenarioError, match=message):
        scenarios.decode(link(data))


def test_a_link_that_inflates_beyond_any_scenario_is_refused_without_inflating_it():
    bomb = base64.urlsafe_b64encode(zlib.compress(b"[" + b" " * 10_000_000 + b"]", 9)).decode()
    assert len(bomb) < scenarios.MAX_LINK_CHARS
    with pytest.raises(ScenarioError, match="gyldig scenario"):
        scenarios.decode(bomb)


def test_default_and_older_partial_settings_still_load():
    assert scenarios.decode(scenarios.encode(Settings())) == Settings()
    older = scenarios.decode(link({"innfasing_aar": 5}))
    assert older.innfasing_aar == 5 and older.forste_aar == calendar.default_first_year()
    with_baseline = scenarios.decode(
        link(
            {
                "grunnlag": "dagens_kostnad",
                "budsjett": [
                    {
                        k: v
                        for k, v in budget.legacy_lines().to_dict(orient="records")[0].items()
                        if not k.startswith("erstatter")
                    }
                ],
            }
        )
    )  # a scenario saved before the net-change model: no replacements, an old baseline
    assert with_baseline.lines()["erstatter"].tolist() == ["ingen"]


def test_a_slider_move_on_checked_settings_checks_what_changed_and_only_that():
    """The funding page passes its current (checked) settings: a changed key is taken, a budget
    the page repeats unchanged is not checked again, and a changed budget still is."""
    current = model_settings()
    moved = current.to_dict() | {"nokler": {"alle": {"innbyggere": 3.0, "areal": 1.0}}}
    updated = Settings.from_dict(moved, current)
    assert updated.nokler == {"alle": {"innbyggere": 3.0, "areal": 1.0}}
    assert updated.budsjett == current.budsjett and updated.engang == current.engang
    broken = [dict(current.budsjett[0], arsverk=-1.0), *current.budsjett[1:]]
    with pytest.raises(ScenarioError, match="negativ"):
        Settings.from_dict(moved | {"budsjett": broken}, current)
    with pytest.raises(ScenarioError, match="Pris- og lønnsvekst"):
        Settings.from_dict(moved | {"vekst": 5.0}, current)


def test_a_scenario_naming_an_unknown_municipality_is_never_stored(app_db):
    con = duckdb.connect(str(app_db))
    bad_extra = Settings(tilvalg=[{"kommunenummer": "9999", "post": "X", "belop_kr": 1}])
    with pytest.raises(ScenarioError, match="9999"):
        store.save(con, "Ugyldig", bad_extra)
    with pytest.raises(ScenarioError, match="9999"):
        store.save(con, "Ugyldig", Settings(uten=["9999"]))
    assert "Ugyldig" not in store.names(con)
    store.save(con, "Uten Røros", Settings(uten=["5025"]))
    assert store.load(con, "Uten Røros").uten == ["5025"]


@pytest.mark.parametrize(
    ("one_off", "message"),
    [
        ({"post": "x" * 5000, "blokk": "felles", "aar": 2027, "belop_kr": 1}, "5000 tegn"),
        ({"post": ["a"], "blokk": "felles", "aar": 2027, "belop_kr": 1}, "navnet mangler"),
        ({"post": None, "blokk": "felles", "aar": 2027, "belop_kr": 1}, "navnet mangler"),
        ({"post": "IKT\x07", "blokk": "felles", "aar": 2027, "belop_kr": 1}, "U+0007"),
    ],
)
def test_one_off_names_are_checked_like_an_imported_cell(one_off, message):
    problems = budget.validate_one_offs([one_off])
    assert any(message in p for p in problems), problems


def test_a_budget_line_name_with_a_control_character_is_refused_and_shown():
    lines = budget.legacy_lines()
    lines.loc[0, "post"] = "Ledelse\x1b[31m"
    problems = budget.validate(budget.with_defaults(lines))
    assert any("U+001B" in p and "styretegn" in p for p in problems)
    assert not any("\x1b" in p for p in problems)  # the message shows it, it does not contain it


def test_a_scenario_name_or_an_address_with_a_control_character_is_refused(app_db):
    con = duckdb.connect(str(app_db))
    with pytest.raises(ScenarioError, match="styretegn"):
        store.save(con, "Plan\x00B", Settings())
    with pytest.raises(ScenarioError, match="BRANNSAM_URL"):
        scenarios.link(Settings(), "http://host\x07:8501")


def test_cli_report_with_a_broken_address_says_so_in_norwegian(built_db, tmp_path):
    result = brannsam_cli(
        "rapport",
        "--kommune",
        "5025",
        "--format",
        "docx",
        "--out",
        str(tmp_path),
        BRANNSAM_DB=str(built_db),
        BRANNSAM_URL="http://x\x07y",
    )
    assert result.returncode == 2 and "BRANNSAM_URL" in result.stderr and "Traceback" not in result.stderr


def test_cli_round_names_are_cleaned_and_limited(built_db, tmp_path):
    db = tmp_path / "runde.duckdb"
    db.write_bytes(built_db.read_bytes())
    for name in ("Samling\x07", "x" * 200):
        result = brannsam_cli("verksted", "ny", name, BRANNSAM_DB=str(db))
        assert result.returncode == 2 and "Rundens navn" in result.stderr and "Traceback" not in result.stderr


def test_a_saved_scenario_has_a_short_link_the_database_resolves(app_db, tmp_path):
    con = duckdb.connect(str(app_db))
    settings = Settings(uten=["5025"], vekst=0.03)
    store.save(con, "Uten Røros, 3 %", settings)
    code = scenarios.short_code(settings)
    assert scenarios.is_code(code) and code in store.saved_codes(con)
    assert store.by_code(con, code) == settings
    link = scenarios.short_link(settings, "https://brannsam.example.no")
    assert link == f"https://brannsam.example.no/finansiering?kode={code}" and len(link) < 70
    with pytest.raises(ScenarioError, match="Fant ikke"):
        store.by_code(con, "AAAAAAAAAA")
    with pytest.raises(ScenarioError, match="ikke en gyldig"):
        store.by_code(con, "kort")
    con.close()
    made = brannsam_cli(
        "rapport",
        "--kommune",
        "5001",
        "--format",
        "docx",
        "--out",
        str(tmp_path),
        "--scenario",
        "Uten Røros, 3 %",
        BRANNSAM_DB=str(app_db),
        BRANNSAM_URL="https://brannsam.example.no",
    )
    assert made.returncode == 0, made.stderr
    document = docx.Document(str(tmp_path / "5001-Trondheim.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"?kode={code}" in text and "oppsett=" not in text


def test_scenarios_compare_in_any_plan_year_with_ranges_a_difference_and_totals(con):
    inputs = store.inputs(con)
    named = {
        "Alle": recommended(con),
        "Uten Røros": recommended(con, Settings(uten=["5025"])),
    }
    first = calendar.default_first_year()
    table = comparison.compare(named, inputs, step=2)
    assert f"Alle ({first + 2})" in table.columns and "Uten Røros: spenn" in table.columns
    assert table["Kommune"].iloc[-1] == "Sum" and len(table) == 41
    roros = table[table["Kommune"] == "Røros"].iloc[0]
    assert pd.isna(roros[f"Uten Røros ({first + 2})"]) and roros["Uten Røros: spenn"] == "–"
    difference = table["Forskjell (Uten Røros − Alle)"]
    os_row = table[table["Kommune"] == "Os"].iloc[0]
    assert os_row["Forskjell (Uten Røros − Alle)"] > 0  # Os frees nothing locally when Røros says no
    assert difference.iloc[-1] == pytest.approx(difference.iloc[:-1].sum())


def test_a_saved_scenario_keeps_its_short_code_and_an_older_row_is_still_found(app_db):
    con = duckdb.connect(str(app_db))
    try:
        settings = Settings(innfasing_tak=0.2)
        store.save(con, "Med kode", settings)
        stored = con.execute("SELECT kode FROM scenario WHERE navn = 'Med kode'").fetchall()[0][0]
        assert stored == scenarios.short_code(settings)
        assert store.resolve(con, stored).name == "Med kode"
        # a row saved before codes were stored has none: it is hashed to compare
        con.execute("UPDATE scenario SET kode = NULL WHERE navn = 'Med kode'")
        assert store.resolve(con, stored).name == "Med kode" and stored in store.saved_codes(con)
    finally:
        con.close()


def test_settings_are_frozen_so_their_cached_canonical_form_stays_true():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.vekst = 0.1  # type: ignore[misc]
    moved = dataclasses.replace(settings, vekst=0.05)
    assert settings.canonical is settings.canonical  # made once
    assert json.loads(moved.canonical)["vekst"] == 0.05 != json.loads(settings.canonical)["vekst"]


def test_the_link_and_the_short_code_derive_from_one_canonical_form():
    """Settings made in code (a whole number where a float belongs) have the code and the link of
    the same settings read back from the database."""
    made = model_settings(kr_per_poeng=3_000_000, innfasing_aar=4)
    loaded = Settings.from_dict(json.loads(json.dumps(made.to_dict())))
    assert made.canonical == loaded.canonical
    assert scenarios.short_code(made) == scenarios.short_code(loaded)
    assert scenarios.encode(made) == scenarios.encode(loaded)
    assert scenarios.decode(scenarios.encode(made)) == loaded


def test_a_link_is_packed_once_per_canonical_form():
    settings = model_settings(vekst=0.031)
    scenarios.encode(settings)
    hits = scenarios._packed.cache_info().hits
    for _ in range(3):
        scenarios.encode(settings)
    assert scenarios._packed.cache_info().hits == hits + 3


def test_loaded_records_have_their_declared_types():
    data = model_settings().to_dict()
    data["budsjett"][0]["arsverk"] = 2  # JSON does not tell 2 from 2.0
    data["engang"][0]["aar"] = float(data["engang"][0]["aar"])
    data["tilvalg"] = [{"kommunenummer": 5001, "post": None, "belop_kr": 10}]
    loaded = Settings.from_dict(data)
    assert isinstance(loaded.budsjett[0]["arsverk"], float)
    assert isinstance(loaded.engang[0]["aar"], int)
    assert loaded.tilvalg == [{"kommunenummer": "5001", "post": "", "belop_kr": 10.0}]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"innfasing_aar": 2.5}, "Innfasing (år): 2,5 er ikke et helt antall år."),
        ({"oppstart_maaned": 13}, "Oppstartsmåned: 13 er utenfor 1–12."),
        ({"vekst": True}, "Pris- og lønnsvekst: «True» er ikke et tall."),
        ({"vekst": "0.05"}, "Pris- og lønnsvekst: «0.05» er ikke et tall."),
        ({"medlemsvilkar": float("inf")}, "Medlemsvilkår: «inf» er ikke et tall."),
        ({"realisering": [0.5]}, "Gevinstrealiseringen må ha én andel for hvert av de 4 årene."),
        ({"realisering": [0.5, 0.5, 2, 1]}, "Gevinstrealisering: 2 er utenfor 0–1."),
        ({"uten": "5001"}, "Kommunene som står utenfor må være en liste med ulike kommunenumre."),
        ({"uten": ["5001", "5001"]}, "Kommunene som står utenfor må være en liste med ulike kommunenumre."),
        ({"delt_tjeneste": "deles"}, "Regelen for delte brannvesen må være «fortsetter» eller «oppgjor»."),
        ({"nokler": {"alle": {"innbyggere": "mye"}}}, "Vekt «Innbyggere»: «mye» er ikke et tall."),
        ({"tilvalg": [{"kommunenummer": "50", "belop_kr": 1}]}, "Et tilvalg mangler gyldig kommunenummer."),
        ({"tilvalg": [{"kommunenummer": "5001", "belop_kr": -1}]}, "Tilvalg (kr): −1 er utenfor"),
        ({"vurdering": 12}, "Styringsgruppens vurdering må være tekst."),
    ],
)
def test_every_type_error_the_library_finds_is_said_in_norwegian(change, message):
    with pytest.raises(ScenarioError) as refused:
        Settings.from_dict(Settings().to_dict() | change)
    text = str(refused.value)
    assert message in text
    assert not re.search(r"Input should|validation error|Field required|pydantic", text)


def test_a_one_off_with_a_year_as_text_names_the_cost_and_the_column():
    data = model_settings().to_dict()
    data["engang"][0]["aar"] = "neste år"
    with pytest.raises(ScenarioError) as refused:
        Settings.from_dict(data)
    name = data["engang"][0]["post"][:40]
    assert f"Engangskostnad {name}: «År» er ikke et tall." in str(refused.value)

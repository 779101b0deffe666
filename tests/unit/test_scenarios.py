"""Funding settings from a link, the grid or the database: every value is checked before use."""

from __future__ import annotations

import base64
import json
import zlib

import docx
import duckdb
import pandas as pd
import pytest
from cli import brannsam_cli
from packages import model_settings, recommended

from brannsam.funding import budget, calendar, scenarios, store


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
        data = scenarios.Settings().to_dict() | data
    with pytest.raises(scenarios.ScenarioError, match=message):
        scenarios.decode(link(data))


def test_a_link_that_inflates_beyond_any_scenario_is_refused_without_inflating_it():
    bomb = base64.urlsafe_b64encode(zlib.compress(b"[" + b" " * 10_000_000 + b"]", 9)).decode()
    assert len(bomb) < scenarios.MAX_LINK_CHARS
    with pytest.raises(scenarios.ScenarioError, match="gyldig scenario"):
        scenarios.decode(bomb)


def test_default_and_older_partial_settings_still_load():
    assert scenarios.decode(scenarios.encode(scenarios.Settings())) == scenarios.Settings()
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
    updated = scenarios.Settings.from_dict(moved, current)
    assert updated.nokler == {"alle": {"innbyggere": 3.0, "areal": 1.0}}
    assert updated.budsjett == current.budsjett and updated.engang == current.engang
    broken = [dict(current.budsjett[0], arsverk=-1.0), *current.budsjett[1:]]
    with pytest.raises(scenarios.ScenarioError, match="negativ"):
        scenarios.Settings.from_dict(moved | {"budsjett": broken}, current)
    with pytest.raises(scenarios.ScenarioError, match="Pris- og lønnsvekst"):
        scenarios.Settings.from_dict(moved | {"vekst": 5.0}, current)


def test_a_scenario_naming_an_unknown_municipality_is_never_stored(app_db):
    con = duckdb.connect(str(app_db))
    bad_extra = scenarios.Settings(tilvalg=[{"kommunenummer": "9999", "post": "X", "belop_kr": 1}])
    with pytest.raises(scenarios.ScenarioError, match="9999"):
        store.save(con, "Ugyldig", bad_extra)
    with pytest.raises(scenarios.ScenarioError, match="9999"):
        store.save(con, "Ugyldig", scenarios.Settings(uten=["9999"]))
    assert "Ugyldig" not in store.names(con)
    store.save(con, "Uten Røros", scenarios.Settings(uten=["5025"]))
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
    with pytest.raises(scenarios.ScenarioError, match="styretegn"):
        store.save(con, "Plan\x00B", scenarios.Settings())
    with pytest.raises(scenarios.ScenarioError, match="BRANNSAM_URL"):
        scenarios.link(scenarios.Settings(), "http://host\x07:8501")


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
    settings = scenarios.Settings(uten=["5025"], vekst=0.03)
    store.save(con, "Uten Røros, 3 %", settings)
    code = scenarios.short_code(settings)
    assert scenarios.is_code(code) and code in store.saved_codes(con)
    assert store.by_code(con, code) == settings
    link = scenarios.short_link(settings, "https://brannsam.example.no")
    assert link == f"https://brannsam.example.no/finansiering?kode={code}" and len(link) < 70
    with pytest.raises(scenarios.ScenarioError, match="Fant ikke"):
        store.by_code(con, "AAAAAAAAAA")
    with pytest.raises(scenarios.ScenarioError, match="ikke en gyldig"):
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
        "Uten Røros": recommended(con, scenarios.Settings(uten=["5025"])),
    }
    first = calendar.default_first_year()
    table = scenarios.compare(named, inputs, step=2)
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
        settings = scenarios.Settings(innfasing_tak=0.2)
        store.save(con, "Med kode", settings)
        stored = con.execute("SELECT kode FROM scenario WHERE navn = 'Med kode'").fetchall()[0][0]
        assert stored == scenarios.short_code(settings)
        assert store.resolve(con, stored).name == "Med kode"
        # a row saved before codes were stored has none: it is hashed to compare
        con.execute("UPDATE scenario SET kode = NULL WHERE navn = 'Med kode'")
        assert store.resolve(con, stored).name == "Med kode" and stored in store.saved_codes(con)
    finally:
        con.close()

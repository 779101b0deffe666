"""The register of the councils' decisions (issue 47, point 9): what is registered is checked and
kept with its history, an undo takes back a whole batch, and the decisions drive the members of
the «Vedtatt» scenario, its share against the condition and each member's ceiling."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import docx
import duckdb
import openpyxl
import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam.alternatives import store as alternatives_store
from brannsam.cli import output
from brannsam.data import queries
from brannsam.decisions import followed, register
from brannsam.funding import consequences, options, scenarios, store
from brannsam.funding.settings import ScenarioError, Settings

TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def writable(app_db):
    con = duckdb.connect(str(app_db))
    yield con
    con.close()


def known(con) -> dict[str, str]:
    kommuner = queries.municipalities(con)
    return dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True))


def test_a_decision_is_checked_before_anything_is_written(writable):
    names = known(writable)
    for args, message in (
        (("9999", "ja"), "Ukjent kommunenummer"),
        (("5001", "kanskje"), "Ukjent status"),
        (("5001", "ja", "2028-01-01"), "etter i dag"),
        (("5001", "ja", "2023-05-01"), "før studien"),
        (("5001", "ja", "1. mars"), "er ikke en dato"),
        (("5001", "nei", "2027-02-01", None, "100 000"), "bare til et vedtak med status «ja»"),
        (("5001", "ja"), "må ha datoen"),
        (("5001", "ja", "2027-02-01", None, "mye"), "ikke et beløp"),
    ):
        with pytest.raises(register.DecisionError, match=message):
            register.checked(args[0], args[1], names, TODAY, *args[2:])
    assert register.history(writable).empty
    decision = register.checked("5001", " Ikke_behandlet ", names, TODAY)
    assert decision.status == "ikke behandlet"
    yes = register.checked("1811", "JA", names, TODAY, "15.02.2027", "2027/12", "100 000 kr")
    assert (yes.dato, yes.tak_kr, yes.sak) == (dt.date(2027, 2, 15), 100_000, "2027/12")


def test_the_latest_registration_holds_and_an_undo_takes_back_a_whole_batch(writable):
    names = known(writable)
    register.record(writable, [register.checked("5001", "utsatt", names, TODAY)], "Kari", "test")
    register.record(
        writable,
        [
            register.checked("5001", "nei", names, TODAY, "2027-02-20"),
            register.checked("1811", "ja", names, TODAY, "2027-02-21", tak=100_000),
        ],
        "Ola",
        "import: vedtak.xlsx",
    )
    now = register.current(writable, queries.municipalities(writable)).set_index("kommunenummer")
    assert now.loc["5001", "status"] == "nei" and now.loc["1811", "tak_kr"] == 100_000
    assert now.loc["5025", "status"] == "ikke behandlet" and len(now) == 40
    undone = register.undo_last(writable, "Per")
    assert sorted(undone["kommunenummer"]) == ["1811", "5001"]
    now = register.current(writable, queries.municipalities(writable)).set_index("kommunenummer")
    assert now.loc["5001", "status"] == "utsatt" and now.loc["1811", "status"] == "ikke behandlet"
    history = register.history(writable)
    assert len(history) == 3 and set(history.loc[history["angret"].notna(), "angret_av"]) == {"Per"}
    register.undo_last(writable, "Per")
    with pytest.raises(register.DecisionError, match="ingen registrering å angre"):
        register.undo_last(writable, "Per")


def test_a_filled_template_is_read_whole_or_not_at_all(writable):
    names = known(writable)
    blank = register.template(register.current(writable, queries.municipalities(writable)))
    book = openpyxl.load_workbook(io.BytesIO(blank))
    sheet = book[register.TEMPLATE_SHEET]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["1811"], 3, "ja")
    sheet.cell(rows["1811"], 4, dt.date(2027, 2, 21))
    sheet.cell(rows["1811"], 6, 100_000)
    sheet.cell(rows["5001"], 3, "nei")
    sheet.cell(rows["5001"], 4, dt.date(2027, 2, 20))
    buffer = io.BytesIO()
    book.save(buffer)
    found, problems = register.read_template("vedtak.xlsx", buffer.getvalue(), names, TODAY)
    assert not problems
    changes = register.changed(found, register.current(writable, queries.municipalities(writable)))
    assert sorted(d.kommunenummer for d in changes) == ["1811", "5001"]  # not the 38 unchanged
    sheet.cell(rows["5025"], 3, "kanskje")
    buffer = io.BytesIO()
    book.save(buffer)
    found, problems = register.read_template("vedtak.xlsx", buffer.getvalue(), names, TODAY)
    assert found == [] and any(p.startswith(f"Rad {rows['5025']}:") and "kanskje" in p for p in problems)
    found, problems = register.read_template("vedtak.csv", b"kommunenummer;status\n5001;ja\n", names, TODAY)
    assert found == [] and "må ha datoen" in problems[0]


# B has a host municipality: the package these tests vote on, whatever the analysis ranks first.
HOSTED = Settings(alternativ="B")


def save_hosted(db_path) -> None:
    """Save «Med vertskommune» (B recommended) for the commands' --scenario."""
    con = duckdb.connect(str(db_path))
    try:
        store.save(con, "Med vertskommune", HOSTED)
    finally:
        con.close()


def follow(con, decisions, today=TODAY):
    package, _, _ = alternatives_store.packaged(con, HOSTED)
    return followed.follow(package.settings, package.option, store.inputs(con), decisions, today)


def test_the_decisions_drive_the_members_the_ceilings_and_the_host(writable):
    names = known(writable)
    register.record(
        writable,
        [
            register.checked("5001", "nei", names, TODAY, "2027-02-20", "2027/77"),
            register.checked("1811", "ja", names, TODAY, "2027-02-21", tak=100_000),
        ],
        "Kari",
        "test",
    )
    decisions = register.current(writable, queries.municipalities(writable))
    result = follow(writable, decisions)
    table = result.table.set_index("kommunenummer")
    # Trondheim out: the others' contributions are recomputed without it.
    assert pd.isna(table.loc["5001", "bidrag_kr"]) and table.loc["5001", "merknad"] == "står utenfor"
    package, _, _ = alternatives_store.packaged(writable, HOSTED)
    everyone = consequences.evaluate(package.settings, store.inputs(writable)).table
    first = everyone[everyone["aar"] == result.year].set_index("kommunenummer")["bidrag_kr"]
    assert table.loc["1811", "bidrag_kr"] > first["1811"]
    assert table.loc["1811", "bidrag_kr"] > 100_000 and bool(table.loc["1811", "over_tak"])
    assert table.loc["1811", "merknad"] == followed.AGAIN and result.over == 1
    # The share counts the yeses only; before the deadline the undecided count as possible.
    assert result.decided.share < 0.01 and not result.decided.met
    assert 0.5 < result.possible < 0.6
    assert (
        "Trondheim har sagt nei" in result.host
        and "Trondheim" not in result.table.loc[result.table["status"] == "ja", "kommune"].tolist()
    )
    # After the deadline only the yeses are members.
    late = follow(writable, decisions, dt.date(2027, 7, 1))
    assert late.deadline_passed and late.table["bidrag_kr"].notna().sum() == 1


def test_the_cli_registers_refuses_and_reports(app_db):
    assert (
        brannsam_cli(
            "vedtak", "registrer", "5001", "nei", "--dato", "2026-12-01", "--sak", "2026/77"
        ).returncode
        == 0
    )
    done = brannsam_cli("vedtak", "registrer", "1811", "ja", "--dato", "2026-12-02", "--tak", "100000")
    assert done.returncode == 0 and "Bindal ja" in done.stdout
    for args, message in (
        (["9999", "ja"], "Ukjent kommunenummer"),
        (["5025", "kanskje"], "Ukjent status"),
        (["5025", "ja", "--dato", "i går"], "er ikke en dato"),
    ):
        refused = brannsam_cli("vedtak", "registrer", *args)
        assert refused.returncode == 2 and message in refused.stderr
    con = duckdb.connect(str(app_db), read_only=True)
    assert len(register.history(con)) == 2  # nothing written by the refusals
    con.close()
    save_hosted(app_db)
    overview = brannsam_cli("vedtak", "oversikt", "--format", "csv", "--scenario", "Med vertskommune")
    assert overview.returncode == 0
    assert overview.stdout.startswith("kommunenummer,kommune,status,dato,sak,tak_kr,bidrag_kr,over_tak")
    bindal = next(line for line in overview.stdout.splitlines() if line.startswith("1811,"))
    assert ",ja,2026-12-02,,100000," in bindal and "må behandles på nytt" in bindal
    assert "Kommunene som har sagt ja" in overview.stderr
    summary = brannsam_cli("vedtak", "oversikt", "--sammendrag", "--format", "csv")
    header, row = summary.stdout.strip().splitlines()
    assert header.startswith("andel_innbyggere,vilkar,vilkar_oppfylt") and ",nei," in row
    undo = brannsam_cli("vedtak", "angre")
    assert undo.returncode == 0 and "Bindal ja" in undo.stdout


def test_an_infoskriv_is_written_kept_and_the_next_says_what_changed(app_db, tmp_path):
    out = tmp_path / "brev"
    first = brannsam_cli("infoskriv", "--out", str(out), "--av", "Prosjektleder")
    assert first.returncode == 0, first.stderr
    today = dt.date.today().isoformat()
    assert {p.name for p in out.iterdir()} == {f"infoskriv-01-{today}.docx", f"infoskriv-01-{today}.pdf"}
    info = subprocess.run(
        ["pdfinfo", str(out / f"infoskriv-01-{today}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "(A4)" in info
    text = pdf_text(out / f"infoskriv-01-{today}.pdf")
    assert "Infoskriv nr. 1" in text and "første infoskrivet" in text
    assert "Studien anbefaler alternativ" in text and "Frist for likelydende vedtak" in text
    word = docx.Document(str(out / f"infoskriv-01-{today}.docx"))
    assert word.core_properties.language == "nb-NO"
    assert brannsam_cli("vedtak", "registrer", "5001", "nei", "--dato", today).returncode == 0
    save_hosted(app_db)
    assert brannsam_cli("infoskriv", "--out", str(out), "--scenario", "Med vertskommune").returncode == 0
    second = pdf_text(out / f"infoskriv-02-{today}.pdf")
    assert "Siden forrige infoskriv" in second and "Trondheim nei" in second
    assert "Trondheim har sagt nei" in second


def pdf_text(path) -> str:
    return " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def test_the_cli_writes_the_agreement_draft_as_word(app_db, tmp_path):
    done = brannsam_cli("avtale", "--out", str(tmp_path), "--uten", "5001", "--alternativ", "B")
    assert done.returncode == 0, done.stderr
    written = next(tmp_path.glob("avtaleutkast-*.docx"))
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "Utkast til vertskommuneavtale" in text and "Vedlegg: økonomi" in text
    again = brannsam_cli("avtale", "--out", str(tmp_path), "--uten", "5001", "--alternativ", "B")
    assert again.returncode == 2  # an existing file is not replaced without --overskriv


def test_every_csv_the_cli_writes_neutralises_formulas(app_db):
    assert (
        brannsam_cli(
            "vedtak", "registrer", "5001", "nei", "--dato", "2026-12-01", "--sak", "=SUM(1+1)"
        ).returncode
        == 0
    )
    out = brannsam_cli("vedtak", "oversikt", "--format", "csv").stdout
    trondheim = next(line for line in out.splitlines() if line.startswith("5001,"))
    assert ",'=SUM(1+1)," in trondheim
    for text in ("@SUM(A1)", "+1", "-2+3"):
        frame = pd.DataFrame({"navn": [text], "tall": [-2]})
        rendered = output.render(frame, "csv")
        assert f"'{text}" in rendered and ",-2" in rendered  # numbers stay numbers


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "kr_per_poeng",
            100_000_001.0,
            "Kroner per poeng: 100\u00a0000\u00a0001 er utenfor 0–100\u00a0000\u00a0000.",
        ),
        ("forste_aar", 2040.5, "Første budsjettår: 2040,5 er utenfor 2024–2040."),
    ],
)
def test_a_refused_number_is_printed_as_a_norwegian_reader_writes_it(field, value, message):
    with pytest.raises(ScenarioError) as refused:
        Settings.from_dict(Settings().to_dict() | {field: value})
    assert message in str(refused.value)


def _study_options(con) -> list[dict]:
    return options.defaults(*queries.alternatives(con))


def test_what_is_saved_loads_again_for_every_alternative_at_its_limits(writable):
    for option in _study_options(writable):
        longest = option["id"] + "x" * (options.MAX_ID - len(option["id"]))
        edited = dict(option, id=longest if option["id"] != options.ZERO else options.ZERO)
        if edited["poster"]:
            # The most årsverk a line may hold once priced (per-zone lines count once per zone).
            zones = max(len(edited.get("soner", [])), 1)
            first = dict(
                edited["poster"][0], arsverk=2_000 // zones if edited["poster"][0].get("per_sone") else 2_000
            )
            edited["poster"] = [first, *edited["poster"][1:]]
        settings = options.settings_for(Settings(alternativer=[edited], alternativ=edited["id"]), edited)
        store.save(writable, f"Grense {option['id']}", settings)
        assert store.load(writable, f"Grense {option['id']}") == Settings.from_dict(settings.to_dict())


def test_a_per_zone_line_over_the_limit_once_priced_is_refused_before_it_is_saved(writable):
    d = next(o for o in _study_options(writable) if o["id"] == "D")
    line = next(r for r in d["poster"] if r.get("per_sone"))
    heavy = dict(d, poster=[dict(line, arsverk=600)], soner=d["soner"][:4])
    with pytest.raises(ScenarioError, match="med 4 soner"):
        Settings.from_dict(Settings(alternativer=[heavy]).to_dict())
    priced = options.settings_for(Settings(), heavy)  # built on the page, never through the check
    with pytest.raises(ScenarioError):
        store.save(writable, "Tung", priced)
    assert not store.exists(writable, "Tung")
    long_id = dict(d, id="D" * 11)
    with pytest.raises(ScenarioError, match="«id»"):
        Settings.from_dict(Settings(alternativer=[long_id]).to_dict())


def test_a_zone_whose_base_is_no_station_is_refused_in_links_saves_and_the_cli(writable, app_db):
    b = next(o for o in _study_options(writable) if o["id"] == "B")
    atlantis = dict(b, soner=[{"navn": "Sør", "base": "Atlantis"}])
    settings = Settings(alternativer=[atlantis], alternativ="B")
    with pytest.raises(ScenarioError, match="Atlantis"):
        scenarios.check_references(
            settings, store.known_municipalities(writable), store.known_stations(writable)
        )
    with pytest.raises(ScenarioError, match="Atlantis"):
        store.save(writable, "Atlantis", settings)
    assert not store.exists(writable, "Atlantis")


def test_a_zone_name_with_a_hidden_character_is_named_in_the_message(writable):
    b = next(o for o in _study_options(writable) if o["id"] == "B")
    hidden = dict(b, soner=[dict(b["soner"][0], navn="Sør\u202e")])
    problems = options.validate(hidden)
    assert any("U+202E" in p and "sonenavnet" in p for p in problems)

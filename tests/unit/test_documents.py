"""The council briefs as the case officer opens them: Word and PDF with the municipality's
figures in Norwegian format, the estimate marks and the draft decision."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import duckdb
import pytest
from cli import brannsam_cli

from brannsam import formatting as fmt
from brannsam.alternatives import store as alternatives_store
from brannsam.documents import brief, decision, output_files, region_facts, study_report
from brannsam.documents import writers as documents
from brannsam.documents.document import Document
from brannsam.funding import budget, calendar, options, ranges
from brannsam.funding.settings import Settings

TODAY = dt.date(2026, 11, 28)
# The alternative the analysis ranks first with the default data (test_alternatives holds that):
# the package every brief and the report price by default.
RECOMMENDED = "B"


def priced(region, **changes) -> Settings:
    """The default settings (with `changes`) priced as the study's recommendation."""
    option = next(o for o in region.options if o["id"] == RECOMMENDED)
    return options.settings_for(Settings(**changes), option)


@pytest.fixture(scope="module")
def compared(built_db):
    """The alternatives under the default setting, as the page and the command line hand them to
    a brief."""
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        return alternatives_store.compared(con, Settings())[0]
    finally:
        con.close()


def roros(region) -> Document:
    return brief.municipality_brief(
        "5025", region, priced(region), "Standard", "http://x/finansiering?oppsett=a", TODAY
    )


def expected_figures(region) -> list[str]:
    """Røros' population and first-year konsekvens figures, as a Norwegian reader sees them:
    rounded to three figures, with the net change's range."""
    table = ranges.evaluate(priced(region), region.inputs).table
    first = table[(table["kommunenummer"] == "5025") & (table["aar"] == calendar.default_first_year())]
    first = first.iloc[0]
    return [
        fmt.number(first["innbyggere"]),
        fmt.approx_kroner(first["dagens_kr"]),
        fmt.approx_kroner(first["bidrag_kr"]),
        fmt.approx_kroner(first["unngatt_kr"]),
        fmt.approx_kroner(first["netto_endring_kr"], signed=True),
        fmt.kroner_span(first["lav_kr"], first["hoy_kr"]),
    ]


def test_the_brief_never_claims_precision_to_the_krone(region):
    # The facts; the draft decision prints whole kroner, so its printed parts add up.
    text = docx_text(documents.to_docx(roros(region))).split(brief.DRAFT_HEADING)[0]
    first = ranges.evaluate(priced(region), region.inputs).table.query("kommunenummer == '5025'").iloc[0]
    assert fmt.kroner(first["unngatt_kr"]) not in text  # e.g. «313 254 kr» is shown as «313 000 kr»


def test_the_draft_decision_can_be_adopted_as_it_stands(region):
    item = roros(region)
    draft = "\n".join(item.draft)
    first = calendar.default_first_year()
    assert [line.split(".")[0] for line in item.draft] == ["1", "2", "3", "4", "5", "6", "7"]
    adopted = TODAY.year + 1  # a council deciding in 2026 adopts budget 2027 and økonomiplan 2027–2030
    assert f"fra 1. januar {first}" in draft and f"økonomiplanen {adopted}–{adopted + 3}" in draft
    assert "skal ikke overstige" in draft and "innbyggere" in draft and "beredskapsbehov" in draft
    assert "de prioriterte områdene" not in draft  # no area scored in the built database
    # The budget has shared årsverk, so the form named must give them one employer, and a host.
    assert "Avtalebasert" not in draft
    assert "vertskommune etter kommuneloven kap. 20" in draft or "IKS-loven" in draft
    assert "Trondheim kommune" in draft
    assert "budsjettet har felles årsverk" not in draft.lower()  # the technical reason stays out
    # Today's arrangement: Røros' decision goes with its partners in Rørosregionen.
    assert "Rørosregionen brann og redning" in draft and "Holtålen" in draft
    # The membership condition, and a deadline before the start.
    assert f"minst {fmt.percent(0.75, 0)} av innbyggerne" in draft and f"30. juni {first - 1}" in draft
    # Gross amounts, and the local reduction as a line of its own.
    assert "innarbeides brutto" in draft and "Som egen linje" in draft
    assert "Lønnsharmonisering" not in item.draft[0]  # a cost, not a function the cooperation covers
    for year in range(first, first + 4):
        assert f"{year}: " in draft  # the year after the økonomiplan as a note


def test_the_ceiling_is_never_below_the_top_of_the_range_the_brief_prints(region):
    table = ranges.evaluate(priced(region), region.inputs).table
    first = table[table["aar"] == table["aar"].min()]
    for top in first["bidrag_hoy_kr"]:
        assert decision.ceiling(top) >= fmt.rounded(top) and decision.ceiling(top) >= top


def test_a_member_of_an_iks_decides_through_the_company_and_an_alternative_names_its_host(region):
    trondheim = brief.municipality_brief("5001", region, priced(region), "S", "http://x", TODAY)
    assert "representantskapet" in "\n".join(trondheim.draft)
    rindal = brief.municipality_brief("5061", region, priced(region), "S", "http://x", TODAY)
    assert "er i dag med i" not in "\n".join(rindal.draft)  # a service of its own
    d = next(o for o in region.options if o["id"] == "D")
    from_d = dataclasses.replace(options.settings_for(priced(region), d), alternativ="D")
    item = brief.municipality_brief("5025", region, from_d, "S", "http://x", TODAY)
    assert "IKS-loven" in item.draft[1] and "Nytt interkommunalt selskap" in item.draft[1]


def test_the_form_follows_the_recommended_alternative_not_a_separate_ranking(region):
    """The report recommended host-municipality cooperation while its own table ranked agreements
    first, for a package that was neither: the form is now the priced alternative's."""
    b, a = (next(o for o in region.options if o["id"] == i) for i in ("B", "A"))
    form_b, why_b = region.form_for(options.settings_for(Settings(), b))
    form_a, _ = region.form_for(options.settings_for(Settings(), a))
    assert form_b == options.FORMS["vertskommune"] and "alternativ B" in why_b
    assert form_a == options.FORMS["avtale"]
    settings = priced(region)
    no_staff = dataclasses.replace(
        settings, budsjett=settings.lines().assign(arsverk=0).to_dict(orient="records")
    )
    alone, reason = region.fitting_form(no_staff)
    assert alone == region.top_form and "ingen felles årsverk" in reason


def test_sources_name_public_sources_not_files(region):
    item = roros(region)
    assert not [s for s in item.sources if ".csv" in s or ".md" in s]
    assert any("SSB" in s for s in item.sources) and any("Kartverket" in s for s in item.sources)


def test_the_economy_section_shows_todays_cost_and_the_share(region):
    economy = next(s for s in roros(region).sections if s.heading.startswith("Økonomi"))
    columns = list(economy.tables[0].frame.columns)
    assert "Dagens kostnad (kr)" in columns and "I % av dagens" in columns and "Spenn netto (kr)" in columns
    assert "av dagens kostnad" in economy.paragraphs[1]


def test_a_municipality_that_says_no_is_told_what_standing_outside_means(region):
    settings = priced(region, uten=["5025"])
    item = brief.municipality_brief("5025", region, settings, "S", "http://x", TODAY)
    assert "stå utenfor for Røros" in item.title
    assert item.draft[0] == "1. Røros kommune slutter seg ikke til Brannsamarbeid Trøndelag."
    assert "Os, Holtålen, Tydal" in item.draft[2]  # what its partners need, as a point of its own
    text = " ".join(p for s in item.sections for p in s.paragraphs)
    assert "betaler i dag anslagsvis" in text and "ikke bidrag" in text
    assert "Os, Holtålen, Tydal" in text or all(n in text for n in ("Os", "Holtålen", "Tydal"))
    # Its partners are told that their service goes on through Rørosregionen.
    for nr in ("3430", "5026", "5033"):
        partner = brief.municipality_brief(nr, region, settings, "S", "http://x", TODAY)
        held = next(s for s in partner.sections if s.heading == "Når Røros står utenfor")
        assert "ingen lokal kostnad regnes som unngått" in held.paragraphs[0]
    # Bindal gets its fire service from Namsos: it cannot simply stand outside.
    bindal = brief.municipality_brief("1811", region, priced(region, uten=["1811"]), "S", "http://x", TODAY)
    assert "kan ikke Bindal bare stå utenfor" in " ".join(bindal.sections[-1].paragraphs)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "vedlegg.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "sider.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_the_word_brief_holds_the_municipalitys_figures_marks_and_draft(region):
    text = docx_text(documents.to_docx(roros(region)))
    assert "konsekvenser for Røros" in text
    for figure in expected_figures(region):
        assert figure in text, figure
    assert "Estimat" in text
    # The rules' unchecked state is said once, not rule by rule.
    assert text.count("ennå ikke kontrollert mot teksten i brann- og redningsvesenforskriften") == 1
    assert "R1 Innsatstid" not in text
    assert brief.DRAFT_HEADING in text and "Forbehold" in text and "oppsett=" not in text


def test_the_pdf_brief_says_the_same_within_four_pages(region, tmp_path):
    data = documents.to_pdf(roros(region))
    text = pdf_text(data, tmp_path).replace("\u00a0", " ")
    assert "konsekvenser for Røros" in text
    for figure in expected_figures(region):
        assert figure.replace("\u00a0", " ") in text, figure
    assert "Estimat" in text and brief.DRAFT_HEADING in text
    assert pdf_pages(data, tmp_path) <= 4


def test_every_municipalitys_pdf_fits_four_pages(region, compared, tmp_path):
    """The briefs as the page and the command line make them: with each municipality in every
    alternative, and one evaluation of the setting shared by all forty."""
    settings = priced(region)
    result = ranges.evaluate(settings, region.inputs)
    for nr in region.kommuner["kommunenummer"]:
        item = brief.municipality_brief(nr, region, settings, "Standard", "http://x", TODAY, result, compared)
        assert any(s.heading.endswith("i hvert alternativ") for s in item.sections), nr
        assert pdf_pages(documents.to_pdf(item), tmp_path) <= 4, nr


def test_all_forty_in_one_zip_with_the_agreed_names(region):
    items = [
        brief.municipality_brief(nr, region, priced(region), "S", "http://x", TODAY)
        for nr in ("5001", "5054")
    ]
    with zipfile.ZipFile(io.BytesIO(documents.zipped(items, "docx"))) as archive:
        assert archive.namelist() == ["5001-Trondheim.docx", "5054-Indre-Fosen.docx"]


def test_cli_writes_one_brief_per_municipality(built_db, tmp_path):
    result = brannsam_cli(
        "rapport", "--kommune", "5025", "--format", "pdf", "--out", str(tmp_path), BRANNSAM_DB=str(built_db)
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "5025-Røros.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kommune", "9999", "--format", "docx"], "Ukjent kommunenummer"),
        (["--kommune", "5025", "--format", "odt"], "ugyldig valg"),
        (["--kommune", "5025", "--format", "docx", "--scenario", "Finnes ikke"], "Fant ikke scenarioet"),
    ],
)
def test_cli_bad_arguments_exit_2_in_norwegian(built_db, tmp_path, args, message):
    result = brannsam_cli("rapport", *args, "--out", str(tmp_path), BRANNSAM_DB=str(built_db))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def study(built_db, region) -> Document:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        return study_report.region_report(con, region, priced(region), "Standard", "http://x", TODAY)
    finally:
        con.close()


def test_the_region_report_reads_as_the_studys_main_report(study, tmp_path):
    headings = [s.heading for s in study.sections]
    assert headings == [
        "Sammendrag",
        "Mandat",
        "Metode og datagrunnlag",
        "Risikobildet",
        "Anbefalte samarbeidsområder",
        "Organisering",
        "Alternativer og anbefaling",
        "Budsjett",
        "Finansiering",
        "Konsekvenser for kommunene",
        "Gjennomføring",
        "Risikoer",
        "Vedlegg: forutsetninger og spenn",
    ]
    risk = study.sections[headings.index("Risikobildet")]
    assert risk.charts and risk.charts[0][1].startswith(b"\x89PNG")
    text = pdf_text(documents.to_pdf(study), tmp_path).replace("\u00a0", " ")
    for name in ("Røyrvik", "Trondheim", "Bindal", "Os"):
        assert name in text
    assert "Forutsetninger i scenarioet" in text


def test_the_region_report_compares_the_alternatives_and_recommends_one_before_the_budget(study, tmp_path):
    section = next(s for s in study.sections if s.heading == "Alternativer og anbefaling")
    side = section.tables[0].frame
    assert len(side) == 5 and side["Alternativ (rang)"].iloc[0].startswith("1. ")
    text = " ".join(section.paragraphs)
    assert "nullalternativet" in text and "Studien anbefaler alternativ B" in text
    assert "hviler på estimater" in text and "Byttepunkt" in text
    assert "DOMAIN.md" not in text  # public sources, never our own files
    pdf = pdf_text(documents.to_pdf(study), tmp_path)
    assert "Alternativene side om side" in pdf and "(mill. kr)" in pdf


def test_a_brief_shows_its_municipality_in_every_alternative(region, compared):
    item = brief.municipality_brief("5025", region, priced(region), "S", "http://x", TODAY, None, compared)
    section = next(s for s in item.sections if s.heading == "Røros i hvert alternativ")
    table = section.tables[0].frame
    assert [a[0] for a in table["Alternativ"]] == ["0", "A", "B", "C", "D"]
    assert table.iloc[0, 1] == fmt.kroner(0)  # the zero alternative changes nothing
    mine = compared.priced["B"].result.table.query("kommunenummer == '5025'")
    assert table.iloc[2, 1] == fmt.approx_kroner(mine["netto_endring_kr"].iloc[0], signed=True)


def test_the_region_report_has_every_plan_year_for_all_forty_with_totals(study):
    consequences_section = next(s for s in study.sections if s.heading == "Konsekvenser for kommunene")
    per_year = consequences_section.tables[0].frame
    first = calendar.default_first_year()
    assert [c for c in per_year.columns if c.startswith("Netto")] == [
        f"Netto {y} (kr)" for y in range(first, first + 4)
    ]
    assert len(per_year) == 41 and per_year["Kommune"].iloc[-1] == "Sum"


def test_the_region_report_speaks_norwegian_numbers_with_units(study):
    raw_codes = set(budget.REPLACES) | set(budget.BLOCKS) | {"True", "False", "nan"}
    for section in study.sections:
        for table in section.tables:
            for column in table.frame.columns:
                cells = " ".join(table.frame[column].astype(str))
                assert not re.search(r"\d{5,}", cells), (table.title, column)  # 4800000 kr/år
                assert not re.search(r"\d\.\d+ ?%", cells), (table.title, column)  # 100.0%
                assert not raw_codes & set(table.frame[column].astype(str)), (table.title, column)
                assert "arsverk" not in cells, (table.title, column)
            money = [c for c in table.frame.columns if "Kostnad" in c or "Bidrag" in c or "Netto" in c]
            assert all("(kr" in c or "(mill. kr)" in c for c in money), (table.title, money)


def test_no_heading_is_left_alone_at_the_foot_of_a_pdf_page(study, tmp_path):
    path = tmp_path / "studie.pdf"
    path.write_bytes(documents.to_pdf(study))
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    headings = {s.heading for s in study.sections}
    for page in pages.split("\f")[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines, "an empty page"
        assert lines[-1] not in headings, lines[-1]
        assert len(lines) >= 4, lines  # no near-empty page


def test_cli_region_report(built_db, tmp_path):
    result = brannsam_cli(
        "rapport", "--region", "--format", "docx", "--out", str(tmp_path), BRANNSAM_DB=str(built_db)
    )
    assert result.returncode == 0, result.stderr
    text = docx_text((tmp_path / "Brannsamarbeid-Trøndelag.docx").read_bytes())
    assert "Risikobildet" in text and "Konsekvenser for kommunene" in text and "Sammendrag" in text


def test_cli_never_replaces_an_edited_brief_without_leave(built_db, tmp_path, monkeypatch):
    args = ["rapport", "--kommune", "5025", "--format", "docx", "--out", str(tmp_path)]
    assert brannsam_cli(*args, BRANNSAM_DB=str(built_db)).returncode == 0
    edited = tmp_path / "5025-Røros.docx"
    edited.write_bytes(b"redigert av saksbehandleren")
    with monkeypatch.context() as patched:  # refused before the region is gathered: no wait
        built = lambda con: pytest.fail("the brief was built before refusing")  # noqa: E731
        patched.setattr(region_facts, "region", built)
        refused = brannsam_cli(*args, BRANNSAM_DB=str(built_db))
        unknown = brannsam_cli(*args[:2], "9999", *args[3:], BRANNSAM_DB=str(built_db))
    assert refused.returncode == 2 and "finnes allerede" in refused.stderr and "--overskriv" in refused.stderr
    assert unknown.returncode == 2 and "Ukjent kommunenummer" in unknown.stderr
    assert edited.read_bytes() == b"redigert av saksbehandleren"
    allowed = brannsam_cli(*args, "--overskriv", BRANNSAM_DB=str(built_db))
    assert allowed.returncode == 0 and edited.read_bytes().startswith(b"PK")


def test_cli_an_unknown_municipality_makes_no_folder(built_db, tmp_path):
    out = tmp_path / "vedlegg"
    result = brannsam_cli(
        "rapport", "--kommune", "9999", "--format", "pdf", "--out", str(out), BRANNSAM_DB=str(built_db)
    )
    assert result.returncode == 2 and not out.exists()


def test_cli_an_out_path_that_is_a_file_is_refused_in_norwegian(built_db, tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    result = brannsam_cli(
        "rapport", "--region", "--format", "pdf", "--out", str(blocker), BRANNSAM_DB=str(built_db)
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Kan ikke lage mappa" in result.stderr and "det finnes en fil med det navnet" in result.stderr


def test_out_paths_that_lead_nowhere_are_refused_in_norwegian(tmp_path):
    """Issue 33.9: a broken link, a path under /proc and an empty path each get a message."""
    broken = tmp_path / "lenke"
    broken.symlink_to(tmp_path / "finnes-ikke" / "x")
    with pytest.raises(output_files.OutputError, match=r"det er en lenke til .*som ikke finnes"):
        output_files.folder(broken)
    with pytest.raises(output_files.OutputError, match="en mappe i stien finnes ikke"):
        output_files.folder(Path("/proc/x"))
    with pytest.raises(output_files.OutputError, match="--out var tom"):
        output_files.folder("")


def test_a_full_disk_leaves_no_empty_file(tmp_path, monkeypatch):
    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_files.os, "fsync", full)
    target = tmp_path / "5025-Røros.pdf"
    with pytest.raises(output_files.OutputError, match="disken er full"):
        output_files.write(target, b"%PDF-1.4 ...")
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary twin


def test_word_and_pdf_are_a4_norwegian_numbered_and_named_for_the_study(region, tmp_path):
    item = roros(region)
    document = docx.Document(io.BytesIO(documents.to_docx(item)))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert document.core_properties.author == documents.AUTHOR
    assert document.core_properties.title == item.title
    assert document.core_properties.language == "nb-NO"
    assert 'w:val="nb-NO"' in document.styles["Normal"].element.xml
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    pdf = tmp_path / "vedlegg.pdf"
    pdf.write_bytes(documents.to_pdf(item))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and documents.AUTHOR in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # every font embedded
    assert "Side 2" in pdf_text(pdf.read_bytes(), tmp_path)


def test_a_written_brief_is_readable_by_colleagues(tmp_path):
    target = tmp_path / "vedlegg.pdf"
    output_files.write(target, b"%PDF-1.4")
    assert target.stat().st_mode & 0o044 == 0o044  # group and others may read it


def test_rapport_takes_who_stays_out_and_the_first_year(tmp_path):
    made = brannsam_cli(
        "rapport",
        "--kommune",
        "5026",
        "--format",
        "docx",
        "--out",
        str(tmp_path),
        "--uten",
        "5025",
        "--forste-aar",
        "2029",
    )
    assert made.returncode == 0, made.stderr
    text = docx_text((tmp_path / "5026-Holtålen.docx").read_bytes())
    assert "fra 1. januar 2029" in text and "uten Røros" in text
    for args, message in (
        (["--forste-aar", "1999"], "--forste-aar"),
        (["--uten", "9999"], "9999"),
    ):
        bad = brannsam_cli(
            "rapport", "--kommune", "5026", "--format", "pdf", "--out", str(tmp_path / "x"), *args
        )
        assert bad.returncode == 2 and message in bad.stderr


def test_no_money_figure_is_broken_across_lines_in_a_pdf(region, study, tmp_path):
    for item in (roros(region), study):
        lines = pdf_text(documents.to_pdf(item), tmp_path).splitlines()
        broken = [line for line in lines if re.search(r"\d k$", line.rstrip())]
        assert broken == [], broken[:3]
    style = documents._styles()["cell"]
    economy = next(s for s in roros(region).sections if s.heading.startswith("Økonomi")).tables[0].frame
    widths = documents.column_widths(economy, style, 481)
    for column, width in zip(economy.columns, widths, strict=True):
        widest = max(
            documents.pdfmetrics.stringWidth(word, style.fontName, style.fontSize)
            for value in economy[column]
            for word in str(value).split(" ")
        )
        assert width >= widest, column


def test_a_council_document_prints_only_a_short_public_link_and_no_operator_text(region):
    def text(link: str) -> str:
        item = brief.municipality_brief("5025", region, priced(region), "S", link, TODAY)
        return docx_text(documents.to_docx(item))

    for link in (
        "http://localhost:8501/finansiering?kode=ABCD2345",  # this machine only
        "https://brannsam.example.no/finansiering?oppsett=" + "x" * 700,  # the whole settings
    ):
        assert "Lenke som gjenskaper" not in text(link) and "BRANNSAM_URL" not in text(link)
    public = text("https://brannsam.example.no/finansiering?kode=ABCD2345")
    assert public.index("Lenke som gjenskaper") > public.index("Kilder")
    assert "BRANNSAM_URL" not in public and not re.search(r"siden [A-ZÆØ]", public)  # no app page named


def test_the_word_file_is_dated_when_it_is_made(region):
    made = docx.Document(io.BytesIO(documents.to_docx(roros(region)))).core_properties
    assert made.created.date() >= dt.date.today() - dt.timedelta(days=1)
    assert made.modified.date() == made.created.date()


def test_the_region_report_rounds_estimated_amounts_like_the_briefs(study):
    section = next(s for s in study.sections if s.heading == "Konsekvenser for kommunene")
    for table in section.tables:
        for column in (c for c in table.frame.columns if "(kr)" in c):
            for cell in table.frame[column]:
                digits = re.sub(r"\D", "", cell)
                assert len(digits.rstrip("0")) <= 3, (column, cell)  # «868 000», never «867 909»


def test_the_preparation_before_the_start_is_granted_on_its_own(region):
    item = roros(region)
    first = calendar.default_first_year()
    economy = next(s for s in item.sections if s.heading.startswith("Økonomi"))
    assert any(f"Før oppstart, i {first - 1}" in p for p in economy.paragraphs)
    assert "andel av forberedelsen" in item.draft[5] and f"{first - 1}: " in item.draft[5]
    assert "disposisjonsfond" in item.draft[5]  # its funding (inndekning) stated


def test_a_word_brief_opened_in_an_office_suite_is_a4_with_the_pdfs_page_count(region, tmp_path):
    """LibreOffice (headless) converts the Word file as a case officer's office suite lays it out."""
    item = roros(region)
    word = tmp_path / "vedlegg.docx"
    word.write_bytes(documents.to_docx(item))
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profil'}"
    subprocess.run(
        [
            "soffice",
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(word),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "lo" / "vedlegg.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "(A4)" in info
    office_pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert office_pages == pdf_pages(documents.to_pdf(item), tmp_path)

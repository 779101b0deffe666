"""The council briefs as the case officer opens them: Word and PDF with the municipality's
figures in Norwegian format, the estimate marks and the draft decision."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

import docx
import duckdb
import pytest
from cli import brannsam_cli

from brannsam import brief, documents, report
from brannsam import formatting as fmt
from brannsam.funding import consequences, scenarios

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def region(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        return brief.region(con)
    finally:
        con.close()


def roros(region) -> brief.Brief:
    return brief.build(
        "5025", region, scenarios.Settings(), "Standard", "http://x/finansiering?oppsett=a", TODAY
    )


def expected_figures(region) -> list[str]:
    """Røros' population and first-year konsekvens figures, as a Norwegian reader sees them."""
    table = consequences.evaluate(scenarios.Settings(), region.inputs).table
    first = table[(table["kommunenummer"] == "5025") & (table["aar"] == scenarios.default_first_year())].iloc[
        0
    ]
    return [
        fmt.number(first["innbyggere"]),
        fmt.kroner(first["bidrag_kr"]),
        fmt.kroner(first["unngatt_kr"]),
        fmt.signed_kroner(first["netto_endring_kr"]),
    ]


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
    assert "Estimat" in text and "ikke bekreftet mot forskriftstekst" in text
    assert brief.DRAFT_HEADING in text and "Forbehold" in text and "oppsett=" in text


def test_the_pdf_brief_says_the_same_within_four_pages(region, tmp_path):
    data = documents.to_pdf(roros(region))
    text = pdf_text(data, tmp_path).replace("\u00a0", " ")
    assert "konsekvenser for Røros" in text
    for figure in expected_figures(region):
        assert figure.replace("\u00a0", " ") in text, figure
    assert "Estimat" in text and brief.DRAFT_HEADING in text
    assert pdf_pages(data, tmp_path) <= 4


def test_every_municipalitys_pdf_fits_four_pages(region, tmp_path):
    settings = scenarios.Settings()
    for nr in region.kommuner["kommunenummer"]:
        item = brief.build(nr, region, settings, "Standard", "http://x", TODAY)
        assert pdf_pages(documents.to_pdf(item), tmp_path) <= 4, nr


def test_all_forty_in_one_zip_with_the_agreed_names(region):
    items = [brief.build(nr, region, scenarios.Settings(), "S", "http://x", TODAY) for nr in ("5001", "5054")]
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


def test_the_region_report_has_the_map_the_rankings_and_all_forty(built_db, region, tmp_path):
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        item = report.region_report(con, region, scenarios.Settings(), "Standard", "http://x", TODAY)
    finally:
        con.close()
    headings = [s.heading for s in item.sections]
    assert headings[:4] == [
        "Risikobildet",
        "Samarbeidsområder",
        "Organisasjonsformer",
        "Budsjett og finansiering",
    ]
    assert item.sections[0].charts and item.sections[0].charts[0][1].startswith(b"\x89PNG")
    text = pdf_text(documents.to_pdf(item), tmp_path).replace("\u00a0", " ")
    for name in ("Røyrvik", "Trondheim", "Bindal", "Os"):
        assert name in text
    assert "Forutsetninger i scenarioet" in text


def test_cli_region_report(built_db, tmp_path):
    result = brannsam_cli(
        "rapport", "--region", "--format", "docx", "--out", str(tmp_path), BRANNSAM_DB=str(built_db)
    )
    assert result.returncode == 0, result.stderr
    text = docx_text((tmp_path / "Brannsamarbeid-Trøndelag.docx").read_bytes())
    assert "Risikobildet" in text and "Alle kommunene" in text

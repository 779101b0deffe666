import subprocess
import zipfile
from pathlib import Path

from pagecheck import console_errors, no_exception, open_app
from playwright.sync_api import expect


def test_a_council_brief_and_the_zip_download_from_the_page(page, server_url, tmp_path):
    open_app(page, server_url + "/min-kommune?kommune=5025")
    no_exception(page)
    expect(page.get_by_role("heading", name="konsekvenser for Røros")).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned vedlegget (PDF)").click()
    pdf = Path(info.value.path())
    assert info.value.suggested_filename == "5025-Røros.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    # the first page renders as the case officer's viewer would draw it
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "side")], check=True
    )
    assert (tmp_path / "side-1.png").stat().st_size > 10_000
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Last ned vedleggene for alle 40 kommunene").click()
    with zipfile.ZipFile(info.value.path()) as archive:
        names = archive.namelist()
    assert len(names) == 40 and "5001-Trondheim.docx" in names
    assert console_errors(page) == []

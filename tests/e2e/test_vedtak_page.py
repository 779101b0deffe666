import io
from pathlib import Path

import openpyxl
from pagecheck import console_errors, deck_drawn, no_exception, open_app


def test_the_decisions_map_and_their_excel_in_a_real_browser(page, server_url):
    open_app(page, server_url + "/vedtak")
    no_exception(page)
    deck_drawn(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Last ned vedtakene (Excel)").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book["Vedtak"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Kommunenr.", "Kommune", "Status"] and sheet.max_row == 41
    money = header.index(next(h for h in header if h.startswith("Bidrag")))
    assert "kr" in sheet.cell(2, money + 1).number_format  # a number in kroner, not text
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Last ned malen (Excel)").click()
    assert "Vedtak" in openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).sheetnames
    assert console_errors(page) == []

import datetime as dt
import re

import pandas as pd

from brannsam import formatting as fmt
from brannsam.present import tables

S = fmt.NBSP


def test_kroner_groups_thousands_with_spaces():
    assert fmt.kroner(1234567) == f"1{S}234{S}567{S}kr"


def test_percent_uses_decimal_comma():
    assert fmt.percent(0.125) == f"12,5{S}%"


def test_negative_numbers_use_a_real_minus_sign():
    assert fmt.number(-1234.5, 1) == f"\u22121{S}234,5"
    assert fmt.signed_kroner(-3400) == f"\u22123{S}400{S}kr"
    assert fmt.signed_kroner(12000) == f"+12{S}000{S}kr"


def test_rounding_to_zero_has_no_sign():
    assert fmt.number(-0.04, 1) == "0,0"
    assert fmt.signed_percent(0.0) == f"0,0{S}%"


def test_missing_values_show_a_dash():
    assert fmt.kroner(None) == "–"
    assert fmt.percent(float("nan")) == "–"


def test_norwegian_dates():
    assert fmt.date(dt.date(2024, 1, 23)) == "23. januar 2024"
    assert fmt.date(dt.date(2024, 12, 1)) == "1. desember 2024"


def test_limits_in_messages_read_as_norwegian_numbers():
    """Python's `:g` printed the cost limit as `5e+09` and 65.5 with a decimal point."""
    assert fmt.plain(5_000_000_000) == f"5{S}000{S}000{S}000"
    assert fmt.plain(65.5) == "65,5"
    assert fmt.plain(2000) == f"2{S}000"
    assert fmt.plain(0.25) == "0,25"


def test_counts_agree_in_number():
    assert fmt.count(1, "rad", "rader") == f"1{S}rad"
    assert fmt.count(1234, "rad", "rader") == f"1{S}234{S}rader"


def test_imported_rows_are_shown_as_entered_in_norwegian_format():
    frame = pd.DataFrame(
        {"År": [2024], "Kostnad": [2_500_000], "Breddegrad": [63.1597], "Brannsjef på heltid": [False]}
    )
    shown = tables.as_entered(frame).to_html()
    assert ">2024<" in shown and f">2{S}500{S}000<" in shown
    assert ">63,1597<" in shown and ">nei<" in shown


def test_text_from_users_is_shown_as_text_in_markdown():
    shown = fmt.markdown_text("- ![x](http://h/p.png) [Logg inn](www.h.no) :red[rødt] $x$ `kode`\nny linje")
    assert shown.startswith("\\-")  # not a list
    assert not re.search(r"(?<!\\)[\[\]()!`$:]", shown)  # every markup character escaped
    assert "\n" not in shown
    assert "http:" not in shown.replace("\\", "") and "www." not in shown.replace("\\", "")  # no autolink
    assert fmt.markdown_text("Vik brannstasjon 2") == "Vik brannstasjon 2"


def test_escaping_keeps_the_no_break_space_in_numbers():
    assert fmt.markdown_text(f"{fmt.number(5685)} innbyggere") == "5\u00a0685 innbyggere"


def test_large_differences_in_millions():
    assert fmt.signed_millions(13_967_907) == "+14,0"
    assert fmt.signed_millions(-2_345_678) == "−2,3"


def test_a_small_table_as_text_reads_as_its_styled_twin():
    """The region's plan years are drawn as text (no Styler per slider move): the same Norwegian
    figures the styled tables show, a missing value as a dash."""
    frame = pd.DataFrame(
        {"År": ["2027"], "Budsjett": [12_345_678], "Per innbygger": [1234.56], "Lav": [None]}
    )
    frame["Lav"] = frame["Lav"].astype(float)
    text = tables.as_text(frame, kroner=("Budsjett",))
    assert text.loc[0, "Budsjett"] == f"12{S}345{S}678{S}kr"
    assert text.loc[0, "Per innbygger"] == f"1{S}234,6"
    assert text.loc[0, "Lav"] == fmt.MISSING and text.loc[0, "År"] == "2027"
    styled = tables.styled(frame, kroner=("Budsjett",)).to_html()
    assert all(f">{text.loc[0, c]}<" in styled for c in ("Budsjett", "Per innbygger"))

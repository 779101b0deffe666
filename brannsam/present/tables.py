"""Tables shown in Norwegian number format whatever the reader's browser locale.

A pandas Styler carries the display text while the cells keep their numbers, so a table still
sorts by value when a column header is clicked.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from brannsam import formatting as fmt


def _formats(frame: pd.DataFrame, decimals: dict[str, int] | None, kroner: tuple[str, ...]) -> dict:
    decimals = decimals or {}
    formats = {}
    for column in frame.columns:
        if column in kroner:
            formats[column] = fmt.kroner
        elif pd.api.types.is_integer_dtype(frame[column]):
            formats[column] = fmt.number
        elif pd.api.types.is_float_dtype(frame[column]):
            places = decimals.get(column, 1)
            formats[column] = lambda value, decimals=places: fmt.number(value, decimals)
    return formats


def styled(
    frame: pd.DataFrame, decimals: dict[str, int] | None = None, kroner: tuple[str, ...] = ()
) -> Styler:
    """Format every numeric column: whole numbers without decimals, others with one (or as
    given in `decimals`), columns in `kroner` as `1 234 kr`."""
    return frame.style.format(_formats(frame, decimals, kroner), na_rep=fmt.MISSING)


def as_text(
    frame: pd.DataFrame, decimals: dict[str, int] | None = None, kroner: tuple[str, ...] = ()
) -> pd.DataFrame:
    """`styled`'s text as plain strings, for a few rows nobody sorts: a Styler costs Streamlit
    about 5 ms even for four rows, and a slider redraws such a table on every move."""
    out = frame.copy()
    for column, format_value in _formats(frame, decimals, kroner).items():
        out[column] = [fmt.MISSING if pd.isna(v) else format_value(v) for v in frame[column]]
    return out


def as_entered(frame: pd.DataFrame, years: tuple[str, ...] = ("År",)) -> Styler:
    """Imported rows as the user typed them, in Norwegian format: every decimal kept (`63,1597`),
    thousands grouped (`2 500 000`), years as years (`2024`), yes/no as «ja»/«nei»."""
    formats = {}
    for column in frame.columns:
        values = frame[column]
        if column in years:
            formats[column] = lambda v: "" if pd.isna(v) else str(int(v))
        elif pd.api.types.is_bool_dtype(values) or set(values.dropna().map(type)) == {bool}:
            formats[column] = lambda v: fmt.MISSING if pd.isna(v) else ("ja" if v else "nei")
        elif pd.api.types.is_numeric_dtype(values):
            formats[column] = fmt.plain
    return frame.style.format(formats, na_rep=fmt.MISSING)


# What a known figure measures, in Norwegian (kontrolltall.csv's `storrelse`).
QUANTITIES = {
    "netto_338_339_per_innbygger": "Netto driftsutgifter 338+339 per innbygger (kr)",
    "netto_338_339_mill_kr": "Netto driftsutgifter 338+339 (mill. kr)",
    "oppdrag": "Oppdrag",
    "oppdrag_trondheim": "Oppdrag ved Trondheims stasjoner (uten unødige alarmer)",
    "utrykninger": "Utrykninger",
    "ansatte": "Ansatte (personer)",
    "ansatte_heltid": "Heltidsansatte",
    "ansatte_deltid": "Deltidsansatte (personer)",
    "deltid_roan": "Deltidsmannskap ved Roan stasjon",
}


def kontroll_table(frame: pd.DataFrame) -> pd.DataFrame:
    """«Estimat mot kjente tall» with Norwegian headers; calibration figures say so."""
    note = frame["forklaring"].where(frame["forklaring"] != "", frame["metode"])
    note = note.where(
        ~frame["kalibrert"], "Kalibrering (estimatet er bygd på dette tallet; telles ikke). " + note
    )
    return pd.DataFrame(
        {
            "Gjelder": frame["navn"],
            "Størrelse": frame["storrelse"].map(QUANTITIES).fillna(frame["storrelse"]),
            "År": frame["aar"].astype(str),
            "Kjent": frame["kjent"],
            "Estimat": frame["estimat"],
            "Forhold (estimat/kjent)": frame["forhold"],
            "Innenfor faktor 1,5": frame["innenfor"].map({True: "ja", False: "nei"}).fillna("–"),
            "Hvordan / hvorfor": note,
            "Kilde": frame["kilde"],
        }
    )


def settlement_table(settlements: pd.DataFrame) -> pd.DataFrame:
    """Every settlement with its published year, whether its size is a guess and whether it has a
    point, largest first: what the rules can test and what they cannot."""
    out = settlements.sort_values("innbyggere", ascending=False)
    return pd.DataFrame(
        {
            "Tettsted": out["navn"].to_numpy(),
            "Kommune": out["kommunenavn"].to_numpy(),
            "Innbyggere": out["innbyggere"].to_numpy(),
            "År": out["aar"].astype(int).astype(str).to_numpy(),
            "Størrelse": out["innbyggere_estimert"].map({True: "anslått", False: "publisert"}).to_numpy(),
            "Plassering": out["lat"].notna().map({True: "kjent", False: "mangler"}).to_numpy(),
            "Kilde": out["kilde"].to_numpy(),
        }
    )


def settlement_summary(settlements: pd.DataFrame, guesses_that_matter: pd.DataFrame) -> str:
    """«67 tettsteder, 21 med anslått størrelse …» and what each guess would change if confirmed."""
    guessed = int(settlements["innbyggere_estimert"].sum())
    unplaced = int(settlements["lat"].isna().sum())
    text = (
        f"{len(settlements)} tettsteder; {guessed} har anslått størrelse (halvparten av "
        "kommunens innbyggere, der ingen kilde gir et tettsted) og teller ikke mot noen terskel i "
        "regelsjekken, bemanningen eller betalingsnøkkelen; "
        f"{unplaced} mangler plassering og er ikke med i innsatstidsvurderingen."
    )
    if len(guesses_that_matter):
        text += " Anslag som ville endret noe om de ble bekreftet: " + "; ".join(
            f"{row.navn} ({fmt.number(row.innbyggere)}): ville krevd {row.krav} (R5), med bemanning og "
            "beredskapsbehov etter det"
            for row in guesses_that_matter.itertuples()
        )
        text += "."
    return text

"""Tables shown in Norwegian number format whatever the reader's browser locale.

A pandas Styler carries the display text while the cells keep their numbers, so a table still
sorts by value when a column header is clicked.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from brannsam import formatting as fmt


def styled(
    frame: pd.DataFrame, decimals: dict[str, int] | None = None, kroner: tuple[str, ...] = ()
) -> Styler:
    """Format every numeric column: whole numbers without decimals, others with one (or as
    given in `decimals`), columns in `kroner` as `1 234 kr`."""
    decimals = decimals or {}
    formats = {}
    for column in frame.columns:
        if column in kroner:
            formats[column] = fmt.kroner
        elif pd.api.types.is_integer_dtype(frame[column]):
            formats[column] = fmt.number
        elif pd.api.types.is_float_dtype(frame[column]):
            places = decimals.get(column, 1)
            formats[column] = lambda v, places=places: fmt.number(v, places)
    return frame.style.format(formats, na_rep=fmt.MISSING)


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


KRONER_COLUMNS = ("Beløp", "Kr per innbygger", "Grunnlag", "Endring")


def allocation_table(table: pd.DataFrame) -> pd.DataFrame:
    """The allocation with Norwegian headers (amounts in whole kroner, shares in per cent)."""
    return pd.DataFrame(
        {
            "Kommunenummer": table.index,
            "Kommune": table["kommunenavn"].to_numpy(),
            "Innbyggere": table["innbyggere"].to_numpy(),
            "Andel (%)": (table["andel"] * 100).to_numpy(),
            "Beløp": table["belop_kr"].to_numpy(),
            "Kr per innbygger": table["kr_per_innbygger"].round().astype("int64").to_numpy(),
            "Grunnlag": table["grunnlag_kr"].to_numpy(),
            "Endring": table["endring_kr"].to_numpy(),
            "Endring (%)": (table["endring_andel"] * 100).to_numpy(),
        }
    )


def assumptions_table(settings, blocks: pd.Series) -> pd.DataFrame:
    """Budget lines, keys and phase-in as one sheet of rows (for the Excel export)."""
    from brannsam import budget, funding

    rows = []
    lines = settings.lines()
    for (_, line), cost in zip(lines.iterrows(), budget.yearly_cost(lines), strict=True):
        rows.append({"Del": "Budsjettpost", "Navn": line["post"], "Verdi": f"{cost} kr/år ({line['blokk']})"})
    for block, amount in blocks.items():
        rows.append({"Del": "Blokk", "Navn": budget.BLOCKS[block], "Verdi": f"{amount} kr/år"})
    for block, weights in settings.nokler.items():
        effective, _ = funding.effective_key(weights)
        for driver, share in funding.normalised(effective).items():
            if share:
                rows.append(
                    {"Del": f"Nøkkel ({block})", "Navn": funding.DRIVERS[driver], "Verdi": f"{share:.1%}"}
                )
    rows.append({"Del": "Grunnlag", "Navn": funding.BASELINES[settings.grunnlag], "Verdi": ""})
    rows.append({"Del": "Innfasing", "Navn": "År", "Verdi": str(settings.innfasing_aar)})
    rows.append({"Del": "Innfasing", "Navn": "Maks endring per år", "Verdi": f"{settings.innfasing_tak:.0%}"})
    return pd.DataFrame(rows)


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

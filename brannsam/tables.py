"""Tables shown in Norwegian number format whatever the reader's browser locale.

A pandas Styler carries the display text while the cells keep their numbers, so a table still
sorts by value when a column header is clicked.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from brannsam import budget, consequences, funding
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


KRONER_COLUMNS = (
    "Bidrag",
    "Unngått lokal kostnad",
    "Netto endring",
    "Netto per innbygger",
    "Dagens kostnad 338+339",
)


def consequence_table(rows: pd.DataFrame, estimated: bool) -> pd.DataFrame:
    """One plan year per municipality with Norwegian headers: what it pays, what it no longer
    pays locally, the net change, and the stand-alone test (only an indication on estimates)."""
    return pd.DataFrame(
        {
            "Kommunenummer": rows["kommunenummer"].to_numpy(),
            "Kommune": rows["kommunenavn"].to_numpy(),
            "Innbyggere": rows["innbyggere"].to_numpy(),
            "Bidrag": rows["bidrag_kr"].to_numpy(),
            "Unngått lokal kostnad": rows["unngatt_kr"].to_numpy(),
            "Netto endring": rows["netto_endring_kr"].to_numpy(),
            "Netto per innbygger": rows["netto_per_innbygger_kr"].to_numpy(),
            "Netto i % av dagens": (
                rows["netto_endring_kr"] / rows["dagens_kr"].where(rows["dagens_kr"] > 0) * 100
            )
            .round(1)
            .to_numpy(),
            "Dagens kostnad 338+339": rows["dagens_kr"].to_numpy(),
            "Betaler mer enn alene": [
                consequences.stand_alone_verdict(n, estimated) for n in rows["netto_endring_kr"]
            ],
        }
    )


def plan_table(table: pd.DataFrame) -> pd.DataFrame:
    """Net change per municipality (rows) and plan year (columns), whole kroner."""
    wide = table.pivot(index=["kommunenummer", "kommunenavn"], columns="aar", values="netto_endring_kr")
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index().rename(columns={"kommunenummer": "Kommunenummer", "kommunenavn": "Kommune"})


REGION_KRONER = ("Budsjett (bidrag i alt)", "Unngått lokal kostnad", "Netto endring", "Netto per innbygger")


def region_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The region per plan year: budget, avoided cost, net change (saving if negative)."""
    return pd.DataFrame(
        {
            "År": summary.index.astype(str),
            "Budsjett (bidrag i alt)": summary["bidrag_kr"].to_numpy(),
            "Unngått lokal kostnad": summary["unngatt_kr"].to_numpy(),
            "Netto endring": summary["netto_endring_kr"].to_numpy(),
            "Netto per innbygger": summary["netto_per_innbygger_kr"].round().astype("int64").to_numpy(),
        }
    )


def assumptions_table(settings, blocks: pd.Series) -> pd.DataFrame:
    """Budget lines, replacements, keys, plan years and phase-in as one sheet of rows (Excel)."""
    rows = []
    lines = settings.lines()
    for (_, line), cost in zip(lines.iterrows(), budget.yearly_cost(lines), strict=True):
        replaces = budget.REPLACES.get(line["erstatter"], line["erstatter"])
        rows.append(
            {
                "Del": "Budsjettpost",
                "Navn": line["post"],
                "Verdi": f"{cost} kr/år ({line['blokk']}); erstatter {replaces}: "
                f"{line['erstatter_mengde']:g}",
            }
        )
    for block, amount in blocks.items():
        rows.append({"Del": "Blokk", "Navn": budget.BLOCKS[block], "Verdi": f"{amount} kr/år"})
    for row in settings.engang:
        rows.append(
            {"Del": "Engangskostnad", "Navn": row["post"], "Verdi": f"{row['belop_kr']} kr i {row['aar']}"}
        )
    for row in settings.tilvalg:
        rows.append(
            {
                "Del": "Tilvalg",
                "Navn": row.get("post", ""),
                "Verdi": f"{row['belop_kr']} kr/år, {row['kommunenummer']}",
            }
        )
    for block, weights in settings.nokler.items():
        effective, _ = funding.effective_key(weights)
        for driver, share in funding.normalised(effective).items():
            if share:
                rows.append(
                    {"Del": f"Nøkkel ({block})", "Navn": funding.DRIVERS[driver], "Verdi": f"{share:.1%}"}
                )
    rows.append({"Del": "Økonomiplan", "Navn": "Første år", "Verdi": str(settings.forste_aar)})
    rows.append(
        {"Del": "Økonomiplan", "Navn": "Pris- og lønnsvekst per år", "Verdi": f"{settings.vekst:.1%}"}
    )
    rows.append({"Del": "Innfasing", "Navn": "År med tak", "Verdi": str(settings.innfasing_aar)})
    rows.append(
        {"Del": "Innfasing", "Navn": "Maks netto økning per år", "Verdi": f"{settings.innfasing_tak:.0%}"}
    )
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

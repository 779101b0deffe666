"""The funding model's results as the tables people read and download, with Norwegian headers:
one plan year per municipality, the net change per year, the region per year, and every
assumption of a scenario as rows of one sheet."""

from __future__ import annotations

import pandas as pd

from brannsam.funding import allocation, budget, consequences, scenarios

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


def assumptions_table(settings: scenarios.Settings, blocks: pd.Series) -> pd.DataFrame:
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
        effective, _ = allocation.effective_key(weights)
        for driver, share in allocation.normalised(effective).items():
            if share:
                rows.append(
                    {"Del": f"Nøkkel ({block})", "Navn": allocation.DRIVERS[driver], "Verdi": f"{share:.1%}"}
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

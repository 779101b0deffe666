"""The funding model's results as the tables people read and download, with Norwegian headers:
one plan year per municipality, the net change per year, the region per year, and every
assumption of a scenario as rows of one sheet."""

from __future__ import annotations

import pandas as pd

from brannsam import formatting as fmt
from brannsam.funding import (
    allocation,
    avoided,
    budget,
    calendar,
    consequences,
    membership,
    ranges,
)
from brannsam.funding.settings import Settings
from brannsam.present import charts, export

KRONER_COLUMNS = (
    "Bidrag",
    "Unngått lokal kostnad",
    "Netto endring",
    "Netto lav",
    "Netto høy",
    "Netto per innbygger",
    "Dagens kostnad 338+339",
)


def population_label(year: int) -> str:
    """«Innbyggere 1.1.2024»: inhabitants always with the date SSB counted them."""
    return f"Innbyggere 1.1.{year}" if year else "Innbyggere"


STAND_ALONE = "Netto dyrere enn i dag"


def _stand_alone_column(net: pd.Series, estimated: bool) -> dict[str, list[str]]:
    """The stand-alone test as a column only where it concludes something: on estimates every row
    would read «ukjent», and `stand_alone_sentence` says what may be concluded instead."""
    if estimated:
        return {}
    return {STAND_ALONE: [consequences.stand_alone_verdict(n, estimated) for n in net]}


def stand_alone_sentence(net: pd.Series, estimated: bool) -> str:
    """What a reader may conclude from the stand-alone test (does a municipality pay more than it
    does today for the same functions?), in one sentence."""
    more = int((net > 0).sum())
    if not estimated:
        return f"{more} av {len(net)} kommuner betaler netto mer enn i dag for de samme funksjonene."
    return (
        "Om en kommune betaler mer enn i dag for de samme funksjonene, kan ikke avgjøres før "
        "brannvesenenes egne tall for lokale kostnader er kjent; med estimatene gjelder det "
        f"{more} av {len(net)} kommuner."
    )


def consequence_table(rows: pd.DataFrame, estimated: bool, population_year: int = 0) -> pd.DataFrame:
    """One plan year per municipality with Norwegian headers: what it pays, what it no longer
    pays locally, the net change with its range (and whether the range crosses zero), and the
    stand-alone test (only an indication on estimates)."""
    return pd.DataFrame(
        {
            "Kommunenummer": rows["kommunenummer"].to_numpy(),
            "Kommune": rows["kommunenavn"].to_numpy(),
            population_label(population_year): rows["innbyggere"].to_numpy(),
            "Bidrag": rows["bidrag_kr"].to_numpy(),
            "Unngått lokal kostnad": rows["unngatt_kr"].to_numpy(),
            "Netto endring": rows["netto_endring_kr"].to_numpy(),
            "Netto lav": rows["lav_kr"].to_numpy(),
            "Netto høy": rows["hoy_kr"].to_numpy(),
            "Retning": [
                ranges.sign_text(lo, hi) for lo, hi in zip(rows["lav_kr"], rows["hoy_kr"], strict=True)
            ],
            "Netto per innbygger": rows["netto_per_innbygger_kr"].to_numpy(),
            "Netto i % av dagens": (
                rows["netto_endring_kr"] / rows["dagens_kr"].where(rows["dagens_kr"] > 0) * 100
            )
            .round(1)
            .to_numpy(),
            "Dagens kostnad 338+339": rows["dagens_kr"].to_numpy(),
            **_stand_alone_column(rows["netto_endring_kr"], estimated),
        }
    )


def plan_table(table: pd.DataFrame) -> pd.DataFrame:
    """Net change per municipality (rows) and plan year (columns), whole kroner."""
    wide = table.pivot(index=["kommunenummer", "kommunenavn"], columns="aar", values="netto_endring_kr")
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index().rename(columns={"kommunenummer": "Kommunenummer", "kommunenavn": "Kommune"})


REGION_KRONER = (
    "Budsjett (bidrag i alt)",
    "Unngått lokal kostnad",
    "Netto endring",
    "Netto lav",
    "Netto høy",
    "Netto per innbygger",
)


def region_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The region per plan year: budget, avoided cost, net change (saving if negative) with its
    range where it was evaluated."""
    out = pd.DataFrame(
        {
            "År": summary.index.astype(str),
            "Budsjett (bidrag i alt)": summary["bidrag_kr"].to_numpy(),
            "Unngått lokal kostnad": summary["unngatt_kr"].to_numpy(),
            "Netto endring": summary["netto_endring_kr"].to_numpy(),
        }
    )
    if "lav_kr" in summary:
        out["Netto lav"] = summary["lav_kr"].to_numpy()
        out["Netto høy"] = summary["hoy_kr"].to_numpy()
    out["Netto per innbygger"] = summary["netto_per_innbygger_kr"].round().astype("int64").to_numpy()
    return out


BLOCK_NAMES = {"alle": "alle blokker"} | {b: name.lower() for b, name in budget.BLOCKS.items()}
MEMBERSHIP_KRONER = ("Netto, alle med", "Netto, disse med", "Endring", "Shapley-referanse, netto")


def membership_table(compared: pd.DataFrame, estimated: bool) -> pd.DataFrame:
    """Each remaining member: its net change if all join and with these members, the change, the
    net change a Shapley split would give, and the stand-alone test."""
    return pd.DataFrame(
        {
            "Kommune": compared["kommunenavn"].to_numpy(),
            "Netto, alle med": compared["netto_alle_kr"].to_numpy(),
            "Netto, disse med": compared["netto_kr"].to_numpy(),
            "Endring": compared["endring_kr"].to_numpy(),
            "Shapley-referanse, netto": compared["shapley_netto_kr"].to_numpy(),
            **_stand_alone_column(compared["netto_kr"], estimated),
        }
    )


SHAPLEY_NOTE = (
    "Shapley-referansen fordeler kostnaden slik spillteorien kaller rettferdig: hver kommune betaler "
    "sin gjennomsnittlige merkostnad over alle rekkefølger kommunene kunne slutte seg til i. Med poster "
    "som koster det samme for enhver gruppe (faste) og poster som følger innbyggerne, blir det en lik "
    "del av de faste postene og innbyggernes andel av resten."
)


def _budget_rows(settings: Settings, blocks: pd.Series) -> list[dict]:
    """The budget lines with what they replace, the blocks, the one-offs and the extras."""
    rows = []
    lines = settings.lines()
    for (_, line), cost in zip(lines.iterrows(), budget.yearly_cost(lines), strict=True):
        replaces = budget.REPLACES.get(line["erstatter"], line["erstatter"])
        rows.append(
            {
                "Del": "Budsjettpost",
                "Navn": line["post"],
                "Verdi": f"{fmt.kroner(cost)} per år ({budget.BLOCKS[line['blokk']].lower()}); "
                f"erstatter {replaces}: {fmt.plain(line['erstatter_mengde'])}"
                + ("; følger medlemmene" if line["folger_medlemmer"] else ""),
                "Tall": float(cost),
                "Enhet": "kr per år",
            }
        )
    rows += [
        {
            "Del": "Blokk",
            "Navn": budget.BLOCKS[block],
            "Verdi": f"{fmt.kroner(amount)} per år",
            "Tall": float(amount),
            "Enhet": "kr per år",
        }
        for block, amount in blocks.items()
    ]
    rows += [
        {
            "Del": "Engangskostnad",
            "Navn": row["post"],
            "Verdi": f"{fmt.kroner(row['belop_kr'])} i {int(row['aar'])}",
            "Tall": float(row["belop_kr"]),
            "Enhet": f"kr i {int(row['aar'])}",
        }
        for row in settings.engang or []
    ]
    rows += [
        {
            "Del": "Tilvalg",
            "Navn": row.get("post", ""),
            "Verdi": f"{fmt.kroner(row['belop_kr'])} per år, kommune {row['kommunenummer']}",
            "Tall": float(row["belop_kr"]),
            "Enhet": "kr per år",
        }
        for row in settings.tilvalg
    ]
    return rows


def _key_rows(settings: Settings) -> list[dict]:
    """Each block's key as the shares it applies (a key of only zeros shows its equal split)."""
    rows = []
    for block, weights in settings.nokler.items():
        effective, _ = allocation.effective_key(weights)
        for driver, share in allocation.normalised(effective).items():
            if share:
                rows.append(
                    {
                        "Del": f"Nøkkel ({BLOCK_NAMES.get(block, block)})",
                        "Navn": allocation.DRIVERS[driver],
                        "Verdi": fmt.percent(share),
                        "Tall": float(share),
                        "Enhet": "%",
                    }
                )
    return rows


def _plan_rows(settings: Settings) -> list[dict[str, object]]:
    """Plan years, growth, phase-in, who stays out, and the assumptions' ranges."""
    rows: list[dict[str, object]] = [
        {
            "Del": "Økonomiplan",
            "Navn": "Første år",
            "Verdi": str(settings.forste_aar),
            "Tall": float(settings.forste_aar),
            "Enhet": "år",
        },
        {
            "Del": "Økonomiplan",
            "Navn": "Pris- og lønnsvekst per år",
            "Verdi": fmt.percent(settings.vekst),
            "Tall": float(settings.vekst),
            "Enhet": "%",
        },
        {
            "Del": "Innfasing",
            "Navn": "År med tak",
            "Verdi": str(settings.innfasing_aar),
            "Tall": float(settings.innfasing_aar),
            "Enhet": "antall år",
        },
        {
            "Del": "Innfasing",
            "Navn": "Maks netto økning per år",
            "Verdi": fmt.percent(settings.innfasing_tak, 0),
            "Tall": float(settings.innfasing_tak),
            "Enhet": "%",
        },
        {
            "Del": "Innfasing",
            "Navn": "Lokale årsverk tatt ut per år (gevinstrealisering)",
            "Verdi": " / ".join(fmt.percent(v, 0) for v in settings.realisering)
            + " (egne vaktordninger faller bort fra start der en sone når fram)",
        },
        {
            "Del": "Medlemmer",
            "Navn": "Står utenfor",
            "Verdi": ", ".join(settings.uten) if settings.uten else "ingen (alle 40 er med)",
        },
        {
            "Del": "Medlemmer",
            "Navn": "Vilkår: andel av innbyggerne med likelydende vedtak",
            "Verdi": fmt.percent(settings.medlemsvilkar, 0),
            "Tall": float(settings.medlemsvilkar),
            "Enhet": "%",
        },
        {
            "Del": "Medlemmer",
            "Navn": "Frist for likelydende vedtak",
            "Verdi": fmt.date(calendar.decision_deadline(settings)),
        },
    ]
    rows += [
        {
            "Del": "Spenn (lav–høy)",
            "Navn": row.label,
            "Verdi": f"{fmt.percent(row.low, 0)}–{fmt.percent(row.high, 0)} av scenarioets tall: " + row.why,
        }
        for row in ranges.RANGES.values()
    ]
    return rows


def assumptions_table(
    settings: Settings, blocks: pd.Series, condition: membership.Condition | None = None
) -> pd.DataFrame:
    """Budget lines, replacements, keys, plan years, phase-in and, given the members' share, the
    membership condition checked, as one sheet of rows (Excel)."""
    checked = (
        [
            {
                "Del": "Medlemmer",
                "Navn": "Andel av innbyggerne som er med",
                "Verdi": condition.text(),
                "Tall": condition.share,
                "Enhet": "%",
            }
        ]
        if condition is not None
        else []
    )
    out = pd.DataFrame(
        [*_budget_rows(settings, blocks), *_key_rows(settings), *_plan_rows(settings), *checked]
    )
    return out.reindex(columns=["Del", "Navn", "Verdi", "Tall", "Enhet"]).fillna({"Enhet": ""})


def ranges_table() -> pd.DataFrame:
    """The assumptions' ranges as the page shows them."""
    rows = ranges.assumption_rows()
    return pd.DataFrame(
        {
            "Antakelse": rows["antakelse"],
            "Lav": rows["lav"].map(lambda v: fmt.percent(v, 0)),
            "Høy": rows["hoy"].map(lambda v: fmt.percent(v, 0)),
            "Hvorfor": rows["begrunnelse"],
        }
    )


def held_note(settings: Settings, kommuner: pd.DataFrame) -> str | None:
    """Who serves whom after a no, and under which rule: the members whose service goes on
    outside the cooperation (`avoided.GOES_ON`), or that their service joins and the one
    outside is settled with (`SETTLED`). None when no host or IKS owner stays out."""
    affected = avoided.held_back(settings.uten, kommuner)  # as if the arrangement went on
    if affected.empty:
        return None
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    service = kommuner.set_index("kommunenummer")["brannvesen"] if "brannvesen" in kommuner else None
    rule = "Regel: " + avoided.SHARED_RULES[settings.delt_tjeneste]
    if settings.delt_tjeneste == avoided.SETTLED:
        keepers = ", ".join(names[k] for k in affected.unique())
        return (
            f"{rule} {keepers} gjøres opp med; {', '.join(names[affected.index])} frigjør sin lokale kostnad."
        )
    parts = []
    for keeper, members in affected.groupby(affected):
        via = f" gjennom {service[keeper]}" if service is not None else ""
        parts.append(
            f"{names[keeper]} står utenfor og beholder brannvesenet: {', '.join(names[members.index])} får "
            f"fortsatt tjenesten{via} og frigjør ingen lokal kostnad før avtalen er endret"
        )
    return f"{rule} " + "; ".join(parts) + "."


def stand_alone_headline(fair: dict[str, object], members: int) -> tuple[str, str | None]:
    """«Dyrere enn i dag» (a net change above 0) as the table says it: unknown while it rests on
    estimates, with what the estimates say beside it (value, note)."""
    count = f"{fair['betaler_mer_enn_alene']} av {members}"
    return (count, None) if fair["alenetest_sikker"] else ("ukjent", f"estimat: {count}")


def plan_warnings(settings: Settings, result: consequences.Result, decided) -> list[str]:
    """What a council must know before it adopts the plan years: a first year the decision can no
    longer reach, and one-off costs that fall outside the plan and so are not counted."""
    out = []
    earliest = calendar.earliest_first_year(decided)
    if settings.forste_aar < earliest:
        out.append(
            f"Første budsjettår {settings.forste_aar} gir mindre enn tolv måneder fra vedtaket "
            f"({fmt.date(decided)}) til oppstart: avtale, virksomhetsoverdragelse, melding til DSB og "
            f"budsjettene trenger tid, så samarbeidet bør starte 1. januar {earliest} eller senere."
        )
    if result.outside:
        listed = "; ".join(
            f"{r['post']} ({int(r['aar'])}, {fmt.kroner(r['belop_kr'])})" for r in result.outside
        )
        out.append(
            f"Engangskostnader utenfor planårene {settings.forste_aar}–"
            f"{settings.forste_aar + calendar.PLAN_YEARS - 1} er ikke regnet med: {listed}."
        )
    return out


def net_chart(result: consequences.Result) -> object:
    """The first plan year's net change per inhabitant, with its span."""
    first = result.table[result.table["aar"] == result.table["aar"].min()]
    # Built in Python: adding to pandas' Arrow-backed strings casts on every `+` (a tenth of a
    # slider move's server time).
    text = [
        f"{fmt.signed_kroner(net)} per innbygger (spenn {fmt.kroner_span(lo, hi)})"
        for net, lo, hi in zip(
            first["netto_per_innbygger_kr"],
            first["lav_per_innbygger_kr"],
            first["hoy_per_innbygger_kr"],
            strict=True,
        )
    ]
    return charts.diverging_bars(
        first.assign(tekst=text),
        "kommunenavn",
        "netto_per_innbygger_kr",
        "Netto endring per innbygger (kr per år), med spenn",
        "tekst",
        span=("lav_per_innbygger_kr", "hoy_per_innbygger_kr"),
    )


def plan_chart(result: consequences.Result) -> object:
    """The region per plan year: contributions, avoided cost and the net change with its span."""
    return charts.plan_bars(consequences.region_summary(result.table, result.region_range))


def municipality_years(settings: Settings, result: consequences.Result, inputs) -> pd.DataFrame:
    """The four plan years per municipality a finance director budgets from: gross contribution
    split as a budget books it, the avoided cost with the duty rota that ends, and the net, in
    whole kroner that add up row by row."""
    table = result.table
    split = consequences.contribution_split(settings, inputs)
    avoided = consequences.avoided_split(settings, inputs)
    rows = table.merge(split, on=["kommunenummer", "aar"], suffixes=("", "_delt")).merge(
        avoided[["kommunenummer", "aar", "vaktordning_kr"]], on=["kommunenummer", "aar"]
    )
    return pd.DataFrame(
        {
            "Kommunenummer": rows["kommunenummer"].to_numpy(),
            "Kommune": rows["kommunenavn"].to_numpy(),
            "År": rows["aar"].to_numpy(),
            "Bidrag brutto (kr)": rows["bidrag_kr"].to_numpy(),
            "herav drift (kr)": rows["drift_kr"].to_numpy(),
            "herav engangskostnader (kr)": rows["engang_kr"].to_numpy(),
            "herav kapitalkostnader (kr)": rows["kapital_kr"].to_numpy(),
            "Unngått lokal kostnad (kr)": rows["unngatt_kr"].to_numpy(),
            "herav egen vaktordning (kr)": rows["vaktordning_kr"].to_numpy(),
            "Netto endring (kr)": rows["netto_endring_kr"].to_numpy(),
            "Dagens kostnad (kr)": rows["dagens_kr"].to_numpy(),
        }
    ).sort_values(["Kommunenummer", "År"], ignore_index=True)


def workbook(
    settings: Settings,
    result: consequences.Result,
    region: pd.DataFrame,
    year: int,
    inputs,
) -> dict[str, pd.DataFrame]:
    """The sheets of /finansiering's download: the assumptions as typed cells, the four plan years
    per municipality, the chosen year with a Sum row equal to the page, the region per year and
    the net change per year."""
    years = sorted(result.table["aar"].unique())
    shown = consequence_table(
        result.table[result.table["aar"] == year], inputs.estimated, inputs.population_year
    )
    given = {}
    if "lav_kr" in region:
        given = {
            "Netto lav": float(region.loc[year, "lav_kr"]),
            "Netto høy": float(region.loc[year, "hoy_kr"]),
        }
    plan = plan_table(result.table).rename(columns={str(y): f"Netto {y} (kr)" for y in years})
    return {
        "Forutsetninger": assumptions_table(settings, result.blocks, membership.condition(settings, inputs)),
        "Per kommune og år": municipality_years(settings, result, inputs),
        f"Konsekvens {year}": export.with_total(
            shown,
            "Kommune",
            [c for c in KRONER_COLUMNS if "per innbygger" not in c and c not in given],
            given,
        ),
        "Økonomiplan": region_table(region),
        "Netto per år": export.with_total(plan, "Kommune", [f"Netto {y} (kr)" for y in years]),
    }

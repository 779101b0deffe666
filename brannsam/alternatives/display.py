"""The alternatives analysis as people read it: the side-by-side table, the cost–effect chart,
the plan years, what each alternative buys per service, the verdicts before and after, each
municipality in every alternative, the recommendation, and the CLI's rows. Norwegian headers,
whole kroner in the tables, rounded figures in the text."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from brannsam import formatting as fmt
from brannsam.alternatives import analysis
from brannsam.alternatives.effects import FUNCTIONS, REACH_LIMITS, RULES, Effects
from brannsam.funding import options
from brannsam.present import charts

CSV_HEADER = [
    "alternativ",
    "kommunenummer",
    "aar",
    "bidrag_kr",
    "unngatt_kr",
    "netto_endring_kr",
    "lav_kr",
    "hoy_kr",
]
SUMMARY_HEADER = [
    "alternativ",
    "navn",
    "organisasjonsform",
    "rang",
    "anbefalt",
    "analyseperiode_aar",
    "kostnad_per_aar_kr",
    "kostnad_per_aar_lav_kr",
    "kostnad_per_aar_hoy_kr",
    "verdi_per_aar_kr",
    "netto_forste_aar_kr",
    "netto_siste_aar_kr",
    "netto_siste_aar_lav_kr",
    "netto_siste_aar_hoy_kr",
    "naverdi_kr",
    "naverdi_lav_kr",
    "naverdi_hoy_kr",
    "uten_kutt_siste_aar_kr",
    "arsverk_frigjort",
    "arsverk_balanse",
    "arsverk_felles",
    "vaktordninger",
    "vaktordninger_under_4_ledere",
    "overordnet_vakt_30_min",
    "overordnet_vakt_60_min",
    "krav_endret",
    "ikke_prissatt_poeng",
    "gjennomforingsrisiko",
]


def form_name(form: str) -> str:
    return options.FORMS.get(form, form)


def side_by_side(ranking: analysis.Ranking) -> pd.DataFrame:
    """One row per alternative, every figure a number of its own (ranges as a low and a high
    column): the Excel sheet a finance director filters and sums."""
    t = ranking.table
    return pd.DataFrame(
        {
            "Rang": t["rang"],
            "Alternativ": [f"{a} {n}" for a, n in zip(t["alternativ"], t["navn"], strict=True)],
            "Organisering": t["form"].map(form_name),
            "Kostnad per år": t["per_aar_kr"].round(),
            "Kostnad per år lav": t["per_aar_lav_kr"].round(),
            "Kostnad per år høy": t["per_aar_hoy_kr"].round(),
            "Netto første år": t["forste_aar_kr"].round(),
            "Netto siste planår": t["siste_aar_kr"].round(),
            "Netto siste planår lav": t["siste_aar_lav_kr"].round(),
            "Netto siste planår høy": t["siste_aar_hoy_kr"].round(),
            "Nåverdi": t["naverdi_kr"].round(),
            "Nåverdi lav": t["naverdi_lav_kr"].round(),
            "Nåverdi høy": t["naverdi_hoy_kr"].round(),
            "Netto uten lokale kutt": t["uten_kutt_siste_aar_kr"].round(),
            "Lokale årsverk som frigjøres": t["arsverk_frigjort"].round(1),
            "Årsverk for å gå i null": t["arsverk_balanse"].map(
                lambda v: None if pd.isna(v) else round(v, 1)
            ),
            "Nye felles årsverk": t["arsverk_felles"].round(1),
            "Vaktordninger (overordnet vakt)": t["vaktordninger"],
            "Av dem under 4 ledere": t["vaktordninger_svake"],
            "Overordnet vakt innen 30 min (%)": (t["ov_30_min"] * 100).round(1),
            "Overordnet vakt innen 60 min (%)": (t["ov_60_min"] * 100).round(1),
            "Krav som endres (R9–R13)": t["krav_endret"],
            "Ikke-prissatt (poeng)": t["poeng"],
            "Verdi per år": t["verdi_kr"].round(),
        }
    ).sort_values("Rang", kind="stable")


def column_notes(period: int, rate: float) -> list[str]:
    """What the Excel sheet's «per år» and its ranges mean, for the reader who gets only the file."""
    return [
        f"«Kostnad per år» er regionens netto endring mot dagens ordning, fordelt jevnt over "
        f"analyseperioden på {period} år: nåverdien (kalkulasjonsrente {fmt.percent(rate, 1)}) delt på "
        "summen av diskonteringsfaktorene. Etter de fire planårene regnes siste planårs netto videre. "
        "Positivt tall er merkostnad, negativt er innsparing.",
        "«lav» og «høy» er spennet fra antakelsenes lave og høye verdier; «Verdi per år» er kroner per "
        "poeng ganger poengene for ikke-prissatte virkninger minus kostnaden per år (sekundær metode).",
    ]


def side_by_side_view(ranking: analysis.Ranking, period: int, chosen: str | None = None) -> pd.DataFrame:
    """The side-by-side comparison as a screen reads it: one column per alternative (best ranked
    first, the recommendation marked), one row per measure, every figure as text, so the whole
    comparison fits a 1366 px wide screen."""
    t = ranking.table.sort_values("rang", kind="stable")
    rows: list[tuple[str, list[str]]] = [
        ("Organisering", [form_name(f).split(" (")[0] for f in t["form"]]),
        (f"Kostnad per år, snitt over {period} år", [signed_amount(v) for v in t["per_aar_kr"]]),
        (
            "Spenn (mill. kr per år)",
            [
                fmt.millions_span(lo, hi)
                for lo, hi in zip(t["per_aar_lav_kr"], t["per_aar_hoy_kr"], strict=True)
            ],
        ),
        ("Netto første år", [signed_amount(v) for v in t["forste_aar_kr"]]),
        ("Netto siste planår", [signed_amount(v) for v in t["siste_aar_kr"]]),
        (f"Nåverdi over {period} år", [signed_amount(v) for v in t["naverdi_kr"]]),
        ("Uten lokale kutt, siste planår", [signed_amount(v) for v in t["uten_kutt_siste_aar_kr"]]),
        ("Lokale årsverk som frigjøres", [fmt.number(v, 1) for v in t["arsverk_frigjort"]]),
        (
            "Årsverk for å gå i null",
            [fmt.MISSING if pd.isna(v) else fmt.number(v, 1) for v in t["arsverk_balanse"]],
        ),
        (
            "Vaktordninger (under 4 ledere)",
            [
                f"{int(n)} ({int(w)})"
                for n, w in zip(t["vaktordninger"], t["vaktordninger_svake"], strict=True)
            ],
        ),
        ("Overordnet vakt innen 60 min", [fmt.percent(v, 0) for v in t["ov_60_min"]]),
        ("Krav som endres (R9–R13)", [str(int(v)) for v in t["krav_endret"]]),
        ("Ikke-prissatt (poeng)", [f"{v:+.0f}".replace("-", "−") for v in t["poeng"]]),
        ("Verdi per år (sekundær)", [signed_amount(v) for v in t["verdi_kr"]]),
        ("Rang", [str(int(v)) for v in t["rang"]]),
    ]
    headers = [f"{a}{' (anbefalt)' if a == chosen else ''}" for a in t["alternativ"]]
    return pd.DataFrame(
        {"": [label for label, _ in rows], **{h: [v[i] for _, v in rows] for i, h in enumerate(headers)}}
    )


def nonpriced_table(ranking: analysis.Ranking, comparison: analysis.Comparison | None = None) -> pd.DataFrame:
    """The pluss-minus scores per criterion, in the scale's own signs, each criterion's weight
    in its header; implementation risk shown but not summed; with `comparison`, beside the
    scores, where the duty officer reaches fewer inhabitants than today."""
    t = ranking.table
    out = pd.DataFrame({"Alternativ": [f"{a} {n}" for a, n in zip(t["alternativ"], t["navn"], strict=True)]})
    for criterion in options.EFFECT_CRITERIA:
        weight = fmt.number(options.CRITERION_WEIGHTS[criterion])
        out[f"{options.CRITERIA[criterion]} (vekt {weight})"] = t[f"ip_{criterion}"].map(plus_minus)
    out["Sum (poeng)"] = t["poeng"].map(lambda v: f"{v:+.0f}".replace("-", "−"))
    out[f"{options.CRITERIA[options.RISK_CRITERION]} (ikke i summen)"] = t[
        f"ip_{options.RISK_CRITERION}"
    ].map(plus_minus)
    out["Satt av (hvem, når, hvorfor)"] = t["vurdert"]
    if comparison is not None:
        out["Merknad til kvaliteten"] = [
            _reach_note(comparison.effects[a]) if a in comparison.effects else "" for a in t["alternativ"]
        ]
    return out


def _reach_note(found: Effects) -> str:
    limit = REACH_LIMITS[1]
    if found.reach_after[limit] >= found.reach_today[limit] - 1e-9:
        return ""
    return (
        f"Overordnet vakt når færre enn i dag: {fmt.percent(found.reach_after[limit], 0)} mot "
        f"{fmt.percent(found.reach_today[limit], 0)} innen {limit} min"
    )


def _kr_cell(value: float, signed: bool = True) -> str:
    """An amount rounded like the text, for a column whose header says «(kr)»."""
    return fmt.approx_kroner(value, signed=signed).removesuffix(f"{fmt.NBSP}kr")


def switching_table(ranking: analysis.Ranking, chosen: str) -> pd.DataFrame:
    """The switching values as a table: what each alternative's non-priced effects must be worth
    per year against today's arrangement and against the recommendation."""
    values = analysis.switching_values(ranking.table, chosen)
    return pd.DataFrame(
        {
            "Alternativ": [f"{a} {n}" for a, n in zip(values["alternativ"], values["navn"], strict=True)],
            "Kostnad per år (kr)": [_kr_cell(v) for v in values["per_aar_kr"]],
            "Må være verdt per år, mot dagens ordning (kr)": [
                _kr_cell(v, signed=False) for v in values["mot_nullalternativet_kr"]
            ],
            f"Mer enn {chosen} koster per år (kr)": [
                "" if a == chosen else _kr_cell(v)
                for a, v in zip(values["alternativ"], values["mot_referansen_kr"], strict=True)
            ],
            "Ikke-prissatt (poeng)": [f"{v:+.0f}".replace("-", "−") for v in values["poeng"]],
        }
    )


def plus_minus(value: int) -> str:
    """−4 … +4 as the pluss-minus method writes it: «+ + +», «0», «− −»."""
    value = int(value)
    return "0" if value == 0 else " ".join(("+" if value > 0 else "−") for _ in range(abs(value)))


def year_table(comparison: analysis.Comparison) -> pd.DataFrame:
    """The region's net change per alternative and plan year with its range."""
    rows = []
    for option in comparison.options:
        region = comparison.priced[option["id"]].region
        for year, row in region.iterrows():
            rows.append(
                {
                    "Alternativ": f"{option['id']} {option['navn']}",
                    "År": int(year),
                    "Bidrag i alt": round(row["bidrag_kr"]),
                    "Unngått lokal kostnad": round(row["unngatt_kr"]),
                    "Netto endring": round(row["netto_endring_kr"]),
                    "Netto lav": round(row["lav_kr"]),
                    "Netto høy": round(row["hoy_kr"]),
                    "Uten lokale kutt": round(comparison.priced[option["id"]].nothing_cut[year]),
                }
            )
    return pd.DataFrame(rows)


YEAR_KRONER = (
    "Bidrag i alt",
    "Unngått lokal kostnad",
    "Netto endring",
    "Netto lav",
    "Netto høy",
    "Uten lokale kutt",
)


def functions_table(found: Effects, names: dict[str, str]) -> pd.DataFrame:
    """Årsverk by function per service today and with the alternative (fully realised)."""
    wide = found.functions.pivot(index="brannvesen_id", columns="funksjon", values=["i_dag", "etter"])
    order = [*[s for s in names if s in wide.index], "region"]
    out = pd.DataFrame({"Brannvesen": [names.get(s, "Regionen i alt") for s in order]})
    for function, label in FUNCTIONS.items():
        if function in ("overordnet_vakt", "felles"):
            out[f"{label}: felles årsverk"] = wide[("etter", function)].reindex(order).round(1).to_numpy()
            continue
        out[f"{label} i dag"] = wide[("i_dag", function)].reindex(order).round(1).to_numpy()
        out[f"{label} etter"] = wide[("etter", function)].reindex(order).round(1).to_numpy()
    return out


def verdict_table(found: Effects, names: dict[str, str]) -> pd.DataFrame:
    """Per service and rule: the verdict today → with the alternative, and why."""
    v = found.verdicts
    return pd.DataFrame(
        {
            "Brannvesen": v["brannvesen_id"].map(names).fillna(v["brannvesen_id"]),
            "Krav": [f"{r} {RULES[r]}" for r in v["regel_id"]],
            "I dag": v["for"],
            "Med alternativet": v["etter"],
            "Endret": ["ja" if a != b else "" for a, b in zip(v["for"], v["etter"], strict=True)],
            "Grunnlag etter": v["tekst_etter"],
        }
    )


def rota_table(found: Effects) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Vaktordning": found.rotas["navn"],
            "Base": found.rotas["base"],
            "Ledere å gå vakt": found.rotas["ledere"].round(1),
            "Dekker": found.rotas["brannvesen"],
            "Grunnlag": found.rotas["grunnlag"],
        }
    )


def municipality_table(comparison: analysis.Comparison, nr: str) -> pd.DataFrame:
    """One municipality in every alternative, every plan year: contribution, avoided cost and net
    change with its range (empty rows when it does not join)."""
    rows = []
    for option in comparison.options:
        table = comparison.priced[option["id"]].result.table
        mine = table[table["kommunenummer"] == nr]
        for row in mine.itertuples(index=False):
            rows.append(
                {
                    "Alternativ": f"{option['id']} {option['navn']}",
                    "År": int(row.aar),
                    "Bidrag": int(row.bidrag_kr),
                    "Unngått lokal kostnad": int(row.unngatt_kr),
                    "Netto endring": int(row.netto_endring_kr),
                    "Spenn": fmt.kroner_span(row.lav_kr, row.hoy_kr),
                }
            )
    return pd.DataFrame(
        rows, columns=["Alternativ", "År", "Bidrag", "Unngått lokal kostnad", "Netto endring", "Spenn"]
    )


def municipality_summary(comparison: analysis.Comparison, nr: str) -> pd.DataFrame:
    """A council brief's short form: per alternative, the first and the fully realised year."""
    full = municipality_table(comparison, nr)
    if full.empty:
        return full
    first, last = full["År"].min(), full["År"].max()
    out = []
    for name, rows in full.groupby("Alternativ", sort=False):
        one, end = rows[rows["År"] == first].iloc[0], rows[rows["År"] == last].iloc[0]
        out.append(
            {
                "Alternativ": name,
                f"Netto {first}": fmt.approx_kroner(one["Netto endring"], signed=True),
                f"Netto {last}": fmt.approx_kroner(end["Netto endring"], signed=True),
                f"Spenn {last}": end["Spenn"],
            }
        )
    return pd.DataFrame(out)


def chart(ranking: analysis.Ranking, kr_per_point: float) -> go.Figure:
    """Cost against effect: net cost per year (with its range) across, non-priced points up;
    the dashed line holds the alternatives worth as much as the first at the stated rate."""
    t = ranking.table
    fig = go.Figure()
    fig.add_scatter(
        x=t["per_aar_kr"] / 1e6,
        y=t["poeng"],
        mode="markers+text",
        text=[charts.plain(a) for a in t["alternativ"]],
        customdata=[charts.plain(n) for n in t["navn"]],
        textposition="top center",
        textfont={"size": 18},
        marker={
            "size": 16,
            "color": ["#b2182b" if a == ranking.first else "#2166ac" for a in t["alternativ"]],
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (t["per_aar_hoy_kr"] - t["per_aar_kr"]) / 1e6,
            "arrayminus": (t["per_aar_kr"] - t["per_aar_lav_kr"]) / 1e6,
            # Its own colour: by default a whisker takes the marker's, a list here, which plotly.js
            # cannot use and warns about in the console.
            "color": "#555555",
        },
        hovertemplate="%{text} %{customdata}<br>%{x:.1f} mill. kr per år<br>%{y:+.0f} poeng<extra></extra>",
        showlegend=False,
    )
    if kr_per_point > 0:
        best = t.set_index("alternativ").loc[ranking.first]
        span = pd.Series([t["per_aar_lav_kr"].min(), t["per_aar_hoy_kr"].max()]) / 1e6
        fig.add_scatter(
            x=span,
            y=best["poeng"] + (span * 1e6 - best["per_aar_kr"]) / kr_per_point,
            mode="lines",
            line={"dash": "dash", "color": "#888"},
            name=f"Like god som nr. 1 ved {fmt.kroner(kr_per_point)} per poeng",
            hoverinfo="skip",
        )
    fig.update_layout(
        xaxis_title="Netto kostnad per år mot dagens ordning (mill. kr, nåverdi fordelt på årene)",
        yaxis_title="Ikke-prissatte virkninger (poeng, −4 … +4 per kriterium)",
        yaxis_range=[min(-2, t["poeng"].min() - 2), max(6, t["poeng"].max() + 2)],
    )
    return charts.layout(fig, 460, legend={"orientation": "h", "y": 1.1})


def effect_sources(where: dict[str, str]) -> str:
    """Where each alternative's non-priced effects come from, grouped: «A, B, C: …; 0: …»."""
    grouped: dict[str, list[str]] = {}
    for option_id, source in where.items():
        grouped.setdefault(source, []).append(option_id)
    return "; ".join(f"{', '.join(ids)}: {source}" for source, ids in grouped.items())


def signed_amount(value: float) -> str:
    """An amount in the text's rounding (three figures), with its sign: «+4 850 000 kr»."""
    return fmt.approx_kroner(value, signed=True)


def csv_rows(comparison: analysis.Comparison) -> pd.DataFrame:
    """`alternativer --format csv`: one row per alternative, member municipality and plan year."""
    frames = []
    for option in comparison.options:
        table = comparison.priced[option["id"]].result.table
        frames.append(table.assign(alternativ=option["id"])[CSV_HEADER])
    return pd.concat(frames, ignore_index=True)


def summary_rows(ranking: analysis.Ranking, period: int, chosen: str) -> pd.DataFrame:
    """`alternativer --sammendrag`: one row per alternative with its cost and effect columns,
    the ranking's own figure (`verdi_per_aar_kr`) and the recommended one marked."""
    t = ranking.table
    return pd.DataFrame(
        {
            "alternativ": t["alternativ"],
            "navn": t["navn"],
            "organisasjonsform": t["form"],
            "rang": t["rang"],
            "anbefalt": ["ja" if a == chosen else "nei" for a in t["alternativ"]],
            "analyseperiode_aar": period,
            "kostnad_per_aar_kr": t["per_aar_kr"].round().astype("int64"),
            "kostnad_per_aar_lav_kr": t["per_aar_lav_kr"].round().astype("int64"),
            "kostnad_per_aar_hoy_kr": t["per_aar_hoy_kr"].round().astype("int64"),
            "verdi_per_aar_kr": t["verdi_kr"].round().astype("int64"),
            "netto_forste_aar_kr": t["forste_aar_kr"].round().astype("int64"),
            "netto_siste_aar_kr": t["siste_aar_kr"].round().astype("int64"),
            "netto_siste_aar_lav_kr": t["siste_aar_lav_kr"].round().astype("int64"),
            "netto_siste_aar_hoy_kr": t["siste_aar_hoy_kr"].round().astype("int64"),
            "naverdi_kr": t["naverdi_kr"].round().astype("int64"),
            "naverdi_lav_kr": t["naverdi_lav_kr"].round().astype("int64"),
            "naverdi_hoy_kr": t["naverdi_hoy_kr"].round().astype("int64"),
            "uten_kutt_siste_aar_kr": t["uten_kutt_siste_aar_kr"].round().astype("int64"),
            "arsverk_frigjort": t["arsverk_frigjort"].round(1),
            "arsverk_balanse": t["arsverk_balanse"].round(1),
            "arsverk_felles": t["arsverk_felles"].round(1),
            "vaktordninger": t["vaktordninger"],
            "vaktordninger_under_4_ledere": t["vaktordninger_svake"],
            "overordnet_vakt_30_min": t["ov_30_min"].round(3),
            "overordnet_vakt_60_min": t["ov_60_min"].round(3),
            "krav_endret": t["krav_endret"],
            "ikke_prissatt_poeng": t["poeng"].round().astype("int64"),
            "gjennomforingsrisiko": t[f"ip_{options.RISK_CRITERION}"].astype("int64"),
        }
    )[SUMMARY_HEADER]


def _millions(value: float) -> str:
    return fmt.signed_millions(value) if round(value / 1e5) else "0"


def report_table(ranking: analysis.Ranking) -> pd.DataFrame:
    """The side-by-side table as display text for an A4 document: millions with one decimal, so
    no figure is broken across lines."""
    t = ranking.table.sort_values("rang", kind="stable")
    return pd.DataFrame(
        {
            "Alternativ (rang)": [
                f"{r}. {a} {n}" for r, a, n in zip(t["rang"], t["alternativ"], t["navn"], strict=True)
            ],
            "Kostnad per år, snitt over analyseperioden (mill. kr)": [
                f"{_millions(v)} ({_millions(lo)} til {_millions(hi)})"
                for v, lo, hi in zip(t["per_aar_kr"], t["per_aar_lav_kr"], t["per_aar_hoy_kr"], strict=True)
            ],
            "Netto siste planår (mill. kr)": t["siste_aar_kr"].map(_millions),
            "Nåverdi (mill. kr)": t["naverdi_kr"].map(_millions),
            "Uten lokale kutt (mill. kr)": t["uten_kutt_siste_aar_kr"].map(_millions),
            "Vaktordninger (under 4 ledere)": [
                f"{int(n)} ({int(w)})"
                for n, w in zip(t["vaktordninger"], t["vaktordninger_svake"], strict=True)
            ],
            "Overordnet vakt innen 60 min": t["ov_60_min"].map(lambda v: fmt.percent(v, 0)),
            "Ikke-prissatt (poeng)": t["poeng"].map(lambda v: f"{v:+.0f}".replace("-", "−")),
            "Verdi per år (mill. kr)": t["verdi_kr"].map(_millions),
        }
    )

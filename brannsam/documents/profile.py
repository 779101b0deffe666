"""One fire service next to the region: the figures of «Mitt brannvesen» and its printable page."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from brannsam import formatting as fmt
from brannsam.estimates import station_model

# SSB 2023 (table 12058): net 338+339 per inhabitant in Norway [derived], the one figure the
# staffing and cost model also uses.
NASJONAL_NETTO_PER_INNBYGGER = station_model.LANDET_PER_INNBYGGER[2023]
TRONDELAG_2020_PER_INNBYGGER = station_model.TRONDELAG_338_2020 + station_model.TRONDELAG_339_2020
TRONDELAG_NOW = TRONDELAG_2020_PER_INNBYGGER * station_model.year_factor(2020, station_model.COST_YEAR)


@dataclass
class Profile:
    service_id: str
    name: str
    organisation: str
    members: pd.DataFrame
    stations: pd.DataFrame
    figures: pd.DataFrame  # Nøkkeltall, Brannvesenet, Regionen, Kilde, Estimat


def _prevention(without: float | None, including: float | None) -> str:
    """«ukjent / 58,6»: prevention without sweeps is what R9 asks; the estimate only has it with."""
    first = "ukjent" if without is None or pd.isna(without) else fmt.number(without, 1)
    second = "ukjent" if including is None or pd.isna(including) else fmt.number(including, 1)
    return f"{first} / {second}"


Row = tuple[str, str, str, str, bool]  # figure, the service, the region, source, estimate


def _place_rows(
    members: pd.DataFrame, kommuner: pd.DataFrame, own: pd.DataFrame, stations: pd.DataFrame
) -> list[Row]:
    """Municipalities, inhabitants, area and stations: registers, no estimates."""
    area, region_area = members["areal_km2"].sum(), kommuner["areal_km2"].sum()
    return [
        ("Kommuner", fmt.number(len(members)), fmt.number(len(kommuner)), "SSB/Kartverket 2024", False),
        (
            "Innbyggere",
            fmt.number(members["innbyggere"].sum()),
            fmt.number(kommuner["innbyggere"].sum()),
            "SSB 1.1.2024",
            False,
        ),
        ("Areal", f"{fmt.number(area)} km²", f"{fmt.number(region_area)} km²", "SSB/Kartverket", False),
        (
            "Brannstasjoner",
            fmt.number(len(own)),
            fmt.number(len(stations)),
            "DSB brannstasjonsregister",
            False,
        ),
    ]


def _staff_rows(staff: pd.Series, staffing: pd.DataFrame) -> list[Row]:
    """Prevention and emergency årsverk, the service's against the region's sum."""
    return [
        (
            "Årsverk forebyggende (uten feiing / inkl. feiing)",
            _prevention(staff["arsverk_forebyggende"], staff.get("arsverk_forebyggende_inkl_feiing")),
            _prevention(
                staffing["arsverk_forebyggende"].sum(min_count=len(staffing)),
                staffing["arsverk_forebyggende_inkl_feiing"].sum(min_count=1),
            ),
            staff["kilde"],
            bool(staff["estimert"]),
        ),
        (
            "Årsverk beredskap heltid / deltid (deltidspersoner)",
            f"{fmt.number(staff['arsverk_beredskap_heltid'], 1)} / "
            f"{fmt.number(staff['arsverk_beredskap_deltid'], 1)} "
            f"({fmt.number(staff.get('deltid_personer'))})",
            f"{fmt.number(staffing['arsverk_beredskap_heltid'].sum(), 1)} / "
            f"{fmt.number(staffing['arsverk_beredskap_deltid'].sum(), 1)} "
            f"({fmt.number(staffing['deltid_personer'].sum(min_count=1))})",
            staff["kilde"],
            bool(staff["estimert"]),
        ),
    ]


def _cost_row(members: pd.DataFrame, costs: pd.DataFrame) -> Row:
    """Net cost per inhabitant against the region's median, the country and Trøndelag."""
    cost = costs.set_index("kommunenummer").reindex(members["kommunenummer"])
    return (
        "Netto driftsutgifter 338+339 per innbygger",
        fmt.kroner(cost["netto_kr"].sum() / members["innbyggere"].sum()),
        f"median {fmt.kroner(costs['netto_per_innbygger'].median())}; "
        f"landet {fmt.kroner(NASJONAL_NETTO_PER_INNBYGGER)} (2023); "
        f"Trøndelag {fmt.kroner(TRONDELAG_2020_PER_INNBYGGER)} (2020; "
        f"{fmt.kroner(TRONDELAG_NOW)} i {station_model.COST_YEAR}-kroner)",
        "; ".join(sorted(set(cost["kilde"]))),
        bool(cost["estimert"].any()),
    )


def _risk_rows(members: pd.DataFrame, values: pd.DataFrame, risk_index: pd.Series) -> list[Row]:
    """Callouts and the risk index: mostly estimates."""
    per_municipality = values["utrykninger_per_1000"] * values["innbyggere"] / 1000
    callouts = per_municipality.reindex(members["kommunenummer"]).sum()
    region = (values["utrykninger_per_1000"] * values["innbyggere"]).sum() / values["innbyggere"].sum()
    return [
        (
            "Utrykninger per 1 000 innbyggere",
            fmt.number(callouts / members["innbyggere"].sum() * 1000, 1),
            fmt.number(region, 1),
            "se risikobildet (mest estimat)",
            True,
        ),
        (
            "Risikoindeks (snitt av kommunene)",
            fmt.number(members["risikoindeks"].mean(), 1),
            fmt.number(risk_index.mean(), 1),
            "risikoindeks med standardvekter",
            True,
        ),
    ]


def _coverage_rows(own: pd.Series, region: pd.Series, limits: dict[str, float]) -> list[Row]:
    return [
        (
            f"Innbyggere innen {fmt.plain(limit)} min",
            fmt.percent(own[f"innen_{key}"] / own["innbyggere"]),
            fmt.percent(region[f"innen_{key}"] / region["innbyggere"]),
            "estimat: responstidsmodellen",
            True,
        )
        for key, limit in limits.items()
    ]


def service_profile(
    service_id: str,
    services: pd.DataFrame,
    kommuner: pd.DataFrame,
    stations: pd.DataFrame,
    staffing: pd.DataFrame,
    costs: pd.DataFrame,
    values: pd.DataFrame,
    risk_index: pd.Series,
    coverage_by_service: pd.DataFrame,
    limits: dict[str, float],
) -> Profile:
    """Everything the page shows about one service; `values` are the risk indicators (wide)."""
    service = services.set_index("brannvesen_id").loc[service_id]
    members = kommuner[kommuner["brannvesen_id"] == service_id].copy()
    members["risikoindeks"] = members["kommunenummer"].map(risk_index)
    own_stations = stations[stations["brannvesen_id"] == service_id]
    staff = staffing.set_index("brannvesen_id").reindex([service_id]).iloc[0]
    rows = [
        *_place_rows(members, kommuner, own_stations, stations),
        *_staff_rows(staff, staffing),
        _cost_row(members, costs),
        *_risk_rows(members, values, risk_index),
        *_coverage_rows(coverage_by_service.loc[service["navn"]], coverage_by_service.sum(), limits),
    ]
    figures = pd.DataFrame(rows, columns=["Nøkkeltall", "Brannvesenet", "Regionen", "Kilde", "Estimat"])
    figures["Estimat"] = figures["Estimat"].map({True: "ja", False: "nei"})
    return Profile(service_id, service["navn"], service["organisasjonsform"], members, own_stations, figures)


VERDICT_COLOUR = {
    "oppfylt": "#117733",
    "ikke oppfylt": "#CC3311",
    "ukjent": "#777777",
    "ikke relevant": "#BBBBBB",
    "gjelder 110-sentralen": "#BBBBBB",
}


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_page(profile: Profile, assessment: pd.DataFrame, structure_note: str, printed: str) -> str:
    """A self-contained page that prints on one or two A4 sheets, for the council meeting."""
    members = profile.members[["kommunenavn", "innbyggere", "risikoindeks"]].rename(
        columns={"kommunenavn": "Kommune", "innbyggere": "Innbyggere", "risikoindeks": "Risikoindeks"}
    )
    members["Innbyggere"] = members["Innbyggere"].map(fmt.number)
    members["Risikoindeks"] = members["Risikoindeks"].map(lambda v: fmt.number(v, 1))
    checks = "".join(
        f"<tr><td>{html.escape(r.regel_id)}</td><td>{html.escape(r.tittel)}</td>"
        f"<td style='color:{VERDICT_COLOUR[r.vurdering]};font-weight:bold'>"
        f"{html.escape(r.vurdering)}</td><td>{html.escape(r.verdi)}</td>"
        f"<td>{html.escape(r.status_tekst)}</td></tr>"
        for r in assessment.itertuples()
    )
    return f"""<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>{html.escape(profile.name)} – Brannsam</title>
<style>
body {{ font-family: "Source Sans Pro", Arial, sans-serif; font-size: 11pt; margin: 1.5cm; color: #222; }}
h1 {{ font-size: 18pt; margin: 0 0 .2em; }} h2 {{ font-size: 13pt; margin: 1.2em 0 .4em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }}
.note {{ color: #555; font-size: 9pt; }}
@page {{ size: A4; margin: 1.2cm; }}
@media print {{ body {{ margin: 0; }} h2 {{ break-after: avoid; }} tr {{ break-inside: avoid; }} }}
</style></head><body>
<h1>{html.escape(profile.name)}</h1>
<p class="note">{html.escape(profile.organisation)} · {html.escape(structure_note)} ·
utskrevet {html.escape(printed)}</p>
<h2>Medlemskommuner</h2>{_table(members)}
<h2>Nøkkeltall mot regionen</h2>{_table(profile.figures)}
<p class="note">«Estimat = ja»: tallet er beregnet fra landsgjennomsnitt eller en modell,
ikke oppgitt av brannvesenet.</p>
<h2>Forskriftskrav (brann- og redningsvesenforskriften 2021)</h2>
<table><thead><tr><th>Regel</th><th>Krav</th><th>Vurdering</th><th>Tall</th>
<th>Status for kravet</th></tr></thead>
<tbody>{checks}</tbody></table>
<p class="note">«Ukjent» betyr at tallet mangler eller bare er et estimat. Krav merket «ikke bekreftet mot
forskriftstekst» er hentet fra den gamle dimensjoneringsforskriften eller sekundærkilder.</p>
</body></html>"""

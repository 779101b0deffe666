"""What an alternative buys, per service and for the region, against today: årsverk by function,
the duty-officer rotas and how many leaders carry each, how many inhabitants a duty officer reaches
within 30 and 60 minutes, and the verdicts that change (R9–R13). Every figure follows from the
alternative's lines, zones and areas and from the data; nothing is a constant per alternative.

Staff freed locally are taken from the services in proportion to their årsverk of the block (as
the funding model's avoided cost); shared årsverk serve the services by inhabitants. The figures
are those of a fully realised alternative (the last year of the realisation profile).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam import geo
from brannsam.alternatives.region import Region, attach, duty_officer_minutes
from brannsam.funding import avoided, budget, options
from brannsam.risk.verdicts import IKKE_OPPFYLT, OPPFYLT, UKJENT

FUNCTIONS = {
    "ledelse": "Ledelse",
    "forebyggende": "Forebyggende",
    "overordnet_vakt": "Overordnet vakt",
    "beredskap": "Beredskap (utrykning)",
    "felles": "Felles støtte",
}
REACH_LIMITS = (30, 60)
RULES = {
    "R9": "Forebyggende bemanning",
    "R10": "Ledelse",
    "R11": "Overordnet vakt",
    "R12": "Analyser",
    "R13": "Nærmeste ressurs",
}
# Forms in which the members' stations are one service: the nearest station is always its own.
ONE_SERVICE = ("iks", "felles_brannvesen")
# R10's three roles (brannsjef, leder forebyggende, leder beredskap): a shared leadership with at
# least this many årsverk can fill them.
LEADER_ROLES = 3
# A zone's duty officer covers a service (R11) only when he reaches its main station within this
# many minutes from the zone's base. No source gives such a limit: Brannsam's assumption (a duty
# officer must be able to lead at the scene of a major incident within the first hour), to be
# replaced when the regulation's guidance or the study sets one.
DUTY_OFFICER_LIMIT_MIN = 60
DUTY_OFFICER_LIMIT_SOURCE = "en antakelse, ingen kilde gir en grense ennå"


@dataclass(frozen=True)
class Effects:
    """`notes` says what the members who left changed: a zone moved, a host that is gone."""

    functions: pd.DataFrame  # brannvesen_id, funksjon, i_dag, etter (årsverk); brannvesen_id "region" too
    rotas: pd.DataFrame  # per rota after: navn, base, ledere, brannvesen (today's when no zones)
    rotas_today: int
    weak_today: int  # rotas with fewer than budget.ROTA_LEADERS leaders
    weak_after: int
    reach_today: dict[int, float]  # share of inhabitants within each limit
    reach_after: dict[int, float]
    verdicts: pd.DataFrame  # brannvesen_id, regel_id, for, etter, tekst_for, tekst_etter
    notes: tuple[str, ...] = ()
    # services no zone base reaches within DUTY_OFFICER_LIMIT_MIN: they keep their own rota (and
    # its cost, which the funding model then does not count as avoided)
    keeps_rota: tuple[str, ...] = ()


def _function(line) -> str:
    if line.erstatter == "vaktordning":
        return "overordnet_vakt"
    return line.blokk


def freed(lines: pd.DataFrame, region: Region) -> pd.DataFrame:
    """Local årsverk each service loses to the shared lines, per block (fully realised), as the
    funding model's avoided cost takes them."""
    services = region.services["brannvesen_id"]
    return avoided.freed_arsverk(lines, region.local, region.kommuner).reindex(services).fillna(0.0)


def shared(lines: pd.DataFrame) -> pd.Series:
    """The alternative's own årsverk per function."""
    totals = pd.Series(0.0, index=list(FUNCTIONS))
    for line in lines.itertuples(index=False):
        totals[_function(line)] += float(line.arsverk)
    return totals


def functions(region: Region, gone: pd.DataFrame, common: pd.Series) -> pd.DataFrame:
    """Årsverk by function per service today and with the alternative (its local staff less what
    is freed, `gone` from `freed`, plus its share of the shared årsverk, `common` from `shared`,
    by inhabitants), and the region's sum."""
    services = region.services.set_index("brannvesen_id")
    share = services["innbyggere"] / services["innbyggere"].sum()
    local = {
        "ledelse": region.local["arsverk_ledelse"],
        "forebyggende": region.local["arsverk_forebyggende"],
        "beredskap": region.local["arsverk_beredskap"],
    }
    rows = []
    for service in services.index:
        for function in FUNCTIONS:
            today = float(local[function].get(service, 0.0)) if function in local else 0.0
            lost = float(gone.loc[service, function]) if function in gone.columns else 0.0
            after = max(today - lost, 0.0) + float(common[function] * share[service])
            rows.append({"brannvesen_id": service, "funksjon": function, "i_dag": today, "etter": after})
    table = pd.DataFrame(rows)
    total = table.groupby("funksjon", sort=False)[["i_dag", "etter"]].sum().reset_index()
    return pd.concat([table, total.assign(brannvesen_id="region")], ignore_index=True)


def outside(region: Region, left_out: tuple[str, ...]) -> set[str]:
    """The services none of whose municipalities joins."""
    kommuner = region.kommuner
    joining = set(kommuner.loc[~kommuner["kommunenummer"].isin(left_out), "brannvesen_id"])
    return set(region.services["brannvesen_id"]) - joining


def for_members(option: dict, region: Region, left_out: tuple[str, ...]) -> tuple[dict, tuple[str, ...]]:
    """`option` as the members who join can have it: a zone based at a station in a municipality
    that stays outside moves to the nearest station of a member (the rota and its cost stay), and
    a host named among those outside is said to be gone. Returns the option and what was said."""
    if not left_out:
        return option, ()
    stations = region.stations.dropna(subset=["lat", "lon"]).drop_duplicates("navn")
    names = region.kommuner.set_index("kommunenummer")["kommunenavn"]
    inside = stations[~stations["kommunenummer"].isin(left_out)]
    notes, zones = [], []
    for zone in option.get("soner", []):
        base = stations[stations["navn"] == zone["base"]]
        if base.empty or base["kommunenummer"].iloc[0] not in left_out or inside.empty:
            zones.append(zone)
            continue
        nearest = inside["navn"].iloc[int(geo.km_between(base, inside)[0].argmin())]
        zones.append(dict(zone, base=nearest))
        notes.append(
            f"Sone {zone['navn']} hadde base på {zone['base']} i {names[base['kommunenummer'].iloc[0]]}, "
            f"som står utenfor: regnet fra {nearest}, nærmeste stasjon hos en kommune som blir med."
        )
    gone = [
        names[nr] for nr in left_out if nr in names.index and names[nr] in str(option.get("vertskap", ""))
    ]
    if gone and option.get("id") != options.ZERO:
        notes.append(
            f"Vertskapet ({option['vertskap']}) nevner {', '.join(gone)}, som står utenfor: vertskapet må "
            "avklares på nytt."
        )
    return dict(option, soner=zones), tuple(notes)


def _zone_of(
    zones: list[dict], region: Region, services: pd.Index | None = None
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The zones' base stations, per service (`services`: the members'; all when None) the zone
    whose base reaches its main station first, and how many minutes that takes (a straight-line
    km figure stands in where no road reaches)."""
    stations = region.stations.drop_duplicates("navn").set_index("navn")
    bases = pd.DataFrame(
        [
            {**stations.loc[z["base"]].to_dict(), "sone": z["navn"], "navn": z["base"]}
            for z in zones
            if z["base"] in stations.index
        ]
    )
    if bases.empty:
        return bases, pd.Series(dtype=object), pd.Series(dtype=float)
    mains = (
        region.main_stations if services is None else region.main_stations.reindex(services).dropna(how="all")
    )
    to_mains = attach(mains, region.network)
    minutes = np.column_stack(
        [duty_officer_minutes(bases.iloc[[i]], to_mains, region.network) for i in range(len(bases))]
    )
    # A main station no road reaches (an island the land network does not join) goes to the base
    # nearest in a straight line.
    cut_off = ~np.isfinite(minutes).any(axis=1)
    if cut_off.any():
        minutes[cut_off] = geo.km_between(mains, bases)[cut_off]
    nearest = minutes.argmin(axis=1)
    return (
        bases,
        pd.Series(bases["sone"].to_numpy()[nearest], index=mains.index),
        pd.Series(minutes[np.arange(len(mains)), nearest], index=mains.index),
    )


TODAY_ASSUMED = "ukjent: antatt egen vakt fra hovedstasjonen (ingen kilde)"


def today_arrangements(region: Region, services: pd.Index) -> list[str]:
    """Today's duty-officer arrangement of each service as its source gives it (R11's verdict
    today), or «ukjent» with the assumption the zero alternative's reach rests on."""
    r11 = region.today[region.today["regel_id"] == "R11"].set_index("brannvesen_id")
    known = r11[r11["vurdering"] != UKJENT]["verdi"]
    return [str(known[s]) if s in known.index else TODAY_ASSUMED for s in services]


def _reach(minutes: np.ndarray, points: pd.DataFrame) -> dict[int, float]:
    pop = points["innbyggere"].to_numpy(dtype=float)
    return {limit: float(pop[minutes <= limit].sum() / pop.sum()) for limit in REACH_LIMITS}


def evaluate(option: dict, region: Region, left_out: tuple[str, ...] = ()) -> Effects:
    """Everything the alternative buys for the members who join (`left_out`: the municipalities
    that stay outside), against today."""
    option, notes = for_members(option, region, left_out)
    away = outside(region, left_out)
    lines = options.lines(option)
    gone, common = freed(lines, region), shared(lines)
    table = functions(region, gone, common)
    leaders_after = table[table["funksjon"] == "ledelse"].set_index("brannvesen_id")["etter"]
    services = region.services.set_index("brannvesen_id")
    services = services[~services.index.isin(away)]
    today_leaders = region.local["arsverk_ledelse"].reindex(services.index).fillna(0.0)
    weak_today = int((today_leaders < budget.ROTA_LEADERS).sum())
    today_minutes = duty_officer_minutes(region.main_stations.reset_index(), region.attached, region.network)
    zones = option.get("soner", []) if (lines["erstatter"] == "vaktordning").any() else []
    bases, zone_of, zone_minutes = _zone_of(zones, region, services.index)
    members = ~region.points["kommunenummer"].isin(left_out).to_numpy()
    keeps: tuple[str, ...] = ()
    if bases.empty:
        rotas = pd.DataFrame(
            {
                "navn": services["navn"],
                "base": region.main_stations["navn"].reindex(services.index),
                "ledere": leaders_after.reindex(services.index),
                "brannvesen": services["navn"],
                "grunnlag": today_arrangements(region, services.index),
            }
        ).reset_index(drop=True)
        after_minutes = today_minutes
    else:
        # The leaders a zone's rota has: the duty-officer årsverk its line funds and the shared
        # leadership the alternative names, spread over the zones; the services' own local
        # leaders are not counted, for the alternative does not put them on the rota.
        per_zone = float(lines.loc[lines["erstatter"] == "vaktordning", "arsverk"].sum()) / len(bases)
        named = float(common["ledelse"]) / len(bases)
        keeps = tuple(zone_minutes.index[zone_minutes > DUTY_OFFICER_LIMIT_MIN])
        covered = zone_of.drop(list(keeps))
        rotas = pd.DataFrame(
            [
                {
                    "navn": zone,
                    "base": base,
                    "ledere": per_zone + named,
                    "brannvesen": ", ".join(services["navn"].reindex(covered[covered == zone].index)),
                    "grunnlag": "alternativets vaktordning: årsverkene posten finansierer og felles ledere",
                }
                for zone, base in zip(bases["sone"], bases["navn"], strict=True)
            ]
            + [
                {
                    "navn": services.loc[s, "navn"],
                    "base": region.main_stations.loc[s, "navn"] if s in region.main_stations.index else "",
                    "ledere": float(leaders_after.get(s, 0.0)),
                    "brannvesen": services.loc[s, "navn"],
                    "grunnlag": (
                        f"egen vakt beholdes: sonens base er om lag {fmt.number(zone_minutes[s])} min unna "
                        f"(grense {DUTY_OFFICER_LIMIT_MIN} min)"
                    ),
                }
                for s in keeps
            ]
        )
        after_minutes = duty_officer_minutes(bases, region.attached, region.network)
        if keeps:
            # a service that keeps its rota still reaches its own people from its main station
            service_of = region.kommuner.set_index("kommunenummer")["brannvesen_id"]
            own = region.points["kommunenummer"].map(service_of).isin(keeps).to_numpy()
            after_minutes = np.where(own, np.minimum(after_minutes, today_minutes), after_minutes)
    return Effects(
        functions=table,
        rotas=rotas,
        rotas_today=len(services),
        weak_today=weak_today,
        weak_after=int((rotas["ledere"] < budget.ROTA_LEADERS).sum()),
        reach_today=_reach(today_minutes[members], region.points[members]),
        reach_after=_reach(after_minutes[members], region.points[members]),
        verdicts=verdicts(option, region, gone, common, zone_of, bases, zone_minutes, away),
        notes=notes,
        keeps_rota=keeps,
    )


def verdicts(
    option: dict,
    region: Region,
    gone: pd.DataFrame,
    common: pd.Series,
    zone_of: pd.Series,
    bases: pd.DataFrame,
    zone_minutes: pd.Series | None = None,
    away: set[str] | frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """R9–R13 per service today and with the alternative (`gone`: the local årsverk freed per
    service and block; `common`: the alternative's own årsverk per function)."""
    today = region.today.set_index(["brannvesen_id", "regel_id"])
    services = region.services.set_index("brannvesen_id")
    share = services["innbyggere"] / services["innbyggere"].sum()
    one_service = option.get("form") in ONE_SERVICE
    rows = []
    for service, info in services.iterrows():
        before = {
            rule: (today.loc[(service, rule), "vurdering"], today.loc[(service, rule), "verdi"])
            if (service, rule) in today.index
            else (UKJENT, "ingen data")
            for rule in RULES
        }  # today's verdicts, as the service's own page gives them (R13 included)
        across = float(region.other_service_nearest.get(service, 0.0))
        after = dict(before)
        required = float(info["innbyggere"]) / region.r9_per
        prevention_shared = float(common["forebyggende"] * share[service])
        if prevention_shared > 0:
            local = region.prevention_known.get(service, np.nan)
            if pd.notna(local) and not region.staffing_estimated:
                have = max(float(local) - float(gone.loc[service, "forebyggende"]), 0.0) + prevention_shared
                verdict = OPPFYLT if have >= required else IKKE_OPPFYLT
                after["R9"] = (verdict, f"{fmt.number(have, 1)} årsverk mot krav {fmt.number(required, 1)}")
            elif prevention_shared >= required:
                after["R9"] = (
                    OPPFYLT,
                    f"felles fagmiljø alene gir {fmt.number(prevention_shared, 1)} årsverk mot krav "
                    f"{fmt.number(required, 1)}",
                )
            else:
                after["R9"] = (
                    before["R9"][0],
                    f"felles fagmiljø gir {fmt.number(prevention_shared, 1)} av {fmt.number(required, 1)} "
                    "årsverk; resten må være lokalt, og lokalt tall uten feiing er ukjent",
                )
        if common["ledelse"] >= LEADER_ROLES and option.get("form") != "avtale":
            after["R10"] = (
                OPPFYLT,
                f"felles ledelse med {fmt.number(common['ledelse'], 1)} årsverk kan fylle brannsjef, "
                "leder forebyggende og leder beredskap",
            )
        if service in zone_of.index:
            zone = zone_of[service]
            base = bases.loc[bases["sone"] == zone, "navn"].iloc[0]
            took = float(zone_minutes[service]) if zone_minutes is not None else 0.0
            if took <= DUTY_OFFICER_LIMIT_MIN:
                after["R11"] = (
                    OPPFYLT,
                    f"felles overordnet vakt, sone {zone} (base {base}), om lag {fmt.number(took)} min til "
                    f"hovedstasjonen (grense {DUTY_OFFICER_LIMIT_MIN} min, {DUTY_OFFICER_LIMIT_SOURCE})",
                )
            else:
                after["R11"] = (
                    before["R11"][0],
                    f"beholder egen overordnet vakt som i dag ({before['R11'][1]}): sone {zone} "
                    f"(base {base}) er om lag {fmt.number(took)} min fra hovedstasjonen, over grensen på "
                    f"{DUTY_OFFICER_LIMIT_MIN} min ({DUTY_OFFICER_LIMIT_SOURCE}), så vaktordningen og "
                    "kostnaden består",
                )
        if "analyser" in option.get("omrader", []):
            after["R12"] = (
                before["R12"][0],
                f"{before['R12'][1]}; felles ROS-, forebyggende og beredskapsanalyse planlagt",
            )
        if one_service:
            after["R13"] = (OPPFYLT, "alle stasjoner i samme brannvesen: nærmeste ressurs er alltid egen")
        elif option.get("bistand"):
            after["R13"] = (
                OPPFYLT,
                f"{fmt.number(across)} innbyggere har raskeste stasjon i et annet brannvesen, dekket av "
                "avtale om gjensidig bistand",
            )
        if service in away:
            after = {
                rule: (value, "står utenfor samarbeidet: som i dag") for rule, (value, _) in before.items()
            }
        for rule in RULES:
            rows.append(
                {
                    "brannvesen_id": service,
                    "regel_id": rule,
                    "for": before[rule][0],
                    "etter": after[rule][0],
                    "tekst_for": before[rule][1],
                    "tekst_etter": after[rule][1],
                }
            )
    return pd.DataFrame(rows)

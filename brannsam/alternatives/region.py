"""What the effects of an alternative are measured on: the services, their staffing and today's
verdicts, the population points, the stations and the land network, plus what does not depend on
the alternative (each service's main station, whose station is quickest where)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from brannsam.funding import consequences
from brannsam.risk import compliance, coverage
from brannsam.risk.context import Context
from brannsam.risk.nearest import Attached, attach, point_minutes
from brannsam.risk.network import Network

DUTY_OFFICER = "overordnet vakt"  # the category a duty officer's base is given (part-time turnout)


@dataclass(frozen=True)
class Region:
    services: pd.DataFrame  # brannvesen_id, navn, innbyggere
    kommuner: pd.DataFrame  # kommunenummer, kommunenavn, innbyggere, brannvesen_id
    local: pd.DataFrame  # per brannvesen_id: arsverk_ledelse, arsverk_forebyggende, arsverk_beredskap
    prevention_known: pd.Series  # per brannvesen_id: prevention without sweeps, NaN where unknown
    staffing_estimated: bool
    today: pd.DataFrame  # R9–R13 today per service (compliance.assess rows with brannvesen_id)
    points: pd.DataFrame  # population points: lon, lat, kommunenummer, innbyggere
    stations: pd.DataFrame
    network: Network
    main_stations: pd.DataFrame  # per brannvesen_id: the station a service's own duty officer starts from
    attached: Attached  # the population points joined to the network (`attach`)
    # per brannvesen_id: inhabitants whose quickest station is another service's
    other_service_nearest: pd.Series
    r9_per: float  # inhabitants per prevention årsverk (R9's threshold)

    @classmethod
    def gather(
        cls,
        ctx: Context,
        rules: pd.DataFrame,
        services: pd.DataFrame,
        inputs: consequences.Inputs,
        network: Network,
    ) -> Region:
        wanted = rules[rules["regel_id"].isin(["R9", "R10", "R11", "R12", "R13"])]
        today = pd.concat(
            [compliance.assess(ctx, wanted, s).assign(brannvesen_id=s) for s in services["brannvesen_id"]],
            ignore_index=True,
        )
        staffing = ctx.staffing.set_index("brannvesen_id")
        attached = attach(ctx.points, network)
        threshold = rules.loc[rules["regel_id"] == "R9", "terskel"]
        return cls(
            services=services[["brannvesen_id", "navn", "innbyggere"]].reset_index(drop=True),
            kommuner=inputs.kommuner,
            local=inputs.local,
            prevention_known=staffing["arsverk_forebyggende"].astype(float),
            staffing_estimated=bool(staffing["estimert"].any()),
            today=today,
            points=ctx.points,
            stations=ctx.stations,
            network=network,
            main_stations=main_stations(ctx.stations, inputs.kommuner),
            attached=attached,
            other_service_nearest=ctx.across,
            r9_per=float(threshold.iloc[0]) if len(threshold) and pd.notna(threshold.iloc[0]) else 10_000.0,
        )


def main_stations(stations: pd.DataFrame, kommuner: pd.DataFrame) -> pd.DataFrame:
    """Per service, its main station: the one its register entry calls «hovedstasjon» in its
    largest municipality, else that municipality's first placed station."""
    placed = coverage.responding(stations)
    pop = kommuner.set_index("kommunenummer")["innbyggere"]
    rows = []
    for _, own in placed.groupby("brannvesen_id", sort=False):
        own = own.assign(_pop=own["kommunenummer"].map(pop).fillna(0))
        main = own["navn"].str.contains("hoved", case=False) | own["heltid_deltid"].fillna("").str.contains(
            "hovedstasjon", case=False
        )
        crew = own["kategori"].isin(["døgnkasernert", "dagkasernert"])
        ranked = own.assign(_main=main, _crew=crew).sort_values(
            ["_pop", "_main", "_crew"], ascending=False, kind="stable"
        )
        rows.append(ranked.iloc[0].drop(["_pop", "_main", "_crew"]))
    return pd.DataFrame(rows).set_index("brannvesen_id")


def duty_officer_minutes(bases: pd.DataFrame, attached: Attached, network: Network) -> np.ndarray:
    """Minutes from the nearest base to each attached place over land: a duty officer on call at
    home turns out like a part-time crew (`coverage.Assumptions`)."""
    return point_minutes(bases.assign(kategori=DUTY_OFFICER, heltid_deltid=""), attached, network)

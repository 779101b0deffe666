"""What every brief and the study report need about the region, read once per data version and
shared by all 40 briefs: the municipalities, stations and rules, the risk ranking, coverage, the
cooperation areas' and legal forms' rankings, the funding inputs and the study's alternatives."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from brannsam.alternatives import catalogue
from brannsam.cooperation import model as cooperation
from brannsam.cooperation import orgforms
from brannsam.data import queries
from brannsam.funding import (
    consequences,
    options,
    store,
)
from brannsam.funding.settings import Settings
from brannsam.risk import coverage, indicators, nearest, network
from brannsam.risk import index as risk


@dataclass(frozen=True)
class Region:
    """What every brief needs about the region, read once (40 briefs share it)."""

    kommuner: pd.DataFrame
    stations: pd.DataFrame
    rules: pd.DataFrame
    risk_ranking: pd.DataFrame
    coverage_band: pd.DataFrame  # per kommunenummer: the share beyond R1/R2/R3 under both spreads
    limits: dict[str, float]  # R1's, R2's and R3's minutes (regler.csv)
    area_names: dict[str, str]
    area_median: pd.DataFrame  # areas × criteria, over every assessor
    assessors: int
    area_ranking: pd.DataFrame  # equal weights
    form_ranking: pd.DataFrame  # equal weights
    form_names: dict[str, str]
    inputs: consequences.Inputs
    options: list[dict]  # the study's alternatives as the source files give them

    @property
    def top_areas(self) -> list[str]:
        return list(self.area_ranking["navn"].head(3))

    @property
    def top_form(self) -> str:
        return str(self.form_ranking["navn"].iloc[0])

    def chosen(self, settings: Settings) -> dict:
        """The alternative `settings` price (priced settings name it in `valgt`)."""
        settings.lines()  # refuses unpriced settings in Norwegian
        opts, _ = catalogue.current_options(settings, self.options, {})
        return next(o for o in opts if o["id"] == settings.valgt)

    def form_for(self, settings: Settings) -> tuple[str, str]:
        """The form of the alternative the settings price, and why: the form follows the
        recommended alternative, not a separate ranking of forms."""
        option = self.chosen(settings)
        return options.FORMS[option["form"]], f"formen alternativ {option['id']} «{option['navn']}» bygger på"

    def fitting_form(self, settings: Settings) -> tuple[str, str]:
        """The best-ranked form with equal weights that can carry the priced budget, and why."""
        shared_staff = bool((settings.lines()["arsverk"] > 0).any())
        return orgforms.fitting(self.form_ranking, self.form_names, shared_staff)


def region(con: duckdb.DuckDBPyConnection) -> Region:
    kommuner = queries.municipalities(con)
    stations = queries.stations(con)
    values = indicators.wide(queries.indicators(con))
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    points = queries.population_points(con)
    responding = nearest.responding(stations, queries.neighbour_stations(con), points)
    mins = coverage.minutes(points, responding, coverage.Assumptions(), network.from_db(con))
    limits = coverage.limits(queries.rules(con))
    band = pd.concat(
        {
            spread: coverage.summary(points, mins, limits, spread=spread)[
                [f"andel_over_{key}" for key in limits]
            ]
            for spread in coverage.SPREADS
        },
        axis=1,
    )
    areas = queries.cooperation_areas(con)
    area_names = dict(zip(areas["omrade_id"], areas["navn"], strict=True))
    scores = queries.cooperation_scores(con)
    median, _, _ = cooperation.combine(scores, list(area_names))
    forms = queries.organisation_forms(con)
    form_names = dict(zip(forms["form_id"], forms["navn"], strict=True))
    form_rank = orgforms.ranking(
        orgforms.starting_table(forms), dict.fromkeys(orgforms.CRITERIA, 1.0), form_names
    )
    return Region(
        kommuner=kommuner,
        stations=stations,
        rules=queries.rules(con),
        risk_ranking=risk.ranking(values, risk.DEFAULT_WEIGHTS, names),
        coverage_band=band,
        limits=limits,
        area_names=area_names,
        area_median=median,
        assessors=scores["vurderer"].nunique(),
        area_ranking=cooperation.ranking(median, cooperation.DEFAULT_WEIGHTS, area_names),
        form_ranking=form_rank,
        form_names=form_names,
        inputs=store.inputs(con),
        options=options.defaults(*queries.alternatives(con)),
    )

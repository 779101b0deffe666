"""What the rule checks look at, gathered once for the whole region: the municipalities, the
settlements, population points and hospitals with the minutes from the quickest station, the
stations, the staffing, the duty rules and the services' own facts. Each check filters it to
one service (`members`, `of`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from brannsam.data import queries
from brannsam.risk import coverage, duty, nearest, network
from brannsam.risk.network import Network

INSTITUTION_COLUMNS = ["navn", "type", "kommunenummer", "minutter"]
DENSE_COLUMNS = ["tettsted", "kommunenummer", "begrunnelse", "kilde"]


@dataclass
class Context:
    """Everything the rules look at, for the whole region (each rule filters to one service)."""

    kommuner: pd.DataFrame  # kommunenummer, kommunenavn, innbyggere, brannvesen_id
    settlements: pd.DataFrame  # navn, kommunenummer, innbyggere, innbyggere_estimert, minutter
    points: pd.DataFrame  # kommunenummer, innbyggere, minutter
    stations: pd.DataFrame  # kommunenummer, kategori
    staffing: pd.DataFrame  # brannvesen_id, arsverk_forebyggende, brannsjef_heltid, estimert, kilde
    duty: duty.DutyRules  # R5/R6 as the rules file gives them
    facts: pd.DataFrame = field(default_factory=pd.DataFrame)  # brannvesen_fakta: R10, R11, R12
    institutions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INSTITUTION_COLUMNS))
    # R1: places counted as dense besides the size reading (tett_bebyggelse.csv)
    dense: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DENSE_COLUMNS))
    # R13: per service, inhabitants whose quickest station over land is another service's (empty
    # without the land network: a straight line would cross fjords)
    across: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))

    @classmethod
    def gather(
        cls,
        kommuner,
        settlements,
        points,
        stations,
        staffing,
        rules: pd.DataFrame,
        facts: pd.DataFrame | None = None,
        institutions: pd.DataFrame | None = None,
        network: Network | None = None,
        assumptions=None,
        dense: pd.DataFrame | None = None,
        neighbours: pd.DataFrame | None = None,
    ) -> Context:
        """Attach estimated minutes (quickest station of any service, over land where the
        network is given) to settlements, points and hospitals; a settlement without a known
        point gets none."""
        assumptions = assumptions or coverage.Assumptions()
        # 110 alerts the nearest resource across any border: a neighbouring station with a road
        # into the region responds too (`nearest.responding`), as another service's.
        others = neighbours if neighbours is not None else pd.DataFrame()
        responding = nearest.responding(stations, others, points)

        def to(cells: pd.DataFrame):
            return coverage.minutes(cells, responding, assumptions)

        across = pd.Series(dtype=float)
        if network is not None:
            to = coverage.reach(responding, assumptions, network).to
            across = nearest.other_service_nearest(
                responding, points, nearest.attach(points, network), kommuner, network
            )
        known = settlements["lat"].notna() & settlements["lon"].notna()
        minutes = pd.Series(float("nan"), index=settlements.index)
        minutes[known] = to(settlements[known])
        return cls(
            kommuner=kommuner,
            settlements=settlements.assign(minutter=minutes),
            points=points.assign(minutter=to(points)),
            stations=stations,
            staffing=staffing,
            duty=duty.DutyRules.from_rules(rules),
            facts=facts if facts is not None else pd.DataFrame(),
            institutions=(
                institutions.assign(minutter=to(institutions))
                if institutions is not None and len(institutions)
                else pd.DataFrame(columns=INSTITUTION_COLUMNS)
            ),
            dense=dense if dense is not None else pd.DataFrame(columns=DENSE_COLUMNS),
            across=across,
        )

    @classmethod
    def from_db(cls, con) -> Context:
        """Everything the rules look at, read from the database (the CLI and the tests; the app
        builds the same from its cached reads)."""
        return cls.gather(
            queries.municipalities(con),
            queries.settlements(con),
            queries.population_points(con),
            queries.stations(con),
            queries.staffing(con),
            queries.rules(con),
            queries.service_facts(con),
            queries.institutions(con),
            network.from_db(con),
            dense=queries.dense_places(con),
            neighbours=queries.neighbour_stations(con),
        )

    def members(self, service: str) -> pd.DataFrame:
        return self.kommuner[self.kommuner["brannvesen_id"] == service]

    def of(self, frame: pd.DataFrame, service: str) -> pd.DataFrame:
        return frame[frame["kommunenummer"].isin(self.members(service)["kommunenummer"])]

"""Model results about the region as it is today, for the pages: the response times and their
what-if, the rule verdicts per service, the risk ranking's ranges under moved weights, the
cooperation ranking's sensitivity, the guessed settlements that matter. Each is its feature's
pure function, computed once per data version (and choice) and kept here; what a scenario's
settings price is in `results.py`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brannsam.cooperation import model as cooperation
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.risk import compliance, coverage, duty, nearest
from brannsam.risk import index as risk_index
from brannsam.risk.context import Context
from brannsam.ui import data, db
from brannsam.ui.shared_view import page_view


def guesses_that_matter() -> pd.DataFrame:
    """The guessed settlements a confirmed size would move into a higher R5 class."""
    return duty.guesses_that_matter(data.settlements(), data.duty_rules())


@st.cache_resource(max_entries=32, show_spinner=False)
def _what_if(
    token: str, assumptions: coverage.Assumptions, off: tuple, moved: tuple | None
) -> coverage.WhatIf:
    placed = data.stations(DEFAULT_STRUCTURE).dropna(subset=["lat", "lon"])
    outside = nearest.joined_neighbours(data.neighbour_stations(), data.population_points())
    return coverage.what_if(
        data.population_points(),
        placed,
        assumptions,
        data.network(),
        data.response_limits(),
        off,
        moved,
        outside,
    )


def what_if(
    assumptions: coverage.Assumptions, off: list[int], moved: tuple[int, float, float] | None
) -> coverage.WhatIf:
    """Response times with the placed stations of DSB's register, `off` switched off and `moved`
    placed anew, once per data version and choice (shared, read only): a page view or a weight
    move with the same choices measures nothing again."""
    return page_view(_what_if(db.token(), assumptions, tuple(sorted(off)), moved))


@st.cache_data(max_entries=4, show_spinner="Vurderer forskriftskravene …")
def _region_checks(token: str, structure: str) -> tuple[Context, pd.DataFrame, pd.DataFrame]:
    kommuner = data.municipalities(structure)
    ctx = Context.gather(
        kommuner,
        data.settlements(),
        data.population_points(),
        data.stations(structure),
        data.staffing(structure),
        data.rules(),
        data.service_facts(),
        data.institutions(),
        data.network(),
        dense=data.dense_places(),
        neighbours=data.neighbour_stations(),
    )
    matrix = compliance.assess_all(ctx, data.rules(), data.services(structure))
    per_service = coverage.summary(
        ctx.points,
        ctx.points["minutter"].to_numpy(),
        data.response_limits(),
        kommuner.set_index("kommunenummer")["brannvesen"],
    )
    return ctx, matrix, per_service


def region_checks(
    structure: str = DEFAULT_STRUCTURE,
) -> tuple[Context, pd.DataFrame, pd.DataFrame]:
    """(context, services × rules verdicts, coverage per service), once per data version."""
    return _region_checks(db.token(), structure)


@st.cache_data(max_entries=64, show_spinner=False)
def _assessment(token: str, structure: str, service: str) -> pd.DataFrame:
    ctx, _, _ = _region_checks(token, structure)
    return compliance.assess(ctx, data.rules(), service)


def assessment(service: str, structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    """One service's verdict on every rule, once per data version (a fire chief's page view
    reads it, it does not judge it again)."""
    return _assessment(db.token(), structure, service)


@st.cache_data(max_entries=256, show_spinner=False)
def rank_ranges(values: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """The risk ranking's rank ranges under moved weights, once per indicator values and weights."""
    return risk_index.rank_ranges(values, weights)


@st.cache_data(max_entries=512, show_spinner=False)
def sensitivity(median: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """The cooperation ranking's sensitivity, once per scores and weight setting: a slider moved
    back and forth, or by several people in a meeting, is not drawn 10 000 times again."""
    return cooperation.sensitivity(median, weights)

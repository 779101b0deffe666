"""Cached reads for the pages: pure queries keyed by the database token, and the inputs the
models read (the land network, the funding inputs, the rules as parsed). The models' results are
in `results.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from brannsam.data import quality, queries
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.decisions import register
from brannsam.funding import consequences, store
from brannsam.funding.settings import Settings
from brannsam.imports import datasets, importer
from brannsam.risk import coverage, duty
from brannsam.risk import network as land_network
from brannsam.risk.network import Network
from brannsam.ui import db
from brannsam.workshop import store as workshop_store

T = TypeVar("T")


@st.cache_data(max_entries=64, show_spinner=False)
def _read(name: str, token: str, args: tuple, _query: Callable[..., T]) -> T:
    # `name` and `args` are the cache key; `_query` (leading underscore) is not hashed.
    return _query(db.cursor(), *args)


def _cached(query: Callable[..., T], *args: object) -> T:
    """`query(cursor, *args)` once per data version and arguments."""
    return _read(f"{query.__module__}.{query.__qualname__}", db.token(), args, query)


@st.cache_resource(max_entries=16, show_spinner=False)
def _read_shared(name: str, token: str, _query: Callable[..., T]) -> T:
    return _query(db.cursor())


def _shared(query: Callable[..., T]) -> T:
    """`query(cursor)` once per data version, one object shared by every session and never
    copied: for the large read-only geometry each map view would otherwise unpickle."""
    return _read_shared(f"{query.__module__}.{query.__qualname__}", db.token(), query)


def fresh(query: Callable[..., T], *args: object) -> T:
    """`query(cursor, *args)` read now, never from a cache: for what changes without moving the
    data version (a workshop round while it is open) and for checks made on one upload."""
    return query(db.cursor(), *args)


def structures() -> pd.DataFrame:
    return _cached(queries.structures)


def municipalities(structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    return _cached(queries.municipalities, structure)


def services(structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    return _cached(queries.services, structure)


def stations(structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    return _cached(queries.stations, structure)


def staffing(structure: str = DEFAULT_STRUCTURE) -> pd.DataFrame:
    return _cached(queries.staffing, structure)


def settlements() -> pd.DataFrame:
    return _cached(queries.settlements)


def tunnels() -> pd.DataFrame:
    return _cached(queries.tunnels)


def borders() -> dict[str, dict]:
    """{kommunenummer: GeoJSON feature}, shared: read only."""
    return _shared(queries.borders)


def map_borders() -> dict[str, dict]:
    """The borders as the maps draw them (coordinates rounded once per data version), shared:
    read only."""
    return _shared(queries.map_borders)


def costs() -> pd.DataFrame:
    return _cached(queries.costs)


def indicators() -> pd.DataFrame:
    return _cached(queries.indicators)


def population_points() -> pd.DataFrame:
    return _cached(queries.population_points)


def rules() -> pd.DataFrame:
    return _cached(queries.rules)


def cooperation_areas() -> pd.DataFrame:
    return _cached(queries.cooperation_areas)


def item_names(subject: str) -> dict[str, str]:
    """What a workshop round of this subject scores (cooperation areas or the study's
    alternatives): id -> its Norwegian name."""
    return _cached(workshop_store.item_names, subject)


def area_names() -> dict[str, str]:
    """Cooperation area id -> its Norwegian name."""
    areas = cooperation_areas()
    return dict(zip(areas["omrade_id"], areas["navn"], strict=True))


def organisation_forms() -> pd.DataFrame:
    return _cached(queries.organisation_forms)


def cooperation_scores() -> pd.DataFrame:
    return _cached(queries.cooperation_scores)


def cooperation_gains() -> pd.DataFrame:
    return _cached(queries.cooperation_gains)


def imported_assessors() -> pd.DataFrame:
    return _cached(queries.imported_assessors)


@st.cache_resource(max_entries=4, show_spinner=False)
def _network(token: str) -> Network:
    return land_network.from_db(db.cursor())


def network() -> Network:
    """The land network the response times travel on, once per data version (shared, read-only)."""
    return _network(db.token())


def _response_limits(con) -> coverage.Limits:
    return coverage.limits(queries.rules(con))


def response_limits() -> coverage.Limits:
    """R1's, R2's and R3's minutes as the rules table gives them (the one home of 10/20/30)."""
    return _cached(_response_limits)


def _duty_rules(con) -> duty.DutyRules:
    return duty.DutyRules.from_rules(queries.rules(con))


def duty_rules() -> duty.DutyRules:
    """R5 and R6 as the rules table gives them (the one engine for duty classes), parsed once
    per data version: every funding slider move asks for them."""
    return _cached(_duty_rules)


def table_overview() -> pd.DataFrame:
    """Rows, year span and sources per table (Data page)."""
    return _cached(quality.overview)


def quality_warnings() -> list[str]:
    return _cached(quality.warnings)


def import_log() -> pd.DataFrame:
    return _cached(quality.import_log)


def template_reference(dataset: str) -> pd.DataFrame | None:
    """The valid ids and names for one import template's third sheet."""
    return _cached(_reference, dataset)


def _reference(con, dataset: str) -> pd.DataFrame | None:
    return importer.reference(con, datasets.DATASETS[dataset])


def scenario_names() -> list[str]:
    """Saved scenarios, newest first (a save or a delete moves the data version)."""
    return _cached(store.names)


def scenario(name: str) -> Settings:
    return _cached(store.load, name)


def scenario_by_code(code: str) -> store.Resolved:
    """The settings a short link was made for, and whether its scenario has been saved again."""
    return _cached(store.resolve, code)


def saved_codes() -> set[str]:
    return _cached(store.saved_codes)


def milestones() -> pd.DataFrame:
    return _cached(queries.milestones)


def kontroll() -> pd.DataFrame:
    return _cached(queries.kontroll)


def structure() -> str:
    """The fire-service structure shown; the default is DSB's register."""
    return st.session_state.get("_struktur", DEFAULT_STRUCTURE)


@st.cache_resource(max_entries=4, show_spinner=False)
def _funding_inputs(token: str) -> consequences.Inputs:
    return store.inputs(db.cursor())


def funding_inputs() -> consequences.Inputs:
    """The funding model's inputs, once per data version (shared by every session: read only)."""
    return _funding_inputs(db.token())


def decisions() -> pd.DataFrame:
    """The councils' decisions as registered (`decisions.register.current`)."""
    return _cached(_decisions)


def _decisions(con) -> pd.DataFrame:
    return register.current(con, queries.municipalities(con))


def decision_history() -> pd.DataFrame:
    return _cached(register.history)


def service_facts() -> pd.DataFrame:
    return _cached(queries.service_facts)


def institutions() -> pd.DataFrame:
    return _cached(queries.institutions)


def dense_places() -> pd.DataFrame:
    return _cached(queries.dense_places)


def alternatives() -> tuple:
    """The study's alternatives as the source files give them (`queries.alternatives`)."""
    return _cached(queries.alternatives)


def alternative_round_scores() -> pd.DataFrame:
    return _cached(queries.alternative_round_scores)


def neighbour_stations() -> pd.DataFrame:
    """Stations outside the region near its border (DSB's register)."""
    return _cached(queries.neighbour_stations)

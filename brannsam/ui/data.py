"""Cached reads for the pages: pure queries keyed by the database token."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from brannsam.alternatives import analysis, catalogue
from brannsam.alternatives import effects as alternatives_effects
from brannsam.alternatives import package as alternatives_package
from brannsam.alternatives import region as alternatives_region
from brannsam.cooperation import model as cooperation
from brannsam.data import quality, queries
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.decisions import followed, register
from brannsam.documents import agreement as agreement_content
from brannsam.documents import brief as brief_content
from brannsam.documents import status_letter as status_letter_content
from brannsam.documents import study_report
from brannsam.documents.document import Document
from brannsam.funding import comparison, consequences, display, membership, ranges, scenarios, store
from brannsam.funding.settings import KR_PER_POINT, Settings
from brannsam.imports import datasets, importer
from brannsam.risk import checks, compliance, coverage, duty
from brannsam.risk import index as risk_index
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


def guesses_that_matter() -> pd.DataFrame:
    """The guessed settlements a confirmed size would move into a higher R5 class."""
    return duty.guesses_that_matter(settlements(), duty_rules())


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


@st.cache_resource(max_entries=32, show_spinner=False)
def _what_if(
    token: str, assumptions: coverage.Assumptions, off: tuple, moved: tuple | None
) -> coverage.WhatIf:
    placed = stations(DEFAULT_STRUCTURE).dropna(subset=["lat", "lon"])
    return coverage.what_if(
        population_points(), placed, assumptions, network(), response_limits(), off, moved
    )


def what_if(
    assumptions: coverage.Assumptions, off: list[int], moved: tuple[int, float, float] | None
) -> coverage.WhatIf:
    """Response times with the placed stations of DSB's register, `off` switched off and `moved`
    placed anew, once per data version and choice (shared, read only): a page view or a weight
    move with the same choices measures nothing again."""
    return _what_if(db.token(), assumptions, tuple(sorted(off)), moved)


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


@st.cache_data(max_entries=4, show_spinner="Vurderer forskriftskravene …")
def _region_checks(token: str, structure: str) -> tuple[checks.Context, pd.DataFrame, pd.DataFrame]:
    kommuner = municipalities(structure)
    ctx = checks.Context.gather(
        kommuner,
        settlements(),
        population_points(),
        stations(structure),
        staffing(structure),
        rules(),
        _cached(queries.service_facts),
        _cached(queries.institutions),
        network(),
        dense=_cached(queries.dense_places),
    )
    matrix = compliance.assess_all(ctx, rules(), services(structure))
    per_service = coverage.summary(
        ctx.points,
        ctx.points["minutter"].to_numpy(),
        response_limits(),
        kommuner.set_index("kommunenummer")["brannvesen"],
    )
    return ctx, matrix, per_service


def region_checks(
    structure: str = DEFAULT_STRUCTURE,
) -> tuple[checks.Context, pd.DataFrame, pd.DataFrame]:
    """(context, services × rules verdicts, coverage per service), once per data version."""
    return _region_checks(db.token(), structure)


@st.cache_data(max_entries=64, show_spinner=False)
def _assessment(token: str, structure: str, service: str) -> pd.DataFrame:
    ctx, _, _ = _region_checks(token, structure)
    return compliance.assess(ctx, rules(), service)


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


def structure() -> str:
    """The fire-service structure shown; the default is DSB's register."""
    return st.session_state.get("_struktur", DEFAULT_STRUCTURE)


@st.cache_resource(max_entries=4, show_spinner=False)
def _funding_inputs(token: str) -> consequences.Inputs:
    return store.inputs(db.cursor())


def funding_inputs() -> consequences.Inputs:
    """The funding model's inputs, once per data version (shared by every session: read only)."""
    return _funding_inputs(db.token())


@st.cache_resource(max_entries=256, show_spinner=False)
def _funding_evaluated(token: str, encoded: str, _settings: Settings) -> consequences.Result:
    """Many sessions move the same sliders to the same places: each setting (keyed by its link
    text, `_settings` being the same settings decoded) is computed once and shared, not copied
    on every read. Read only."""
    prepriced = _prepriced(token, *_before_keys(_settings))
    return ranges.evaluate(_settings, _funding_inputs(token), prepriced)


def _before_keys(settings: Settings) -> tuple[str, Settings]:
    """The cache key and settings of what the keys and the cap do not move (the pricing, the
    Shapley reference): a weight or cap slider's move finds them cached."""
    basis = consequences.before_keys(settings)
    return scenarios.encode(basis), basis


@st.cache_resource(max_entries=64, show_spinner=False)
def _prepriced(token: str, encoded: str, _basis: Settings) -> consequences.Priced:
    """The setting and its range corners priced before the keys (shared: read only)."""
    return ranges.price_corners(_basis, _funding_inputs(token))


def funding_evaluated(settings: Settings) -> consequences.Result:
    """The consequences of one setting with their ranges (shared between sessions: read only)."""
    return _funding_evaluated(db.token(), scenarios.encode(settings), settings)


FUNDING_CHARTS = {"netto": display.net_chart, "plan": display.plan_chart}


@st.cache_resource(max_entries=256, show_spinner=False)
def _funding_chart(token: str, encoded: str, which: str, _settings: Settings) -> go.Figure:
    return FUNDING_CHARTS[which](_funding_evaluated(token, encoded, _settings))


def funding_chart(settings: Settings, which: str) -> go.Figure:
    """The net change per inhabitant («netto») or the region per plan year («plan») under
    `settings`, built when first shown and then shared as a figure (a plotly figure is drawn
    without checking it again; a dict is checked property by property on every draw)."""
    return _funding_chart(db.token(), scenarios.encode(settings), which, settings)


@st.cache_data(max_entries=64, show_spinner=False)
def _shapley(token: str, encoded: str, year: int, _basis: Settings) -> pd.Series:
    return membership.shapley_net(_basis, _funding_inputs(token), year)


@st.cache_data(max_entries=64, show_spinner=False)
def _membership(token: str, encoded: str, year: int, _settings: Settings) -> pd.DataFrame:
    evaluated = _funding_evaluated(token, encoded, _settings).table  # the page has just drawn it
    encoded_basis, basis = _before_keys(_settings)
    shapley = _shapley(token, encoded_basis, year, basis)
    return membership.compared_with_all_in(_settings, _funding_inputs(token), year, evaluated, shapley)


@st.cache_data(max_entries=16, show_spinner="Sammenligner scenarioene …")
def _scenarios_compared(token: str, encoded: tuple[tuple[str, str], ...], step: int) -> pd.DataFrame:
    named = {name: scenarios.decode(text) for name, text in encoded}
    return comparison.compare(named, _funding_inputs(token), step)


def scenarios_compared(named: dict[str, Settings], step: int) -> pd.DataFrame:
    """`scenarios.compare` once per data version, set of priced scenarios and plan year: a
    slider moved elsewhere on the page prices none of them again."""
    encoded = tuple((name, scenarios.encode(settings)) for name, settings in named.items())
    return _scenarios_compared(db.token(), encoded, step)


def membership_compared(settings: Settings, year: int) -> pd.DataFrame:
    """Each member's net change with these members against all in, and the Shapley reference."""
    return _membership(db.token(), scenarios.encode(settings), year, settings)


@st.cache_data(max_entries=4, show_spinner="Samler tallene for kommunene …")
def _brief_region(token: str) -> brief_content.Region:
    return brief_content.region(db.cursor())


def brief_region() -> brief_content.Region:
    """What every municipality's brief needs about the region, once per data version."""
    return _brief_region(db.token())


@st.cache_data(max_entries=128, show_spinner=False)
def _brief(token: str, nr: str, encoded: str, scenario: str, link: str, today: dt.date) -> Document:
    settings = scenarios.decode(encoded)
    result = _funding_evaluated(token, encoded, settings)
    return brief_content.municipality_brief(
        nr, _brief_region(token), settings, scenario, link, today, result, alternatives_compared(settings)
    )


def brief(nr: str, encoded: str, scenario: str, link: str, today: dt.date) -> Document:
    """One municipality's brief under the settings `encoded` (cached per setting)."""
    return _brief(db.token(), nr, encoded, scenario, link, today)


@st.cache_data(max_entries=8, show_spinner="Lager rapporten …")
def _region_report(token: str, encoded: str, link: str, today: dt.date) -> Document:
    settings = priced(scenarios.decode(encoded))
    return study_report.region_report(
        db.cursor(),
        _brief_region(token),
        settings,
        "Gjeldende oppsett",
        link,
        today,
        alternatives_compared(settings),
    )


def region_report(encoded: str, link: str) -> Document:
    """The study report's content under the settings `encoded` (priced here, when asked for: the
    recommendation needs the alternatives compared), with the link that reproduces it."""
    return _region_report(db.token(), encoded, link, dt.date.today())


@st.cache_resource(max_entries=2, show_spinner="Måler hva alternativene gir …")
def _alternatives_region(token: str) -> alternatives_region.Region:
    ctx, _, _ = _region_checks(token, DEFAULT_STRUCTURE)
    return alternatives_region.Region.gather(ctx, rules(), services(), _funding_inputs(token), network())


def alternatives_base() -> alternatives_region.Region:
    """What every alternative's effects are measured on, once per data version (read-only)."""
    return _alternatives_region(db.token())


@st.cache_data(max_entries=4, show_spinner=False)
def _default_options(token: str) -> tuple[list[dict], dict[str, str]]:
    return catalogue.default_options(
        _cached(queries.alternatives),
        cooperation_scores(),
        list(area_names()),
        _cached(queries.alternative_round_scores),
    )


def study_options() -> list[dict]:
    """The study's own alternatives, with their non-priced effects from the areas' scores."""
    return _default_options(db.token())[0]


def current_options(settings: Settings) -> tuple[list[dict], dict[str, str]]:
    """The alternatives of `settings` (the study's defaults when it carries none)."""
    return catalogue.current_options(settings, *_default_options(db.token()))


@st.cache_data(max_entries=64, show_spinner=False)
def _effects(token: str, option_json: str, left_out: tuple[str, ...]) -> alternatives_effects.Effects:
    return alternatives_effects.evaluate(json.loads(option_json), _alternatives_region(token), left_out)


def _measured(
    option: dict, _region: alternatives_region.Region, left_out: tuple[str, ...] = ()
) -> alternatives_effects.Effects:
    """An alternative's effects depend on it and the members alone: moving the realisation or
    the discount rate measures nothing again."""
    return _effects(db.token(), json.dumps(option, sort_keys=True, ensure_ascii=False), left_out)


@st.cache_data(max_entries=64, show_spinner="Regner ut alternativene …")
def _alternatives(token: str, encoded: str) -> analysis.Comparison:
    settings = scenarios.decode(encoded)
    opts, _ = catalogue.current_options(settings, *_default_options(token))
    return analysis.compare(
        settings, opts, _funding_inputs(token), _alternatives_region(token), measure=_measured
    )


def alternatives_compared(settings: Settings) -> analysis.Comparison:
    """Every alternative priced and measured under `settings` (what only ranks or chooses, the
    rate per point, the recommendation and the written judgement, and the lines of the package
    priced, are left out of the cache key: each alternative is priced with its own lines)."""
    neutral = dataclasses.replace(
        settled(settings),
        kr_per_poeng=KR_PER_POINT,
        alternativ=None,
        vurdering="",
        budsjett=None,
        engang=None,
        valgt=None,
    )
    return _alternatives(db.token(), scenarios.encode(neutral))


def settled(settings: Settings) -> Settings:
    """`settings` with an older scenario's own lines made an alternative of their own."""
    return catalogue.settled(settings, study_options())


def first_place(settings: Settings) -> str:
    """The alternative the analysis ranks first under `settings`. The keys and the phase-in cap
    move money between municipalities, never the region's total, so they are left out of the
    key: a weight slider's move ranks nothing again (a unit test holds that)."""
    comparison = alternatives_compared(consequences.before_keys(settings))
    return analysis.rank(comparison, settings.kr_per_poeng).first


def package(settings: Settings) -> alternatives_package.Package:
    """The package `settings` price: the steering group's recommendation, or the analysis' first."""
    settings = settled(settings)
    opts, _ = current_options(settings)
    first = None if settings.alternativ is not None else first_place(settings)
    left_out = tuple(sorted(settings.uten))
    return alternatives_package.priced(
        settings, opts, first, lambda option: _measured(option, alternatives_base(), left_out).keeps_rota
    )


def priced(settings: Settings) -> Settings:
    """`settings` with the lines of the package they price."""
    return package(settings).settings


def decisions() -> pd.DataFrame:
    """The councils' decisions as registered (`decisions.register.current`)."""
    return _cached(_decisions)


def _decisions(con) -> pd.DataFrame:
    return register.current(con, queries.municipalities(con))


def decision_history() -> pd.DataFrame:
    return _cached(register.history)


@st.cache_data(max_entries=16, show_spinner="Regner ut bidragene med kommunene som er med …")
def _followed(token: str, encoded: str, today: dt.date, _settings: Settings) -> followed.Followed:
    chosen = package(_settings)
    return followed.follow(chosen.settings, chosen.option, _funding_inputs(token), decisions(), today)


def decisions_followed(settings: Settings, today: dt.date) -> followed.Followed:
    """What the registered decisions mean for the package `settings` price (`decisions.followed`)."""
    return _followed(db.token(), scenarios.encode(settings), today, settings)


def status_letter(settings: Settings, today: dt.date) -> Document:
    """The next infoskriv from the state now (never cached: it is made once, on a click)."""
    return fresh(status_letter_content.from_database, settings, today)


@st.cache_data(max_entries=8, show_spinner="Skriver avtaleutkastet …")
def _agreement(token: str, encoded: str, today: dt.date, _settings: Settings) -> Document:
    chosen = package(_settings)
    result = ranges.evaluate(chosen.settings, _funding_inputs(token))
    return agreement_content.draft(chosen.settings, chosen.option, municipalities(), result, today)


def agreement_draft(settings: Settings, today: dt.date) -> Document:
    """The draft agreement for the alternative `settings` price (`documents.agreement`)."""
    return _agreement(db.token(), scenarios.encode(settings), today, settings)

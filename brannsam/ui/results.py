"""Model results for the pages: each is its feature's pure function (the funding model, the
alternatives, the rule verdicts, the documents' content), computed once per data version and
canonical settings (`Settings.canonical`) and kept here, so a page only reads widgets, asks and
draws. What `st.cache_data` keeps a page gets a copy of; a result `st.cache_resource` keeps for
every session reaches a page through `shared_view.page_view`. The region as it is today (response
times, rule verdicts, rankings) is in `region_results.py`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from brannsam.alternatives import analysis, catalogue
from brannsam.alternatives import effects as alternatives_effects
from brannsam.alternatives import package as alternatives_package
from brannsam.alternatives import region as alternatives_region
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.decisions import followed
from brannsam.documents import agreement as agreement_content
from brannsam.documents import brief as brief_content
from brannsam.documents import region_facts, study_report
from brannsam.documents import status_letter as status_letter_content
from brannsam.documents.document import Document
from brannsam.funding import comparison, consequences, display, membership, ranges, scenarios
from brannsam.funding.settings import KR_PER_POINT, Settings
from brannsam.ui import data, db, region_results
from brannsam.ui.shared_view import page_view


@st.cache_resource(max_entries=256, show_spinner=False)
def _funding_evaluated(token: str, canonical: str, _settings: Settings) -> consequences.Result:
    """Many sessions move the same sliders to the same places: each setting (keyed by its
    canonical form, `_settings` being the same settings) is computed once and shared, not copied
    on every read. Read only."""
    prepriced = _prepriced(token, *_before_keys(_settings))
    return ranges.evaluate(_settings, data.funding_inputs(), prepriced)


def _before_keys(settings: Settings) -> tuple[str, Settings]:
    """The cache key and settings of what the keys and the cap do not move (the pricing, the
    Shapley reference): a weight or cap slider's move finds them cached."""
    basis = consequences.before_keys(settings)
    return basis.canonical, basis


@st.cache_resource(max_entries=64, show_spinner=False)
def _prepriced(token: str, canonical: str, _basis: Settings) -> consequences.Priced:
    """The setting and its range corners priced before the keys (shared: read only)."""
    return ranges.price_corners(_basis, data.funding_inputs())


def funding_evaluated(settings: Settings) -> consequences.Result:
    """The consequences of one setting with their ranges (computed once for every session; the
    page gets its own view)."""
    return page_view(_funding_evaluated(db.token(), settings.canonical, settings))


FUNDING_CHARTS = {"netto": display.net_chart, "plan": display.plan_chart}


@st.cache_resource(max_entries=256, show_spinner=False)
def _funding_chart(token: str, canonical: str, which: str, _settings: Settings) -> go.Figure:
    return FUNDING_CHARTS[which](_funding_evaluated(token, canonical, _settings))


def funding_chart(settings: Settings, which: str) -> go.Figure:
    """The net change per inhabitant («netto») or the region per plan year («plan») under
    `settings`, built when first shown and then shared as a figure (a plotly figure is drawn
    without checking it again; a dict is checked property by property on every draw)."""
    return _funding_chart(db.token(), settings.canonical, which, settings)


@st.cache_data(max_entries=64, show_spinner=False)
def _shapley(token: str, canonical: str, year: int, _basis: Settings) -> pd.Series:
    return membership.shapley_net(_basis, data.funding_inputs(), year)


@st.cache_data(max_entries=64, show_spinner=False)
def _membership(token: str, canonical: str, year: int, _settings: Settings) -> pd.DataFrame:
    evaluated = _funding_evaluated(token, canonical, _settings).table  # the page has just drawn it
    canonical_basis, basis = _before_keys(_settings)
    shapley = _shapley(token, canonical_basis, year, basis)
    return membership.compared_with_all_in(_settings, data.funding_inputs(), year, evaluated, shapley)


@st.cache_data(max_entries=16, show_spinner="Sammenligner scenarioene …")
def _scenarios_compared(token: str, canonical: tuple[tuple[str, str], ...], step: int) -> pd.DataFrame:
    named = {name: Settings.from_dict(json.loads(text)) for name, text in canonical}
    return comparison.compare(named, data.funding_inputs(), step)


def scenarios_compared(named: dict[str, Settings], step: int) -> pd.DataFrame:
    """`scenarios.compare` once per data version, set of priced scenarios and plan year: a
    slider moved elsewhere on the page prices none of them again."""
    canonical = tuple((name, settings.canonical) for name, settings in named.items())
    return _scenarios_compared(db.token(), canonical, step)


def membership_compared(settings: Settings, year: int) -> pd.DataFrame:
    """Each member's net change with these members against all in, and the Shapley reference."""
    return _membership(db.token(), settings.canonical, year, settings)


@st.cache_data(max_entries=4, show_spinner="Samler tallene for kommunene …")
def _brief_region(token: str) -> region_facts.Region:
    return region_facts.region(db.cursor())


def brief_region() -> region_facts.Region:
    """What every municipality's brief needs about the region, once per data version."""
    return _brief_region(db.token())


@st.cache_data(max_entries=128, show_spinner=False)
def _brief(token: str, nr: str, encoded: str, scenario: str, link: str, today: dt.date) -> Document:
    settings = scenarios.decode(encoded)
    result = _funding_evaluated(token, settings.canonical, settings)
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
    ctx, _, _ = region_results.region_checks(DEFAULT_STRUCTURE)
    return alternatives_region.Region.gather(
        ctx, data.rules(), data.services(), data.funding_inputs(), data.network()
    )


def alternatives_base() -> alternatives_region.Region:
    """What every alternative's effects are measured on, once per data version (read-only)."""
    return _alternatives_region(db.token())


@st.cache_data(max_entries=4, show_spinner=False)
def _default_options(token: str) -> tuple[list[dict], dict[str, str]]:
    return catalogue.default_options(
        data.alternatives(),
        data.cooperation_scores(),
        list(data.area_names()),
        data.alternative_round_scores(),
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
def _alternatives(token: str, canonical: str, _settings: Settings) -> analysis.Comparison:
    settings = _settings
    opts, _ = catalogue.current_options(settings, *_default_options(token))
    return analysis.compare(
        settings, opts, data.funding_inputs(), _alternatives_region(token), measure=_measured
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
    return _alternatives(db.token(), neutral.canonical, neutral)


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


@st.cache_data(max_entries=16, show_spinner="Regner ut bidragene med kommunene som er med …")
def _followed(token: str, canonical: str, today: dt.date, _settings: Settings) -> followed.Followed:
    chosen = package(_settings)
    return followed.follow(chosen.settings, chosen.option, data.funding_inputs(), data.decisions(), today)


def decisions_followed(settings: Settings, today: dt.date) -> followed.Followed:
    """What the registered decisions mean for the package `settings` price (`decisions.followed`)."""
    return _followed(db.token(), settings.canonical, today, settings)


def status_letter(settings: Settings, today: dt.date) -> Document:
    """The next infoskriv from the state now (never cached: it is made once, on a click)."""
    return data.fresh(status_letter_content.from_database, settings, today)


@st.cache_data(max_entries=8, show_spinner="Skriver avtaleutkastet …")
def _agreement(token: str, canonical: str, today: dt.date, _settings: Settings) -> Document:
    chosen = package(_settings)
    result = ranges.evaluate(chosen.settings, data.funding_inputs())
    return agreement_content.draft(chosen.settings, chosen.option, data.municipalities(), result, today)


def agreement_draft(settings: Settings, today: dt.date) -> Document:
    """The draft agreement for the alternative `settings` price (`documents.agreement`)."""
    return _agreement(db.token(), settings.canonical, today, settings)


@st.cache_data(max_entries=64, show_spinner=False)
def _funding_region(token: str, canonical: str, _settings: Settings) -> pd.DataFrame:
    result = _funding_evaluated(token, canonical, _settings)
    return consequences.region_summary(result.table, result.region_range)


def funding_region(settings: Settings) -> pd.DataFrame:
    """The region per plan year under `settings`, with each year's range."""
    return _funding_region(db.token(), settings.canonical, settings)


@st.cache_data(max_entries=128, show_spinner=False)
def _fairness(token: str, canonical: str, year: int, _settings: Settings) -> dict:
    table = _funding_evaluated(token, canonical, _settings).table
    return consequences.fairness(table, year, data.funding_inputs().estimated)


def fairness(settings: Settings, year: int) -> dict:
    """How evenly plan year `year`'s contributions fall (`consequences.fairness`)."""
    return _fairness(db.token(), settings.canonical, year, settings)


def membership_condition(settings: Settings) -> membership.Condition:
    """Whether the members `settings` name meet the membership condition (`membership.condition`)."""
    return _membership_condition(db.token(), settings.canonical, settings)


@st.cache_data(max_entries=64, show_spinner=False)
def _membership_condition(token: str, canonical: str, _settings: Settings) -> membership.Condition:
    return membership.condition(_settings, data.funding_inputs())

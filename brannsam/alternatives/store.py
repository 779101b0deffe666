"""The alternatives analysis read from the database in one go (the CLI and the study report; the
app builds the same from its cached reads)."""

from __future__ import annotations

import duckdb

from brannsam.alternatives import analysis, catalogue, package
from brannsam.alternatives.region import Region
from brannsam.data import queries
from brannsam.funding import store as funding_store
from brannsam.funding.settings import Settings
from brannsam.risk import network
from brannsam.risk.context import Context


def region(con: duckdb.DuckDBPyConnection) -> Region:
    return Region.gather(
        Context.from_db(con),
        queries.rules(con),
        queries.services(con),
        funding_store.inputs(con),
        network.from_db(con),
    )


def default_options(con: duckdb.DuckDBPyConnection) -> tuple[list[dict], dict[str, str]]:
    """The source files' alternatives with their non-priced effects taken from the cooperation
    areas' stored scores where there are any, and where each option's effects come from."""
    areas = queries.cooperation_areas(con)["omrade_id"].tolist()
    return catalogue.default_options(
        queries.alternatives(con),
        queries.cooperation_scores(con),
        areas,
        queries.alternative_round_scores(con),
    )


def compared(
    con: duckdb.DuckDBPyConnection, settings: Settings
) -> tuple[analysis.Comparison, dict[str, str]]:
    """Every alternative of `settings` (the source files' when it names none) priced and measured."""
    opts, where = catalogue.current_options(settings, *default_options(con))
    return analysis.compare(settings, opts, funding_store.inputs(con), region(con)), where


def packaged(
    con: duckdb.DuckDBPyConnection, settings: Settings
) -> tuple[package.Package, analysis.Comparison, dict[str, str]]:
    """The package `settings` price (the recommendation, or the analysis' first), with the
    comparison it was chosen from and where each alternative's non-priced effects come from."""
    defaults, where = default_options(con)
    settings = catalogue.settled(settings, defaults)
    opts, where = catalogue.current_options(settings, defaults, where)
    comparison = analysis.compare(settings, opts, funding_store.inputs(con), region(con))
    first = analysis.rank(comparison, settings.kr_per_poeng).first
    kept = {i: found.keeps_rota for i, found in comparison.effects.items()}
    return package.priced(settings, opts, first, lambda option: kept[option["id"]]), comparison, where

"""Settings with a package to price, for tests.

The app prices only the study's alternatives (`alternatives.package`); an unpriced `Settings`
has no lines. The funding model's own tests price the seven lines older versions used by
default (`model_settings`): between them they hold every kind of line the model handles (a
leader line replacing årsverk, a duty rota, prevention that follows the members, an investment,
wage harmonisation). Tests of what users read price the recommendation (`recommended`)."""

from __future__ import annotations

import duckdb

from brannsam.alternatives import store as alternatives_store
from brannsam.funding import budget, calendar, options
from brannsam.funding.settings import Settings


def model_settings(**changes: object) -> Settings:
    """Settings priced with the seven model-test lines and their one-offs in its own plan years."""
    first = int(changes.get("forste_aar", calendar.default_first_year()))
    lines = budget.legacy_lines().to_dict(orient="records")
    base = {"budsjett": lines, "engang": budget.legacy_one_offs(first), "valgt": "T"}
    return Settings(**(base | changes))


def recommended(con: duckdb.DuckDBPyConnection, settings: Settings | None = None):
    """`settings` (the defaults when None) priced as the study's recommendation."""
    package, _, _ = alternatives_store.packaged(con, settings or Settings())
    return package.settings


def as_option(settings: Settings, option: dict) -> Settings:
    """`settings` priced as `option`."""
    return options.settings_for(settings, option)

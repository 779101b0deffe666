"""The funding feature's reads and writes: the model's inputs from the database, and the saved
scenarios. The models (`allocation`, `consequences`, `scenarios`) take and return dataframes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from brannsam.data import dataversion, queries
from brannsam.funding import allocation, consequences
from brannsam.funding.scenarios import ScenarioExists, check_name, check_references, is_code, short_code
from brannsam.funding.settings import ScenarioError, Settings


def drivers(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Drivers for the default dataset. Returns (drivers, municipalities, costs)."""
    kommuner = queries.municipalities(con)
    table = allocation.default_drivers(
        kommuner, queries.indicators(con), queries.stations(con), queries.rules(con), queries.settlements(con)
    )
    return table, kommuner, queries.costs(con)


def inputs(con: duckdb.DuckDBPyConnection) -> consequences.Inputs:
    """The funding inputs for the default structure."""
    table, kommuner, costs = drivers(con)
    return consequences.inputs(table, kommuner, costs, queries.staffing(con))


def save(con: duckdb.DuckDBPyConnection, name: str, settings: Settings, overwrite: bool = False) -> str:
    """Create the scenario `name`; replacing an existing one needs `overwrite`, and the old
    version is kept in the archive. Returns the name as stored."""
    name = check_name(name)
    check_references(settings, known_municipalities(con), known_stations(con))
    stored = json.dumps(settings.to_dict(), ensure_ascii=False)
    # What is saved must load again: checked exactly as `load` will, before anything is written,
    # and its code is the code of what loads.
    code = short_code(Settings.from_dict(json.loads(stored)))
    now = dt.datetime.now()
    with dataversion.transaction(con):
        old = con.execute("SELECT innstillinger FROM scenario WHERE navn = ?", [name]).fetchall()
        if old and not overwrite:
            raise ScenarioExists(
                f"Et scenario heter allerede «{name}». Bekreft at du vil overskrive det (den gamle "
                "versjonen tas vare på), eller velg et annet navn."
            )
        created = now
        if old:
            dataversion.archive(con, "scenario", name, old[0][0])
            created = con.execute("SELECT opprettet FROM scenario WHERE navn = ?", [name]).fetchall()[0][0]
            con.execute("DELETE FROM scenario WHERE navn = ?", [name])
        con.execute(
            "INSERT INTO scenario (navn, opprettet, endret, innstillinger, kode) VALUES (?, ?, ?, ?, ?)",
            [name, created, now, stored, code],
        )
    return name


def exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT 1 FROM scenario WHERE navn = ?", [" ".join(name.split())]).fetchall())


def names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT navn FROM scenario ORDER BY endret DESC, navn").fetchall()]


def known_stations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The names a duty-officer zone may take as its base."""
    return set(queries.stations(con)["navn"])


def known_municipalities(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT kommunenummer FROM kommune").fetchall()}


def load(con: duckdb.DuckDBPyConnection, name: str) -> Settings:
    """A stored scenario, checked value by value and against the region's municipalities (one
    stored before that check existed may name a municipality that is not there)."""
    rows = con.execute("SELECT innstillinger FROM scenario WHERE navn = ?", [name]).fetchall()
    if not rows:
        raise ScenarioError(f"Fant ikke scenarioet «{name}» (kanskje slettet av noen andre).")
    settings = Settings.from_dict(json.loads(rows[0][0]))
    try:
        check_references(settings, known_municipalities(con), known_stations(con))
    except ScenarioError as err:
        raise ScenarioError(f"Scenarioet «{name}» kan ikke brukes: {err}") from None
    return settings


def delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with dataversion.transaction(con):
        old = con.execute("SELECT innstillinger FROM scenario WHERE navn = ?", [name]).fetchall()
        if old:
            dataversion.archive(con, "scenario", name, old[0][0])
        con.execute("DELETE FROM scenario WHERE navn = ?", [name])


@dataclass(frozen=True)
class Resolved:
    """The settings a short code was made for, the scenario's name, and whether that scenario
    has been saved again (or deleted) since: a brief's link keeps showing what the brief says."""

    settings: Settings
    name: str
    replaced: bool


def resolve(con: duckdb.DuckDBPyConnection, code: str) -> Resolved:
    """The settings with short code `code`: a stored scenario's, else an earlier version kept in
    the archive (a scenario overwritten or deleted after its link went into a brief)."""
    if not is_code(code):
        raise ScenarioError("Koden i lenken er ikke en gyldig scenariokode.")
    # The stored code finds the scenario at once (it was the code when the link was made); one
    # saved before codes were stored (no code) is hashed to compare.
    candidates = con.execute(
        "SELECT navn, kode FROM scenario WHERE kode = ? OR kode IS NULL ORDER BY kode IS NULL, endret DESC",
        [code],
    ).fetchall()
    for name, stored in candidates:
        try:
            settings = load(con, name)
        except ScenarioError:
            continue
        if stored == code or short_code(settings) == code:
            return Resolved(settings, name, replaced=False)
    known = known_municipalities(con)
    archived = con.execute(
        "SELECT navn, innhold FROM arkiv WHERE art = 'scenario' ORDER BY arkivert DESC"
    ).fetchall()
    for name, content in archived:
        try:
            settings = Settings.from_dict(json.loads(content))
            check_references(settings, known)
        except (ScenarioError, ValueError):
            continue
        if short_code(settings) == code:
            return Resolved(settings, name, replaced=True)
    raise ScenarioError(f"Fant ikke noe lagret scenario med koden {code} (kanskje slettet eller endret).")


def by_code(con: duckdb.DuckDBPyConnection, code: str) -> Settings:
    """The settings the short code `code` was made for (`resolve`)."""
    return resolve(con, code).settings


def saved_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The short codes of every stored scenario that can be used."""
    codes = set()
    for name, stored in con.execute("SELECT navn, kode FROM scenario").fetchall():
        if stored:
            codes.add(stored)
            continue
        try:  # saved before codes were stored
            codes.add(short_code(load(con, name)))
        except ScenarioError:
            continue
    return codes

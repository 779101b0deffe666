"""`python -m brannsam vedtak …`: register what a council decided, import a filled template, undo
the last registration, write the template, and the overview with what the decisions mean."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from brannsam import access
from brannsam.alternatives import store as alternatives_store
from brannsam.cli import output
from brannsam.data import queries
from brannsam.decisions import followed, register
from brannsam.documents import output_files
from brannsam.funding import store
from brannsam.funding.settings import Settings

SUMMARY_HEADER = ["andel_innbyggere", "vilkar", "vilkar_oppfylt", "frist", "over_tak", "vertskommune"]


def add(commands: argparse._SubParsersAction, run: Callable[[argparse.Namespace], int]) -> None:
    """The `vedtak` command and its actions."""
    cmd = commands.add_parser(
        "vedtak", help="kommunestyrenes vedtak: registrer | importer | angre | mal | oversikt"
    )
    actions = cmd.add_subparsers(dest="handling", required=True, parser_class=type(cmd))
    registering = actions.add_parser("registrer", help="registrer ett kommunestyres vedtak")
    registering.add_argument("kommunenummer")
    registering.add_argument("status", help="ja, nei, utsatt eller «ikke behandlet»")
    registering.add_argument("--dato", help="vedtaksdato, f.eks. 2027-03-15")
    registering.add_argument("--sak", help="saksnummer, f.eks. 2027/123")
    registering.add_argument("--tak", help="kostnadstaket kommunen vedtok (kr)")
    registering.add_argument("--vilkar", help="vilkår i vedtaket (fritekst)")
    registering.add_argument("--av", help="hvem som registrerer (føres i historikken)")
    importing = actions.add_parser("importer", help="importer en utfylt mal (xlsx eller csv)")
    importing.add_argument("fil")
    importing.add_argument("--av", help="hvem som importerer (føres i historikken)")
    undo = actions.add_parser("angre", help="angre siste registrering (en hel importert fil samlet)")
    undo.add_argument("--av", help="hvem som angrer (føres i historikken)")
    template = actions.add_parser("mal", help="skriv malen for vedtakene (xlsx)")
    template.add_argument("--out", required=True, help="fila malen skrives til, f.eks. vedtak.xlsx")
    overview = actions.add_parser("oversikt", help="vedtakene og hva de betyr for samarbeidet")
    overview.add_argument("--format", choices=["csv", "tabell"], default="tabell")
    overview.add_argument("--sammendrag", action="store_true", help="én linje: andel, vilkår, tak, vert")
    overview.add_argument("--scenario", help="scenarioet kommunene stemte over (uten: studiens anbefaling)")
    cmd.set_defaults(run=run)


def _known(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    kommuner = queries.municipalities(con)
    return dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True))


def write(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, today: dt.date) -> str:
    """Run a writing action and return what to print; a DecisionError writes nothing."""
    who = access.log_name(args.av) if getattr(args, "av", None) else access.log_name("kommandolinja")
    known = _known(con)
    if args.handling == "registrer":
        decision = register.checked(
            args.kommunenummer, args.status, known, today, args.dato, args.sak, args.tak, args.vilkar
        )
        register.record(con, [decision], who, "kommandolinja")
        return f"Registrert: {known[decision.kommunenummer]} {decision.status}."
    if args.handling == "importer":
        path = Path(args.fil)
        if not path.is_file():
            raise register.DecisionError(f"Fant ikke fila {args.fil}.")
        decisions, problems = register.read_template(path.name, path.read_bytes(), known, today)
        if problems:
            raise register.DecisionError("Fila ble ikke importert:\n- " + "\n- ".join(problems[:20]))
        decisions = register.changed(decisions, register.current(con, queries.municipalities(con)))
        if not decisions:
            return "Ingen endringer: fila sier det samme som registeret."
        register.record(con, decisions, who, f"import: {path.name}")
        return f"Importert {len(decisions)} vedtak fra {path.name}."
    undone = register.undo_last(con, who)
    return "Angret: " + ", ".join(f"{known[r.kommunenummer]} {r.status}" for r in undone.itertuples()) + "."


def template(con: duckdb.DuckDBPyConnection, out: str) -> str:
    if not out.strip():
        raise output_files.OutputError(output_files.EMPTY_PATH)
    data = register.template(register.current(con, queries.municipalities(con)))
    output_files.write(Path(out), data)
    return f"Skrev {out}"


def overview(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, today: dt.date) -> followed.Followed:
    settings = store.load(con, args.scenario) if args.scenario else Settings()
    package, _, _ = alternatives_store.packaged(con, settings)
    decisions = register.current(con, queries.municipalities(con))
    return followed.follow(package.settings, package.option, store.inputs(con), decisions, today)


def render(result: followed.Followed, args: argparse.Namespace) -> None:
    if args.sammendrag:
        row = pd.DataFrame(
            [
                {
                    "andel_innbyggere": round(result.decided.share, 4),
                    "vilkar": result.decided.threshold,
                    "vilkar_oppfylt": "ja" if result.decided.met else "nei",
                    "frist": result.decided.deadline.isoformat(),
                    "over_tak": result.over,
                    "vertskommune": result.host,
                }
            ]
        )[SUMMARY_HEADER]
        sys.stdout.write(output.render(row, args.format, 4))
        return
    table = result.table.copy()
    table["over_tak"] = table["over_tak"].map({True: "ja", False: "nei"}).fillna("")
    table["dato"] = table["dato"].map(lambda d: d.date().isoformat() if pd.notna(d) else "")
    sys.stdout.write(output.render(table, args.format))
    print(result.summary(), file=sys.stderr)

"""Command line: `python -m brannsam build | estimate | allocate | import | konsekvens | alternativer |
rapport | verksted | kontroll | serve` (`--help` on each says what it takes)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import time
from pathlib import Path
from typing import NoReturn

from brannsam import formatting as fmt
from brannsam.alternatives import analysis
from brannsam.alternatives import display as alternatives_display
from brannsam.alternatives import store as alternatives_store
from brannsam.cli import allocate as allocate_cli
from brannsam.cli import database as cli_database
from brannsam.cli import decisions as cli_decisions
from brannsam.cli import documents as cli_documents
from brannsam.cli import output
from brannsam.cli import scenario_args as cli_scenario_args
from brannsam.cli.output import UsageError
from brannsam.data import database_file, paths, queries, sources
from brannsam.decisions import register
from brannsam.documents import (
    output_files,
)
from brannsam.documents import writers as documents
from brannsam.estimates import estimates, kontroll
from brannsam.funding import calendar, consequences, membership, ranges, store
from brannsam.funding.settings import ScenarioError
from brannsam.imports import datasets
from brannsam.pipeline import build, importing
from brannsam.workshop import rounds, tally
from brannsam.workshop import store as workshop_store


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    target = build.database(paths.sources_dir(), paths.database_path())
    print(f"Bygget {target.name} på {time.perf_counter() - started:.2f} s.")
    return 0


def _estimate(args: argparse.Namespace) -> int:
    for path in estimates.write(paths.sources_dir()):
        print(f"Skrev {path}")
    return 0


def _allocate(args: argparse.Namespace) -> int:
    budget_kr = allocate_cli.parse_budget(args.budget)
    weights = allocate_cli.parse_weights(args.weights)
    with cli_database.reading() as con:
        frame = allocate_cli.table(con, budget_kr, weights)
    sys.stdout.write(output.render(frame, args.format, 12, formatters={"andel": "{:.4%}".format}))
    return 0


def _import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.exists():
        raise importing.ImportRejected([f"Fant ikke fila {source}."])
    with cli_database.writing("Importer fra siden Data.") as con:
        rows = importing.accept(
            con, source.name, source.read_bytes(), getpass.getuser(), paths.imports_dir(), args.dataset
        )
    print(f"Importerte {fmt.count(rows, 'rad', 'rader')} fra {source.name}.")
    return 0


def _kontroll(args: argparse.Namespace) -> int:
    with cli_database.reading() as con:
        table = queries.kontroll(con)
    sys.stdout.write(output.render(kontroll.compared(table), args.format, 4, lambda v: f"{v:.2f}"))
    return 0


def _konsekvens(args: argparse.Namespace) -> int:
    with cli_database.reading() as con:
        package, _, _ = alternatives_store.packaged(con, cli_scenario_args.settings_of(con, args))
        inputs = store.inputs(con)
    result = ranges.evaluate(package.settings, inputs)
    print(f"Alternativ {package.label} ({package.why()}).", file=sys.stderr)
    print(membership.condition(package.settings, inputs).text(), file=sys.stderr)
    sys.stdout.write(output.render(result.table[consequences.HEADER], args.format))
    return 0


def _alternativer(args: argparse.Namespace) -> int:
    """The alternatives side by side: one row per alternative, municipality and plan year, or
    with --sammendrag one row per alternative with its cost and effect columns."""
    with cli_database.reading() as con:
        settings = cli_scenario_args.settings_of(con, args)
        package, comparison, _ = alternatives_store.packaged(con, settings)
    if args.sammendrag:
        ranking = analysis.rank(comparison, settings.kr_per_poeng)
        table = alternatives_display.summary_rows(ranking, settings.analyseperiode, package.option["id"])
    else:
        table = alternatives_display.csv_rows(comparison)
    sys.stdout.write(output.render(table, args.format, 3 if args.sammendrag else None))
    return 0


def _verksted(args: argparse.Namespace) -> int:
    if args.handling == "ny":
        with cli_database.writing("Lag runden på siden Verksted.") as con:
            about = rounds.ALTERNATIVES if args.alternativer else rounds.AREAS
            areas = (
                [a.strip() for a in args.omrader.split(",")]
                if args.omrader
                else list(workshop_store.item_names(con, about))
            )
            code = workshop_store.create(
                con, args.navn, areas, anonymous=not args.navngitt, paced=args.styrt, subject_=about
            )
        print(f"kode: {code}")
        return 0
    with cli_database.reading() as con:
        # The round's own rules, as on the wall: hidden until the reveal where the round says so,
        # and an anonymous round's area with fewer than rounds.MIN_SHOWN answers shows its count,
        # not someone's own scores.
        round_ = workshop_store.info(con, args.navn)
        if not rounds.results_visible(round_):
            raise UsageError(f"Runden {round_['kode']} er ikke avslørt ennå. {rounds.NOT_REVEALED}")
        table = rounds.shown(tally.results(con, args.navn), round_["anonym"])
    if args.format == "tabell":  # as the wall shows it: Norwegian numbers, «–» for what is not shown
        sys.stdout.write(output.render(rounds.wall_table(table, round_), args.format))
        return 0
    header = rounds.RESULT_HEADER + (
        round_["kriterier"] if rounds.subject(round_) == rounds.ALTERNATIVES else []
    )
    sys.stdout.write(output.render(table[header], args.format, 3))
    return 0


def _vedtak(args: argparse.Namespace) -> int:
    """The councils' decisions: a write refused in Norwegian writes nothing (exit code 2)."""
    today = dt.date.today()
    if args.handling in ("registrer", "importer", "angre"):
        with cli_database.writing("Registrer vedtaket på siden Vedtak.") as con:
            print(cli_decisions.write(con, args, today))
        return 0
    with cli_database.reading() as con:
        if args.handling == "mal":
            print(cli_decisions.template(con, args.out))
            return 0
        result = cli_decisions.overview(con, args, today)
    cli_decisions.render(result, args)
    return 0


def _serve(args: argparse.Namespace) -> int:
    # Imported here, not at the top: importing Streamlit takes about half a second, which every
    # other command (build, allocate, rapport …) would otherwise pay for nothing.
    from brannsam.ui import serve  # noqa: PLC0415

    return serve.main(args.streamlit_args)


# argparse's own messages, as the Norwegian users of the CLI read them.
ARGPARSE_NORWEGIAN = (
    ("the following arguments are required", "disse argumentene mangler"),
    ("invalid choice", "ugyldig valg"),
    ("choose from", "velg blant"),
    ("expected one argument", "forventet én verdi"),
    ("unrecognized arguments", "ukjente argumenter"),
)


class NorwegianParser(argparse.ArgumentParser):
    """Exit code 2 with the message in Norwegian, for every subcommand."""

    def error(self, message: str) -> NoReturn:
        for english, norwegian in ARGPARSE_NORWEGIAN:
            message = message.replace(english, norwegian)
        self.print_usage(sys.stderr)
        self.exit(2, f"Feil: {message}\n")


def parser() -> NorwegianParser:
    """Every command, its arguments and their Norwegian help."""
    parser = NorwegianParser(prog="python -m brannsam", description="Brannsam")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=NorwegianParser)
    commands.add_parser("build", help="bygg databasen fra kildefilene").set_defaults(run=_build)
    commands.add_parser("estimate", help="lag estimatfilene på nytt").set_defaults(run=_estimate)
    allocate = commands.add_parser("allocate", help="fordel et budsjett på kommunene")
    allocate.add_argument("--budget", required=True, help="kroner, f.eks. 25000000")
    allocate.add_argument("--weights", required=True, help="f.eks. fast=1,innbyggere=3,risiko=1")
    allocate.add_argument("--format", choices=["csv", "tabell"], default="tabell")
    allocate.set_defaults(run=_allocate)
    import_cmd = commands.add_parser("import", help="importer et utfylt regneark (xlsx eller csv)")
    import_cmd.add_argument("file")
    import_cmd.add_argument("--dataset", choices=list(datasets.DATASETS))
    import_cmd.set_defaults(run=_import)
    effect = commands.add_parser(
        "konsekvens", help="bidrag, unngått kostnad og netto endring per kommune og år i økonomiplanen"
    )
    effect.add_argument("--scenario", help="et lagret scenario (uten: studiens standardverdier)")
    effect.add_argument("--format", choices=["csv", "tabell"], default="tabell")
    effect.add_argument("--uten", help="kommuner som står utenfor, f.eks. 5025,1811")
    effect.add_argument(
        "--alternativ",
        help="alternativet som prises, f.eks. B (uten: styringsgruppens anbefaling i scenarioet, ellers det "
        "alternativanalysen rangerer først)",
    )
    effect.set_defaults(run=_konsekvens)
    compare = commands.add_parser(
        "alternativer", help="alternativene side om side: kostnad per kommune og år, eller --sammendrag"
    )
    compare.add_argument("--scenario", help="et lagret scenario (uten: studiens standardverdier)")
    compare.add_argument("--format", choices=["csv", "tabell"], default="tabell")
    compare.add_argument("--uten", help="kommuner som står utenfor, f.eks. 5025,1811")
    compare.add_argument(
        "--alternativ",
        help="alternativet som prises, f.eks. B (uten: styringsgruppens anbefaling i scenarioet, ellers det "
        "alternativanalysen rangerer først)",
    )
    compare.add_argument(
        "--sammendrag", action="store_true", help="én rad per alternativ med kostnad, effekter og rang"
    )
    compare.set_defaults(run=_alternativer)
    reporting = commands.add_parser("rapport", help="vedlegg til saksframlegg per kommune (Word eller PDF)")
    reporting.add_argument("--kommune", help="kommunenummer, eller «alle»")
    reporting.add_argument("--region", action="store_true", help="studiens rapport for hele regionen")
    reporting.add_argument("--format", choices=list(documents.WRITERS), required=True)
    reporting.add_argument("--scenario", help="et lagret scenario (uten: studiens standardverdier)")
    reporting.add_argument("--out", required=True, help="mappa filene skrives til")
    reporting.add_argument("--overskriv", action="store_true", help="erstatt filer som finnes fra før")
    reporting.add_argument("--uten", help="kommuner som står utenfor, f.eks. 5025,1811")
    reporting.add_argument(
        "--alternativ",
        help="alternativet som prises, f.eks. B (uten: styringsgruppens anbefaling i scenarioet, ellers det "
        "alternativanalysen rangerer først)",
    )
    reporting.add_argument(
        "--forste-aar", help="første budsjettår, f.eks. 2028 (engangskostnadene flyttes med)"
    )
    reporting.set_defaults(run=cli_documents.rapport)
    workshop_cmd = commands.add_parser("verksted", help="verkstedrunder: ny NAVN | resultat KODE")
    workshop_cmd.add_argument("handling", choices=["ny", "resultat"])
    workshop_cmd.add_argument("navn", help="rundens navn (ny) eller koden (resultat)")
    workshop_cmd.add_argument(
        "--omrader", help="områder (eller alternativer), f.eks. ledelse,overordnet_vakt (standard: alle)"
    )
    workshop_cmd.add_argument(
        "--alternativer",
        action="store_true",
        help="runden vurderer alternativene (−4 … +4 mot nullalternativet), ikke samarbeidsområdene",
    )
    workshop_cmd.add_argument("--navngitt", action="store_true", help="vis navnene (standard: anonym)")
    workshop_cmd.add_argument(
        "--styrt", action="store_true", help="ordstyreren styrer tempoet: alle svarer på samme område"
    )
    workshop_cmd.add_argument("--format", choices=["csv", "tabell"], default="tabell")
    workshop_cmd.set_defaults(run=_verksted)
    cli_decisions.add(commands, _vedtak)
    contract = commands.add_parser("avtale", help="utkast til avtale for det anbefalte alternativet (Word)")
    contract.add_argument("--out", required=True, help="mappa fila skrives til")
    contract.add_argument("--scenario", help="et lagret scenario (uten: studiens standardverdier)")
    contract.add_argument("--uten", help="kommuner som står utenfor, f.eks. 5025,1811")
    contract.add_argument("--alternativ", help="alternativet avtalen gjelder, f.eks. B")
    contract.add_argument("--overskriv", action="store_true", help="erstatt fila om den finnes")
    contract.set_defaults(run=cli_documents.avtale)
    letter = commands.add_parser("infoskriv", help="skriv neste infoskriv (Word og PDF) til mappa --out")
    letter.add_argument("--out", required=True, help="mappa filene skrives til")
    letter.add_argument(
        "--scenario", help="scenarioet kommunestyrene stemte over (uten: studiens anbefaling)"
    )
    letter.add_argument("--av", help="hvem som skriver infoskrivet (føres i loggen)")
    letter.set_defaults(run=cli_documents.infoskriv, uten=None, alternativ=None)
    control = commands.add_parser("kontroll", help="estimatene mot kjente tall (kontrolltall.csv)")
    control.add_argument("--format", choices=["csv", "tabell"], default="tabell")
    control.set_defaults(run=_kontroll)
    commands.add_parser(
        "serve", help="start appen (som «streamlit run app.py»; Streamlit-valg som --server.port 8501)"
    ).set_defaults(run=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a mistake the user can fix is said in Norwegian with exit code 2."""
    commands = parser()
    args, extra = commands.parse_known_args(argv)
    if extra and args.command != "serve":
        commands.error(f"ukjente argumenter: {' '.join(extra)}")
    args.streamlit_args = extra
    try:
        return args.run(args)
    except (
        sources.SourceError,
        database_file.DatabaseLockedError,
        database_file.DatabaseCorruptError,
        database_file.DatabasePathError,
        UsageError,
        ScenarioError,
        calendar.DecisionDateError,
        consequences.ConsequenceError,
        rounds.WorkshopError,
        output_files.OutputError,
        register.DecisionError,
    ) as err:
        print(str(err), file=sys.stderr)
        return 2
    except importing.ImportRejected as err:
        print("Fila ble ikke importert:\n- " + "\n- ".join(err.problems), file=sys.stderr)
        return 2

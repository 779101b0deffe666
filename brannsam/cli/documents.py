"""The commands that write documents into a folder: the council briefs and the study's report
(`rapport`), the status letter (`infoskriv`) and the draft agreement (`avtale`), each file whole
or not at all, none over an edited one without leave."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from brannsam import access
from brannsam.alternatives import store as alternatives_store
from brannsam.cli import database as cli_database
from brannsam.cli import scenario_args as cli_scenario_args
from brannsam.cli.output import UsageError
from brannsam.data import paths, queries
from brannsam.decisions import letters
from brannsam.documents import (
    agreement,
    brief,
    decision,
    output_files,
    region_facts,
    status_letter,
    study_report,
)
from brannsam.documents import writers as documents
from brannsam.funding import options, ranges, scenarios, store


def rapport(args: argparse.Namespace) -> int:
    """Briefs or the region's report into --out: every argument checked before the folder is
    made, no edited file replaced without --overskriv, each file whole or not at all."""
    if not args.out.strip():  # Path("") would quietly mean the current folder
        raise output_files.OutputError(output_files.EMPTY_PATH)
    if bool(args.kommune) == bool(args.region):
        raise UsageError("Oppgi enten --kommune NR|alle eller --region.")
    first_year = cli_scenario_args.first_year(args.forste_aar)
    out = Path(args.out)
    with cli_database.reading() as con:
        settings = cli_scenario_args.settings_of(con, args)
        scenarios.check_references(settings, store.known_municipalities(con), store.known_stations(con))
        if first_year is not None:
            settings = settings.with_first_year(first_year)
        names = queries.municipalities(con).set_index("kommunenummer")["kommunenavn"]
        wanted = list(names.index) if args.kommune == "alle" else [args.kommune]
        if not args.region and (unknown := [nr for nr in wanted if nr not in names.index]):
            raise UsageError(
                f"Ukjent kommunenummer «{unknown[0]}». Bruk et av de 40 (f.eks. 5001) eller «alle»."
            )
        stems = [study_report.FILE_STEM] if args.region else [brief.file_stem(nr, names[nr]) for nr in wanted]
        targets = [out / f"{stem}.{args.format}" for stem in stems]  # in the order of the documents
        if not args.overskriv:  # before the work: a refusal should not keep anyone waiting
            output_files.refuse_overwrite(targets)
        region = region_facts.region(con)
        base = paths.public_url() or paths.LOCAL_URL
        saved = scenarios.short_code(settings) in store.saved_codes(con)
        link = scenarios.short_link(settings, base) if saved else scenarios.link(settings, base)
        package, comparison, _ = alternatives_store.packaged(con, settings)
        priced = package.settings
        name = args.scenario or f"Studiens anbefaling: alternativ {package.label}"
        if args.region:
            items = [study_report.region_report(con, region, priced, name, link, dt.date.today(), comparison)]
    if not args.region:
        result = ranges.evaluate(priced, region.inputs)
        split = decision.parts(priced, region.inputs) if priced.valgt != options.ZERO else None
        # A municipality that says no gets what standing outside means for it.
        items = [
            brief.municipality_brief(
                nr, region, priced, name, link, dt.date.today(), result, comparison, split
            )
            for nr in wanted
        ]
    output_files.folder(out)
    for item, path in zip(items, targets, strict=True):
        output_files.write(path, documents.WRITERS[args.format](item))
        print(f"Skrev {path}")
    return 0


def infoskriv(args: argparse.Namespace) -> int:
    """The next status letter as Word and PDF in --out, kept so the next one can say what changed."""
    if not args.out.strip():
        raise output_files.OutputError(output_files.EMPTY_PATH)
    out = Path(args.out)
    with cli_database.writing("Skriv infoskrivet fra siden Vedtak.") as con:
        settings = cli_scenario_args.settings_of(con, args)
        item = status_letter.from_database(con, settings, dt.date.today())
        targets = [out / item.file_name(kind) for kind in ("docx", "pdf")]
        output_files.refuse_overwrite(targets)
        output_files.folder(out)
        for path in targets:
            output_files.write(path, documents.WRITERS[path.suffix[1:]](item))
            print(f"Skrev {path}")
        letters.record(con, access.log_name(args.av or "kommandolinja"), item.title, dt.datetime.now())
    return 0


def avtale(args: argparse.Namespace) -> int:
    """The draft agreement for the chosen alternative's form, as Word, in --out."""
    if not args.out.strip():
        raise output_files.OutputError(output_files.EMPTY_PATH)
    with cli_database.reading() as con:
        package, _, _ = alternatives_store.packaged(con, cli_scenario_args.settings_of(con, args))
        inputs = store.inputs(con)
        kommuner = queries.municipalities(con)
    result = ranges.evaluate(package.settings, inputs)
    item = agreement.draft(package.settings, package.option, kommuner, result, dt.date.today())
    target = Path(args.out) / item.file_name("docx")
    if not args.overskriv:
        output_files.refuse_overwrite([target])
    output_files.folder(Path(args.out))
    output_files.write(target, documents.to_docx(item))
    print(f"Skrev {target}")
    return 0

"""The scenario a command prices, from its arguments: a saved scenario or the study's defaults,
with `--uten`, `--alternativ` and `--forste-aar` checked and applied."""

from __future__ import annotations

import argparse
import dataclasses

import duckdb

from brannsam.cli.output import UsageError
from brannsam.funding import calendar, store
from brannsam.funding.settings import Settings


def left_out(text: str | None) -> list[str]:
    """`--uten 5025,1811`: the municipalities that say no."""
    if not text:
        return []
    numbers = [part.strip() for part in text.split(",") if part.strip()]
    bad = [nr for nr in numbers if not (len(nr) == 4 and nr.isascii() and nr.isdigit())]
    if bad or len(set(numbers)) != len(numbers):
        raise UsageError("--uten tar ulike kommunenumre med komma mellom, f.eks. --uten 5025,1811.")
    return numbers


def first_year(text: str | None) -> int | None:
    """`--forste-aar 2028`: the first budget year, within the years a plan can start."""
    if text is None:
        return None
    low, high = calendar.FIRST_YEARS
    if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
        raise UsageError(f"--forste-aar må være et årstall fra {low} til {high}, f.eks. --forste-aar 2028.")
    return int(text)


def settings_of(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> Settings:
    """The scenario a command prices: a saved one or the study's defaults, with `--uten` and
    `--alternativ` (the recommendation to price instead of the analysis' first) applied."""
    settings = store.load(con, args.scenario) if args.scenario else Settings()
    saying_no = left_out(args.uten)
    if saying_no:
        settings = dataclasses.replace(settings, uten=sorted(set(settings.uten) | set(saying_no)))
    if args.alternativ is not None:
        chosen = args.alternativ.strip()
        if not chosen or len(chosen) > 10 or not chosen.isprintable():
            raise UsageError("--alternativ tar kjennetegnet til et alternativ, f.eks. --alternativ B.")
        settings = dataclasses.replace(settings, alternativ=chosen)
    return settings

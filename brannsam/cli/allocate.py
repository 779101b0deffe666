"""`python -m brannsam allocate`: the allocation as a stable, scriptable contract."""

from __future__ import annotations

import math
import re

import pandas as pd

from brannsam import formatting as fmt
from brannsam import scoring
from brannsam.cli.output import UsageError
from brannsam.funding import allocation, store

HEADER = ["kommunenummer", "kommunenavn", "andel", "belop_kr"]


def parse_budget(text: str) -> int:
    """Whole kroner in ASCII digits (`«²⁵».isdigit()` is true, so no isdigit), at most
    allocation.MAX_TOTAL_KR, where the exact whole-krone split is still exact."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not re.fullmatch(r"[0-9]{1,30}", cleaned):
        raise UsageError(f"Budsjettet må være et helt antall kroner (sifrene 0–9), ikke «{text}».")
    budget = int(cleaned)
    if budget > allocation.MAX_TOTAL_KR:
        raise UsageError(
            f"Budsjettet kan være høyst {fmt.number(allocation.MAX_TOTAL_KR)} kr; større beløp kan ikke "
            "fordeles nøyaktig i hele kroner."
        )
    return budget


def parse_weights(text: str) -> dict[str, float]:
    weights = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise UsageError(f"«{part}» skal ha formen NAVN=VEKT, for eksempel innbyggere=3.")
        name = name.strip()
        if name in weights:
            raise UsageError(f"«{name}» er oppgitt to ganger; oppgi hver vekt én gang.")
        try:
            weight = float(value.replace(",", "."))
        except ValueError:
            raise UsageError(f"Vekten for «{name}» er ikke et tall: «{value}».") from None
        if not math.isfinite(weight):
            raise UsageError(f"Vekten for «{name}» må være et endelig tall, ikke «{value}».")
        weights[name] = weight
    if not weights:
        raise UsageError("Oppgi minst én vekt, for eksempel --weights fast=1,innbyggere=3.")
    try:
        allocation.normalised(weights)
    except scoring.WeightError as err:
        raise UsageError(str(err)) from None
    return weights


def table(con, budget_kr: int, weights: dict[str, float]) -> pd.DataFrame:
    driver_table, kommuner, _ = store.drivers(con)
    try:
        share = allocation.shares(driver_table, weights)
    except scoring.WeightError as err:
        raise UsageError(str(err)) from None
    amounts = allocation.whole_kroner(budget_kr, share)
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    return pd.DataFrame(
        {
            "kommunenummer": amounts.index,
            "kommunenavn": names.reindex(amounts.index).to_numpy(),
            "andel": (amounts / budget_kr if budget_kr else share).to_numpy(),
            "belop_kr": amounts.to_numpy(),
        }
    )

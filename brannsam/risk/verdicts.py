"""What a rule check can conclude, and how the pages mark it: the verdicts, the rule statuses
(confirmed against the regulation's text or not) and the small judgements several checks share."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from brannsam.risk import duty

OPPFYLT, IKKE_OPPFYLT, UKJENT = "oppfylt", "ikke oppfylt", "ukjent"
IKKE_RELEVANT, GJELDER_110 = "ikke relevant", "gjelder 110-sentralen"
VERDICTS = (OPPFYLT, IKKE_OPPFYLT, UKJENT, IKKE_RELEVANT, GJELDER_110)
STATUS_TEXT = {
    "C": "bekreftet i kilde",
    "S": "sekundærkilde, krav ikke bekreftet mot forskriftstekst",
    "U": "krav ikke bekreftet mot forskriftstekst",
}
CONFIRMED = "C"
# How a verdict is marked on screen: a colour and a filled dot where the data decides it, a ring
# where it cannot. Colours are Streamlit's named ones; the heatmap uses profile.VERDICT_COLOUR.
VERDICT_MARK = {OPPFYLT: ("green", "●"), IKKE_OPPFYLT: ("red", "●"), UKJENT: ("gray", "○")}


def verdict_mark(verdict: str) -> tuple[str, str]:
    """(colour, symbol) for a verdict; the ones that mark no finding get a grey dash."""
    return VERDICT_MARK.get(verdict, ("gray", "–"))


def confirmed(status: pd.Series | str) -> pd.Series | bool:
    """Whether a rule's wording is confirmed against the regulation's text (status C); the others
    must be shown as unconfirmed."""
    return status == CONFIRMED


def duty_met(required: int, categories: set[str]) -> str:
    """Whether a municipality's station staffing (DSB codes) meets a duty class."""
    if required == duty.AROUND_THE_CLOCK:
        return OPPFYLT if "døgnkasernert" in categories else IKKE_OPPFYLT
    if required == duty.DAYTIME:
        return OPPFYLT if categories & {"døgnkasernert", "dagkasernert"} else IKKE_OPPFYLT
    if required == duty.ROTATING:
        return UKJENT  # rotating duty from home is not in any data we have
    return OPPFYLT if categories else IKKE_OPPFYLT


def within(minutes: float, limit: float) -> bool:
    """A response at exactly the limit meets it."""
    return bool(minutes <= limit)


@dataclass(frozen=True)
class Verdict:
    vurdering: str
    verdi: str
    kilde: str
    estimatet_tilsier: str = ""

"""The plan's calendar: when the councils decide (`BRANNSAM_VEDTAKSDATO`, else today) and by
when, the first budget year that leaves time to prepare, the four years of the økonomiplan from
it, the year of preparation before it, the part of the first year the cooperation runs, each
year's growth, and how far the freed local årsverk are realised."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from brannsam.funding import budget

if TYPE_CHECKING:
    from brannsam.funding.settings import OneOff, Settings

PLAN_YEARS = 4


# The year(s) before the start in which preparation costs (project, agreements, DSB) fall.
PREPARATION_YEARS = 1


def plan_years(settings: Settings) -> list[int]:
    return [settings.forste_aar + step for step in range(PLAN_YEARS)]


def preparation_years(settings: Settings) -> list[int]:
    return [settings.forste_aar - step for step in range(PREPARATION_YEARS, 0, -1)]


def outside_plan(settings: Settings) -> list[OneOff]:
    """One-off costs dated outside the plan years and the preparation before them: the model
    cannot count them, so the page and the brief must say so rather than drop them silently."""
    years = plan_years(settings) + preparation_years(settings)
    return [row for row in settings.engang or [] if int(row["aar"]) not in years]


def in_operation(settings: Settings, step: int) -> float:
    """The share of plan year `step` the cooperation runs: a start on 1 July runs half the first
    year, so its running costs, extras and the local costs it takes over count for half."""
    return (13 - settings.oppstart_maaned) / 12 if step == 0 else 1.0


def year_growth(settings: Settings, step: int) -> float:
    """Plan year `step`'s prices against the first year's, for the part of the year it runs."""
    return (1 + settings.vekst) ** step * in_operation(settings, step)


def realised(settings: Settings, step: int) -> float:
    """The share of the freed local årsverk realised in plan year `step` (0 = the first)."""
    profile = settings.realisering
    return float(profile[min(step, len(profile) - 1)])


def one_offs_by_block(one_offs: Sequence[Mapping[str, Any]], year: int) -> np.ndarray:
    """The one-off costs dated in `year`, summed per block (`budget.BLOCKS` order)."""
    blocks = list(budget.BLOCKS)
    out = np.zeros(len(blocks))
    for row in one_offs:
        if int(row["aar"]) == year:
            out[blocks.index(row["blokk"])] += float(row["belop_kr"])
    return out


class DecisionDateError(ValueError):
    """A decision date from the environment the app cannot plan from, said in Norwegian."""


FIRST_YEARS = (2024, 2040)  # the first budget year's input and its check


DECISION_YEARS = (FIRST_YEARS[0] - 1, FIRST_YEARS[1] - 1)  # a decision date a plan can follow


DECISION_DATE_ENV = "BRANNSAM_VEDTAKSDATO"


def decision_date(today: dt.date | None = None) -> dt.date:
    """The date the councils decide: `BRANNSAM_VEDTAKSDATO` (YYYY-MM-DD) when set, else today."""
    raw = os.environ.get(DECISION_DATE_ENV, "").strip()
    if raw:
        try:
            decided = dt.date.fromisoformat(raw)
        except ValueError:
            raise DecisionDateError(
                f"{DECISION_DATE_ENV} må være en dato som 2027-03-15, ikke «{raw[:20]}»."
            ) from None
        if not DECISION_YEARS[0] <= decided.year <= DECISION_YEARS[1]:
            raise DecisionDateError(
                f"{DECISION_DATE_ENV} må være en dato fra {DECISION_YEARS[0]} til {DECISION_YEARS[1]}, "
                f"ikke «{raw[:20]}»."
            )
        return decided
    return today or dt.date.today()


def earliest_first_year(decided: dt.date) -> int:
    """The first 1 January at least `PREPARATION_YEARS` (twelve months) after the
    decision: the agreement or company agreement, the transfer of staff (virksomhetsoverdragelse),
    DSB (brannloven § 10) and the budgets of the start year need that time."""
    ready = decided.year + PREPARATION_YEARS
    return ready if (decided.month, decided.day) == (1, 1) else ready + 1


def decision_deadline(settings: Settings) -> dt.date:
    """The day by which councils with `medlemsvilkar` of the inhabitants must have decided: the
    setting, else 30 June of the year before the start (half a year to prepare what follows)."""
    if settings.vedtaksfrist:
        return dt.date.fromisoformat(settings.vedtaksfrist)
    return dt.date(settings.forste_aar - 1, 6, 30)


def default_first_year(today: dt.date | None = None) -> int:
    """The first budget year a decision can reach with time to prepare (`earliest_first_year`)."""
    return min(max(earliest_first_year(decision_date(today)), FIRST_YEARS[0]), FIRST_YEARS[1])


def start_date(settings: Settings) -> dt.date:
    """The day the cooperation starts: the first of the start month in the first plan year."""
    return dt.date(settings.forste_aar, settings.oppstart_maaned, 1)


def checked_deadline(value: str | None, first_year: int, month: int, problems: list[str]) -> str | None:
    """A decision deadline as an ISO date before the start, or None (`decision_deadline`'s
    default); a date that cannot be one adds a Norwegian problem."""
    if value is None or value == "":
        return None
    try:
        deadline = dt.date.fromisoformat(value[:10])
    except ValueError:
        problems.append(f"Fristen for vedtak må være en dato som 2027-06-30, ikke «{value[:20]}».")
        return None
    if not deadline < dt.date(first_year, month, 1):
        problems.append("Fristen for vedtak må være før samarbeidet starter.")
        return None
    if deadline.year < first_year - 5:
        problems.append("Fristen for vedtak kan være høyst fem år før oppstart.")
        return None
    return deadline.isoformat()

"""The one package the study prices: the alternative the steering group marks as its
recommendation, or, when it has marked none, the one the analysis ranks first. The budget, the
funding page, the briefs, the draft decisions and the report all price this package, so a reader
never meets a budget that is not one of the alternatives side by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from brannsam import formatting as fmt
from brannsam.funding import options
from brannsam.funding.settings import ScenarioError, Settings

BY_STEERING_GROUP = "styringsgruppen"
BY_ANALYSIS = "analysen"
WHY = {BY_STEERING_GROUP: "styringsgruppens anbefaling", BY_ANALYSIS: "rangert først i alternativanalysen"}


@dataclass(frozen=True)
class Package:
    settings: Settings  # priced: the chosen alternative's lines, one-offs and `valgt`
    option: dict  # the chosen alternative
    by: str  # BY_STEERING_GROUP or BY_ANALYSIS

    @property
    def label(self) -> str:
        """«B Felles overordnet vakt og fagmiljø»."""
        return f"{self.option['id']} {self.option['navn']}"

    def why(self) -> str:
        """Who chose it, in a sentence's words."""
        return WHY[self.by]


def who_chose(settings: Settings) -> str:
    """Who chose the alternative `settings` price, in a sentence's words (a priced setting with
    no recommendation of its own prices the analysis' first)."""
    return WHY[BY_ANALYSIS if settings.alternativ is None else BY_STEERING_GROUP]


def chosen_id(settings: Settings, opts: list[dict], first: str | None) -> tuple[str, str]:
    """(the id to price, who chose it). An `alternativ` that names no alternative is refused in
    Norwegian: a link or a command must not silently price something else."""
    ids = [o["id"] for o in opts]
    if settings.alternativ is not None:
        if settings.alternativ not in ids:
            raise ScenarioError(
                f"Alternativ «{fmt.visible(settings.alternativ[:10])}» finnes ikke. "
                f"Velg et av: {', '.join(ids)}."
            )
        return settings.alternativ, BY_STEERING_GROUP
    if first is None:
        raise ValueError("the analysis' first place is needed when no alternative is chosen")
    return first, BY_ANALYSIS


def priced(
    settings: Settings,
    opts: list[dict],
    first: str | None,
    keeps: Callable[[dict], tuple[str, ...]] = lambda option: (),
) -> Package:
    """`settings` priced as the chosen alternative (`settings` must be `catalogue.settled`);
    `keeps(option)` gives the services that keep their own rota under it (its effects')."""
    which, by = chosen_id(settings, opts, first)
    option = next(o for o in opts if o["id"] == which)
    return Package(options.settings_for(settings, option, keeps(option)), option, by)

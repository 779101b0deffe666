"""Who joins: what it means for the others when some councils say no, and a reference split.

When a municipality stays out, the budget lines that follow the members shrink with the members'
share of the inhabitants; the rest (one leader team, one duty officer rota, one IT system) cost
the same and are shared among fewer. A municipality that stays out neither pays nor is relieved
of anything.

The Shapley reference splits the cost the way cooperative game theory calls fair: each member pays
its average extra cost over every order in which the members could join. With lines that cost the
same for any group (fixed) and lines that follow the inhabitants, that is an equal share of the
fixed lines and the inhabitants' share of the rest, a formula rather than a simulation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from brannsam import formatting as fmt
from brannsam.funding import avoided, budget, calendar, consequences

if TYPE_CHECKING:
    from brannsam.funding.settings import Settings


def compared_with_all_in(
    settings: Settings,
    inputs: consequences.Inputs,
    year: int,
    chosen: pd.DataFrame | None = None,
    shapley: pd.Series | None = None,
) -> pd.DataFrame:
    """Per member in `year`: net change if all join, net change with these members, the change,
    and the stand-alone test (contribution against what it pays for the same functions today).
    `chosen` (the settings' evaluated table) and `shapley` (`shapley_net`, which the keys and
    the cap do not move: `consequences.before_keys`) where the caller has them already."""
    if chosen is None:
        chosen = consequences.evaluate(settings, inputs).table
    everyone = chosen  # with nobody left out, the chosen members are everyone
    if settings.uten:
        everyone = consequences.evaluate(dataclasses.replace(settings, uten=[]), inputs).table
    # Only the columns used: `set_index` on the whole evaluated table copies every column.
    used = ["kommunenummer", "kommunenavn", "innbyggere", "netto_endring_kr"]
    chosen = chosen.loc[chosen["aar"] == year, used].set_index("kommunenummer")
    everyone = everyone.loc[everyone["aar"] == year, used].set_index("kommunenummer")
    out = pd.DataFrame(
        {
            "kommunenavn": chosen["kommunenavn"],
            "innbyggere": chosen["innbyggere"],
            "netto_alle_kr": everyone["netto_endring_kr"].reindex(chosen.index),
            "netto_kr": chosen["netto_endring_kr"],
        }
    )
    out["endring_kr"] = out["netto_kr"] - out["netto_alle_kr"]
    if shapley is None:
        shapley = shapley_net(settings, inputs, year)
    out["shapley_netto_kr"] = shapley.reindex(chosen.index)
    return out.reset_index()


def shapley_contribution(
    settings: Settings, inputs: consequences.Inputs, year: int, lines: pd.DataFrame | None = None
) -> pd.Series:
    """Each member's Shapley share of `year`'s cost: an equal part of the lines that cost the same
    whoever joins (and of the year's one-offs), the inhabitants' share of the lines that follow
    the members, plus its own extras. `lines` where the caller has them already."""
    members = consequences.members_of(settings, inputs)
    pop = inputs.kommuner.set_index("kommunenummer")["innbyggere"].astype(float)
    lines = settings.lines() if lines is None else lines
    follows = lines["folger_medlemmer"].astype(bool)
    step = year - settings.forste_aar
    growth = calendar.year_growth(settings, step)
    fixed = float(budget.by_block(lines[~follows], growth).sum())
    fixed += sum(float(r["belop_kr"]) for r in settings.engang or [] if int(r["aar"]) == year)
    scaling = float(budget.by_block(lines[follows], growth).sum())
    share = fixed / len(members) + scaling * pop.reindex(members) / pop.sum()
    for row in settings.tilvalg:
        if row["kommunenummer"] in share.index:
            share[row["kommunenummer"]] += float(row["belop_kr"]) * growth
    return share


def shapley_net(settings: Settings, inputs: consequences.Inputs, year: int) -> pd.Series:
    """The Shapley contribution less the avoided cost: the net change a Shapley split would give."""
    step = year - settings.forste_aar
    growth = calendar.year_growth(settings, step)
    members = consequences.members_of(settings, inputs)
    lines = settings.lines()
    rota, staff = avoided.member_avoided(settings, inputs, members, lines)
    taken_over = (rota + staff * calendar.realised(settings, step)) * growth
    return (shapley_contribution(settings, inputs, year, lines) - taken_over).round().astype("int64")


@dataclass(frozen=True)
class Condition:
    """The draft decision's membership condition against the members a scenario counts: it takes
    effect only if councils with `threshold` of the region's inhabitants decide alike by `deadline`."""

    share: float  # the members' share of the region's inhabitants
    threshold: float
    deadline: dt.date
    whom: str = "Kommunene som blir med"  # who the share counts

    @property
    def met(self) -> bool:
        return self.share >= self.threshold

    def text(self) -> str:
        """«Kommunene som blir med, har 54,7 % av innbyggerne; vilkåret er 75 % … : ikke oppfylt.»"""
        verdict = "oppfylt" if self.met else "ikke oppfylt"
        return (
            f"{self.whom}, har {fmt.percent(self.share, 1)} av innbyggerne; vilkåret er minst "
            f"{fmt.percent(self.threshold, 0)} med likelydende vedtak innen {fmt.date(self.deadline)}: "
            f"{verdict}."
        )


def condition(settings: Settings, inputs: consequences.Inputs) -> Condition:
    """The members' share of the inhabitants against the settings' membership condition."""
    pop = inputs.kommuner.set_index("kommunenummer")["innbyggere"].astype(float)
    members = consequences.members_of(settings, inputs)
    return Condition(
        float(pop.reindex(members).sum() / pop.sum()),
        float(settings.medlemsvilkar),
        calendar.decision_deadline(settings),
    )

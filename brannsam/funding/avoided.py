"""The local cost the cooperation takes over (avoided cost): a service's own duty-officer rota,
and local årsverk taken from the services in proportion to theirs, shared within a service by
inhabitants; and who is held back when a member stays out (the host of a shared service, or an
owner of an IKS) or keeps its rota because no zone reaches it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from brannsam.funding import budget

if TYPE_CHECKING:
    from brannsam.funding.consequences import Inputs
    from brannsam.funding.settings import Settings

# Which local årsverk a line of each block replaces (the services' estimated staffing).
LOCAL_ARSVERK = {
    "ledelse": "arsverk_ledelse",
    "forebyggende": "arsverk_forebyggende",
    "beredskap": "arsverk_beredskap",
}


def rota_share(local: pd.DataFrame, services: pd.Index) -> pd.Series:
    """How much of a full 24/7 overordnet vakt each service carries today: all of it with
    `budget.ROTA_LEADERS` leaders or more, a part with fewer (the rest is not covered, or bought
    from a neighbour, and so not freed)."""
    leaders = local["arsverk_ledelse"].reindex(services).fillna(0.0)
    return (leaders / budget.ROTA_LEADERS).clip(upper=1.0)


def _spread(block: str, local: pd.DataFrame, pop: pd.Series) -> pd.Series:
    """Where the local årsverk a line of `block` replaces come from, per service (sums to 1, or 0
    where the block has no local årsverk): a block's from the services in proportion to theirs,
    shared support («felles») by inhabitants. The one rule behind both the avoided cost and the
    årsverk shown as freed."""
    if block in LOCAL_ARSVERK:
        own = local[LOCAL_ARSVERK[block]].reindex(pop.index).fillna(0.0)
        return own / own.sum() if own.sum() > 0 else own * 0.0
    return pop / pop.sum()


@dataclass(frozen=True)
class Services:
    """How a local cost per service reaches its municipalities, worked out once per region: the
    funding model prices the same services for every line and every range corner."""

    rota: np.ndarray  # per service, the share of a full rota it carries (`rota_share`)
    spread: dict[str, np.ndarray]  # per block, `_spread` over the services
    position: np.ndarray  # per municipality (inputs.kommuner's order), its service's position
    share: np.ndarray  # per municipality, its part of its service's inhabitants

    @classmethod
    def of(cls, inputs: Inputs) -> Services:
        kommuner = inputs.kommuner
        pop = kommuner.groupby("brannvesen_id", sort=False)["innbyggere"].sum().astype(float)
        people = kommuner.set_index("kommunenummer")["innbyggere"].astype(float)
        service = kommuner.set_index("kommunenummer")["brannvesen_id"]
        share = people / service.map(people.groupby(service).sum())
        return cls(
            rota=rota_share(inputs.local, pop.index).to_numpy(),
            spread={b: _spread(b, inputs.local, pop).to_numpy() for b in budget.BLOCKS},
            position=pop.index.get_indexer(service),
            share=share.to_numpy(),
        )

    def avoided(self, lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """`avoided_parts` as arrays in inputs.kommuner's order."""
        rota = np.zeros(len(self.rota))
        staff = np.zeros(len(self.rota))
        columns = ["erstatter", "erstatter_mengde", "kr_per_arsverk", "blokk"]
        for replaces, amount, per_arsverk, block in lines[columns].itertuples(index=False):
            amount = float(amount or 0)
            if replaces == "vaktordning":
                rota += amount * self.rota
            elif replaces == "arsverk":
                staff += amount * float(per_arsverk) * self.spread.get(block, self.spread["felles"])
        return rota[self.position] * self.share, staff[self.position] * self.share


def avoided_parts(lines: pd.DataFrame, inputs: Inputs) -> tuple[pd.Series, pd.Series]:
    """Local cost per municipality that the budget lines take over, at first-year prices, in two
    parts: the services' own rotas (their on-call pay ends the day the shared rota starts) and
    the local årsverk (freed only as posts fall vacant or are moved, so `Settings.realisering`
    phases them in). Every municipality as if all join: what is taken over from one does not
    depend on the others."""
    rota, staff = inputs.services.avoided(budget.with_defaults(lines))
    index = pd.Index(inputs.kommuner["kommunenummer"], name="kommunenummer")
    return pd.Series(rota, index=index), pd.Series(staff, index=index)


def freed_arsverk(lines: pd.DataFrame, local: pd.DataFrame, kommuner: pd.DataFrame) -> pd.DataFrame:
    """Local årsverk each service gives up to the lines, per block, fully realised (`_spread`)."""
    pop = kommuner.groupby("brannvesen_id", sort=False)["innbyggere"].sum().astype(float)
    out = pd.DataFrame(0.0, index=pop.index, columns=list(budget.BLOCKS))
    for line in budget.with_defaults(lines).itertuples(index=False):
        if line.erstatter == "arsverk":
            out[line.blokk] += float(line.erstatter_mengde or 0) * _spread(line.blokk, local, pop)
    return out


def member_avoided(
    settings: Settings, inputs: Inputs, members: pd.Index, lines: pd.DataFrame | None = None
) -> tuple[pd.Series, pd.Series]:
    """`avoided_parts` for the members, at first-year prices: nothing for a member whose service
    goes on outside the cooperation (`held_back`). `lines` where the caller has them already."""
    lines = settings.lines() if lines is None else lines
    rota, staff = (part.reindex(members) for part in avoided_parts(lines, inputs))
    held = held_mask(settings, inputs, members)
    kept = rota_kept_mask(settings, inputs, members)
    return rota.where(~(held | kept), 0.0), staff.where(~held, 0.0)


def municipality_freed(lines: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """The årsverk of `freed_arsverk` per municipality (a service's shared by inhabitants)."""
    per_service = freed_arsverk(lines, inputs.local, inputs.kommuner)
    kommuner = inputs.kommuner.set_index("kommunenummer")
    share = kommuner["innbyggere"] / kommuner["brannvesen_id"].map(
        kommuner.groupby("brannvesen_id")["innbyggere"].sum()
    )
    return per_service.reindex(kommuner["brannvesen_id"]).set_axis(kommuner.index).mul(share, axis=0)


def avoided(lines: pd.DataFrame, inputs: Inputs) -> pd.Series:
    """Local cost per municipality that the budget lines take over once fully realised."""
    rota, staff = avoided_parts(lines, inputs)
    return rota + staff


def rota_kept_mask(settings: Settings, inputs: Inputs, members: pd.Index) -> np.ndarray:
    """Per member, whether its service keeps its own duty-officer rota under the priced
    alternative (`Settings.egen_vakt`: no zone reaches it in time), so its rota is not avoided."""
    service = inputs.kommuner.set_index("kommunenummer")["brannvesen_id"]
    return service.reindex(members).isin(settings.egen_vakt).to_numpy()


def held_mask(settings: Settings, inputs: Inputs, members: pd.Index) -> np.ndarray:
    """Per member, whether its service goes on outside the cooperation (`held_back` under the
    settings' rule), so nothing is avoided locally for it."""
    held = held_back(settings.uten, inputs.kommuner, settings.delt_tjeneste)
    return held.reindex(members).notna().to_numpy()


def host_of(kommuner: pd.DataFrame) -> pd.Series:
    """Per service, the municipality that hosts it: the one with most inhabitants (the host of a
    host arrangement and the largest owner of an IKS; the sources name neither outright)."""
    largest = kommuner.sort_values(["innbyggere", "kommunenummer"], ascending=[False, True])
    return largest.drop_duplicates("brannvesen_id").set_index("brannvesen_id")["kommunenummer"]


# What happens to a shared service (an IKS, a host arrangement) when one of its owners stays out:
# a choice for the steering group, since the agreements decide it and the sources do not say.
GOES_ON = "fortsetter"


SETTLED = "oppgjor"


SHARED_RULES = {
    GOES_ON: (
        "Står vertskommunen eller en eier av et IKS utenfor, går brannvesenet videre for den, og de andre "
        "kommunene i det frigjør ingen lokal kostnad før avtalen er endret."
    ),
    SETTLED: (
        "Står vertskommunen eller en eier av et IKS utenfor, går brannvesenet inn i samarbeidet for "
        "kommunene som blir med, og den som står utenfor gjøres opp med for sin andel (den kjøper tjenesten "
        "eller bygger sin egen)."
    ),
}


def held_back(left_out: list[str], kommuner: pd.DataFrame, rule: str = GOES_ON) -> pd.Series:
    """Joining municipalities whose service goes on outside the cooperation, by the municipality
    that keeps it: when the host of a shared service says no (or any owner of an IKS, which goes on
    for it), the service's leaders, prevention and rota stay where they are, so its other members
    free nothing locally until that arrangement is changed. Under the other rule (`SETTLED`) the
    service carries on for its members, so nobody is held back."""
    if not left_out or rule == SETTLED:
        return pd.Series(dtype=object)
    hosts = host_of(kommuner)
    service = kommuner.set_index("kommunenummer")["brannvesen_id"]
    form = kommuner.set_index("kommunenummer").get(
        "organisasjonsform", pd.Series("ukjent", index=service.index)
    )
    out: dict[str, str] = {}
    for nr in left_out:
        if nr not in service.index:
            continue
        own = service[nr]
        keeps = hosts.get(own) == nr or str(form.get(nr)) == "IKS"
        if keeps:
            for member in service.index[(service == own) & ~service.index.isin(left_out)]:
                out.setdefault(member, nr)
    return pd.Series(out, dtype=object)

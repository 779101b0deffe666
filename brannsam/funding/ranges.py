"""How sure the money figures are: every assumption of the funding model has a low and a high
value, and every contribution, avoided cost and net change gets a low and a high next to its
central figure.

The net change is contribution − avoided cost. The contribution rises with the cost factors
(operating costs and investments, one-offs) and the avoided cost with the replacement factors
(local årsverk freed, each service's own rota); the cost per årsverk moves both. The model is
linear in each factor, so its extremes lie at the corners of the ranges: the lowest net change at
cheap costs and large replacements, the highest at dear costs and small replacements, each with
the cost per årsverk at its low and its high. Four extra evaluations give the range; the
phase-in cap, which is not linear, is applied in each of them. The price growth is the user's
setting, not part of the range.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from brannsam.funding import consequences

if TYPE_CHECKING:
    from brannsam.funding.settings import Settings


@dataclass(frozen=True)
class Range:
    label: str
    low: float  # factor on the scenario's own figure
    high: float
    why: str


RANGES = {
    "kr_per_arsverk": Range(
        "Kostnad per årsverk",
        0.85,
        1.20,
        "ingen kilde gir lønn med sosiale kostnader for brannvesenene i regionen (ikke i SSB eller KOSTRA)",
    ),
    "drift": Range(
        "Drift og investeringer i budsjettpostene",
        0.80,
        1.30,
        "planleggingstall; overskridelser er vanligere enn underskridelser",
    ),
    "engang": Range(
        "Engangskostnader ved overgangen",
        0.50,
        2.00,
        "ingen kilde for Trøndelag; overgangskostnader blir ofte undervurdert",
    ),
    "arsverk_erstattet": Range(
        "Lokale årsverk som frigjøres",
        0.50,
        1.50,
        "hvor mye lokalt arbeid de felles postene faktisk tar over, er ukjent til brannvesenene har svart",
    ),
    "vaktordning": Range(
        "Brannvesenenes egen overordnet vakt i dag",
        2 / 3,
        4 / 3,
        "500 000–1 000 000 kr for en full døgnvakt (hjemmevakt regnet 1:5 til 1:7); skalert med "
        "antall ledere i hvert brannvesen",
    ),
}
# Which way each factor moves the net change: cost factors raise it, replacement factors lower it.
COST_SIDE = ("drift", "engang")
REPLACEMENT_SIDE = ("arsverk_erstattet", "vaktordning")


def scaled(settings: Settings, factors: dict[str, float]):
    """The scenario with each assumption multiplied by its factor (1 where not given)."""
    lines, one_offs = _scaled_parts(settings.lines(), settings.engang or [], factors)
    return dataclasses.replace(settings, budsjett=lines.to_dict(orient="records"), engang=one_offs)


def _scaled_parts(
    lines: pd.DataFrame, one_offs: Sequence[Mapping[str, Any]], factors: dict[str, float]
) -> tuple:
    """The budget lines and one-offs with each assumption multiplied by its factor."""
    f = {name: factors.get(name, 1.0) for name in RANGES}
    lines = lines.copy()
    lines["kr_per_arsverk"] = lines["kr_per_arsverk"] * f["kr_per_arsverk"]
    lines["drift_kr"] = lines["drift_kr"] * f["drift"]
    lines["investering_kr"] = lines["investering_kr"] * f["drift"]
    replaced = lines["erstatter"].map({"arsverk": f["arsverk_erstattet"], "vaktordning": f["vaktordning"]})
    lines["erstatter_mengde"] = lines["erstatter_mengde"] * replaced.fillna(1.0)
    return lines, [dict(row, belop_kr=float(row["belop_kr"]) * f["engang"]) for row in one_offs]


def corners() -> list[dict[str, float]]:
    """The four corners where the net change is lowest or highest."""
    out = []
    for per_arsverk in ("low", "high"):
        for dear in (False, True):
            corner = {"kr_per_arsverk": getattr(RANGES["kr_per_arsverk"], per_arsverk)}
            for name in COST_SIDE:
                corner[name] = RANGES[name].high if dear else RANGES[name].low
            for name in REPLACEMENT_SIDE:
                corner[name] = RANGES[name].low if dear else RANGES[name].high
            out.append(corner)
    return out


# Each ranged column and the prefix of its low and high columns (the net change's are plain).
RANGED = {"bidrag_kr": "bidrag_", "unngatt_kr": "unngatt_", "netto_endring_kr": ""}


def price_corners(settings: Settings, inputs: consequences.Inputs) -> consequences.Priced:
    """The central setting and its four corners priced before the keys (the same for every key
    and cap: pass it `consequences.before_keys(settings)` to share it between them)."""
    lines = settings.lines()
    variants = [(lines, settings.engang)]
    variants += [_scaled_parts(lines, settings.engang or [], corner) for corner in corners()]
    return consequences.price(settings, inputs, variants)


def evaluate(
    settings: Settings, inputs: consequences.Inputs, prepriced: consequences.Priced | None = None
) -> consequences.Result:
    """The central result with a low and a high for each money column: `bidrag_lav_kr`,
    `bidrag_hoy_kr`, `unngatt_lav_kr`, `unngatt_hoy_kr`, and for the net change `lav_kr`,
    `hoy_kr` and per inhabitant `lav_per_innbygger_kr`, `hoy_per_innbygger_kr`. The central
    setting and its four corners are split in one pass; `prepriced` is `price_corners`' answer
    where the caller has it."""
    planned, shares = consequences.plan(settings, inputs, prepriced or price_corners(settings, inputs))
    table = planned.table()
    netto = planned.bidrag - planned.unngatt
    every = {"bidrag_kr": planned.bidrag, "unngatt_kr": planned.unngatt, "netto_endring_kr": netto}
    for column, prefix in RANGED.items():
        values = every[column]
        table[f"{prefix}lav_kr"] = values.min(axis=0)
        table[f"{prefix}hoy_kr"] = values.max(axis=0)
    table["lav_per_innbygger_kr"] = (table["lav_kr"] / table["innbyggere"]).round().astype("int64")
    table["hoy_per_innbygger_kr"] = (table["hoy_kr"] / table["innbyggere"]).round().astype("int64")
    region = netto.reshape(len(planned.bidrag), len(planned.years), -1).sum(axis=2)
    years = pd.Index(planned.years, name="aar")
    region_range = pd.DataFrame({"lav_kr": region.min(axis=0), "hoy_kr": region.max(axis=0)}, index=years)
    table.insert(1, "aar", table.pop("aar"))  # the order the range tables have always had
    result = consequences.result_of(settings, inputs, planned, shares, table)
    return dataclasses.replace(result, region_range=region_range)


def crosses_zero(low: float, high: float) -> bool:
    """Whether a range holds both a saving and an extra cost: its sign is not known."""
    return low < 0 < high


def sign_text(low: float, high: float) -> str:
    """What a range says about the direction, in the words a council reads."""
    if crosses_zero(low, high):
        return "usikkert fortegn: kan bli både dyrere og billigere enn i dag"
    return "dyrere enn i dag" if low > 0 else ("billigere enn i dag" if high < 0 else "omtrent som i dag")


def assumption_rows() -> pd.DataFrame:
    """The assumptions with their ranges, for the page, the brief and README."""
    return pd.DataFrame(
        [{"antakelse": r.label, "lav": r.low, "hoy": r.high, "begrunnelse": r.why} for r in RANGES.values()]
    )

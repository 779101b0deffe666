"""Funding keys and the allocation of a budget to the municipalities.

A key is a weighted mix of drivers (equal share, inhabitants, risk index, callouts, area,
stations). For one block: share_i = Σ_d w_d × x_id ÷ Σ_j x_jd, with the weights normalised to 1.
Each block of the budget can have its own key (no national rule: the owners decide,
Samfunnsbedriftene 2019). Amounts are whole kroner and add up exactly to the budget: the
remainder after flooring goes to the largest fractions, ties by municipality number, so the
result is deterministic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam import scoring
from brannsam.estimates import station_model
from brannsam.risk import duty, indicators
from brannsam.risk import index as risk

DRIVERS = {
    "fast": "Fast andel (lik per kommune)",
    "innbyggere": "Innbyggere",
    "beredskapsbehov": "Beredskapsbehov (vaktordning etter forskriften)",
    "risiko": "Risikovektede innbyggere",
    "utrykninger": "Utrykninger",
    "areal": "Areal",
    "stasjoner": "Brannstasjoner",
}
# Practice (EY's review of DRBV): leadership, prevention and overhead by inhabitants,
# beredskap by the required duty arrangement and crews. No source gives a fixed equal share.
DEFAULT_KEY = {"innbyggere": 1.0}
DEFAULT_KEYS = {"alle": DEFAULT_KEY, "beredskap": {"beredskapsbehov": 1.0}}
KEY_NOTE = (
    "Standardnøkkelen følger praksis i interkommunale selskap (Samfunnsbedriftene 2019; EYs gjennomgang av "
    "Drammensregionens brannvesen IKS): ledelse, forebyggende og felles tjenester etter "
    "innbyggere; beredskap etter beredskapsbehovet, altså vaktordningen og vaktlagene forskriften krever "
    "for kommunens tettsteder. Ingen kilde gir en fast lik andel, så den står på null."
)
RISK_NOTE = (
    "Risikovektede innbyggere = innbyggere × (1 + risikoindeks/100): risikoen løfter en kommunes "
    "andel med inntil det dobbelte, men en liten kommune kan aldri betale mer enn en stor for det samme."
)
# The largest total `whole_kroner` splits exactly: the float shares keep every krone far below
# 2**53, so flooring loses less than one krone per municipality and the remainder fixes it.
MAX_TOTAL_KR = 10**12
WORDS = scoring.Vocabulary(unknown="Ukjent fordelingsgrunnlag", at_least_one="ett fordelingsgrunnlag")


class FundingKeyError(scoring.WeightError):
    """A key that cannot split this budget: a driver that is zero everywhere, or a total too large
    to split exactly (the weights' own errors are `scoring.WeightError`)."""


def normalised(weights: dict[str, float]) -> dict[str, float]:
    """A key's weights as shares of 1, in the order given."""
    return scoring.shares(weights, DRIVERS, WORDS).to_dict()


def drivers(
    kommuner: pd.DataFrame,
    risk_index: pd.Series,
    callouts: pd.Series,
    stations: pd.Series,
    need: pd.Series,
) -> pd.DataFrame:
    """One row per municipality (indexed by kommunenummer), one column per driver."""
    idx = kommuner["kommunenummer"]
    inhabitants = kommuner["innbyggere"].to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "fast": 1.0,
            "innbyggere": inhabitants,
            "beredskapsbehov": need.reindex(idx).to_numpy(dtype=float),
            "risiko": inhabitants * (1 + risk_index.reindex(idx).to_numpy(dtype=float) / 100),
            "utrykninger": callouts.reindex(idx).fillna(0).to_numpy(dtype=float),
            "areal": kommuner["areal_km2"].to_numpy(dtype=float),
            "stasjoner": stations.reindex(idx).fillna(0).to_numpy(dtype=float),
        },
        index=pd.Index(idx, name="kommunenummer"),
    )
    return frame


def shares(driver_table: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Each municipality's share (sums to 1) under one key."""
    result = np.zeros(len(driver_table))
    for driver, w in normalised(weights).items():
        if w <= 0:
            continue
        column = driver_table[driver].to_numpy(dtype=float)
        total = column.sum()
        if total <= 0:
            raise FundingKeyError(f"Fordelingsgrunnlaget «{DRIVERS[driver]}» er null for alle kommuner.")
        result += w * column / total
    return pd.Series(result, index=driver_table.index)


def whole_kroner(total: int, share: pd.Series) -> pd.Series:
    """Split `total` kroner by `share` into whole kroner that add up exactly (largest remainder)."""
    names = share.index.astype(str).to_numpy()
    return pd.Series(whole_kroner_array(total, share.to_numpy(dtype=float), names), index=share.index)


def whole_kroner_array(total: int, share: np.ndarray, names: np.ndarray) -> np.ndarray:
    """`whole_kroner` on plain arrays (`names` breaks ties in the remainders): the funding model
    splits twenty budgets per setting and keeps them as arrays."""
    if abs(total) > MAX_TOTAL_KR:
        raise FundingKeyError(f"Beløpet kan være høyst {MAX_TOTAL_KR} kr for å fordeles nøyaktig.")
    if total == 0:  # nothing to share (the zero alternative), whatever the shares
        return np.zeros(len(share), dtype="int64")
    exact = share / share.sum() * total
    floor = np.floor(exact).astype("int64")
    remainder = int(total - floor.sum())
    order = np.lexsort((names, -(exact - floor)))  # last key sorts first
    floor[order[:remainder]] += 1
    return floor


def block_shares(
    driver_table: pd.DataFrame, keys: dict[str, dict[str, float]], blocks
) -> dict[str, pd.Series]:
    """Each block's shares under its key (`keys['alle']` for a block without its own)."""
    return {block: shares(driver_table, keys.get(block) or keys["alle"]) for block in blocks}


def split(block_budget: pd.Series, by_block: dict[str, pd.Series]) -> pd.DataFrame:
    """Kroner per municipality and block under precomputed block shares, and the whole-krone
    total per municipality (a year of the plan reuses the shares of the first)."""
    total = int(block_budget.sum())
    per_block = {block: by_block[block] * amount for block, amount in block_budget.items()}
    out = pd.DataFrame(per_block)
    combined = out.sum(axis=1)
    share = combined / total if total else next(iter(by_block.values()))
    out["andel"] = share
    out["belop_kr"] = whole_kroner(total, share)
    return out


def allocate(
    block_budget: pd.Series, driver_table: pd.DataFrame, keys: dict[str, dict[str, float]]
) -> pd.DataFrame:
    """Kroner per municipality and block, and the total. `keys` maps block -> weights; a block
    without its own key uses keys['alle']."""
    return split(block_budget, block_shares(driver_table, keys, block_budget.index))


def default_drivers(
    kommuner: pd.DataFrame,
    indicator_rows: pd.DataFrame,
    stations: pd.DataFrame,
    rules: pd.DataFrame,
    settlements: pd.DataFrame,
) -> pd.DataFrame:
    """Drivers for the default dataset: the risk index uses the risk page's default weights and
    the coverage stored at build time."""
    values = indicators.wide(indicator_rows)
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    risk_index = risk.ranking(values, risk.DEFAULT_WEIGHTS, names)["indeks"]
    callouts = values["utrykninger_per_1000"] * values["innbyggere"] / 1000
    per_municipality = stations.groupby("kommunenummer").size()
    need = station_model.readiness_need(kommuner, settlements, duty.DutyRules.from_rules(rules))
    return drivers(kommuner, risk_index, callouts, per_municipality, need)


def describe(keys: dict[str, dict[str, float]], block_names: dict[str, str]) -> str:
    """A key in the words of a council decision: «ledelse …: innbyggere 100 %; beredskap: …»."""
    parts = []
    for block, weights in keys.items():
        effective, _ = effective_key(weights)
        shares_text = ", ".join(
            f"{DRIVERS[d].split(' (')[0].lower()} {fmt.percent(w, 0)}"
            for d, w in normalised(effective).items()
            if w
        )
        label = (
            "øvrige blokker" if block == "alle" and len(keys) > 1 else block_names.get(block, "alle blokker")
        )
        parts.append(f"{label.lower()}: {shares_text}")
    return "; ".join(parts)


# What each driver means, in one plain sentence a council decision can carry: a key named by a
# driver only the tool defines («beredskapsbehov 100 %») cannot be adopted.
DRIVER_MEANING = {
    "fast": "fast andel betyr lik del for hver kommune",
    "innbyggere": "innbyggere betyr kommunens andel av innbyggerne (SSB, 1. januar)",
    "beredskapsbehov": (
        "beredskapsbehov betyr kommunens andel av vaktordningene og vaktlagene brann- og "
        "redningsvesenforskriften krever for tettstedene i kommunen"
    ),
    "risiko": (
        "risikovektede innbyggere betyr innbyggerne ganget med 1 pluss kommunens risikoindeks delt på "
        "100, slik studiens risikoanalyse beregner den"
    ),
    "utrykninger": "utrykninger betyr kommunens andel av brannvesenenes utrykninger",
    "areal": "areal betyr kommunens andel av landarealet",
    "stasjoner": "brannstasjoner betyr kommunens andel av brannstasjonene i DSBs register",
}


def meaning(keys: dict[str, dict[str, float]]) -> str:
    """One sentence defining every driver `keys` use, for the decision point that names them."""
    used = [d for weights in keys.values() for d, w in normalised(effective_key(weights)[0]).items() if w]
    parts = [DRIVER_MEANING[d] for d in dict.fromkeys(used)]
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def effective_key(weights: dict[str, float]) -> tuple[dict[str, float], bool]:
    """The key to use, and whether it had to fall back: sliders all at zero would leave nothing
    to split by, so the page splits equally (fast andel) until a weight is given."""
    if sum(max(w, 0) for w in weights.values()) <= 0:
        return {"fast": 1.0}, True
    return {k: max(w, 0) for k, w in weights.items()}, False

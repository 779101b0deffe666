"""Funding keys and the allocation of a budget to the municipalities.

A key is a weighted mix of drivers (equal share, inhabitants, risk index, callouts, area,
stations). For one block: share_i = Σ_d w_d × x_id ÷ Σ_j x_jd, with the weights normalised to 1.
Each block of the budget can have its own key (DOMAIN.md §4). Amounts are whole kroner and add
up exactly to the budget: the remainder after flooring goes to the largest fractions, ties by
municipality number, so the result is deterministic.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

DRIVERS = {
    "fast": "Fast andel (lik per kommune)",
    "innbyggere": "Innbyggere",
    "risiko": "Risikoindeks",
    "utrykninger": "Utrykninger",
    "areal": "Areal",
    "stasjoner": "Brannstasjoner",
}
DEFAULT_KEY = {"fast": 1.0, "innbyggere": 3.0, "risiko": 1.0}
# The largest total `whole_kroner` splits exactly: the float shares keep every krone far below
# 2**53, so flooring loses less than one krone per municipality and the remainder fixes it.
MAX_TOTAL_KR = 10**12


class FundingKeyError(ValueError):
    """A key that cannot split a budget: unknown driver, negative or all-zero weights."""


def normalised(weights: dict[str, float]) -> dict[str, float]:
    unknown = sorted(set(weights) - set(DRIVERS))
    if unknown:
        raise FundingKeyError(
            f"Ukjent fordelingsgrunnlag: {', '.join(unknown)}. Gyldige: {', '.join(DRIVERS)}."
        )
    if not all(math.isfinite(w) for w in weights.values()):
        raise FundingKeyError("Vektene må være endelige tall.")
    if any(w < 0 for w in weights.values()):
        raise FundingKeyError("Vektene kan ikke være negative.")
    total = sum(weights.values())
    if total <= 0:
        raise FundingKeyError("Vektene summerer til null: gi minst ett fordelingsgrunnlag en vekt over null.")
    return {k: w / total for k, w in weights.items()}


def drivers(
    kommuner: pd.DataFrame, risk_index: pd.Series, callouts: pd.Series, stations: pd.Series
) -> pd.DataFrame:
    """One row per municipality (indexed by kommunenummer), one column per driver."""
    idx = kommuner["kommunenummer"]
    frame = pd.DataFrame(
        {
            "fast": 1.0,
            "innbyggere": kommuner["innbyggere"].to_numpy(dtype=float),
            "risiko": risk_index.reindex(idx).to_numpy(dtype=float),
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
    if abs(total) > MAX_TOTAL_KR:
        raise FundingKeyError(f"Beløpet kan være høyst {MAX_TOTAL_KR} kr for å fordeles nøyaktig.")
    values = share.to_numpy(dtype=float)
    exact = values / values.sum() * total
    floor = np.floor(exact).astype("int64")
    remainder = int(total - floor.sum())
    order = np.lexsort((share.index.astype(str).to_numpy(), -(exact - floor)))  # last key sorts first
    floor[order[:remainder]] += 1
    return pd.Series(floor, index=share.index)


def allocate(
    block_budget: pd.Series, driver_table: pd.DataFrame, keys: dict[str, dict[str, float]]
) -> pd.DataFrame:
    """Kroner per municipality and block, and the total. `keys` maps block -> weights; a block
    without its own key uses keys['alle']."""
    total = int(block_budget.sum())
    combined = pd.Series(0.0, index=driver_table.index)
    per_block = {}
    for block, amount in block_budget.items():
        key = keys.get(block) or keys["alle"]
        share = shares(driver_table, key)
        per_block[block] = share * amount
        combined += share * amount
    out = pd.DataFrame(per_block)
    share = combined / total if total else shares(driver_table, keys["alle"])
    out["andel"] = share
    out["belop_kr"] = whole_kroner(total, share)
    return out


def baseline(kind: str, total: int, kommuner: pd.DataFrame, costs: pd.DataFrame) -> pd.Series:
    """What each municipality would pay without the new key: a pure per-capita split, or the
    same budget split by each municipality's share of today's net cost (338+339)."""
    index = pd.Index(kommuner["kommunenummer"], name="kommunenummer")
    if kind == "dagens_kostnad":
        weight = costs.set_index("kommunenummer")["netto_kr"].reindex(index).astype(float)
    else:
        weight = pd.Series(kommuner["innbyggere"].to_numpy(dtype=float), index=index)
    return whole_kroner(total, weight)


BASELINES = {
    "innbyggere": "Ren fordeling etter innbyggere",
    "dagens_kostnad": "Dagens andel av netto driftsutgifter 338+339",
}


def comparison(allocation: pd.DataFrame, base: pd.Series, kommuner: pd.DataFrame) -> pd.DataFrame:
    """Per municipality: share, kroner, kroner per inhabitant and the difference from baseline."""
    k = kommuner.set_index("kommunenummer")
    out = pd.DataFrame(
        {
            "kommunenavn": k["kommunenavn"],
            "innbyggere": k["innbyggere"],
            "andel": allocation["andel"],
            "belop_kr": allocation["belop_kr"],
            "grunnlag_kr": base,
        }
    )
    out["kr_per_innbygger"] = out["belop_kr"] / out["innbyggere"]
    out["endring_kr"] = out["belop_kr"] - out["grunnlag_kr"]
    out["endring_andel"] = out["endring_kr"] / out["grunnlag_kr"].where(out["grunnlag_kr"] > 0)
    return out


def fairness(table: pd.DataFrame) -> dict[str, float | str]:
    """The figures a council asks for first."""
    per_capita = table["kr_per_innbygger"]
    up_kr = table["endring_kr"].idxmax()
    up_pct = table["endring_andel"].idxmax()
    return {
        "min_kr_per_innbygger": per_capita.min(),
        "maks_kr_per_innbygger": per_capita.max(),
        "variasjonskoeffisient": per_capita.std() / per_capita.mean(),
        "storst_okning_kr": table.loc[up_kr, "endring_kr"],
        "storst_okning_kr_kommune": table.loc[up_kr, "kommunenavn"],
        "storst_okning_andel": table.loc[up_pct, "endring_andel"],
        "storst_okning_andel_kommune": table.loc[up_pct, "kommunenavn"],
        "kommuner_som_betaler_mer": int((table["endring_kr"] > 0).sum()),
    }


def drivers_from_db(con) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Drivers for the default dataset: the risk index uses the risk page's default weights and
    the coverage stored at build time. Returns (drivers, municipalities, costs)."""
    from brannsam import indicators, queries, risk

    kommuner = queries.municipalities(con)
    values = indicators.wide(queries.indicators(con))
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    risk_index = risk.ranking(values, risk.DEFAULT_WEIGHTS, names)["indeks"]
    callouts = values["utrykninger_per_1000"] * values["innbyggere"] / 1000
    stations = queries.stations(con).groupby("kommunenummer").size()
    return drivers(kommuner, risk_index, callouts, stations), kommuner, queries.costs(con)


def effective_key(weights: dict[str, float]) -> tuple[dict[str, float], bool]:
    """The key to use, and whether it had to fall back: sliders all at zero would leave nothing
    to split by, so the page splits equally (fast andel) until a weight is given."""
    if sum(max(w, 0) for w in weights.values()) <= 0:
        return {"fast": 1.0}, True
    return {k: max(w, 0) for k, w in weights.items()}, False

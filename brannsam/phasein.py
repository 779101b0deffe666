"""Phase-in: move each municipality from its baseline to the new key over several years, with a
cap on the yearly change, while every year's amounts still add up to the budget.

Each year aims at the straight line from baseline to target, is held within ±cap of the previous
year, and any shortfall or surplus is spread over the municipalities that still have room
(water-filling). Last year's amounts always satisfy these limits, so a solution always exists.
Years are added beyond the planned number until the target is reached, at most MAX_YEARS;
`plan(...).attrs["naadd"]` says whether it was.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from brannsam.funding import whole_kroner

MAX_YEARS = 40


def _fit(desired: np.ndarray, low: np.ndarray, high: np.ndarray, total: float) -> np.ndarray:
    x = np.clip(desired, low, high)
    for _ in range(100):
        gap = total - x.sum()
        if abs(gap) < 1e-6:
            break
        room = (high - x) if gap > 0 else (x - low)
        if room.sum() <= 1e-12:
            break
        x = np.clip(x + np.sign(gap) * room * min(1.0, abs(gap) / room.sum()), low, high)
    return x


def plan(baseline: pd.Series, target: pd.Series, years: int, cap: float) -> pd.DataFrame:
    """Whole kroner per municipality (rows) and year (columns «År 0» = baseline … target)."""
    total = int(target.sum())
    base = baseline.reindex(target.index).astype(float).to_numpy()
    goal = target.astype(float).to_numpy()
    columns = {"År 0": baseline.reindex(target.index).astype("int64")}
    prev = base
    year = 0
    while year < MAX_YEARS:
        year += 1
        desired = base + (goal - base) * min(1.0, year / max(years, 1))
        x = _fit(desired, prev * (1 - cap), prev * (1 + cap), total) if cap > 0 else desired
        columns[f"År {year}"] = whole_kroner(total, pd.Series(x, index=target.index))
        prev = x
        if year >= years and np.abs(x - goal).max() < 0.5:
            break
    out = pd.DataFrame(columns)
    reached = bool(np.abs(prev - goal).max() < 0.5)
    if reached:  # within half a krone of the target everywhere: the target's own rounding
        out.iloc[:, -1] = target.astype("int64")
    out.attrs["naadd"] = reached
    return out

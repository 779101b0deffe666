"""Capped allocation: split a total so that every share stays within its bounds, moving what
one cannot take to those that still have room (water-filling). The funding model uses it to
hold each municipality's net change within the phase-in cap while every year still adds up."""

from __future__ import annotations

import numpy as np


def fit(desired: np.ndarray, low: np.ndarray, high: np.ndarray, total: float) -> np.ndarray:
    """Amounts as close to `desired` as the bounds allow, summing to `total` when the bounds
    permit (check the sum: when they do not, the result is as close as it can be)."""
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

"""What an import would do to each row: compare the imported rows with what the table holds."""

from __future__ import annotations

import math

import pandas as pd


def _equal(old: object, new: object) -> bool:
    if pd.isna(old) and pd.isna(new):
        return True
    if pd.isna(old) or pd.isna(new):
        return False
    numbers = (int, float)
    if (
        isinstance(old, numbers)
        and isinstance(new, numbers)
        and (isinstance(old, float) or isinstance(new, float))
    ):
        return math.isclose(float(old), float(new), rel_tol=1e-9, abs_tol=1e-9)
    return old == new


def changes(current: pd.DataFrame, frame: pd.DataFrame, key: list[str], columns: list[str]) -> list[str]:
    """Per row of `frame`: «ny» (no row with its key), «erstatter estimat» (the row it replaces is
    an estimate, where `current` has an `estimert` column), «uendret» or «endret»."""
    indexed = current.set_index(key)
    out = []
    for _, row in frame.iterrows():
        found = tuple(row[k] for k in key)
        found = found[0] if len(key) == 1 else found
        if found not in indexed.index:
            out.append("ny")
            continue
        old = indexed.loc[found]
        if bool(old.get("estimert", False)):
            out.append("erstatter estimat")
        elif all(_equal(old[c], row[c]) for c in columns):
            out.append("uendret")
        else:
            out.append("endret")
    return out

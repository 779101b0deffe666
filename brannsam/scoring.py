"""The one weighting kernel behind the risk index, the cooperation ranking, the ranking of legal
forms and the funding keys: weights become shares of 1, and rows are ranked by the sum of their
weighted parts, so every ranking shows parts that add up to its score.

The differences between the four uses are explicit options, not four copies: which names a weight
may have, whether missing names count as weight 0, and whether all-zero weights are an error (the
risk index, the cooperation ranking and a funding key cannot mean anything then) or equal weights
(the legal-form table, which the group edits freely and should never go blank).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


class WeightError(ValueError):
    """Weights that cannot define a score: unknown name, not finite, negative or all zero."""


@dataclass(frozen=True)
class Vocabulary:
    """How the weighted things are named in the Norwegian errors."""

    unknown: str  # «Ukjent indikator»
    at_least_one: str  # «én indikator»


def shares(
    weights: Mapping[str, float],
    names: Iterable[str],
    words: Vocabulary,
    *,
    complete: bool = False,
    zero_means_equal: bool = False,
) -> pd.Series:
    """Weights as shares of 1. `complete` reindexes to every name with weight 0 for the missing;
    otherwise the series keeps the given names in their given order."""
    known = list(names)
    series = pd.Series(dict(weights), dtype=float)
    unknown = sorted(set(series.index) - set(known))
    if unknown:
        raise WeightError(f"{words.unknown}: {', '.join(unknown)}. Gyldige: {', '.join(known)}.")
    if not all(math.isfinite(w) for w in series):
        raise WeightError("Vektene må være endelige tall.")
    if (series < 0).any():
        raise WeightError("Vektene kan ikke være negative.")
    if complete:
        series = series.reindex(known, fill_value=0.0)
    if series.sum() <= 0:
        if not zero_means_equal:
            raise WeightError(f"Vektene summerer til null: gi minst {words.at_least_one} en vekt over null.")
        series = pd.Series(1.0, index=known)
    return series / series.sum()


def weighted(values: pd.DataFrame, share: pd.Series, factor: float = 1.0) -> pd.DataFrame:
    """Each row's part from each column `share` names: the parts of a row add up to its score."""
    return values[share.index].astype(float) * share * factor


def ranked(parts: pd.DataFrame, labels: Iterable[str], *, label: str, score: str) -> pd.DataFrame:
    """Rows by score (highest first, ties by label), with a 1-based `rang` that equal scores share
    (1, 2, 2, 4), the label, the score and then each part."""
    out = pd.DataFrame({label: list(labels), score: parts.sum(axis=1)}, index=parts.index)
    out = out.join(parts).sort_values([score, label], ascending=[False, True])
    # Rounded first, so sums that differ only by floating-point noise count as equal.
    out.insert(0, "rang", out[score].round(9).rank(method="min", ascending=False).astype(int))
    return out

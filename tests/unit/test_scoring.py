import numpy as np
import pandas as pd
import pytest

from brannsam import scoring
from brannsam.cooperation import model as cooperation
from brannsam.cooperation import orgforms
from brannsam.funding import allocation
from brannsam.risk import index as risk

WORDS = scoring.Vocabulary(unknown="Ukjent kriterium", at_least_one="ett kriterium")


def test_shares_sum_to_one_in_the_given_order():
    share = scoring.shares({"b": 3, "a": 1}, ["a", "b", "c"], WORDS)
    assert list(share.index) == ["b", "a"]
    assert share.to_dict() == {"b": 0.75, "a": 0.25}


def test_complete_fills_missing_names_with_zero():
    share = scoring.shares({"b": 1}, ["a", "b"], WORDS, complete=True)
    assert share.to_dict() == {"a": 0.0, "b": 1.0}


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"x": 1}, "Ukjent kriterium: x. Gyldige: a, b"),
        ({"a": float("nan")}, "endelige"),
        ({"a": float("inf")}, "endelige"),
        ({"a": -1, "b": 2}, "negative"),
        ({"a": 0, "b": 0}, "gi minst ett kriterium"),
    ],
)
def test_weights_that_mean_nothing_are_refused_in_norwegian(weights, message):
    with pytest.raises(scoring.WeightError, match=message):
        scoring.shares(weights, ["a", "b"], WORDS)


def test_zero_means_equal_only_where_asked():
    share = scoring.shares({"a": 0}, ["a", "b"], WORDS, complete=True, zero_means_equal=True)
    assert share.to_dict() == {"a": 0.5, "b": 0.5}


def test_ranked_sorts_by_score_then_label_and_parts_add_up():
    values = pd.DataFrame({"a": [1.0, 5.0, 3.0], "b": [5.0, 1.0, 3.0]}, index=["x", "y", "z"])
    parts = scoring.weighted(values, scoring.shares({"a": 1, "b": 1}, ["a", "b"], WORDS))
    table = scoring.ranked(parts, ["Xen", "Yen", "Zen"], label="navn", score="poeng")
    assert list(table["navn"]) == ["Xen", "Yen", "Zen"]  # all tie at 3: alphabetical
    assert list(table["rang"]) == [1, 1, 1]  # and share the rank
    assert np.allclose(table[["a", "b"]].sum(axis=1), table["poeng"])


@pytest.mark.parametrize(
    ("normalise", "names", "unknown"),
    [
        (risk.normalised_weights, risk.INDICATORS, "Ukjent indikator"),
        (cooperation.normalised, cooperation.CRITERIA, "Ukjent kriterium"),
        (allocation.normalised, allocation.DRIVERS, "Ukjent fordelingsgrunnlag"),
    ],
)
def test_each_use_refuses_by_the_kernels_rules_in_its_own_words(normalise, names, unknown):
    first = next(iter(names))
    with pytest.raises(scoring.WeightError, match="negative"):
        normalise({first: -1})
    with pytest.raises(scoring.WeightError, match=unknown):
        normalise({"vind": 1})
    assert sum(dict(normalise(dict.fromkeys(names, 2))).values()) == pytest.approx(1)


def test_legal_forms_with_all_weights_zero_rank_by_equal_weights():
    forms = orgforms.STARTING_SCORES
    scores = pd.DataFrame(forms).T[list(orgforms.CRITERIA)].astype(float)
    table = orgforms.ranking(scores, dict.fromkeys(orgforms.CRITERIA, 0), {f: f for f in forms})
    assert np.allclose(table["poeng"], scores.mean(axis=1).reindex(table.index))

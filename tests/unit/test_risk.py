import numpy as np
import pandas as pd
import pytest

from brannsam import scoring
from brannsam.risk import index as risk
from brannsam.risk import indicators


@pytest.fixture
def values(con) -> pd.DataFrame:
    return indicators.wide(con.execute("SELECT * FROM risikoindikator").df())


@pytest.fixture
def names(con) -> pd.Series:
    return (
        con.execute("SELECT kommunenummer, kommunenavn FROM kommune")
        .df()
        .set_index("kommunenummer")["kommunenavn"]
    )


def test_zero_weights_are_refused_with_a_message():
    with pytest.raises(scoring.WeightError, match="summerer til null"):
        risk.normalised_weights({"tetthet": 0, "areal": 0})


def test_negative_and_unknown_weights_are_refused():
    with pytest.raises(scoring.WeightError, match="negative"):
        risk.normalised_weights({"tetthet": -1, "areal": 2})
    with pytest.raises(scoring.WeightError, match="Ukjent"):
        risk.normalised_weights({"vind": 1})


def test_contributions_add_up_to_an_index_between_0_and_100(values, names):
    table = risk.ranking(values, risk.DEFAULT_WEIGHTS, names)
    parts = table[list(risk.DEFAULT_WEIGHTS)].sum(axis=1)
    assert np.allclose(parts, table["indeks"])
    assert table["indeks"].between(0, 100).all()
    assert list(table["rang"]) == list(range(1, 41))


@pytest.mark.parametrize("indicator", ["tetthet", "andel_over_r3", "risikoobjekter", "areal"])
def test_all_weight_on_one_indicator_reproduces_its_ranking(values, names, indicator):
    table = risk.ranking(values, {indicator: 1.0}, names)
    assert values.loc[table.index, indicator].is_monotonic_decreasing
    assert table["indeks"].iloc[0] == pytest.approx(100)  # min–max scaled: the extremes span 0–100
    assert table["indeks"].iloc[-1] == pytest.approx(0)


@pytest.mark.parametrize("indicator", list(risk.DEFAULT_WEIGHTS))
def test_raising_an_indicator_never_lowers_the_index(values, indicator):
    before = risk.contributions(values, risk.DEFAULT_WEIGHTS).sum(axis=1)
    for kommune in values.index[::7]:
        raised = values.copy()
        raised.loc[kommune, indicator] = raised[indicator].max() * 1.5 + 1
        after = risk.contributions(raised, risk.DEFAULT_WEIGHTS).sum(axis=1)
        assert after[kommune] >= before[kommune] - 1e-9


def test_classes_follow_the_stated_cutoffs():
    index = pd.Series([0, 24.9, 25, 49.99, 50, 75, 100])
    assert list(risk.classify(index)) == ["lav", "lav", "middels", "middels", "høy", "svært høy", "svært høy"]


def test_formula_names_the_normalised_weights():
    text = risk.formula_text({"tetthet": 1, "areal": 3})
    assert "25\u00a0% × befolkningstetthet" in text and "75\u00a0% × areal" in text


def test_the_map_shades_by_the_index_or_by_one_indicator_scaled_as_the_index_scales_it(values, names):
    table = risk.ranking(values, risk.DEFAULT_WEIGHTS, names)
    by_index = risk.shading(table, values, "indeks")
    assert (by_index.low, by_index.high) == ("0", "100")
    top = table.index[0]
    assert by_index.scaled[top] == pytest.approx(table.loc[top, "indeks"] / 100)
    assert f"({table.loc[top, 'klasse']})" in by_index.text[top]
    by_density = risk.shading(table, values, "tetthet")
    assert by_density.scaled.min() == 0 and by_density.scaled.max() == pytest.approx(1)
    densest = values["tetthet"].idxmax()
    assert by_density.scaled[densest] == pytest.approx(1)
    assert by_density.text[densest].startswith(indicators.INDICATORS["tetthet"][0])


def test_the_modelled_coverage_weighs_at_most_a_sixth_by_default():
    share = risk.normalised_weights(risk.DEFAULT_WEIGHTS)
    assert share.reindex(list(indicators.COVERAGE), fill_value=0).sum() <= 1 / 6 + 1e-9
    assert "sjettedel" in risk.WEIGHTS_REASON


def test_a_city_outranks_every_village_with_the_default_weights(values, names):
    table = risk.ranking(values, risk.DEFAULT_WEIGHTS, names)
    assert table.index[0] == "5001"  # Trondheim
    assert table.loc["5035", "indeks"] < table.loc["5001", "indeks"]  # Stjørdal below Trondheim


def test_hospitals_are_a_real_hazard_indicator(values, con):
    assert values.loc["5025", "sykehus"] == 1  # Røros sykehus
    # Trondheim: St. Olavs hospital at Øya and at Østmarka (the psychiatric hospital)
    assert values.loc["5001", "sykehus"] == 2 and values.loc["1811", "sykehus"] == 0
    estimated = con.execute("SELECT indikator, bool_or(estimert) FROM risikoindikator GROUP BY ALL").df()
    about = risk.about_table(risk.DEFAULT_WEIGHTS, estimated.set_index("indikator").iloc[:, 0])
    kinds = about.set_index("Indikator")["Type"]
    assert kinds["Sykehus i kommunen"].startswith("faktisk")
    assert kinds["Tilsyn med særskilte brannobjekter per år"].startswith("proxy")
    assert kinds["Andel innbyggere utenfor innsatstiden for tettsteder (R2)"] == "modell"


def test_an_imported_figure_is_no_longer_called_a_proxy():
    about = risk.about_table(risk.DEFAULT_WEIGHTS, pd.Series({"risikoobjekter": False}))
    assert (
        about.set_index("Indikator")
        .loc["Tilsyn med særskilte brannobjekter per år", "Type"]
        .startswith("faktisk")
    )

import pandas as pd

from brannsam.data import paths
from brannsam.estimates import estimates, station_model
from brannsam.risk import indicators


def test_committed_estimates_are_reproducible_from_the_sources(tmp_path):
    """Nobody edited the estimate files by hand: regenerating gives the same bytes."""
    for path in estimates.write(paths.SOURCES_DIR, tmp_path):
        assert path.read_bytes() == (paths.SOURCES_DIR / path.name).read_bytes(), path.name


def test_every_estimate_row_says_it_is_an_estimate():
    for frame in estimates.generate(paths.SOURCES_DIR).values():
        assert frame["kilde"].str.startswith("estimat:").all()


def test_cost_estimate_adds_up_to_the_trondelag_level_at_the_stated_price_level():
    kommuner = pd.read_csv(paths.SOURCES_DIR / "kommuner.csv", dtype={"kommunenummer": str})
    costs = estimates.generate(paths.SOURCES_DIR)[estimates.KOSTNADER.file]
    assert (costs["aar"] == station_model.COST_YEAR).all()
    total = (costs["netto_338_kr"] + costs["netto_339_kr"]).sum()
    per_capita_2020 = station_model.TRONDELAG_338_2020 + station_model.TRONDELAG_339_2020
    expected = kommuner["innbyggere"].sum() * per_capita_2020 * station_model.year_factor(2020, 2023)
    assert abs(total - expected) <= len(costs)  # rounding to whole kroner only
    assert 1.2 < station_model.year_factor(2020, 2023) < 1.35  # the national level rose about 27 %


def staffing() -> pd.DataFrame:
    return estimates.generate(paths.SOURCES_DIR)[estimates.BEMANNING.file].set_index("brannvesen_id")


def test_tbrt_is_staffed_like_a_city_service_not_like_a_share_of_persons():
    """TBRT has about 330 employees and at least four døgnkasernerte stations; the old estimate
    (a share of persons used as årsverk) gave 34 full-time årsverk."""
    tbrt = staffing().loc["trondelag-brann-og-redningstjeneste-iks"]
    full_time = (
        tbrt["arsverk_ledelse"] + tbrt["arsverk_forebyggende_inkl_feiing"] + tbrt["arsverk_beredskap_heltid"]
    )
    assert tbrt["arsverk_beredskap_heltid"] >= 4 * 16  # one crew of four around the clock per station
    assert full_time + tbrt["arsverk_beredskap_deltid"] >= 150
    persons = full_time + tbrt["deltid_personer"]
    assert 330 / 1.5 <= persons <= 330 * 1.5


def test_prevention_without_chimney_sweeps_is_left_unknown():
    frame = staffing()
    assert frame["arsverk_forebyggende"].isna().all()
    assert (frame["arsverk_forebyggende_inkl_feiing"] > 0).all()


def test_roros_cost_per_inhabitant_is_within_a_factor_of_the_known_figure():
    kommuner = pd.read_csv(paths.SOURCES_DIR / "kommuner.csv", dtype={"kommunenummer": str}).set_index(
        "kommunenummer"
    )
    costs = estimates.generate(paths.SOURCES_DIR)[estimates.KOSTNADER.file].set_index("kommunenummer")
    estimate_2023 = (
        costs.loc["5025", ["netto_338_kr", "netto_339_kr"]].sum() / kommuner.loc["5025", "innbyggere"]
    )
    known_2020 = 2_181  # SSB kommunefakta (kontrolltall.csv)
    estimate_2020 = estimate_2023 * station_model.year_factor(2023, 2020)
    assert 1 / 1.5 <= estimate_2020 / known_2020 <= 1.5
    # the old method (Trøndelag 2020 level, half of 339 by station count) gave about 1 400


def test_services_without_a_staffed_station_get_no_fulltime_estimate():
    frames = estimates.generate(paths.SOURCES_DIR)
    staffing = frames[estimates.BEMANNING.file].set_index("brannvesen_id")
    assert staffing.loc["trondelag-brann-og-redningstjeneste-iks", "arsverk_beredskap_heltid"] > 0
    assert staffing.loc["rindal-brannvesen", "arsverk_beredskap_heltid"] == 0


def test_a_objects_are_named_as_inspections_not_as_a_count_of_objects():
    objects = estimates.generate(paths.SOURCES_DIR)[estimates.RISIKOOBJEKTER.file]
    assert objects["kilde"].str.contains("tilsyn per år, ikke antall objekter").all()
    assert "Tilsyn" in indicators.INDICATORS["risikoobjekter"][0]

import pandas as pd

from brannsam import estimates, paths


def test_committed_estimates_are_reproducible_from_the_sources(tmp_path):
    """Nobody edited the estimate files by hand: regenerating gives the same bytes."""
    for path in estimates.write(paths.SOURCES_DIR, tmp_path):
        assert path.read_bytes() == (paths.SOURCES_DIR / path.name).read_bytes(), path.name


def test_every_estimate_row_says_it_is_an_estimate():
    for frame in estimates.generate(paths.SOURCES_DIR).values():
        assert frame["kilde"].str.startswith("estimat:").all()


def test_cost_estimate_adds_up_to_the_trondelag_per_capita_figure():
    kommuner = pd.read_csv(paths.SOURCES_DIR / "kommuner.csv", dtype={"kommunenummer": str})
    costs = estimates.generate(paths.SOURCES_DIR)[estimates.KOSTNADER.file]
    total = (costs["netto_338_kr"] + costs["netto_339_kr"]).sum()
    expected = kommuner["innbyggere"].sum() * (
        estimates.NETTO_338_PER_INNBYGGER + estimates.NETTO_339_PER_INNBYGGER
    )
    assert abs(total - expected) <= len(costs)  # rounding to whole kroner only


def test_services_without_a_staffed_station_get_no_fulltime_estimate():
    frames = estimates.generate(paths.SOURCES_DIR)
    staffing = frames[estimates.BEMANNING.file].set_index("brannvesen_id")
    assert staffing.loc["trondelag-brann-og-redningstjeneste-iks", "arsverk_beredskap_heltid"] > 0
    assert staffing.loc["rindal-brannvesen", "arsverk_beredskap_heltid"] == 0

"""One engine for the duty classes: verdicts, staffing, indicators and the funding driver read
R5 and R6 from regler.csv, so a corrected threshold moves them together; and the towns a fire
chief knows need more than part-time crews are named and staffed as such."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from filled_templates import filled
from importhelpers import try_import

from brannsam.data import paths, queries, sources
from brannsam.estimates import estimates, station_model
from brannsam.funding import store
from brannsam.pipeline import build
from brannsam.risk import checks, duty, indicators, verdicts
from brannsam.risk.context import Context

FOSEN = "fosen-brann-og-redningstjeneste-iks"


def region_view(path) -> dict[str, object]:
    """What a threshold should move: Fosen's R5 verdict text and part-timers, Ørland's funding
    driver and settlement indicator."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        ctx = Context.from_db(con)
        r5 = checks.r5(ctx, FOSEN, ())
        staffing = queries.staffing(con).set_index("brannvesen_id")
        drivers, _, _ = store.drivers(con)
        values = indicators.wide(queries.indicators(con))
        return {
            "r5": r5.verdi,
            "deltid": int(staffing.loc[FOSEN, "deltid_personer"]),
            "behov": float(drivers.loc["5057", "beredskapsbehov"]),
            "indikator": float(values.loc["5057", "tettsted_dreiende"]),
        }
    finally:
        con.close()


def test_editing_the_rules_file_moves_verdicts_staffing_and_funding_together(sources_copy, tmp_path):
    before = tmp_path / "before.duckdb"
    build.database(sources_copy, before)
    rules = (sources_copy / "regler.csv").read_text(encoding="utf-8")
    assert "3000;8000;20000" in rules
    # Brekstad (2 437 inhabitants) falls under rotating duty when the first threshold is 2 000.
    (sources_copy / "regler.csv").write_text(
        rules.replace("3000;8000;20000", "2000;8000;20000"), encoding="utf-8"
    )
    estimates.write(sources_copy)
    after = tmp_path / "after.duckdb"
    build.database(sources_copy, after)
    old, new = region_view(before), region_view(after)
    assert "Brekstad" not in old["r5"] and "Brekstad" in new["r5"]
    assert new["deltid"] > old["deltid"]  # Brekstad's station takes rotating duty
    assert new["behov"] > old["behov"]
    assert old["indikator"] == 0 and new["indikator"] == 2437


def test_r5_names_every_town_that_needs_more_than_part_time_crews(con):
    ctx = Context.from_db(con)
    text = " ".join(checks.r5(ctx, s, ()).verdi for s in queries.services(con)["brannvesen_id"])
    for town in ("Røros", "Melhus", "Malvik", "Hommelvik", "Oppdal", "Verdalsøra", "Stjørdalshalsen"):
        assert f"{town}" in text, town
    assert "Røros (3\u00a0897): krever deltid med dreiende vakt" in text


def test_a_towns_part_time_station_is_staffed_for_rotating_duty(con):
    stations = queries.stations(con)
    staff = station_model.station_staff(
        stations, queries.settlements(con), duty.DutyRules.from_rules(queries.rules(con))
    ).set_index("navn")
    # Røros: DSB says «ikke kasernert», its source «heltid (døgnbemannet)»: the source's word is kept.
    assert staff.loc["Røros brannstasjon", "ordning"] == "døgnbemannet (kilde)"
    assert staff.loc["Røros brannstasjon", "arsverk_heltid"] == station_model.ARSVERK_PER_DOGNPOSISJON
    assert staff.loc["Brekken branndepot", "ordning"] == "depot"
    assert staff.loc["Oppdal brannstasjon", "ordning"] == "deltid dreiende vakt"


def test_published_sizes_replace_guesses_and_remaining_guesses_stay_unplaced(con):
    places = queries.settlements(con).set_index("navn")
    for town, size in (("Verdalsøra", 8838), ("Røros", 3897), ("Brekstad", 2437), ("Rørvik", 3226)):
        assert places.loc[town, "innbyggere"] == size and not places.loc[town, "innbyggere_estimert"]
    assert "Røros sentrum" not in places.index and "Ørland sentrum" not in places.index
    guesses = places[places["innbyggere_estimert"]]
    assert len(guesses) and guesses["lat"].isna().all()  # never put on a station
    assert (guesses["kilde"].str.startswith("estimat")).all()


def test_a_newer_published_figure_wins_and_an_older_one_does_not():
    listed = pd.DataFrame(
        {
            "tettsted": ["Orkanger/Fannrem", "Melhus"],
            "kommunenummer": ["5059", "5028"],
            "innbyggere": [8890, 6957],
            "aar": [2022, 2022],
            "lat": [63.3, 63.28],
            "lon": [9.85, 10.27],
            "kilde": ["liste", "liste"],
        }
    )
    published = pd.DataFrame(
        {
            "tettsted": ["Orkanger", "Melhus", "Nytt"],
            "kommunenummer": ["5059", "5028", "5028"],
            "innbyggere": [9161, 6000, 300],
            "aar": [2024, 2013, 2024],
            "lat": [None, None, 63.0],
            "lon": [None, None, 10.0],
            "kilde": ["publisert", "publisert", "publisert"],
        }
    )
    out = sources.settlements.merged(listed, published).set_index("tettsted")
    assert out.loc["Orkanger", "innbyggere"] == 9161 and out.loc["Orkanger", "lat"] == 63.3
    assert out.loc["Melhus", "innbyggere"] == 6957  # the 2013 figure is older than the list's
    assert out.loc["Nytt", "innbyggere"] == 300


@pytest.mark.parametrize(("size", "expected"), [(2_999, 1), (3_000, 2), (8_001, 3), (20_001, 4)])
def test_the_rules_file_gives_the_classes(size, expected):
    rules = duty.DutyRules.from_file(paths.SOURCES_DIR)
    assert rules.duty_class(size) == expected


def verdicts_of(path, service: str) -> dict[str, verdicts.Verdict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        ctx = Context.from_db(con)
        thresholds = queries.rules(con).set_index("regel_id")["terskel"]
        return {
            rule: checks.CHECKS[rule](ctx, service, duty.limits(thresholds[rule]))
            for rule in ("R1", "R10", "R11", "R12")
        }
    finally:
        con.close()


def test_what_the_sources_say_of_fosen_is_used(built_db):
    found = verdicts_of(built_db, FOSEN)
    assert found["R11"].vurdering == verdicts.OPPFYLT and "egen overordnet vakt" in found["R11"].verdi
    assert found["R12"].vurdering == verdicts.UKJENT and "ROS-analyse 2017" in found["R12"].verdi
    assert found["R10"].vurdering == verdicts.UKJENT


def test_r1_covers_hospitals_and_says_nursing_homes_are_not_placed(built_db):
    roros = verdicts_of(built_db, "rorosregionen-brann-og-redning")["R1"]
    assert roros.vurdering == verdicts.UKJENT  # a model, not a measurement
    assert "2 av 2" in roros.verdi  # Røros the town and Røros sykehus
    assert "sykehjem" in roros.verdi and "ikke vurdert" in roros.verdi


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        ({"Brannsjef": "ja", "Leder forebyggende": "ja", "Leder beredskap": "ja"}, verdicts.OPPFYLT),
        ({"Brannsjef": "ja", "Leder forebyggende": "nei", "Leder beredskap": "ja"}, verdicts.IKKE_OPPFYLT),
        ({"Brannsjef": "ja", "Leder forebyggende": "", "Leder beredskap": "ja"}, verdicts.UKJENT),
    ],
)
def test_a_service_that_imports_its_leader_roles_decides_r10(app_db, store, answers, verdict):
    data = filled("ledelse", {"Kilde": "Brannsjefen", "Overordnet vakt": "felles", **answers})
    assert try_import(app_db, store, "ledelse.xlsx", data) == []
    result = verdicts_of(app_db, "rindal-brannvesen")
    assert result["R10"].vurdering == verdict
    assert result["R11"].vurdering == verdicts.OPPFYLT and "felles" in result["R11"].verdi
    assert result["R10"].kilde == "Brannsjefen"

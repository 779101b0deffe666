import json

from pagehelpers import set_sliders


def ranking_order(at) -> list[str]:
    table = next(df.value for df in at.dataframe if "Risikoindeks" in df.value.columns)
    return list(table["Kommune"])


def test_risk_page_loads_with_a_ranking(run_page):
    at = run_page("risikobilde")
    assert not at.exception
    order = ranking_order(at)
    assert len(order) == 40
    assert any("Risikoindeks (0–100) =" in c.value for c in at.caption)
    table = next(df.value for df in at.dataframe if "Risikoindeks" in df.value.columns)
    assert table.set_index("Kommune").loc["Trondheim", "Rang med vektene ½–2×"] == "1–2"  # towns counted once
    assert at.toggle(key="risiko_vis_tunneler").value


def test_moving_a_weight_changes_the_ranking(run_page):
    at = run_page("risikobilde")
    before = ranking_order(at)
    set_sliders(at, "risiko_vekt_", 0)
    at.slider(key="risiko_vekt_areal").set_value(5).run()
    assert not at.exception
    after = ranking_order(at)
    assert after != before
    assert after[0] == "Lierne"  # the largest municipality by area comes first


def test_all_weights_zero_gives_a_message_not_a_crash(run_page):
    at = run_page("risikobilde")
    set_sliders(at, "risiko_vekt_", 0)
    at.run()
    assert not at.exception
    assert any("summerer til null" in e.value for e in at.error)


def test_switching_stations_off_lowers_coverage(run_page, con):
    at = run_page("risikobilde")
    within_10 = next(m.value for m in at.metric if m.label == "Innen 10 min (R1)")
    trondheim = [
        r[0]
        for r in con.execute("SELECT stasjon_id FROM brannstasjon WHERE kommunenummer = '5001'").fetchall()
    ]
    at.multiselect(key="risiko_av").set_value(trondheim).run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "Innen 10 min (R1)") != within_10


def test_moving_a_station_changes_coverage_and_says_how_far(run_page, con):
    """Rindal's only station moved to the region's largest settlement: Rindal loses its cover."""
    station = con.execute(
        "SELECT stasjon_id FROM brannstasjon WHERE kommunenummer = '5061' AND lat IS NOT NULL"
    ).fetchall()
    assert len(station) == 1
    place = con.execute("SELECT tettsted_id FROM tettsted ORDER BY innbyggere DESC LIMIT 1").fetchall()[0][0]
    at = run_page("risikobilde")
    assert at.selectbox(key="risiko_flytt_til").disabled
    at.selectbox(key="risiko_flytt").set_value(station[0][0]).run()
    at.selectbox(key="risiko_flytt_til").set_value(place).run()
    assert not at.exception
    assert any("er flyttet til Trondheim" in i.value and "km i luftlinje" in i.value for i in at.info)
    metric = next(m for m in at.metric if m.label == "Innen 10 min (R1)")
    assert metric.delta.startswith("\u2212") and metric.delta != "\u22120 innbyggere"


def test_coverage_is_shown_as_a_band_with_its_assumption(run_page):
    at = run_page("risikobilde")
    within = next(m for m in at.metric if m.label == "Innen 30 min (R3)")
    assert "–" in within.value and within.value.endswith("%")
    assert any("jevnt fordelt over hele kommunen" in c.value for c in at.caption)


def test_the_map_shows_the_stations_outside_the_cooperation_and_says_so(run_page):
    at = run_page("risikobilde")
    deck = at.get("deck_gl_json_chart")[0].proto.json
    assert '"id": "nabostasjoner"' in deck or '"id":"nabostasjoner"' in deck
    assert "Tolga (utenfor samarbeidet)" in deck and "regnes med i responstiden via Rv 30" in deck
    assert any("Stasjon utenfor samarbeidet" in h.proto.body for h in at.get("html"))
    at.toggle(key="risiko_vis_stasjoner").set_value(False).run()
    assert "nabostasjoner" not in at.get("deck_gl_json_chart")[0].proto.json


def test_the_risk_page_says_what_it_cannot_count_and_what_the_sources_dispute(run_page):
    """Major-accident sites have no public list, and Forbordsfjelltunnelen's opening year is
    disputed: the page says both where a fire chief looks (issue 48, point 4)."""
    at = run_page("risikobilde")
    assert any("storulykkeanlegg" in c.value and "ingen offentlig liste" in c.value for c in at.caption)
    layers = json.loads(at.get("deck_gl_json_chart")[0].proto.json)["layers"]
    tunnels = next(layer["data"] for layer in layers if layer.get("id") == "tunneler")
    hover = next(row["detaljer"] for row in tunnels if row["tittel"] == "Forbordsfjelltunnelen")
    assert "åpnet 2026 (åpningsåret er ikke bekreftet" in hover and "kontrolleres" in hover

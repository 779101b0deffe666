from brannsam.data import services


def test_the_structure_names_count_the_services_in_the_data(con):
    names = dict(con.execute("SELECT struktur_id, navn FROM struktur").fetchall())
    counts = dict(con.execute("SELECT struktur_id, count(*) FROM brannvesen GROUP BY ALL").fetchall())
    assert names["dsb"] == f"DSBs brannstasjonsregister ({counts['dsb']} brannvesen)"
    assert counts["dsb"] == 13  # DSB's register, extract 2026 (SOURCES.md)
    assert names["nyheter2024"].endswith(f"({counts['nyheter2024']} enheter)")


def test_the_shown_structure_is_set_against_the_studys_count():
    note = services.shown_note("DSBs brannstasjonsregister (13 brannvesen)", 2026)
    assert note.startswith(
        "Viser DSBs brannstasjonsregister (13 brannvesen), uttrekk 2026. Studiens infoskriv (2024) talte 18."
    )
    # One sentence on how 18 became 13, not the bare numbers side by side.
    assert "gått inn i større brannvesen siden 2024" in note and "Hitra i Orkland" in note

def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_overview_loads_with_real_key_figures(run_page):
    at = run_page()
    assert not at.exception
    assert metric(at, "Kommuner") == "40"
    assert metric(at, "Innbyggere") == "486\u00a0246"
    assert any("Estimat" in m.value for m in at.markdown)


def test_switching_structure_changes_the_number_of_services(run_page):
    at = run_page()
    assert metric(at, "Brannvesen") == "13"
    at.sidebar.radio(key="oversikt_struktur").set_value("nyheter2024").run()
    assert not at.exception
    assert metric(at, "Brannvesen") == "19"
    assert any("Nyhetsbasert" in i.value for i in at.info)


def test_presentation_mode_from_the_url_is_kept(run_page):
    at = run_page(presentasjon="1")
    assert not at.exception
    assert at.toggle(key="presentasjon_topp").value is True
    assert at.query_params["presentasjon"] == "1"
    at.toggle(key="presentasjon_topp").set_value(False).run()
    assert "presentasjon" not in at.query_params
    assert at.sidebar.toggle(key="presentasjon_sidepanel").value is False


def test_the_overview_links_every_municipality_and_offers_the_report(run_page):
    at = run_page()
    assert not at.exception
    assert any("min-kommune?kommune=5001" in m.value for m in at.markdown)
    assert {"Last ned rapporten (Word)", "Last ned rapporten (PDF)"} <= {
        b.label for b in at.get("download_button")
    }


def test_the_milestones_come_from_the_file_the_project_leader_edits(run_page):
    at = run_page()
    assert not at.exception
    heading = next(s.value for s in at.subheader if s.value.startswith("Milepæler i studien"))
    assert heading == "Milepæler i studien (2024–2026)"
    assert any("Alternativanalyse" in m.value for m in at.markdown)
    assert any("mulighetsstudie 2024–2026" in c.value for c in at.sidebar.caption)


def test_inhabitants_are_shown_with_the_date_ssb_counted_them(run_page):
    at = run_page()
    services = next(df.value for df in at.dataframe if "Brannvesen" in df.value.columns)
    assert "Innbyggere 1.1.2024" in services.columns
    funding = run_page("finansiering")
    table = next(df.value for df in funding.dataframe if "Bidrag" in df.value.columns)
    assert "Innbyggere 1.1.2024" in table.columns

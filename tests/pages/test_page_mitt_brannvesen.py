def test_deep_link_selects_the_service(run_page):
    at = run_page("mitt_brannvesen", brannvesen="brann-og-redning-orkland")
    assert not at.exception
    assert at.selectbox(key="mitt_valg").value == "brann-og-redning-orkland"
    assert any("Brann og redning Orkland" in h.value for h in at.subheader)
    assert any("Skaun" in m.value for m in at.markdown)


def test_unknown_id_gives_a_friendly_message_and_the_list(run_page):
    at = run_page("mitt_brannvesen", brannvesen="finnes-ikke")
    assert not at.exception
    assert any("Fant ikke brannvesenet «finnes-ikke»" in w.value for w in at.warning)
    assert at.selectbox(key="mitt_valg").value is None
    assert any("?brannvesen=rindal-brannvesen" in m.value for m in at.markdown)


def test_choosing_a_service_changes_the_profile_and_the_link(run_page):
    at = run_page("mitt_brannvesen", brannvesen="rindal-brannvesen")
    rindal = next(df.value for df in at.dataframe if "Nøkkeltall" in df.value.columns)
    at.selectbox(key="mitt_valg").set_value("trondelag-brann-og-redningstjeneste-iks").run()
    assert not at.exception
    assert at.query_params["brannvesen"] == "trondelag-brann-og-redningstjeneste-iks"
    trondheim = next(df.value for df in at.dataframe if "Nøkkeltall" in df.value.columns)
    assert not rindal.equals(trondheim)


def test_unconfirmed_rules_are_marked_as_such(run_page):
    at = run_page("mitt_brannvesen", brannvesen="rindal-brannvesen")
    assert any("Krav ikke bekreftet mot forskriftstekst" in m.value for m in at.markdown)


def test_the_printable_profile_is_also_a_pdf(run_page):
    at = run_page("mitt_brannvesen", brannvesen="rindal-brannvesen")
    assert not at.exception
    assert "Last ned profilen (PDF)" in {b.label for b in at.get("download_button")}
    assert any("min-kommune?kommune=5061" in m.value for m in at.markdown)


def test_a_verdict_the_data_decides_is_a_dot_and_one_it_cannot_is_a_ring(run_page):
    """Fosen's own overordnet vakt (R11) is met; a figure that is only an estimate is «ukjent»."""
    at = run_page("mitt_brannvesen", brannvesen="fosen-brann-og-redningstjeneste-iks")
    cards = [m.value for m in at.markdown if "**R" in m.value]
    assert any(c.startswith(":green[● **OPPFYLT**]") and "**R11 " in c for c in cards)
    assert any(c.startswith(":gray[○ **UKJENT**]") for c in cards)

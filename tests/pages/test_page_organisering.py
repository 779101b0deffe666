from pagehelpers import set_sliders


def test_organisation_page_ranks_forms_and_changes_with_weights(run_page):
    at = run_page("organisering")
    assert not at.exception
    assert any("ikke bekreftet" in str(df.value.to_numpy()) for df in at.dataframe)
    set_sliders(at, "org_vekt_", 0)
    at.slider(key="org_vekt_kostnad").set_value(5).run()
    assert any("Avtalebasert samarbeid" in m.value for m in at.markdown if "Høyest" in m.value)
    at.slider(key="org_vekt_kostnad").set_value(0)
    at.slider(key="org_vekt_juridisk").set_value(5).run()
    assert any("Vertskommunesamarbeid" in m.value for m in at.markdown if "Høyest" in m.value)

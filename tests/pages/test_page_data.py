def test_data_page_shows_tables_and_quality_warnings(run_page):
    at = run_page("datagrunnlag")
    assert not at.exception
    overview = next(df.value for df in at.dataframe if "Andel estimat (%)" in df.value.columns)
    assert set(overview["Tabell"]) >= {"Kommuner", "Bemanning", "Kostnader (338/339)"}
    assert overview.set_index("Tabell").loc["Kostnader (338/339)", "Andel estimat (%)"] == 100
    assert any("mangler koordinater" in w.value for w in at.warning)


def test_import_is_disabled_without_an_admin_password(run_page, monkeypatch):
    monkeypatch.delenv("BRANNSAM_ADMIN_PASSWORD", raising=False)
    at = run_page("datagrunnlag")
    assert any("BRANNSAM_ADMIN_PASSWORD" in i.value for i in at.info)
    assert not any(b.key == "data_angre" for b in at.button)

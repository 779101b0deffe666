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


def test_an_undo_is_logged_under_the_name_typed(run_page, app_db, monkeypatch, tmp_path):
    """There are no user accounts: the import log records the name the admin types."""
    import duckdb
    from filled_templates import filled

    from brannsam import imports

    monkeypatch.setenv("BRANNSAM_ADMIN_PASSWORD", "hemmelig-123")
    store = tmp_path / "imports"
    monkeypatch.setenv("BRANNSAM_IMPORTS", str(store))
    con = duckdb.connect(str(app_db))
    imports.accept(con, "mal.xlsx", filled("kostnader"), "Kari", store)
    con.close()
    at = run_page("datagrunnlag")
    assert at.text_input(key="data_navn").disabled
    at.text_input(key="data_passord").set_value("hemmelig-123").run()
    at.text_input(key="data_navn").set_value("  Ola   Nordmann ").run()
    at.button(key="data_angre").click().run()
    assert not at.exception
    log = next(df.value for df in at.dataframe if "Bruker" in df.value.columns)
    assert list(log["Bruker"]) == ["Ola Nordmann", "Kari"]
    assert list(log["Datasett"]) == ["angret", "kostnader"]

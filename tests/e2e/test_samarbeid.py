from pagecheck import console_errors, no_exception, open_app
from playwright.sync_api import expect


def test_cooperation_and_organisation_pages_in_a_browser(page, server_url):
    open_app(page, server_url + "/samarbeid")
    no_exception(page)
    expect(page.get_by_role("button", name="Lagre vurderingen")).to_be_visible()
    assert page.locator("[data-testid='stDataFrame'], [data-testid='stDataFrameResizable']").count() >= 1
    open_app(page, server_url + "/organisering")
    no_exception(page)
    expect(page.get_by_text("Høyest med disse vektene")).to_be_visible()
    assert console_errors(page) == []

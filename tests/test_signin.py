"""A real sign-in: a local OpenID Connect provider (oidc-provider-mock) started for these tests,
the app configured for it with an [auth] section (a secrets file in a test folder), and Chromium
signing in as each role of tests/fixtures/access.toml. The boundaries of issue "who sees what":
anonymous and viewers never see an exact site position; a partner submits for its organisation
and publishes nothing; an analyst sees the camps; a reviewer publishes and the audit log names
them; signing out returns to the public view."""
import os
import re
import time
from typing import NamedTuple

import pytest
from servers import back_at, chromium, free_port, oidc_provider, register, secrets_for, streamlit_app

from geo.store import Store

ERROR_TEXT = ("Traceback", "Error:", "Exception", "could not be shown")
SITE_NAMES = ("Likrakar", "Tessalit", "Tinfadimata", "Ilouk")


class Setup(NamedTuple):
    url: str          # the app
    store: Store      # its store
    provider: str     # the OpenID Connect provider it signs in with


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """The app on localhost with sign-in through the provider, its own store."""
    folder = tmp_path_factory.mktemp("signin")
    store_url = f"sqlite:///{folder / 'store.sqlite'}"
    port = free_port()
    with oidc_provider() as provider:
        env = dict(os.environ, DASHBOARD_DB=store_url, PUBLIC_MODE="0",
                   AUTHLIB_INSECURE_TRANSPORT="1")   # the test provider speaks plain http on localhost
        options = ("--secrets.files", str(secrets_for(provider, port, folder)))
        with streamlit_app(env, options, port=port, host="localhost") as url:
            yield Setup(url, Store.open(store_url), provider)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def settle(page):
    page.wait_for_selector("h1", timeout=90_000)
    page.wait_for_function("""() => !document.querySelector("[data-testid='stStatusWidget']")
                               && !document.querySelector("[data-stale='true']")""", timeout=90_000)


def visit(browser, setup, email=None, verified=True, start="/?lang=en"):
    """A new browser (its own cookies) on the app at `start`, signed in as `email` through the
    provider's page (the provider saying the address is verified, unless `verified` is False)."""
    url = setup.url
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(url + start, timeout=90_000)
    settle(page)
    if email:
        register(setup.provider, email, verified, name=email.split("@")[0].title())
        page.wait_for_function("() => window.__dashboardTab === true")   # the tab's script listens
        page.get_by_role("button", name=re.compile("Sign in|Se connecter")).click()
        page.wait_for_url("**/oauth2/authorize**", timeout=60_000)
        page.fill("input[name=sub]", email)
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(lambda at: back_at(at, start), timeout=60_000)   # the app brings the tab back
        page.get_by_text(re.compile("Signed in|Connecté")).first.wait_for(timeout=90_000)
        settle(page)
    return page


def go(page, url, path):
    page.goto(url + path, timeout=90_000)
    settle(page)


def everything_shown(page) -> str:
    """The text of the page and the HTML of its frames (the map's script holds its coordinates)."""
    return page.locator("body").inner_text() + " ".join(f.content() for f in page.frames if f != page.main_frame)


def grid_text(page) -> str:
    """The text of the first table on the page (st.dataframe draws on a canvas; its accessible table
    holds the cells in view)."""
    cells = page.locator("[data-testid='stDataFrame'] table td")
    cells.first.wait_for(state="attached", timeout=60_000)
    return page.locator("[data-testid='stDataFrame'] table").first.text_content()


def map_drawn(page):
    page.frame_locator("iframe").first.locator("path.leaflet-interactive").nth(5).wait_for(timeout=90_000)


@pytest.mark.parametrize("email", [None, "viewer@test.example"])
def test_anonymous_and_viewers_see_no_exact_site_position(setup, browser, site_patterns, email):
    url = setup.url
    page = visit(browser, setup, email)
    try:
        assert "PUBLIC" in page.locator("[data-testid='stSidebar']").inner_text()
        for path in ("/sites?lang=en", "/map?lang=en"):
            go(page, url, path)
            map_drawn(page)
            shown = everything_shown(page)
            assert not [n for n in SITE_NAMES if n in shown], path
            assert not [p.pattern for p in site_patterns if p.search(shown)], path
            assert not [e for e in ERROR_TEXT if e in page.locator("body").inner_text()]
        go(page, url, "/data?lang=en")
        assert page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0   # no upload
        go(page, url, "/review?lang=en")                                                  # a crafted address
        assert "Waiting for review" not in page.locator("body").inner_text()
    finally:
        page.context.close()


def test_an_analyst_sees_the_camps_and_signing_out_returns_to_the_public_view(setup, browser, site_patterns):
    url, store = setup.url, setup.store
    page = visit(browser, setup, "analyst@test.example")
    try:
        go(page, url, "/sites?lang=en")
        assert "INTERNAL" in page.locator("[data-testid='stSidebar']").inner_text()
        assert "Tessalit" in popups(page)                                  # the camps, on the map
        assert [p.pattern for p in site_patterns if p.search(everything_shown(page))]   # at their exact place
        assert ("view_internal_map", "analyst@test.example") in [(a["action"], a["actor"]) for a in store.audit()]
        page.get_by_role("button", name=re.compile("Sign out|Se déconnecter")).click()
        page.wait_for_url("**/oauth2/end_session**", timeout=60_000)          # the provider ends its session too
        page.get_by_role("button", name="End session").click()
        page.get_by_role("button", name=re.compile("Sign in|Se connecter")).wait_for(timeout=90_000)
        go(page, url, "/sites?lang=en")
        assert "PUBLIC" in page.locator("[data-testid='stSidebar']").inner_text()
        assert "Tessalit" not in popups(page)
        assert not [p.pattern for p in site_patterns if p.search(everything_shown(page))]
    finally:
        page.context.close()


# The text every marker's popup shows (clustered markers included), as the browser renders it.
POPUP_TEXTS = """() => {
    const texts = [];
    const read = (marker) => {
        const popup = marker.getPopup && marker.getPopup();
        if (!popup) return;
        const box = document.createElement('div');
        box.innerHTML = popup.getContent();
        texts.push(box.textContent);
    };
    for (const value of Object.values(window)) {
        if (!(value instanceof L.Map)) continue;
        value.eachLayer((layer) => {
            read(layer);
            if (layer.getAllChildMarkers) layer.getAllChildMarkers().forEach(read);
            if (layer.getLayers) layer.getLayers().forEach(read);
        });
    }
    return texts.join('\\n');
}"""


def popups(page) -> str:
    map_drawn(page)
    frame = next(f for f in page.frames if f != page.main_frame and f.locator("path.leaflet-interactive").count())
    return frame.evaluate(POPUP_TEXTS)


def test_a_partner_submits_a_reviewer_publishes_and_everyone_sees_it(setup, browser, tmp_path):
    """The partner's sheet carries template syntax in its title: it shows literally at every step."""
    url, store = setup.url, setup.store
    sheet = tmp_path / "ssti {{7*7}}.csv"
    sheet.write_text("Intitulé du projet,Région,Latitude,Longitude\n"
                     "SSTI {{ 7*191 }} {% raw %},Kidal,18.44,1.41\n", encoding="utf-8")
    partner = visit(browser, setup, "amadou@acas.test.example")
    try:
        go(partner, url, "/data?lang=en")
        partner.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(sheet))
        partner.get_by_role("button", name="Submit for review").first.click()
        partner.locator("[data-testid='stAlertContentSuccess']", has_text="stored for").wait_for(timeout=90_000)
        [submission] = store.list()
        assert (submission.organisation, submission.submitted_by, submission.status) == \
            ("ACAS", "amadou@acas.test.example", "pending")
        go(partner, url, "/map?lang=en")
        assert "SSTI {{ 7*191 }} {% raw %}" in popups(partner)          # shown to the submitter, literally
        assert "1337" not in everything_shown(partner)
        go(partner, url, "/review?lang=en")
        assert partner.get_by_role("button", name="Publish").count() == 0  # a partner cannot publish
        assert "pending" in grid_text(partner)
    finally:
        partner.context.close()

    other = visit(browser, setup, "awa@graip.test.example")                # another organisation
    try:
        go(other, url, "/review?lang=en")
        assert "ACAS" not in other.locator("body").text_content()
    finally:
        other.context.close()

    reviewer = visit(browser, setup, "reviewer@test.example")
    try:
        go(reviewer, url, "/review?lang=en")
        reviewer.get_by_role("button", name="Publish").first.click()
        deadline = time.time() + 60
        while store.get(submission.id).status != "published" and time.time() < deadline:
            time.sleep(0.2)
    finally:
        reviewer.context.close()
    assert store.get(submission.id).status == "published"
    assert ("publish", "reviewer@test.example") in [(a["action"], a["actor"]) for a in store.audit(submission.id)]

    anonymous = visit(browser, setup)
    try:
        go(anonymous, url, "/map?lang=en")
        assert "SSTI {{ 7*191 }} {% raw %}" in popups(anonymous)        # published: every session shows it
    finally:
        anonymous.context.close()


def download(page, url, path="/data?lang=en", button="CSV (this table)") -> str:
    """Click a download button of a page, as a visitor would, and read the file it gives."""
    go(page, url, path)
    with page.expect_download(timeout=90_000) as done:
        page.get_by_role("button", name=button).first.click()
    return done.value.path().read_bytes().decode("utf-8-sig")


def test_a_role_needs_an_address_the_provider_verified(setup, browser):
    """The provider says reviewer@... is not verified: whoever signs in with it is a viewer, is told
    why, and acts as nobody in the audit log."""
    url, store = setup.url, setup.store
    before = len(store.audit())
    page = visit(browser, setup, "reviewer@test.example", verified=False)
    try:
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "PUBLIC" in sidebar and "(viewer)" in sidebar.replace("(lecteur)", "(viewer)")
        assert re.search("not verified|pas vérifié", page.locator("body").inner_text())
        go(page, url, "/sites?lang=en")
        assert "Tessalit" not in everything_shown(page)
        go(page, url, "/review?lang=en")                                    # the reviewer's page: nothing
        assert page.get_by_role("button", name="Publish").count() == 0
        assert "Waiting for review" not in page.locator("body").inner_text()
    finally:
        page.context.close()
    assert len(store.audit()) == before


def test_signing_in_comes_back_to_the_address_it_started_from(setup, browser):
    """Signing in dropped the address: an English-speaking partner filtering on Gao landed on the
    French Overview with no filter. Back from the provider, the page, its language and its filters
    are those the sign-in started from."""
    page = visit(browser, setup, "analyst@test.example", start="/map?lang=en&region=ML-7")
    try:
        page.wait_for_function("""() => location.pathname.endsWith('/map') && location.search.includes('lang=en')
                                        && location.search.includes('region=ML-7')""", timeout=60_000)
        settle(page)
        assert page.locator("h1").first.inner_text() == "Map of regions and activities"
        assert "Signed in" in page.locator("[data-testid='stSidebar']").inner_text()
    finally:
        page.context.close()


PENDING_SHEET = ("Intitulé du projet,Région,Latitude,Longitude,Remarques internes\n"
                 "ACAS projet en attente de revue,Gao,16.27,-0.04,\"financement PBF, à confirmer\"\n")


def test_nothing_unreviewed_withdrawn_or_unused_reaches_an_anonymous_download(setup, browser, tmp_path):
    """A partner submits (and downloads its own view, which holds its pending rows); an anonymous
    visitor's CSV never holds them; once published it does; once withdrawn, the rows leave it."""
    url, store = setup.url, setup.store
    sheet = tmp_path / "ACAS rapport interne T1.csv"
    sheet.write_text(PENDING_SHEET, encoding="utf-8")
    partner = visit(browser, setup, "amadou@acas.test.example")
    try:
        go(partner, url, "/data?lang=en")
        partner.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(sheet))
        partner.get_by_role("button", name="Submit for review").first.click()
        partner.locator("[data-testid='stAlertContentSuccess']", has_text="stored for").wait_for(timeout=90_000)
        assert "en attente de revue" in download(partner, url)              # the partner's own view holds them
    finally:
        partner.context.close()
    [submission] = [s for s in store.list() if s.file_name == sheet.name]

    anonymous = visit(browser, setup)
    try:
        assert "en attente de revue" not in download(anonymous, url)       # pending: never public
        store.publish(submission.id, "reviewer@test.example")
        assert "en attente de revue" in download(anonymous, url)           # published: at the next run
        store.withdraw(submission.id, "reviewer@test.example", "a test withdraws it")
        assert "en attente de revue" not in download(anonymous, url)       # withdrawn: gone from the file
    finally:
        anonymous.context.close()


# The README's example [auth] cookie_secret until 2026-12: anyone who read it could sign a cookie.
PUBLISHED_EXAMPLE_SECRET = "a long random string: python -c 'import secrets; print(secrets.token_hex(32))'"


def test_a_cookie_forged_with_a_published_secret_signs_in_nobody(setup, browser, tmp_path):
    """The app configured with the README's old example secret: an attacker signs a cookie saying
    'admin'; the app refuses sign-in altogether, shows the public view and says why on the page."""
    import json

    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    port = free_port()
    options = ("--secrets.files", str(secrets_for(setup.provider, port, tmp_path, PUBLISHED_EXAMPLE_SECRET)))
    env = dict(os.environ, DASHBOARD_DB=f"sqlite:///{tmp_path / 'store.sqlite'}", PUBLIC_MODE="0",
               AUTHLIB_INSECURE_TRANSPORT="1")
    with streamlit_app(env, options, port=port, host="localhost") as url:
        claims = {"email": "admin@test.example", "email_verified": True, "name": "Forged", "is_logged_in": True,
                  "origin": url, "provider": "default"}
        forged = create_signed_value(PUBLISHED_EXAMPLE_SECRET, "_streamlit_user", json.dumps(claims))
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        context.add_cookies([{"name": "_streamlit_user", "value": forged.decode(), "url": url}])
        page = context.new_page()
        try:
            go(page, url, "/sites?lang=en")
            body = page.locator("body").inner_text()
            assert "Sign-in is turned off" in body
            assert "Signed in" not in body and "Forged" not in body
            assert "PUBLIC" in page.locator("[data-testid='stSidebar']").inner_text()
            assert page.get_by_role("button", name="Sign in").count() == 0
            assert "Tessalit" not in everything_shown(page)
        finally:
            context.close()


UNUSED_SHEET = ("Intitulé du projet,Région,Latitude,Longitude,Remarques internes\n"
                "ACAS forage publié,Kidal,18.44,1.41,\"financement PBF, à confirmer\"\n")


def test_a_partner_s_unused_columns_and_file_name_never_reach_a_public_download(setup, browser, tmp_path):
    """Published, a partner's sheet shows in the public CSV and XLSX with the dashboard's fields only:
    not its column "Remarques internes", nor the name of the file it came in."""
    url, store = setup.url, setup.store
    sheet = tmp_path / "ACAS notes confidentielles.csv"
    sheet.write_text(UNUSED_SHEET, encoding="utf-8")
    partner = visit(browser, setup, "amadou@acas.test.example")
    try:
        go(partner, url, "/data?lang=en")
        partner.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(sheet))
        partner.get_by_role("button", name="Submit for review").first.click()
        partner.locator("[data-testid='stAlertContentSuccess']", has_text="stored for").wait_for(timeout=90_000)
    finally:
        partner.context.close()
    [submission] = [s for s in store.list() if s.file_name == sheet.name]
    store.publish(submission.id, "reviewer@test.example")
    anonymous = visit(browser, setup)
    try:
        public_csv = download(anonymous, url)
        assert "ACAS forage publié" in public_csv
        go(anonymous, url, "/data?lang=en")
        with anonymous.expect_download(timeout=90_000) as done:
            anonymous.get_by_role("button", name=re.compile("XLSX")).first.click()
        xlsx = xlsx_text(done.value.path().read_bytes())
        assert "ACAS forage publié" in xlsx
        for unused in ("Remarques internes", "financement PBF", sheet.name, "confidentielles"):
            assert unused not in public_csv, unused
            assert unused not in xlsx, unused
    finally:
        anonymous.context.close()


def xlsx_text(data: bytes) -> str:
    """Every sheet's name and every cell of a workbook, as text (read as a spreadsheet reads it: the
    XML may write 'é' as a character reference)."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return " ".join([*book.sheetnames, *(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                                          for v in row if v is not None)])

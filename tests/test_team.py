"""Serving a team, as the README's "Serving a team" tells an operator to, with real parts: PostgreSQL
15 + PostGIS, two app servers started by deploy/run-servers.sh on that database (their settings in
one file, as deploy/dashboard.env.example), nginx running deploy/nginx.conf in front (its ports and
paths changed for the test, nothing else), Debian's Chromium through nginx over HTTPS, signing in
through the test OpenID Connect provider (its redirect_uri is nginx's address).

Reaching a chosen server: deploy/nginx.conf keeps every browser on one server by its cookie
`dashboard_server` (hash ... consistent), not by ip_hash, under which every browser of this machine
(all 127.0.0.1) would reach the same server. So the test asks nginx once which cookie value leads
to which server (nginx's access log names the server of every request) and gives a browser the
value of the server it means: every request of the test goes through nginx, as a team's browsers'
do, and still lands where the test means, which the access log confirms for uploads and downloads.

What it proves, in order (one team for the module; each test goes on from the one before):
a partner submits on server A, a reviewer publishes on server B, a new visitor and a session
opened earlier on A see the published rows at their next run (in their downloads); an
organisation's boundary set set by an admin on A is used by B; a withdrawal on B leaves A's
downloads; PostgreSQL restarted under both servers: each page says one sentence while it is down
and comes back by itself, a reviewer's click meanwhile changed nothing; server A stopped: a new
visitor, even one whose cookie leads to A, is served by B, and sessions open on A reconnect to B
with their filters (they live in the address) and still signed in (the servers share one secret).
"""
from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import signal
import time
from pathlib import Path
from typing import NamedTuple

import pytest
import sqlalchemy as sa
from fixtures.boundary_files import cod_style_zip
from servers import (
    back_at,
    chromium,
    fetch,
    free_port,
    nginx_in_front,
    oidc_provider,
    register,
    run_servers,
    secrets_for,
    server_on_port,
)
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from test_signin import settle

from geo import i18n
from geo.store import Store
from geo.store.local_server import LocalPostgres, local_postgres

ACCESS = Path(__file__).resolve().parent / "fixtures" / "access.toml"
TITLE = "Forage TEAM-27 d'Anéfis"        # the partner's one project, found in downloads by its title
SHEET = f"Intitulé du projet,Région,Latitude,Longitude\n{TITLE},Kidal,18.05,0.32\n"
WAIT = 90_000                            # ms: generous, for a loaded 2-core machine
ERROR_TEXT = ("Traceback", "Error:", "Exception", "could not be shown", "n’a pas pu s’afficher")


class Team(NamedTuple):
    url: str                  # nginx, the team's one address
    nginx: Path               # nginx's folder: its access log
    pg: LocalPostgres
    store: Store
    provider: str
    ports: dict[str, int]     # "a", "b": each app server's port
    route: dict[str, str]     # "a", "b": a dashboard_server cookie that nginx sends to that server
    runner: object            # deploy/run-servers.sh's process
    browser: object
    pages: dict               # the browser sessions kept open from one test to the next


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    with contextlib.ExitStack() as stack:
        pg = stack.enter_context(local_postgres())
        provider = stack.enter_context(oidc_provider())
        ports = {"a": free_port(), "b": free_port()}
        url, nginx = stack.enter_context(nginx_in_front([ports["a"], ports["b"]]))
        # nginx's logs kept beside the servers' output when the team stops (a failure's first witness)
        stack.callback(lambda: [shutil.copy(nginx / log, folder) for log in ("access.log", "error.log")
                                if (nginx / log).exists()])
        secrets = secrets_for(provider, int(url.rsplit(":", 1)[1]), folder, scheme="https")
        settings = folder / "dashboard.env"
        settings.write_text(f"DASHBOARD_DB={pg.url}\nDASHBOARD_ACCESS={ACCESS}\nDASHBOARD_SECRETS={secrets}\n")
        env = dict(os.environ, AUTHLIB_INSECURE_TRANSPORT="1")   # the test provider speaks plain http
        runner = stack.enter_context(run_servers([ports["a"], ports["b"]], settings, folder / "servers.log", env))
        store = Store.open(pg.url)
        stack.callback(store.engine.dispose)
        browser = stack.enter_context(chromium())
        pages = {}
        stack.callback(lambda: [p.context.close() for p in pages.values()])
        yield Team(url, nginx, pg, store, provider, ports, routes(url, nginx, ports), runner, browser, pages)


def log_lines(team_or_folder) -> list[str]:
    folder = team_or_folder.nginx if isinstance(team_or_folder, Team) else team_or_folder
    path = folder / "access.log"
    return path.read_text().splitlines() if path.exists() else []


def logged(folder: Path, pattern: str, since: int = 0, seconds: float = 30) -> list[str]:
    """The lines of nginx's access log after line `since` that match `pattern`, once there is one
    (nginx writes a request's line after it has answered: the client may read the answer first)."""
    deadline = time.time() + seconds
    while not (found := [line for line in log_lines(folder)[since:] if re.search(pattern, line)]):
        assert time.time() < deadline, f"nginx logged no request matching {pattern!r}"
        time.sleep(0.05)
    return found


def routes(url: str, folder: Path, ports: dict[str, int]) -> dict[str, str]:
    """For each server, a cookie value that nginx sends to it (read from the access log)."""
    # nginx passes a server over for 10 s after it refused a connection (while it was starting)
    wait_for(lambda: fetch(f"{url}/_stcore/health")[0] == 200, "the app servers answering through nginx", 60)
    found = {}
    for n in range(64):
        status, _, _ = fetch(f"{url}/_stcore/health?route={n}", {"Cookie": f"dashboard_server=team-test-{n}"})
        assert status == 200
        [line] = logged(folder, rf"GET /_stcore/health\?route={n} ")
        upstream = re.search(r"upstream=(\S+)", line).group(1)
        for name, port in ports.items():
            if upstream == f"127.0.0.1:{port}":
                found.setdefault(name, f"team-test-{n}")
        if len(found) == len(ports):
            return found
    raise AssertionError(f"nginx sent 64 cookies to {found} only")


def open_page(team: Team, name: str, server: str | None, path: str, email: str | None = None):
    """A new browser (its own cookies) kept as team.pages[name], with the cookie that leads to
    `server` (None: none, nginx chooses), at `path`; signed in as `email` through the provider."""
    context = team.browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True, ignore_https_errors=True)
    if server:
        context.add_cookies([{"name": "dashboard_server", "value": team.route[server], "url": team.url,
                              "secure": True, "httpOnly": True, "sameSite": "Lax"}])
    page = context.new_page()
    team.pages[name] = page
    go(page, team.url + path)
    if email:
        register(team.provider, email, name=email.split("@")[0].title())
        page.wait_for_function("() => window.__dashboardTab === true")   # the tab's script listens
        page.get_by_role("button", name=re.compile("Sign in|Se connecter")).click()
        page.wait_for_url("**/oauth2/authorize**", timeout=WAIT)
        page.fill("input[name=sub]", email)
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(lambda at: back_at(at, path), timeout=WAIT)   # the app brings the tab back
        page.get_by_text(re.compile("Signed in|Connecté")).first.wait_for(timeout=WAIT)
        settle(page)
    return page


def go(page, address: str) -> None:
    page.goto(address, timeout=WAIT)
    settle(page)


def click_language(page, lang: str) -> None:
    """Click the sidebar's language: a rerun of the same session."""
    page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label").filter(
        has_text=re.compile(f"^{lang.upper()}$")).click()


def switch_language(page, lang: str) -> None:
    """click_language, and wait for the page in that language."""
    click_language(page, lang)
    page.locator(f"html[lang='{lang}']").wait_for(state="attached", timeout=WAIT)
    settle(page)


def download_csv(page, lang: str) -> str:
    """The Data page's CSV of the records in view, as this session's server builds it on the click:
    the bytes the page fetches from the file's address (/media/...csv) before the browser saves it.
    (Not the saved file: on a loaded machine Chromium's download manager now and then cancels a
    download that nginx logged as sent whole.)"""
    with page.expect_response(lambda r: re.search(r"/media/\w+\.csv", r.url) and r.status == 200,
                              timeout=WAIT) as answer:
        page.get_by_role("button", name=i18n.t("download.csv", lang)).first.click()
    return answer.value.body().decode("utf-8-sig")


def served_by(team: Team, pattern: str, since: int) -> set[str]:
    """The servers ("a", "b") that answered the requests matching `pattern` logged after line `since`
    (waiting for the first such line)."""
    by_port = {f"127.0.0.1:{port}": name for name, port in team.ports.items()}
    found = set()
    for line in logged(team.nginx, pattern, since):
        found |= {by_port.get(u.strip(","), u) for u in re.search(r"upstream=(.*) cache=", line).group(1).split()}
    return found


def no_error_shown(page) -> None:
    body = page.locator("body").inner_text()
    assert not [e for e in ERROR_TEXT if e in body], body[:2000]


def test_nginx_keeps_browsers_on_their_server_caches_and_compresses_the_front_end(team):
    status, headers, body = fetch(f"{team.url}/?lang=en", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    cookie = headers["Set-Cookie"]           # a new browser gets its key, kept for the session
    assert re.match(r"dashboard_server=\w{32}; Path=/; Secure; HttpOnly; SameSite=Lax$", cookie), cookie
    assert "Set-Cookie" not in fetch(f"{team.url}/", {"Cookie": cookie.split(";")[0]})[1]   # given once
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', gzip.decompress(body).decode()).group(1)
    first = fetch(f"{team.url}/{script}", {"Accept-Encoding": "gzip"})[1]
    again = fetch(f"{team.url}/{script}", {"Accept-Encoding": "gzip"})[1]
    assert first["X-Cache-Status"] in ("MISS", "HIT") and again["X-Cache-Status"] == "HIT"
    assert again["Content-Encoding"] == "gzip"
    # an upload of more than nginx's default 1 MB reaches the app (which refuses it: no XSRF token)
    before = len(log_lines(team))
    status, _, _ = fetch(f"{team.url}/_stcore/upload_file/session/file", {"Content-Type": "application/octet-stream"},
                         data=b"x" * 2_000_000, method="PUT")
    assert status != 413 and "upstream=127.0.0.1:" in logged(team.nginx, r'"PUT /_stcore/upload_file/', before)[-1]
    # plain http is sent to https
    plain = team.url.replace("https://", "http://").rsplit(":", 1)[0]
    http_port = re.search(r"listen 127\.0\.0\.1:(\d+);", (team.nginx / "mali-dashboard.conf").read_text()).group(1)
    status, headers, _ = fetch(f"{plain}:{http_port}/map?lang=en")
    assert status == 301 and headers["Location"].startswith("https://localhost")


def test_a_partner_submits_on_one_server_a_reviewer_publishes_on_the_other_and_every_session_sees_it(team, tmp_path):
    store = team.store
    earlier = open_page(team, "anonymous_a", "a", "/data?lang=en")     # a session open on A from before
    assert TITLE not in download_csv(earlier, "en")
    partner = open_page(team, "partner_a", "a", "/?lang=en", "amadou@acas.test.example")
    sheet = tmp_path / "ACAS équipe T1.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    go(partner, team.url + "/data?lang=en")
    since = len(log_lines(team))
    partner.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(sheet))
    partner.get_by_role("button", name="Submit for review").first.click()
    partner.locator("[data-testid='stAlertContentSuccess']", has_text="stored for").wait_for(timeout=WAIT)
    assert served_by(team, r'"PUT /_stcore/upload_file/', since) == {"a"}      # the file went to the session's server
    [submission] = store.list()
    assert (submission.organisation, submission.status) == ("ACAS", "pending")

    reviewer = open_page(team, "reviewer_b", "b", "/?lang=en", "reviewer@test.example")
    go(reviewer, team.url + "/review?lang=en")
    reviewer.get_by_role("button", name="Publish").first.click()
    wait_for(lambda: store.get(submission.id).status == "published", "the reviewer's publish")
    assert ("publish", "reviewer@test.example") in [(a["action"], a["actor"]) for a in store.audit(submission.id)]

    newcomer = open_page(team, "anonymous_b", "b", "/data?lang=en")   # a new visitor, on B
    since = len(log_lines(team))
    assert TITLE in download_csv(newcomer, "en")
    assert served_by(team, r'"GET /media/', since) == {"b"}                  # the file came from its server
    switch_language(earlier, "fr")                                           # A's open session: its next run
    assert TITLE in download_csv(earlier, "fr")


def test_a_boundary_set_chosen_on_one_server_is_used_by_the_other(team, tmp_path):
    """An admin on A makes a COD-AB-style set with (SYNTHETIC TEST) cercles the organisation's; the
    records B's visitor downloads at its next run are placed in those cercles."""
    newcomer = team.pages["anonymous_b"]
    assert "SYNTHETIC TEST cercle" not in download_csv(newcomer, "en")
    admin = open_page(team, "admin_a", "a", "/data?lang=en", "admin@test.example")
    go(admin, team.url + "/data?lang=en")
    levels = cod_style_zip(tmp_path)
    admin.locator(".st-key-boundary_sets_file [data-testid='stFileUploaderDropzoneInput']").set_input_files(str(levels))
    admin.get_by_role("button", name=i18n.t("boundary_sets.set", "en")).click()
    admin.locator("[data-testid='stAlertContentSuccess']", has_text="is now the organisation's").wait_for(timeout=WAIT)
    assert team.store.active_boundary_set().file_name == levels.name
    switch_language(newcomer, "fr")                                          # B's session: its next run
    assert "SYNTHETIC TEST cercle Kidal" in download_csv(newcomer, "fr")


def test_withdrawn_on_one_server_is_gone_from_the_other_s_downloads(team):
    store = team.store
    [submission] = store.list()
    reviewer = team.pages["reviewer_b"]
    go(reviewer, team.url + "/review?lang=en")
    reviewer.get_by_label(i18n.t("review.reason", "en")).fill("double-counted (a test)")
    reviewer.get_by_label(i18n.t("review.reason", "en")).press("Enter")
    settle(reviewer)
    reviewer.get_by_role("button", name=i18n.t("review.withdraw", "en")).click()
    wait_for(lambda: store.get(submission.id).status == "withdrawn", "the reviewer's withdrawal")
    earlier = team.pages["anonymous_a"]
    assert TITLE in download_csv(earlier, "fr")                              # its last run was before
    switch_language(earlier, "en")                                           # its next run
    assert TITLE not in download_csv(earlier, "en")


def test_postgresql_restarting_shows_one_sentence_on_each_server_and_each_comes_back_by_itself(team):
    store, earlier, reviewer = team.store, team.pages["anonymous_a"], team.pages["reviewer_b"]
    go(reviewer, team.url + "/review?lang=en")
    before = store_state(store)
    team.pg.stop("fast")
    try:
        reviewer.get_by_role("button", name=i18n.t("review.restore", "en")).click()   # a click while it is down
        click_language(earlier, "fr")                                         # a rerun while it is down
        for page, lang in ((reviewer, "en"), (earlier, "fr")):
            page.get_by_text(i18n.t("error.store_unreachable", lang)).wait_for(timeout=WAIT)
            no_error_shown(page)
            assert page.locator("[data-testid='stAlert']").count() == 1, page.locator("body").inner_text()
    finally:
        team.pg.start()
    for page, lang in ((reviewer, "en"), (earlier, "fr")):                   # no click, no reload
        page.get_by_text(i18n.t("error.store_unreachable", lang)).wait_for(state="detached", timeout=WAIT)
        settle(page)
        no_error_shown(page)
    assert reviewer.get_by_role("heading", name=i18n.t("review.title", "en")).count() == 1
    assert earlier.get_by_role("heading", name=i18n.t("data.title", "fr")).count() == 1
    assert store_state(store) == before                                      # the click changed nothing
    assert store.get(store.list()[0].id).status == "withdrawn"


def test_a_stopped_app_server_s_browsers_go_to_the_other_with_their_filters_and_sign_in(team):
    earlier, partner = team.pages["anonymous_a"], team.pages["partner_a"]
    go(earlier, team.url + "/map?region=ML-8&kind=cvr_projects&lang=en")      # filters in the address
    chips = earlier.locator("[data-testid='stSidebar'] [data-tag]")
    chips.filter(has_text="Kidal").first.wait_for(timeout=WAIT)
    with earlier.expect_websocket(timeout=WAIT) as to_b, partner.expect_websocket(timeout=WAIT) as partner_to_b:
        os.kill(server_on_port(team.runner, team.ports["a"]), signal.SIGKILL)    # server A dies
    since = len(log_lines(team))
    newcomer = open_page(team, "newcomer", "a", "/?lang=en")                  # its cookie leads to A
    no_error_shown(newcomer)
    assert served_by(team, r'"GET /\?lang=en ', since) >= {"b"}
    for page, websocket in ((earlier, to_b.value), (partner, partner_to_b.value)):   # reconnected to B
        # The first click there starts the session anew, and a new session takes its filters and
        # language from the address, as a new visitor's does (the click arrives with the address as
        # it was before it: the app writes the address after the run). The next click is the user's.
        with websocket.expect_event("framereceived", predicate=run_finished, timeout=WAIT):
            click_language(page, "fr")
        settle(page)
        assert page.locator("html").get_attribute("lang") == "en"
        switch_language(page, "fr")
        no_error_shown(page)
    assert "region=ML-8" in earlier.url and "kind=cvr_projects" in earlier.url and "lang=fr" in earlier.url
    chips.filter(has_text="Kidal").first.wait_for(timeout=WAIT)
    assert partner.get_by_text(re.compile("Connecté")).count() >= 1          # still signed in on B


def run_finished(payload) -> bool:
    """Whether a message from the app server over the websocket says a run of the page finished."""
    return isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished"


def store_state(store: Store) -> dict:
    """What the store holds, to compare before and after: submissions and statuses, counters, audit
    entries, and each submission's records against its count of accepted rows."""
    with store.engine.connect() as c:
        records = dict(c.execute(sa.text("SELECT submission_id, count(*) FROM records GROUP BY submission_id")).all())
    submissions = store.list()
    assert all(records.get(s.id, 0) == s.accepted for s in submissions)      # none half-written
    return {"submissions": [(s.id, s.status) for s in submissions], "audit": len(store.audit()),
            "versions": (store.data_version(), store.submissions_version(), store.boundaries_version())}


def wait_for(condition, what: str, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.2)

"""The drill-down to cercles in a real browser: `streamlit run app.py` with a store whose organisation's
boundary set has cercles (set with `python -m geo boundaries set` on a SYNTHETIC TEST admin-2 file
made from shipped polygons, tests/fixtures/boundary_files.py: each region's polygon stands as its
one cercle), driven in Debian's Chromium by Playwright. On the Map page: shade by cercles, click a
region (the map zooms to it, the address gets region=...), click its cercle (the address gets
cercle=..., the figures follow), and the slide map of that view shades the cercles."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.boundary_files import cod_style_gpkg
from servers import streamlit_app
from test_browser import open_page, settled

ROOT = Path(__file__).resolve().parent.parent
GAO = "SYNTHETIC TEST cercle Gao"
BOUNDS = "() => { const b = map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"
# a click on the polygon of a cercle, at the middle of its box, as a reader's would land on it
CLICK_CERCLE = """(code) => {
    let path = null;
    map.eachLayer(l => { if (l.feature && l.feature.properties.cercle_code === code && l.getElement) {
        path = l.getElement(); } });
    const r = path.getBoundingClientRect();
    path.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2,
                                                clientY: r.top + r.height / 2}));
    return true;
}"""


@pytest.fixture(scope="module")
def cercles_server(tmp_path_factory):
    """The app as a field laptop runs it (the internal view without sign-in) on a store whose
    boundary set has cercles."""
    folder = tmp_path_factory.mktemp("cercles_app")
    env = dict(os.environ, PUBLIC_MODE="0", INTERNAL_WITHOUT_SIGN_IN="1",
               DASHBOARD_DB=f"sqlite:///{folder / 'store.sqlite'}", DASHBOARD_CONFIG=str(folder / "dashboard.toml"))
    layers = cod_style_gpkg(folder)
    subprocess.run([sys.executable, "-m", "geo", "boundaries", "set", str(layers), "--source", "SYNTHETIC TEST layers"],
                   env=env, check=True, capture_output=True, cwd=ROOT)
    with streamlit_app(env) as url:
        yield url


def map_with_cercles(page, zoomed_from=None):
    """The map's frame once Leaflet has drawn the cercles (and, given the bounds before, fitted a
    smaller view): the frame and its bounds."""
    page.wait_for_function("""() => [...document.querySelectorAll('iframe')].some(f => {
        try { return f.contentDocument.querySelectorAll('path.geo-cercle').length >= 9; } catch (e) { return false; } })""",
                           timeout=90_000)
    frame = next(f for f in page.frames if f != page.main_frame and f.locator("path.geo-cercle").count() >= 9)
    for _ in range(60):   # the layout fits the view once the frame has its size, and again after 1.2 s
        page.wait_for_timeout(300)
        bounds = frame.evaluate(BOUNDS)
        if zoomed_from is None or area(bounds) < 0.5 * area(zoomed_from):
            break
    return frame, bounds


def area(bounds):
    return (bounds[2] - bounds[0]) * (bounds[3] - bounds[1])


def test_shade_by_cercles_click_a_region_then_its_cercle(cercles_server, browser, shots):
    page, errors = open_page(browser, cercles_server + "/map?lang=en")
    try:
        settled(page)
        page.locator("[data-testid='stRadio']").filter(has_text="Shade by").get_by_text("Cercles", exact=True).click()
        frame, country = map_with_cercles(page)
        settled(page)
        page.screenshot(path=str(shots / "cercles_country.png"))

        frame.evaluate(CLICK_CERCLE, "TEST-ML0701")          # a first click: Gao, down to its cercles
        page.wait_for_function("() => new URLSearchParams(location.search).get('region') === 'ML-7'", timeout=60_000)
        assert "cercle=" not in page.url and "level=cercles" in page.url
        settled(page)
        frame, gao = map_with_cercles(page, zoomed_from=country)
        assert area(gao) < 0.5 * area(country), (gao, country)                     # zoomed to the region
        assert country[0] <= gao[0] and gao[2] <= country[2] and country[1] <= gao[1] and gao[3] <= country[3]
        page.screenshot(path=str(shots / "cercles_gao.png"))

        frame.evaluate(CLICK_CERCLE, "TEST-ML0701")          # a second click, inside Gao: its cercle
        page.wait_for_function("() => new URLSearchParams(location.search).get('cercle') === 'TEST-ML0701'",
                               timeout=60_000)
        settled(page)
        frame, _ = map_with_cercles(page)
        caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        assert f"Cercle: {GAO}" in caption
        assert f"{GAO} (Gao)" in page.locator("[data-testid='stSidebar']").inner_text()   # the sidebar's cercle filter
        page.screenshot(path=str(shots / "cercles_gao_cercle.png"))

        # the slide map of that view shades the cercles: its SVG says so and names the cercle
        page.get_by_role("button", name="Slides").click()
        with page.expect_download(timeout=90_000) as info:
            page.get_by_role("button", name="Map SVG").click()
        svg = Path(info.value.path()).read_text(encoding="utf-8")
        comments = " ".join(re.findall(r"<!-- (.*?) -->", svg, flags=re.DOTALL))
        assert "Mali: CVR projects by cercle" in comments and "CVR projects, per cercle" in comments
        assert f"Cercle: {GAO}" in comments and f"{GAO} 2" in comments
        page.keyboard.press("Escape")
        with page.expect_download(timeout=90_000) as info:
            page.get_by_role("button", name="Map PNG", exact=True).click()
        png = Path(info.value.path()).read_bytes()
        assert png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")
        assert info.value.suggested_filename.startswith("mali-rss-ddr-map-gao-test-ml0701-")

        # every page is filtered to the cercle: Gao's cantonment site, placed only by its region, is in none
        page.get_by_role("link", name="Overview").click()
        page.wait_for_selector("[data-testid='stMetricValue']", timeout=90_000)
        settled(page)
        assert "cercle=TEST-ML0701" in page.url
        values = dict(zip(page.locator("[data-testid='stMetricLabel']").all_inner_texts(),
                          page.locator("[data-testid='stMetricValue']").all_inner_texts()))
        assert values["CVR projects"].strip() == "2" and values["Cantonment sites"].strip() == "0", values
        page.screenshot(path=str(shots / "cercles_overview.png"))
        assert errors == []
    finally:
        page.close()

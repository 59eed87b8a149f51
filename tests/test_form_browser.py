"""The record form in Chromium, through the test OpenID Connect provider (issue 25): a partner adds two
records with the form, one placed by a click on the map and one by typed coordinates, submits them;
a reviewer publishes; an anonymous visitor sees both on the Map, at points rounded to 0.1° (the
public view), never at the point clicked."""
import re
import time

from test_signin import browser, go, popups, setup, visit  # noqa: F401 - fixtures

from geo.store import Store

PARTNER, REVIEWER = "amadou@acas.test.example", "reviewer@test.example"
CLICKED, TYPED = "SYNTHETIC Puits placé sur la carte", "SYNTHETIC Atelier aux coordonnées tapées"

# Every marker's position on the live map (clustered ones too), as Leaflet holds them.
MARKERS = """() => {
    const points = [];
    for (const value of Object.values(window)) {
        if (!(value instanceof L.Map)) continue;
        value.eachLayer((layer) => {
            const each = (m) => { if (m.getLatLng && !m.getRadius) points.push([m.getLatLng().lat, m.getLatLng().lng]); };
            each(layer);
            if (layer.getAllChildMarkers) layer.getAllChildMarkers().forEach(each);
        });
    }
    return points;
}"""


def add_record(page, title: str, count: int, click_map: bool = False, latitude: str = "", longitude: str = ""):
    """Type a title, place the record (a click in the map's middle, or coordinates), press Add, and
    wait until the list of records to send holds `count`."""
    page.get_by_label("Title *", exact=True).fill(title)
    page.get_by_label("Title *", exact=True).press("Tab")
    if click_map:
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']").first
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=90_000)
        box = frame.locator(".leaflet-container").bounding_box()
        frame.locator(".leaflet-container").click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.45})
        page.wait_for_function("""() => [...document.querySelectorAll("input[aria-label='Latitude']")]
                                   .some(i => i.value !== '')""", timeout=60_000)
    else:
        for label, value in (("Latitude", latitude), ("Longitude", longitude)):
            page.get_by_label(label, exact=True).fill(value)
            page.get_by_label(label, exact=True).press("Enter")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Add this record").click()
    page.get_by_text(f"Records to send: {count}").wait_for(timeout=90_000)


def publish(page, store, submission_id: int, tries: int = 3) -> None:
    """Press Publish on the Review page until the store says published: a click that lands while the
    page reruns (its small map reports its first state) is lost, as a person would find and click again."""
    for _ in range(tries):
        page.get_by_role("button", name="Publish").first.click()
        deadline = time.time() + 30
        while store.get(submission_id).status != "published" and time.time() < deadline:
            time.sleep(0.2)
        if store.get(submission_id).status == "published":
            return
        page.wait_for_timeout(1000)


def test_a_partner_adds_two_records_with_the_form_a_reviewer_publishes_the_public_sees_them_rounded(setup, browser):  # noqa: F811
    url, store = setup.url, setup.store
    partner = visit(browser, setup, PARTNER)
    try:
        go(partner, url, "/data?lang=en")
        partner.get_by_text("One record at a time").scroll_into_view_if_needed()
        add_record(partner, CLICKED, 1, click_map=True)
        add_record(partner, TYPED, 2, latitude="14.4843", longitude="-4.18296")
        partner.get_by_role("button", name="Submit these 2 records for review").click()
        partner.get_by_text(re.compile("stored for .*waiting for review")).wait_for(timeout=90_000)
    finally:
        partner.context.close()
    [submission] = [s for s in store.list() if s.file_name.startswith("form ")]
    assert (submission.organisation, submission.status, submission.accepted) == ("ACAS", "pending", 2)
    records = Store.records(store, submission.id, status=None).set_index("title")
    clicked = records.loc[CLICKED]
    assert clicked["location_source"] == "record" and 10.1 < clicked["latitude"] < 25.1   # the point clicked, in Mali
    assert records.loc[TYPED, "latitude"] == 14.4843

    reviewer = visit(browser, setup, REVIEWER)
    try:
        go(reviewer, url, "/review?lang=en")
        publish(reviewer, store, submission.id)
    finally:
        reviewer.context.close()
    assert store.get(submission.id).status == "published"

    anonymous = visit(browser, setup)
    try:
        go(anonymous, url, "/map?lang=en")
        shown = popups(anonymous)
        assert CLICKED in shown and TYPED in shown
        frame = next(f for f in anonymous.frames if f != anonymous.main_frame and f.locator("path.leaflet-interactive").count())
        points = frame.evaluate(MARKERS)
        for lat, lon in ((clicked["latitude"], clicked["longitude"]), (14.4843, -4.18296)):
            assert [p for p in points if abs(p[0] - round(lat, 1)) < 1e-6 and abs(p[1] - round(lon, 1)) < 1e-6], (lat, lon)
            assert not [p for p in points if abs(p[0] - lat) < 1e-6 and abs(p[1] - lon) < 1e-6 and round(lat, 1) != lat]
        page_html = " ".join(f.content() for f in anonymous.frames)
        assert f"{clicked['latitude']:.5f}" not in page_html                          # the exact point nowhere
    finally:
        anonymous.context.close()

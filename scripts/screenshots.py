"""Screenshots of every page, as the people in a briefing room and on a phone see them: Debian's
Chromium (never a downloaded browser) on the app at each projector, laptop and phone size, in both
languages. Run from the repository root:

    python scripts/screenshots.py --out /tmp/shots                  # starts the app on a free port
    python scripts/screenshots.py --out /tmp/shots --url http://localhost:8501 --sizes 1366x768
    python scripts/screenshots.py --out docs --readme               # the README's pictures
    python scripts/screenshots.py --out docs --partner              # the template's and the form's

Files are named page_lang_WIDTHxHEIGHT.png. --readme writes docs/screenshot.png (the Overview at
1920x1080) and docs/briefing/screen_N.png (the briefing's six screens at 1920x1080). --partner
writes docs/template.png (a returned submission's template, drawn from the XLSX's own cells,
comments, lists and input messages: no spreadsheet program here) and docs/form.png (the record
form of a partner signed in through the test OpenID Connect provider, a record placed by a click).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

PAGES = {"overview": "/", "map": "/map", "cvr": "/cvr", "sites": "/sites", "trainings": "/trainings",
         "data": "/data", "briefing": "/briefing?screen=1"}
SIZES = ("1920x1080", "1366x768", "1280x720", "390x844")
FINISHED = """() => document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")
                  && !document.querySelector("[data-testid='stSkeleton'], [data-testid='stAppSkeleton']")
                  && !document.querySelector("[data-testid='stStatusWidget']")
                  && !document.querySelector("[data-stale='true']")"""


def settle(page) -> None:
    page.wait_for_selector("h1", timeout=90_000)
    page.wait_for_function(FINISHED, timeout=90_000)
    with contextlib.suppress(Exception):   # best effort: a map's tile that never comes keeps it busy
        page.wait_for_load_state("networkidle", timeout=20_000)
    page.wait_for_timeout(800)   # maps fit themselves to their frame once it has its size


def shoot(browser, url: str, out: Path, pages: dict, sizes, langs, full_page: bool) -> list[Path]:
    written = []
    for size in sizes:
        width, height = (int(v) for v in size.split("x"))
        for lang in langs:
            context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600,
                                          has_touch=width < 600)
            page = context.new_page()
            try:
                for name, path in pages.items():
                    joiner = "&" if "?" in path else "?"
                    page.goto(f"{url}{path}{joiner}lang={lang}", timeout=90_000)
                    settle(page)
                    target = out / f"{name}_{lang}_{size}.png"
                    if full_page:   # Streamlit scrolls its main block, not the document: grow the window to it
                        tall = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
                            "[data-testid='stMain'], [data-testid='stAppScrollToBottomContainer'], section")]
                            .map(e => e.scrollHeight))""")
                        page.set_viewport_size({"width": width, "height": max(height, int(tall) + 40)})
                        page.wait_for_timeout(800)
                    page.screenshot(path=str(target))
                    page.set_viewport_size({"width": width, "height": height})
                    written.append(target)
            finally:
                context.close()
    return written


def readme_pictures(browser, url: str, docs: Path) -> list[Path]:
    """The Overview and the six briefing screens at 1920x1080, in English, for the README."""
    written = []
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(f"{url}/?lang=en", timeout=90_000)
        settle(page)
        page.screenshot(path=str(docs / "screenshot.png"))
        written.append(docs / "screenshot.png")
        (docs / "briefing").mkdir(parents=True, exist_ok=True)
        for n in range(1, 7):
            page.goto(f"{url}/briefing?screen={n}&lang=en", timeout=90_000)
            settle(page)
            target = docs / "briefing" / f"screen_{n}.png"
            page.screenshot(path=str(target))
            written.append(target)
    finally:
        context.close()
    return written


def template_picture(browser, docs: Path) -> Path:
    """docs/template.png: the French template of a returned CVR sheet (SYNTHETIC rows), as its first
    sheet holds it: headers, HXL row, example row, the rows, the rejected one coloured with its
    reason's comment, the region column's list and the input message of its header."""
    import html
    import io
    import tempfile

    import openpyxl
    from fixtures.templates import GOOD_PROJECTS, WRONG_DATE, fill_template

    from geo.read.tables import read_table
    from geo.read.validate import validate_table
    from geo.render.template import correction_template, write_template
    from geo.store import Store, sha256_of

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/store.sqlite")
        path = Path(folder) / "rapport.xlsx"
        path.write_bytes(write_template("cvr_projects", "fr", organisation="ACAS", period="2024-Q1"))
        fill_template(path, "cvr_projects", "fr", [GOOD_PROJECTS[0], WRONG_DATE, *GOOD_PROJECTS[1:3]])
        table = read_table(path)
        first = store.submit(validate_table(table), organisation="ACAS", period="2024-Q1", actor="partner",
                             sha256=sha256_of(path.read_bytes()), raw_table=table)
        store.return_(first.id, "reviewer@example.org", "la date de lancement de la ligne 5 n'existe pas")
        book = openpyxl.load_workbook(io.BytesIO(correction_template(store, first.id, "fr")))
    sheet = book.worksheets[0]
    columns = 10
    rules = {str(r): v for v in sheet.data_validations.dataValidation for r in v.sqref.ranges}
    region_letter = next(c.column_letter for c in sheet[1] if c.value == "Région")
    region_rule = next(v for r, v in rules.items() if r.startswith(f"{region_letter}3:"))
    listed = [c.value for c in book["lists"]["A"][1:] if c.value][:8]
    prompt = rules[f"{region_letter}1"]

    def cell_html(cell) -> str:
        colour = cell.fill.start_color.rgb if cell.fill and cell.fill.fill_type == "solid" else None
        style = f"background:#{str(colour)[-6:]};" if colour else ""
        style += "font-weight:bold;" if cell.font and cell.font.bold else ""
        style += "font-style:italic;color:#555;" if cell.font and cell.font.italic else ""
        value = cell.value
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        mark = "<span class='comment'></span>" if cell.comment else ""
        return f"<td style='{style}'>{mark}{html.escape('' if value is None else str(value))}</td>"

    head = "".join(f"<th>{sheet.cell(1, c).column_letter}</th>" for c in range(1, columns + 1))
    body = "".join(f"<tr><th>{r}</th>{''.join(cell_html(sheet.cell(r, c)) for c in range(1, columns + 1))}</tr>"
                   for r in range(1, 8))
    comment = next(c.comment.text for row in sheet.iter_rows() for c in row if c.comment)
    page = f"""<html><body style="font-family:Calibri,Carlito,Arial,sans-serif;font-size:13px;margin:12px">
    <style>table{{border-collapse:collapse}} td,th{{border:1px solid #c8c8c8;padding:3px 6px;max-width:230px;
    white-space:nowrap;overflow:hidden;text-overflow:ellipsis;position:relative}} th{{background:#f0f0f0;color:#444}}
    .comment{{position:absolute;top:0;right:0;border-top:7px solid #c00000;border-left:7px solid transparent}}
    .row{{display:flex;gap:28px;margin-top:14px;align-items:flex-start}} h4{{margin:0 0 4px 0;font-size:12px;color:#444}}
    .box{{background:#ffffe1;border:1px solid #777;padding:6px 8px;width:300px;white-space:pre-wrap;box-shadow:2px 2px 4px #999}}
    .list{{background:white;border:1px solid #777;width:190px;box-shadow:2px 2px 4px #999}} .list div{{padding:2px 6px}}
    .note{{color:#444;margin-top:14px;font-size:12px}}</style>
    <table><tr><th></th>{head}</tr>{body}</table>
    <div class="row">
      <div><h4>{region_letter}1: input message</h4><div class="box"><b>{html.escape(prompt.promptTitle)}</b>
{html.escape(prompt.prompt)}</div></div>
      <div><h4>{region_letter}3:{region_letter}…: list ({html.escape(region_rule.formula1)})</h4><div class="list">
      {"".join(f"<div>{html.escape(v)}</div>" for v in listed)}<div>…</div></div></div>
      <div><h4>the red corner's comment (row 5)</h4><div class="box">{html.escape(comment)}</div></div>
    </div>
    <p class="note">Drawn from the XLSX's own cells, fills, comment, list and input message by scripts/screenshots.py
    (no spreadsheet program here); Excel shows the input message when the header is selected, the list under the
    cell's arrow, the comment when the red corner is hovered.</p></body></html>"""
    target = docs / "template.png"
    context = browser.new_context(viewport={"width": 1320, "height": 520})
    try:
        tab = context.new_page()
        tab.set_content(page)
        tab.screenshot(path=str(target))
    finally:
        context.close()
    return target


def form_picture(browser, docs: Path) -> Path:
    """docs/form.png: the Data page's record form of a partner signed in through the test provider
    (tests/fixtures/access.toml), one record added, a second placed by a click on the map."""
    import re
    import tempfile

    from servers import free_port, oidc_provider, register, secrets_for, streamlit_app

    target = docs / "form.png"
    with tempfile.TemporaryDirectory() as folder, oidc_provider() as provider:
        port = free_port()
        env = dict(os.environ, DASHBOARD_DB=f"sqlite:///{folder}/store.sqlite", PUBLIC_MODE="0",
                   AUTHLIB_INSECURE_TRANSPORT="1", DASHBOARD_ACCESS=str(ROOT / "tests" / "fixtures" / "access.toml"))
        options = ("--secrets.files", str(secrets_for(provider, port, Path(folder))))
        with streamlit_app(env, options, port=port, host="localhost") as url:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            try:
                page.goto(f"{url}/data?lang=en", timeout=90_000)
                settle(page)
                register(provider, "amadou@acas.test.example", name="Amadou")
                page.wait_for_function("() => window.__dashboardTab === true")   # the tab's script listens
                page.get_by_role("button", name=re.compile("Sign in")).click()
                page.fill("input[name=sub]", "amadou@acas.test.example")
                page.get_by_role("button", name="Authorize").click()
                page.wait_for_url(f"{url}/data?lang=en", timeout=90_000)   # the app brings the tab back
                page.get_by_text("Signed in").first.wait_for(timeout=90_000)
                page.goto(f"{url}/data?lang=en", timeout=90_000)
                settle(page)
                from test_form_browser import add_record

                add_record(page, "SYNTHETIC Atelier de Mopti", 1, latitude="14.4843", longitude="-4.18296")
                page.get_by_label("Title *", exact=True).fill("SYNTHETIC Puits placé sur la carte")
                page.get_by_label("Beneficiaries (people)", exact=True).fill("300")
                page.get_by_label("Beneficiaries (people)", exact=True).press("Enter")
                frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']").first
                box = frame.locator(".leaflet-container").bounding_box()
                frame.locator(".leaflet-container").click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.45})
                page.wait_for_timeout(3000)
                settle(page)
                tall = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
                    "[data-testid='stMain'], [data-testid='stAppScrollToBottomContainer'], section")]
                    .map(e => e.scrollHeight))""")
                page.set_viewport_size({"width": 1366, "height": int(tall) + 40})   # the whole page, unscrolled
                page.wait_for_timeout(2500)
                start = page.get_by_text("One record at a time").bounding_box()
                end = page.get_by_role("button", name=re.compile("Submit th(is|ese)")).bounding_box()
                page.screenshot(path=str(target), clip={"x": 0, "y": start["y"] - 10, "width": 1366,
                                                        "height": end["y"] + end["height"] + 20 - start["y"]})
            finally:
                context.close()
    return target


def main(argv=None) -> int:
    from servers import chromium, streamlit_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--url", help="an app already running (default: start one on a free port)")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--langs", default="fr,en")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    parser.add_argument("--readme", action="store_true", help="write the README's pictures into --out")
    parser.add_argument("--partner", action="store_true", help="write the template's and the form's pictures into --out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.partner:   # an app of its own, with sign-in through the test provider
        with chromium() as browser:
            written = [template_picture(browser, args.out), form_picture(browser, args.out)]
        print("\n".join(str(p) for p in written))
        return 0
    app = contextlib.nullcontext(args.url) if args.url else streamlit_app(dict(os.environ, PUBLIC_MODE="0"))
    with app as url, chromium() as browser:
        if args.readme:
            written = readme_pictures(browser, url, args.out)
        else:
            pages = {name: PAGES[name] for name in args.pages.split(",")}
            written = shoot(browser, url, args.out, pages, args.sizes.split(","), args.langs.split(","),
                            args.full_page)
    print("\n".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

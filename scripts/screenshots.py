"""Screenshots of every page, as the people in a briefing room and on a phone see them: Debian's
Chromium (never a downloaded browser) on the app at each projector, laptop and phone size, in both
languages. Run from the repository root:

    python scripts/screenshots.py --out /tmp/shots                  # starts the app on a free port
    python scripts/screenshots.py --out /tmp/shots --url http://localhost:8501 --sizes 1366x768
    python scripts/screenshots.py --out docs --readme               # the README's pictures

Files are named page_lang_WIDTHxHEIGHT.png. --readme writes docs/screenshot.png (the Overview at
1920x1080) and docs/briefing/screen_N.png (the briefing's six screens at 1920x1080).
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
    page.wait_for_load_state("networkidle", timeout=90_000)
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
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
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

"""What each page costs the server and the link, with the shipped data and with 100k and 300k
published SYNTHETIC records: `streamlit run app.py` on a store holding them, Debian's Chromium
driving it, the server's CPU read from its own accounting and the websocket's frames counted by
Chromium (CDP Network.webSocketFrameReceived).

    python bench/bench_views.py [--records 0 100000 300000] [--views 3] [--view internal|public]

For each size, a new server on a new SQLite store:
1. first view after a restart: the Overview opened by the first viewer of a fresh server (the
   shipped data, the published records and the page's own imports are read then);
2. first view after a publish (sizes above 0): the records are submitted before the server starts
   and published once it has served a first view; the next viewer's Overview;
3. per page: the first view of the page (its figures and tables made once for every viewer), then
   `--views` new sessions of a returning browser (cache warm: median server CPU and websocket bytes
   per view), one new browser (cache cold: Streamlit's front end served again), and one rerun in
   the same session (the region filter set to Gao).

The records are bench/bench_app.py's generator (60% CVR projects, 35% training rows, 5% sites at
gazetteer places, labelled SYNTHETIC), published through the store as a partner's submissions;
nothing is written to data/. The view is the internal one (a field laptop: every table drawn)
unless --view public. Websocket bytes are the frames' payloads as Chromium hands them over
(uncompressed); "deflated" is the same frames through one zlib stream (what
server.enableWebsocketCompression sends, within a few percent).
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import os
import signal
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from bench_serve import cpu_seconds  # noqa: E402 - the bench's own helpers
from servers import CHROMIUM, CHROMIUM_ARGS, free_port, process  # noqa: E402 - the tests' server helpers

PAGES = [("Overview", "/"), ("Map", "/map"), ("CVR projects", "/cvr"), ("Sites", "/sites"),
         ("Trainings", "/trainings"), ("Data", "/data")]
SETTLED = """() => document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")
                   && !document.querySelector("[data-testid='stSkeleton'], [data-testid='stAppSkeleton']")
                   && !document.querySelector("[data-testid='stStatusWidget']")
                   && !document.querySelector("[data-stale='true']")"""


def publish_store(url: str, n: int) -> list[int]:
    """Submit n SYNTHETIC records (bench_app's generator) to the store at `url`, not yet published;
    their submission ids."""
    from bench_app import reports, synthetic_records

    from geo.store import Store

    store = Store.open(url)
    ids = []
    for upload in reports(synthetic_records(n)):
        report = upload["report"]
        report.accepted.insert(0, "row", range(2, len(report.accepted) + 2))
        ids.append(store.submit(report, organisation="SYNTHETIC NGO", period="2024-Q1", actor="bench",
                                sha256=f"bench-{n}-{report.kind}").id)
    return ids


class Wire:
    """The websocket frames and HTTP bytes one page receives (CDP), from the last mark()."""

    def __init__(self):
        self.frames: list[bytes] = []
        self.http = 0

    async def attach(self, page):
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.loadingFinished", self._loaded)
        return cdp

    def _frame(self, event):
        response = event["response"]
        data = response["payloadData"]
        self.frames.append(base64.b64decode(data) if response["opcode"] == 2 else data.encode("utf-8"))

    def _loaded(self, event):
        self.http += int(event.get("encodedDataLength", 0))

    def mark(self):
        self.frames, self.http = [], 0

    def sizes(self) -> tuple[int, int, int]:
        """(websocket payload bytes, the same deflated in one stream, HTTP bytes)."""
        deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        deflated = sum(len(deflate.compress(f)) + len(deflate.flush(zlib.Z_SYNC_FLUSH)) for f in self.frames)
        return sum(map(len, self.frames)), deflated, self.http


async def settle(page, timeout: float, quiet: float = 0.8) -> None:
    """The run has ended and nothing more came for `quiet` seconds (a fragment, a lazy element)."""
    await page.wait_for_function(SETTLED, timeout=timeout * 1000)
    await page.wait_for_timeout(quiet * 1000)
    await page.wait_for_function(SETTLED, timeout=timeout * 1000)


async def view(context, url: str, path: str, pid: int, timeout: float, rerun: bool = False) -> dict:
    """One new session on `path` in `context`: server CPU, websocket and HTTP bytes, seconds until
    settled; with `rerun`, then the region filter set to Gao in the same session, measured apart.
    A view not settled within `timeout` seconds says so (settled False): its CPU and bytes are
    those until then."""
    from playwright.async_api import TimeoutError as Timeout

    page = await context.new_page()
    wire = Wire()
    await wire.attach(page)
    before, started = cpu_seconds(pid), time.perf_counter()
    out = {"settled": True}
    try:
        await page.goto(f"{url}{path}?lang=fr", timeout=timeout * 1000)
        await page.wait_for_selector("h1", timeout=timeout * 1000)
        await settle(page, timeout)
    except Timeout:
        out["settled"] = False
        print(f"    {path}: not settled within {timeout:.0f} s", file=sys.stderr, flush=True)
    out |= {"cpu": cpu_seconds(pid) - before, "seconds": time.perf_counter() - started}
    out["ws"], out["ws_deflated"], out["http"] = wire.sizes()
    if rerun and out["settled"]:
        wire.mark()
        before, started = cpu_seconds(pid), time.perf_counter()
        try:
            box = page.locator(".st-key-f_region input").first
            await box.click()
            await box.fill("Gao")
            await page.keyboard.press("Enter")
            await page.wait_for_timeout(300)
            await settle(page, timeout)
        except Timeout:
            out["settled"] = False
        out["rerun_cpu"], out["rerun_seconds"] = cpu_seconds(pid) - before, time.perf_counter() - started
        out["rerun_ws"], _, _ = wire.sizes()
    await page.close()
    return out


async def measure(url: str, pid: int, views: int, timeout: float, publish) -> dict:
    from playwright.async_api import async_playwright

    viewport = {"viewport": {"width": 1920, "height": 1080}}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            returning = await browser.new_context(**viewport)
            result = {"restart": await view(returning, url, "/", pid, timeout)}
            if publish is not None:
                publish()
                result["publish"] = await view(returning, url, "/", pid, timeout)
            pages = {}
            for _, path in PAGES:
                first = await view(returning, url, path, pid, timeout)
                warm = [await view(returning, url, path, pid, timeout) for _ in range(views)]
                fresh = await browser.new_context(**viewport)
                cold = await view(fresh, url, path, pid, timeout, rerun=True)
                await fresh.close()
                pages[path] = {"first": first, "cold": cold, "settled": all(v["settled"] for v in (first, cold, *warm)),
                               **{k: median(w[k] for w in warm) for k in ("cpu", "ws", "ws_deflated", "seconds")}}
                print(f"    {path}: first {figure(first['cpu'])} s, warm {figure(pages[path]['cpu'], 3)} s, "
                      f"{megabytes(pages[path]['ws'])} MB", file=sys.stderr, flush=True)
            result["pages"] = pages
            await returning.close()
        finally:
            await browser.close()
    return result


def run(n: int, views: int, timeout: float, public: bool) -> dict:
    from geo.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store_url = f"sqlite:///{folder}/store.sqlite"
        Store.open(store_url)
        ids = publish_store(store_url, n) if n else []
        env = dict(os.environ, DASHBOARD_DB=store_url, DASHBOARD_CONFIG=f"{folder}/dashboard.toml",
                   DASHBOARD_ACCESS=f"{folder}/access.toml")
        env.pop("PUBLIC_MODE", None)
        if not public:
            env["INTERNAL_WITHOUT_SIGN_IN"] = "1"
        port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                   "--server.port", str(port), "--browser.gatherUsageStats", "false"]
        url = f"http://127.0.0.1:{port}"

        def publish():
            store = Store.open(store_url)
            for submission in ids:
                store.publish(submission, "bench")

        with process(command, env, f"{url}/_stcore/health") as server:
            return asyncio.run(measure(url, server.pid, views, timeout, publish if ids else None))


def median(values):
    return statistics.median(values)


def figure(value, decimals: int = 2) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


def megabytes(n: float | None) -> str:
    return "–" if n is None else f"{n / 1e6:.2f}"


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))   # stopped: the server is stopped too
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[0, 100_000, 300_000])
    parser.add_argument("--views", type=int, default=3, help="warm views per page (median)")
    parser.add_argument("--view", choices=("internal", "public"), default="internal")
    parser.add_argument("--pages", nargs="+", help="only these paths (/cvr ...)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds a view may take to settle")
    args = parser.parse_args()
    if args.pages:
        PAGES[:] = [(name, path) for name, path in PAGES if path in args.pages]
    results = {}
    for n in args.records:
        print(f"  {n:,} published records ...", file=sys.stderr, flush=True)
        results[n] = run(n, args.views, args.timeout, args.view == "public")
    load = os.getloadavg()[0]
    print(f"\nPage views, {args.view} view, SYNTHETIC records of bench/bench_app.py published in the store "
          f"(0: the shipped data alone), {dt.date.today().isoformat()}, this machine ({os.cpu_count()} cores, "
          f"load {load:.1f}; Chromium on the same machine)")
    base = results[0]["restart"]["cpu"] if 0 in results and results[0]["restart"]["cpu"] else None

    def versus(value):
        return "–" if value is None or base is None else f"{value / base:.1f}x"
    print("\n| records | first view after a restart: server CPU (s) | vs shipped | after a publish (s) | vs shipped |")
    print("|---:|---:|---:|---:|---:|")
    for n, r in results.items():
        after = r.get("publish", {}).get("cpu")
        print(f"| {n:,} | {figure(r['restart']['cpu'])} | {versus(r['restart']['cpu'])} | "
              f"{'–' if 'publish' not in r else figure(after)} | {versus(after)} |")
    print("\n| records | page | first view (s CPU) | warm view (s CPU) | websocket (MB) | deflated (MB) "
          "| cold view (s CPU) | cold HTTP (MB) | rerun (s CPU) | rerun websocket (MB) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, r in results.items():
        for name, path in PAGES:
            p = r["pages"][path]
            name += "" if p["settled"] else " (not settled: see below)"
            print(f"| {n:,} | {name} | {figure(p['first']['cpu'])} | {figure(p['cpu'], 3)} | {megabytes(p['ws'])} | "
                  f"{megabytes(p['ws_deflated'])} | {figure(p['cold']['cpu'])} | {megabytes(p['cold']['http'])} | "
                  f"{figure(p['cold'].get('rerun_cpu'))} | {megabytes(p['cold'].get('rerun_ws'))} |")
    print(f"(warm: median of {args.views} new sessions of a returning browser; cold: a new browser, "
          f"Streamlit's front end served again; not settled: Chromium had not finished drawing the page "
          f"{args.timeout:.0f} s after it was opened, the figures are those until then)")


if __name__ == "__main__":
    main()

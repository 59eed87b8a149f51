"""What page views cost the server: `streamlit run app.py` on a free local port with the shipped
data, Debian's Chromium driving it.

    python bench/bench_serve.py [--views 6] [--sessions 10 20] [--timeout 120]

1. Sequential first views: each of `--views` new app sessions opens the Overview (until its map
   is drawn), then the Map page (until Leaflet has drawn the regions and the symbols); each page
   opened by its link is a new Streamlit session. The server's CPU seconds are read from its own
   accounting (/proc/<pid>/stat, user + system), so the browsers' load does not count; the figure
   is CPU seconds per page view. Twice: with the browser's cache warm (a returning viewer: the
   front end's scripts, about 30 files, are cached for a year) and cold (a browser that never
   opened the app: every script file is served again). A first session, not counted, warms the
   server (the data read once per process).
2. N concurrent sessions (each --sessions value): all open the Overview at once, then the Map; the
   time from the start to each session's map drawn, p50 and p95, and the sessions that did not get
   both pages drawn within --timeout seconds.

Loopback only; bounded in count and time. Target (issue 11): under 0.1 s of server CPU per page view,
and 20 sessions all drawn, none failing.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import this_repository  # noqa: F401 - first: this repository's geo, not an installed copy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from servers import CHROMIUM, CHROMIUM_ARGS, free_port, process  # noqa: E402 - the tests' server helpers

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, from its own accounting."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def overview_then_map(browser, url: str, timeout: float, context=None) -> float:
    """New sessions: Overview drawn, then Map drawn; seconds from start to the map drawn. In a new
    browser context (cold cache) unless `context` is given (its cache warm)."""
    started = time.perf_counter()
    own = context is None
    context = context or await browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = await context.new_page()
        await page.goto(url + "/?lang=fr", timeout=timeout * 1000)
        await page.wait_for_selector(".geo-svg-map svg path", timeout=timeout * 1000)   # the Overview's map
        await page.goto(url + "/map?lang=fr", timeout=timeout * 1000)
        frame = page.frame_locator("iframe").first
        await frame.locator("path.leaflet-interactive").nth(5).wait_for(timeout=timeout * 1000)
        await frame.locator(".geo-symbol").first.wait_for(timeout=timeout * 1000)
        await page.close()
        return time.perf_counter() - started
    finally:
        if own:
            await context.close()


async def run(url: str, pid: int, views: int, sessions: list[int], timeout: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            returning = await browser.new_context(viewport={"width": 1920, "height": 1080})
            await overview_then_map(browser, url, timeout, returning)   # warm-up, not counted
            per_view = {}
            for cache in ("warm", "cold"):
                before = cpu_seconds(pid)
                for _ in range(views):
                    await overview_then_map(browser, url, timeout, returning if cache == "warm" else None)
                per_view[cache] = (cpu_seconds(pid) - before) / (2 * views)
            await returning.close()
            crowds = []
            for n in sessions:
                before = cpu_seconds(pid)
                results = await asyncio.gather(*(overview_then_map(browser, url, timeout) for _ in range(n)),
                                               return_exceptions=True)
                times = sorted(r for r in results if isinstance(r, float))
                failed = len(results) - len(times)
                crowds.append({"sessions": n, "failed": failed, "cpu": cpu_seconds(pid) - before,
                               "p50": statistics.median(times) if times else None,
                               "p95": times[min(len(times) - 1, int(0.95 * len(times)))] if times else None})
        finally:
            await browser.close()
    return {"per_view": per_view, "crowds": crowds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=6, help="sequential sessions (each two page views)")
    parser.add_argument("--sessions", type=int, nargs="*", default=[10, 20])
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, DASHBOARD_DB=f"sqlite:///{folder}/store.sqlite",
                   DASHBOARD_CONFIG=f"{folder}/dashboard.toml", DASHBOARD_ACCESS=f"{folder}/access.toml")
        env.pop("PUBLIC_MODE", None)
        port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                   "--server.port", str(port), "--browser.gatherUsageStats", "false"]
        url = f"http://127.0.0.1:{port}"
        with process(command, env, f"{url}/_stcore/health") as server:
            result = asyncio.run(run(url, server.pid, args.views, args.sessions, args.timeout))
    print(f"\nServer CPU per page view, shipped data, {dt.date.today().isoformat()}, this machine "
          f"({os.cpu_count()} cores; Chromium on the same machine)")
    print("| sequential first views of new sessions | browser cache | server CPU per page view (s) |")
    print("|---:|---|---:|")
    for cache, label in (("warm", "warm (returning viewer)"), ("cold", "cold (first visit ever)")):
        print(f"| {2 * args.views} | {label} | {result['per_view'][cache]:.3f} |")
    print("\n| concurrent sessions (Overview, then Map) | map drawn p50 (s) | p95 (s) | failed | server CPU (s) |")
    print("|---:|---:|---:|---:|---:|")
    for crowd in result["crowds"]:
        p50 = f"{crowd['p50']:.1f}" if crowd["p50"] is not None else "–"
        p95 = f"{crowd['p95']:.1f}" if crowd["p95"] is not None else "–"
        print(f"| {crowd['sessions']} | {p50} | {p95} | {crowd['failed']} | {crowd['cpu']:.1f} |")


if __name__ == "__main__":
    main()

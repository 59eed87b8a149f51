"""Serving a team, measured: deploy/run-servers.sh starting one or two app servers on one PostgreSQL
+ PostGIS database, nginx running deploy/nginx.conf in front (its ports and paths changed, as
tests/test_team.py does), Debian's Chromium opening pages through nginx over HTTPS.

    python bench/bench_team.py [--sessions 20 50] [--views 4] [--timeout 300]

1. Crowds: for one server, then two, each --sessions value of new browsers opens the Overview (until
   its map is drawn), then the Map page (until Leaflet drew the regions and the symbols), all at
   once, as bench/bench_serve.py does: the time from the start to each session's map drawn, p50 and
   p95, the sessions that did not get both pages drawn within --timeout seconds, and the app
   servers' CPU seconds (their own accounting, /proc/<pid>/stat: neither nginx's nor the browsers').
   nginx spreads new browsers over the servers by its random cookie.
2. The static cache: --views sequential cold views (a browser that never opened the app) through
   nginx with its cache filled, against the same views straight to an app server (no proxy, so no
   cache): the app server's CPU seconds per page view.

Every server and every browser is on this one machine (Chromium's windows take most of its cores:
the times say what a crowd costs this machine, the CPU what it costs the app servers). Loopback only;
bounded in count and time.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
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
from bench_serve import cpu_seconds, overview_then_map  # noqa: E402 - the single server's benchmark
from servers import (  # noqa: E402 - the tests' server helpers
    CHROMIUM,
    CHROMIUM_ARGS,
    fetch,
    free_port,
    nginx_in_front,
    run_servers,
    secrets_for,
    server_on_port,
)

from geo.store.local_server import local_postgres  # noqa: E402


def server_pids(runner, ports: list[int]) -> list[int]:
    """The app servers' process ids: with one port deploy/run-servers.sh becomes the server."""
    return [runner.pid] if len(ports) == 1 else [server_on_port(runner, port) for port in ports]


def cpu_of(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def wait_through(url: str, seconds: float = 60) -> None:
    """Until nginx reaches an app server (it passes over one that refused while starting for 10 s)."""
    deadline = time.time() + seconds
    while True:
        with contextlib.suppress(OSError):
            if fetch(f"{url}/_stcore/health")[0] == 200:
                return
        if time.time() > deadline:
            raise RuntimeError(f"{url} does not reach an app server")
        time.sleep(0.5)


async def crowd(browser, url: str, n: int, timeout: float, pids: list[int]) -> dict:
    before = cpu_of(pids)
    results = await asyncio.gather(*(overview_then_map(browser, url, timeout) for _ in range(n)),
                                   return_exceptions=True)
    times = sorted(r for r in results if isinstance(r, float))
    return {"sessions": n, "failed": len(results) - len(times), "cpu": cpu_of(pids) - before,
            "p50": statistics.median(times) if times else None,
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))] if times else None}


async def cold_views(browser, url: str, views: int, timeout: float, pids: list[int]) -> float:
    """CPU seconds of the app servers per page view, for `views` sequential new browsers."""
    before = cpu_of(pids)
    for _ in range(views):
        await overview_then_map(browser, url, timeout)
    return (cpu_of(pids) - before) / (2 * views)


async def measure(team: dict, sessions: list[int], views: int, timeout: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--ignore-certificate-errors"])
        try:
            url, pids = team["url"], team["pids"]
            for _ in pids:   # warm-up, not counted: every server reads its data once, nginx caches /static/
                await overview_then_map(browser, url, timeout)
            result = {"crowds": [await crowd(browser, url, n, timeout, pids) for n in sessions]}
            if team.get("direct"):
                result["cold_cached"] = await cold_views(browser, url, views, timeout, pids)
                result["cold_direct"] = await cold_views(browser, team["direct"], views, timeout, pids)
        finally:
            await browser.close()
    return result


def run_team(servers: int, pg_url: str, folder: Path, sessions: list[int], views: int, timeout: float) -> dict:
    ports = [free_port() for _ in range(servers)]
    with nginx_in_front(ports) as (url, _):
        secrets = secrets_for("http://127.0.0.1:9", int(url.rsplit(":", 1)[1]), folder, scheme="https")
        settings = folder / "dashboard.env"
        settings.write_text(f"DASHBOARD_DB={pg_url}\nDASHBOARD_ACCESS={folder / 'access.toml'}\n"
                            f"DASHBOARD_SECRETS={secrets}\n")
        env = dict(os.environ, DASHBOARD_CONFIG=str(folder / "dashboard.toml"))
        env.pop("PUBLIC_MODE", None)
        with run_servers(ports, settings, folder / f"servers-{servers}.log", env) as runner:
            wait_through(url)
            time.sleep(10)   # the servers that refused nginx while starting are tried again
            team = {"url": url, "pids": server_pids(runner, ports),
                    "direct": f"http://127.0.0.1:{ports[0]}" if servers == 1 else None}
            return asyncio.run(measure(team, sessions, views, timeout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="*", default=[20, 50])
    parser.add_argument("--views", type=int, default=4, help="sequential cold sessions (each two page views)")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, local_postgres(durable=True) as pg:
        results = {n: run_team(n, pg.url, Path(folder), args.sessions, args.views, args.timeout) for n in (1, 2)}
    print(f"\nServing a team through nginx, shipped data, {dt.date.today().isoformat()}, this machine "
          f"({os.cpu_count()} cores; PostgreSQL, nginx, the app servers and Chromium on the same machine)")
    print("| app servers | concurrent sessions (Overview, then Map) | map drawn p50 (s) | p95 (s) | failed "
          "| app servers' CPU (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for servers, result in results.items():
        for c in result["crowds"]:
            p50 = f"{c['p50']:.1f}" if c["p50"] is not None else "–"
            p95 = f"{c['p95']:.1f}" if c["p95"] is not None else "–"
            print(f"| {servers} | {c['sessions']} | {p50} | {p95} | {c['failed']} | {c['cpu']:.1f} |")
    one = results[1]
    print(f"\n| cold views ({2 * args.views} page views, new browsers) | app server CPU per page view (s) |")
    print("|---|---:|")
    print(f"| through nginx, its static cache filled | {one['cold_cached']:.3f} |")
    print(f"| straight to the app server (no proxy cache) | {one['cold_direct']:.3f} |")


if __name__ == "__main__":
    main()

"""Real servers the browser tests talk to: `streamlit run app.py` and a local OpenID Connect provider
(the PyPI package oidc-provider-mock), each on a free local port, stopped at the end."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Debian's chromium, headless, with no call home (the machine's network is closed).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def register(provider: str, email: str, verified: bool = True, **claims) -> None:
    """Tell the test provider who `email` is: its claims, `email_verified` among them (the provider
    sends what it is told; a real one says whether it checked the address)."""
    body = json.dumps({"email": email, "email_verified": verified, **claims}).encode("utf-8")
    request = urllib.request.Request(f"{provider}/users/{urllib.parse.quote(email)}", data=body, method="PUT",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 204, answer.status


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(proc: subprocess.Popen, url: str, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            output = proc.stdout.read().decode(errors="replace")[-2000:] if proc.stdout else ""
            raise RuntimeError(f"{url} did not come up: {output}")
        time.sleep(0.3)


@contextlib.contextmanager
def process(command: list[str], env: dict, health_url: str):
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_until_up(proc, health_url)
        yield proc
    finally:
        # The group may already be gone (a child that failed to start): the error that matters is
        # the one wait_until_up raised, with the child's output, not "no such process".
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def streamlit_app(env: dict | None = None, options: tuple[str, ...] = (), port: int | None = None,
                  host: str = "127.0.0.1"):
    """`streamlit run app.py` with `env` as its whole environment (default: this process's) and
    extra command-line `options`; yields its base URL."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false", *options]
    with process(command, dict(os.environ) if env is None else env, f"http://{host}:{port}/_stcore/health"):
        yield f"http://{host}:{port}"


@contextlib.contextmanager
def oidc_provider():
    """A local OpenID Connect provider for testing: any client id and secret are accepted; at its
    authorisation page one types the user's e-mail (its subject) and presses Authorize."""
    port = free_port()
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--host", "127.0.0.1"]
    url = f"http://localhost:{port}"
    with process(command, dict(os.environ), f"{url}/.well-known/openid-configuration"):
        yield url


def secrets_for(provider: str, app_port: int, folder: Path, cookie_secret: str | None = None) -> Path:
    """A secrets.toml with the [auth] section for `provider` (written in a test folder, never in
    the repository); its cookie secret is random unless the test gives one."""
    path = folder / "secrets.toml"
    path.write_text(f"""[auth]
redirect_uri = "http://localhost:{app_port}/oauth2callback"
cookie_secret = "{cookie_secret or secrets.token_hex(32)}"
client_id = "dashboard-tests"
client_secret = "tests-only-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    return path


@contextlib.contextmanager
def chromium():
    """Debian's chromium driven by Playwright (never a downloaded browser), closed at the end. Never
    skipped: the README's test command installs it."""
    from playwright import sync_api

    assert os.path.exists(CHROMIUM), "the browser tests need Debian's chromium: apt-get install chromium"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


"""Real servers the browser tests talk to: `streamlit run app.py` and a local OpenID Connect provider
(the PyPI package oidc-provider-mock), each on a free local port, stopped at the end."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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
def process(command: list[str], env: dict, health_url: str, output: Path | None = None):
    """Run `command` in its own process group until the end of the block, up when `health_url`
    answers; its output to the file `output` (read when it fails to start) or a pipe."""
    log = open(output, "wb") if output else None   # noqa: SIM115 - open for the whole block
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        try:
            wait_until_up(proc, health_url)
        except RuntimeError as err:
            raise RuntimeError(f"{err} {output.read_text(errors='replace')[-3000:] if output else ''}") from None
        yield proc
    finally:
        stop_group(proc)
        if log:
            log.close()


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a child started in its own session, and its children: TERM, then KILL after 15 s. The
    group may already be gone (a child that failed to start): the error that matters is the one the
    caller raised, with the child's output, not "no such process"."""
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


def secrets_for(provider: str, app_port: int, folder: Path, cookie_secret: str | None = None,
                scheme: str = "http") -> Path:
    """A secrets.toml with the [auth] section for `provider` (written in a test folder, never in
    the repository), for the app at `scheme`://localhost:`app_port`; its cookie secret is random
    unless the test gives one."""
    path = folder / "secrets.toml"
    path.write_text(f"""[auth]
redirect_uri = "{scheme}://localhost:{app_port}/oauth2callback"
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



# -- the team of "Serving a team": nginx from deploy/nginx.conf in front of app servers -----------

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
DEPLOY = ROOT / "deploy"
# deploy/nginx.conf's ports and paths, each written once there, and what a test puts in their place.
CONF_PORTS = {"https": "listen 443 ssl;", "http": "listen 80;"}
CONF_UPSTREAMS = ("server 127.0.0.1:8501 ", "server 127.0.0.1:8502 ")
CONF_PATHS = {"cert": "/etc/ssl/certs/dashboard.example.org.pem", "key": "/etc/ssl/private/dashboard.example.org.key",
              "cache": "/var/cache/nginx/mali-dashboard", "log": "/var/log/nginx/mali-dashboard.access.log"}
# The main file around it, as /etc/nginx/nginx.conf is (that includes conf.d/), in a test's own folder.
NGINX_MAIN = """daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/mali-dashboard.conf;
}}
"""


def self_signed_certificate(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A certificate for `host` valid for a day, and its key (the browser is told to accept it)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
                   .sign(key, hashes.SHA256()))
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert, private


def deploy_nginx_conf(folder: Path, app_ports: list[int], https_port: int, http_port: int) -> str:
    """deploy/nginx.conf with its ports and paths changed, nothing else: listening on this machine
    only, in front of the app servers on `app_ports` (one or two), its cache, log and certificate
    in `folder`. Fails when the file no longer holds what is changed."""
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    cert, key = self_signed_certificate(folder)
    changes = {CONF_PORTS["https"]: f"listen 127.0.0.1:{https_port} ssl;",
               CONF_PORTS["http"]: f"listen 127.0.0.1:{http_port};",
               CONF_PATHS["cert"]: str(cert), CONF_PATHS["key"]: str(key), CONF_PATHS["cache"]: str(folder / "cache"),
               CONF_PATHS["log"]: str(folder / "access.log")}
    for line, port in zip(CONF_UPSTREAMS, app_ports, strict=False):
        changes[line] = f"server 127.0.0.1:{port} "
    for old, new in changes.items():
        assert text.count(old) == 1, f"deploy/nginx.conf no longer holds {old!r} once"
        text = text.replace(old, new)
    if len(app_ports) < len(CONF_UPSTREAMS):   # fewer servers: their lines go
        text = "\n".join(line for line in text.splitlines() if not line.strip().startswith(CONF_UPSTREAMS))
    assert "/etc/ssl" not in text and "/var/" not in text, "a path of deploy/nginx.conf is not changed for the test"
    return text


def fetch(url: str, headers: dict | None = None, data: bytes | None = None, method: str | None = None):
    """(status, headers, body) of one HTTP(S) request; the test's own certificate accepted, redirects
    not followed, errors answered like any other status."""
    import ssl
    import urllib.error

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@contextlib.contextmanager
def nginx_in_front(app_ports: list[int]):
    """Debian's nginx (the README's test command installs it) running deploy/nginx.conf in front of
    the app servers on `app_ports`, in the foreground with its own folder (its files, cache and
    logs); yields (its https URL, that folder). The app servers need not be up yet."""
    assert os.path.exists(NGINX), "the team's tests need Debian's nginx: apt-get install nginx"
    folder = Path(tempfile.mkdtemp(prefix="geo-nginx-"))
    folder.chmod(0o755)   # as root, nginx's workers run as nobody: they read and write in here
    https_port, http_port = free_port(), free_port()
    (folder / "mali-dashboard.conf").write_text(deploy_nginx_conf(folder, app_ports, https_port, http_port))
    (folder / "nginx.conf").write_text(NGINX_MAIN.format(folder=folder))
    proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"https://localhost:{https_port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                fetch(f"{url}/nginx-is-up")
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
                    raise RuntimeError(f"nginx did not start: {log[-2000:]}") from None
                time.sleep(0.2)
        yield url, folder
    finally:
        stop_group(proc)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def run_servers(ports: list[int], settings: Path, output: Path, env: dict | None = None):
    """deploy/run-servers.sh PORT... with its settings file (DASHBOARD_ENV) and this Python, their
    output to the file `output`, until the end of the block; yields the script's process once every
    server answers."""
    env = dict(os.environ if env is None else env, DASHBOARD_ENV=str(settings), DASHBOARD_PYTHON=sys.executable)
    command = [str(DEPLOY / "run-servers.sh"), *map(str, ports)]
    with process(command, env, f"http://127.0.0.1:{ports[0]}/_stcore/health", output) as proc:
        for port in ports[1:]:
            wait_until_up(proc, f"http://127.0.0.1:{port}/_stcore/health")
        yield proc


def server_on_port(runner: subprocess.Popen, port: int) -> int:
    """The process id of the app server that deploy/run-servers.sh (`runner`) started on `port`."""
    children = Path(f"/proc/{runner.pid}/task/{runner.pid}/children").read_text().split()
    for pid in map(int, children):
        with contextlib.suppress(OSError):
            arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"--server.port" in arguments and arguments[arguments.index(b"--server.port") + 1] == str(port).encode():
                return pid
    raise LookupError(f"no app server on port {port} among {children}")


def back_at(address: str, start: str) -> bool:
    """True when `address` is the page `start` names, with every parameter `start` gives."""
    here, there = urllib.parse.urlsplit(address), urllib.parse.urlsplit(start)
    wanted = urllib.parse.parse_qsl(there.query)
    return here.path.rstrip("/") == there.path.rstrip("/") and set(wanted) <= set(urllib.parse.parse_qsl(here.query))

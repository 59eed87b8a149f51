"""The server as a newcomer starts it: `streamlit run app.py` with no option and no setting at all
listens on this machine only (the repository's .streamlit/config.toml) and shows everyone the
public view: no exact site position, whatever is configured or not."""
from pathlib import Path

from playwright import sync_api
from servers import CHROMIUM, CHROMIUM_ARGS, streamlit_app

LISTEN = "0A"   # TCP state in /proc/net/tcp
# The environment of a fresh shell: no PUBLIC_MODE, no DASHBOARD_* settings, no secrets.
BARE = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as the kernel writes them) of the sockets listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == LISTEN:
                found.add(address)
    return found


def test_with_no_configuration_the_app_listens_on_localhost_and_shows_the_public_view(site_patterns):
    import sys

    env = dict(BARE, PATH=f"{Path(sys.executable).parent}:{BARE['PATH']}")
    with streamlit_app(env) as url:
        port = int(url.rsplit(":", 1)[1])
        addresses = listening_addresses(port)
        assert addresses, "the server never listened"
        # 127.0.0.1 is 0100007F; ::1 is 00000000000000000000000001000000; never 0.0.0.0 or ::
        assert addresses <= {"0100007F", "00000000000000000000000001000000"}, addresses
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url + "/sites?lang=en", timeout=90_000)
            page.frame_locator("iframe").first.locator("path.leaflet-interactive").nth(5).wait_for(timeout=90_000)
            assert "PUBLIC" in page.locator("[data-testid='stSidebar']").inner_text()
            shown = page.content() + " ".join(f.content() for f in page.frames)
            assert not [p.pattern for p in site_patterns if p.search(shown)]
            browser.close()
        assert "permessage-deflate" in websocket_extensions(port)   # the page's messages travel compressed


def websocket_extensions(port: int) -> str:
    """The extensions the app's websocket agrees to when a browser offers compression."""
    import socket

    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               f"Sec-WebSocket-Extensions: permessage-deflate\r\nSec-WebSocket-Protocol: streamlit\r\n"
               f"Origin: http://127.0.0.1:{port}\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode())
        answer = connection.recv(4096).decode(errors="replace")
    return " ".join(line for line in answer.splitlines() if line.lower().startswith("sec-websocket-extensions"))

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "sources"   # the source documents, shipped with the repository
os.environ.pop("PUBLIC_MODE", None)  # tests set public mode explicitly where they need it
# The session's own settings file (none) and store (empty), never the developer's: a test that needs
# them sets its own.
_SESSION = tempfile.mkdtemp(prefix="geo-tests-")
os.environ["DASHBOARD_CONFIG"] = os.path.join(_SESSION, "dashboard.toml")
os.environ["DASHBOARD_DB"] = f"sqlite:///{os.path.join(_SESSION, 'store.sqlite')}"
os.environ["DASHBOARD_ACCESS"] = str(Path(__file__).resolve().parent / "fixtures" / "access.toml")
# The people of fixtures/access.toml, as AppTest's st.user (signed in through the provider).
USERS = {role: {"is_logged_in": True, "email": email, "name": role.title()} for role, email in (
    ("analyst", "analyst@test.example"), ("reviewer", "reviewer@test.example"), ("admin", "admin@test.example"),
    ("viewer", "viewer@test.example"), ("partner", "amadou@acas.test.example"),
    ("partner_graip", "awa@graip.test.example"))}


@pytest.fixture(scope="session")
def site_patterns(dataset):
    """Every exact site position of the shipped data as an output could write it (3 to 6 decimals,
    or Python's repr), as whole numbers: 1.409 matches in '1.409,' but not in '21.4093'."""
    import re

    placed = dataset.sites[dataset.sites["latitude"].notna()]
    assert len(placed) >= 7          # all but the two Ménaka sites, which no gazetteer holds
    values = set(placed["latitude"].astype(float)) | set(placed["longitude"].astype(float))
    texts = {f"{v:.{d}f}" for v in values for d in (3, 4, 5, 6)} | {repr(v) for v in values}
    return [re.compile(r"(?<![\d.])" + re.escape(text) + r"(?!\d)") for text in texts]


@pytest.fixture(scope="session")
def dataset():
    from geo.model.dataset import load_dataset

    return load_dataset()


PG_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL 15 server with PostGIS 3, started for this test session in a temporary folder
    on a free local port (Debian's postgresql-15 and postgresql-15-postgis-3, which the README's test
    command installs), stopped and removed at the end. Its URL is a SQLAlchemy URL for psycopg."""
    import shutil
    import socket
    import subprocess
    import tempfile

    assert (PG_BIN / "initdb").exists(), "the store tests need apt-get install postgresql-15 postgresql-15-postgis-3"
    folder = Path(tempfile.mkdtemp(prefix="geo-postgres-"))
    as_postgres = []
    if os.geteuid() == 0:   # initdb refuses to run as root: the cluster belongs to the postgres user
        shutil.chown(folder, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = folder / "data"

    def pg(*args):
        subprocess.run([*as_postgres, *map(str, args)], check=True, capture_output=True, timeout=120)

    pg(PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
       "--no-instructions")
    pg(PG_BIN / "pg_ctl", "-D", data, "-w", "-l", folder / "server.log", "-o",
       f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start")
    try:
        pg(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "dashboard")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/dashboard"
    finally:
        subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

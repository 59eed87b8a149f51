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
USERS = {role: {"is_logged_in": True, "email": email, "email_verified": True, "name": role.title()} for role, email in (
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


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL 15 server with PostGIS 3, started for this test session in a temporary folder
    on a free local port (Debian's postgresql-15 and postgresql-15-postgis-3, which the README's test
    command installs), stopped and removed at the end."""
    from geo.store.local_server import temporary_postgres

    with temporary_postgres() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium for the browser tests of one module (tests/servers.py: never downloaded)."""
    from servers import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def shots(request, tmp_path_factory):
    """A folder for a module's screenshots, copied to $SCREENSHOT_DIR at the end when it is set."""
    import shutil

    folder = tmp_path_factory.mktemp(request.module.__name__.rpartition(".")[2] + "_screenshots")
    yield folder
    keep = os.environ.get("SCREENSHOT_DIR")
    if keep:
        shutil.copytree(folder, keep, dirs_exist_ok=True)

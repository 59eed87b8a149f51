"""The database a store URL names: its SQLAlchemy engine (SQLite's pragmas) and its schema brought up
to date by the Alembic migrations of geo/store/migrations."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from geo.paths import ROOT
from geo.settings import text_setting

DEFAULT_PATH = ROOT / "var" / "store.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def store_url() -> str:
    """DASHBOARD_DB, else store_url in dashboard.toml, else the default SQLite file."""
    return text_setting("store_url", "DASHBOARD_DB") or f"sqlite:///{DEFAULT_PATH}"


def engine_for(url: str) -> sa.Engine:
    """The engine of the database at `url`; an SQLite file (and its folder) is created on first use."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(connection, _record):   # readers never wait for a writer; writers wait their turn
            cursor = connection.cursor()
            for pragma in ("journal_mode=WAL", "busy_timeout=60000", "foreign_keys=ON", "synchronous=NORMAL"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` of geo/store/migrations (the latest by default)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":   # two servers starting at once migrate in turn
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(20171106)"))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

"""The database a store URL names: its SQLAlchemy engine (SQLite's pragmas), its write transactions
and locks, and its schema brought up to date by the Alembic migrations of geo/store/migrations.

A change of status reads and then writes (is another submission of this scope published?), so two
reviewers at once must take turns: `writing` begins an SQLite transaction with BEGIN IMMEDIATE (the
write lock at once, not at the first write as pysqlite would), and `hold_lock` takes a PostgreSQL
advisory lock until the transaction ends.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat
from contextlib import AbstractContextManager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from geo.paths import ROOT
from geo.settings import text_setting

log = logging.getLogger("dashboard.store")

DEFAULT_PATH = ROOT / "var" / "store.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WRITES = "store_writes"   # the execution option of a transaction that writes
CONNECT_TIMEOUT = 10      # seconds to reach a PostgreSQL server before saying it does not answer


def store_url() -> str:
    """DASHBOARD_DB, else store_url in dashboard.toml, else the default SQLite file."""
    return text_setting("store_url", "DASHBOARD_DB") or f"sqlite:///{DEFAULT_PATH}"


def engine_for(url: str) -> sa.Engine:
    """The engine of the database at `url`; an SQLite file (and its folder) is created on first use."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            _create_for_the_owner(Path(path))
        engine = sa.create_engine(url, connect_args={"timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(connection, _record):   # readers never wait for a writer; writers wait their turn
            connection.isolation_level = None   # pysqlite begins nothing: _begin below does (SQLAlchemy's recipe)
            cursor = connection.cursor()
            for pragma in ("journal_mode=WAL", "busy_timeout=60000", "foreign_keys=ON", "synchronous=NORMAL"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(connection):   # a writer takes the write lock before it reads what it decides on
            connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITES) else "BEGIN")
        return engine
    # A database host that does not answer (down, out of reach) is said so within seconds rather than
    # after the system's TCP retries (minutes): the app shows its sentence, the command line its error.
    # A connect_timeout in the URL wins.
    named = sa.engine.make_url(url)
    waits = ({"connect_timeout": CONNECT_TIMEOUT}
             if named.get_backend_name() == "postgresql" and "connect_timeout" not in named.query else {})
    return sa.create_engine(url, pool_pre_ping=True, connect_args=waits)


def _create_for_the_owner(path: Path) -> None:
    """The SQLite file (and its folder, when missing) created readable by its owner only: the store
    holds exact site positions and people's e-mails. SQLite gives its -wal and -shm files the
    database file's permissions. An existing file is left as it is, with a warning when every local
    account may read it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))   # SQLite takes an empty file as new
    except FileExistsError:
        if path.stat().st_mode & stat.S_IROTH:
            log.warning("%s can be read by every account of this machine: chmod 600 it (and its -wal and -shm "
                        "files) unless that is meant", path)


def writing(engine: sa.Engine) -> AbstractContextManager[sa.Connection]:
    """A transaction that writes (engine.begin() for writers): on SQLite it holds the write lock from
    its first statement, so what it read is still true when it writes; other writers wait their turn
    (busy_timeout), readers do not wait (WAL)."""
    return engine.execution_options(**{WRITES: True}).begin()


def hold_lock(c: sa.Connection, *name: str) -> None:
    """On PostgreSQL, wait for and hold until the end of this transaction the lock these words name
    (an advisory lock on a hash of them); SQLite's writer already holds the whole database."""
    if c.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256("\x1f".join(name).encode()).digest()[:8], "big", signed=True)
        c.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` of geo/store/migrations (the latest by default).

    On SQLite foreign keys are off while migrating: a migration that rebuilds a table (batch mode)
    drops it, and with them on, dropping the submissions would delete every record with them. They
    are checked before the migration commits, and on again after."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:   # outside a transaction, where SQLite ignores it
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.execution_options(**{WRITES: True}).begin():
                if engine.dialect.name == "postgresql":   # two servers starting at once migrate in turn
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(20171106)"))
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
                    raise RuntimeError(f"the migration to {revision} would break {len(broken)} references: {broken[:3]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")

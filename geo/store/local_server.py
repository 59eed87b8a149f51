"""A throwaway PostgreSQL 15 + PostGIS 3 server in a temporary folder, on a free local port: what the
tests and the store benchmark run against (Debian's postgresql-15 and postgresql-15-postgis-3).
initdb refuses to run as root, so as root the cluster belongs to the postgres user.

    with temporary_postgres() as url:        # postgresql+psycopg://postgres@127.0.0.1:PORT/dashboard
        store = Store.open(url)

    with local_postgres() as server:         # the same, with the server in hand: stop it, start it again
        server.stop(); server.start()
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Debian's place for PostgreSQL 15's programs; PG_BIN points elsewhere (another system's packages).
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


class LocalPostgres:
    """A cluster in `folder` listening on 127.0.0.1:`port`; `url` names its database. Without fsync
    unless `durable` (see local_postgres)."""

    def __init__(self, folder: Path, port: int, database: str, durable: bool = False):
        self.folder, self.port, self.database, self.durable = folder, port, database, durable
        self.data = folder / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args, check: bool = True):
        return subprocess.run([*self._as_postgres, *map(str, args)], check=check, capture_output=True, timeout=120)

    def start(self) -> None:
        """Start the server and wait until it accepts connections (again, after stop)."""
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-w", "-l", self.folder / "server.log", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
                  f"{'' if self.durable else ' -c fsync=off'} -c max_connections=50", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` ends every session and rolls back what they had begun (a restart);
        `immediate` as if the machine lost power (recovered from the log at the next start)."""
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-w", "-m", mode, "stop", check=False)


@contextlib.contextmanager
def local_postgres(database: str = "dashboard", durable: bool = False) -> Iterator[LocalPostgres]:
    """Start a cluster, create `database`, yield the LocalPostgres; stop and remove it at the end.
    The tests' server skips fsync (nothing in it outlives the run); `durable` keeps PostgreSQL's
    default (fsync on), as a server that keeps data runs: what a benchmark must measure."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError("PostgreSQL 15 is not installed: apt-get install postgresql-15 postgresql-15-postgis-3")
    folder = Path(tempfile.mkdtemp(prefix="geo-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = LocalPostgres(folder, port, database, durable)
    server._run(PG_BIN / "initdb", "-D", server.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                "--no-instructions")
    server.start()
    try:
        server._run(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", database)
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def temporary_postgres(database: str = "dashboard", durable: bool = False) -> Iterator[str]:
    """Start a cluster, create `database`, yield its SQLAlchemy URL; stop and remove it at the end
    (local_postgres, for a caller that needs only the address)."""
    with local_postgres(database, durable) as server:
        yield server.url

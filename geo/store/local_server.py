"""A throwaway PostgreSQL 15 + PostGIS 3 server in a temporary folder, on a free local port: what the
tests and the store benchmark run against (Debian's postgresql-15 and postgresql-15-postgis-3).
initdb refuses to run as root, so as root the cluster belongs to the postgres user.

    with temporary_postgres() as url:        # postgresql+psycopg://postgres@127.0.0.1:PORT/dashboard
        store = Store.open(url)
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


@contextlib.contextmanager
def temporary_postgres(database: str = "dashboard", durable: bool = False) -> Iterator[str]:
    """Start a cluster, create `database`, yield its SQLAlchemy URL; stop and remove it at the end.
    The tests' server skips fsync (nothing in it outlives the run); `durable` keeps PostgreSQL's
    default (fsync on), as a server that keeps data runs: what a benchmark must measure."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError("PostgreSQL 15 is not installed: apt-get install postgresql-15 postgresql-15-postgis-3")
    folder = Path(tempfile.mkdtemp(prefix="geo-postgres-"))
    as_postgres = []
    if os.geteuid() == 0:
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
       f"-p {port} -k {folder} -c listen_addresses=127.0.0.1{'' if durable else ' -c fsync=off'} -c max_connections=50",
       "start")
    try:
        pg(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", database)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

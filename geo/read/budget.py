"""A time and memory budget for reading a file: the work runs in a worker process with a deadline
and a memory ceiling, so that no file can hold the server longer than the budget. On expiry the
worker is killed and one sentence says so; nothing is kept.

The worker is a fresh `python -m geo.read.budget` process (not a fork of the server, whose threads
must not be copied): it sets its own memory ceiling, reads the bytes it is given on stdin and hands
back the result, pickled, on stdout. The app's upload panel reads every file this way; the command
line reads in its own process (the operator can stop it), and the reader's limits
(geo.read.tables) apply to both.

>>> table = read_table_within(b"Titre;Region\\nRoute;Gao\\n", "petit.csv")
>>> list(table.frame.columns)
['Titre', 'Region']
"""
from __future__ import annotations

import pickle
import resource
import subprocess
import sys

from geo.messages import Message
from geo.read.tables import ReadError

READ_SECONDS = 60        # what a 50 MB file may take on a slow laptop, with room
READ_MEMORY_MB = 3072    # the worker's address space
READERS = {"table": ("geo.read.tables", "read_table"), "boundaries": ("geo.read.boundaries", "read_boundary_file")}


def run_within(reader: str, data: bytes, name: str, seconds: float = READ_SECONDS,
               memory_mb: int = READ_MEMORY_MB):
    """READERS[reader](data, name) in a worker with a deadline and a memory ceiling: its result, or a
    ReadError naming the file and the limit it passed. Another failure comes back as RuntimeError."""
    command = [sys.executable, "-m", "geo.read.budget", reader, name, str(memory_mb)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=seconds)
    except subprocess.TimeoutExpired:   # run() has killed the worker
        raise ReadError(Message("read_budget", name=name, seconds=f"{seconds:g}")) from None
    try:
        status, value = pickle.loads(done.stdout)   # our own worker's answer
    except Exception:  # noqa: BLE001 - no answer: it died, at the memory ceiling most often
        status, value = "crashed", done.stderr.decode(errors="replace")[-300:]
    if status == "ok":
        return value
    if status == "read_error":
        raise ReadError(value)
    if status in ("memory", "crashed"):
        raise ReadError(Message("read_memory" if status == "memory" else "read_crashed", name=name, limit=memory_mb))
    raise RuntimeError(value)


def read_table_within(data: bytes, name: str, seconds: float = READ_SECONDS, memory_mb: int = READ_MEMORY_MB):
    """geo.read.tables.read_table of an uploaded file's bytes, within the budget."""
    return run_within("table", data, name, seconds, memory_mb)


def read_boundaries_within(data: bytes, name: str, seconds: float = READ_SECONDS, memory_mb: int = READ_MEMORY_MB):
    """geo.read.boundaries.read_boundary_file of an uploaded file's bytes, within the budget."""
    return run_within("boundaries", data, name, seconds, memory_mb)


def _worker(reader: str, name: str, memory_mb: int) -> None:
    import importlib

    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    module, function = READERS[reader]
    try:
        answer = ("ok", getattr(importlib.import_module(module), function)(sys.stdin.buffer.read(), name))
    except ReadError as err:
        answer = ("read_error", err.args[0])
    except MemoryError:
        answer = ("memory", None)
    except Exception as err:  # noqa: BLE001 - the parent turns it into one sentence
        answer = ("error", f"{type(err).__name__}: {str(err)[:200]}")
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], int(sys.argv[3]))

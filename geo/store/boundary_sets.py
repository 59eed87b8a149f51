"""The organisation's boundary set, chosen once for everyone: an admin sets a file (OCHA's COD-AB,
geoBoundaries...) and every session, app server and command uses it, until another is set or an
earlier one restored. Every set is kept, byte for byte, with its SHA-256, who set it and when, its
source and licence; each change is a line of the audit log and bumps the boundaries version (the
app keys its shared dataset by it, as by the data version). Set 0 is the shipped Natural Earth set,
the default until an admin sets another.

>>> import tempfile, pathlib
>>> from geo.store import Store
>>> store = Store.open(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'store.sqlite'}")
>>> store.active_boundary_set() is None, store.boundaries_version(), store.active_boundaries().info["name"]
(True, 0, 'Natural Earth admin-1 (1:10m)')
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from geo.messages import Message
from geo.printable import one_line
from geo.store import tables as T
from geo.store.database import hold_lock, writing

if TYPE_CHECKING:
    from geo.read.boundaries import Boundaries
    from geo.store.store import Store

SHIPPED_SET = 0   # the active set's number when no admin has set one: the shipped Natural Earth set


@dataclass(frozen=True)
class BoundarySet:
    id: int
    file_name: str
    sha256: str
    source: str | None
    licence: str | None
    set_by: str
    set_at: dt.datetime
    regions: int
    cercles: int

    def to_dict(self, active: bool | None = None) -> dict:
        """The set as `boundaries list --json` prints it."""
        out = {"id": self.id, "file_name": self.file_name, "sha256": self.sha256, "source": self.source,
               "licence": self.licence, "set_by": self.set_by, "set_at": self.set_at.isoformat(),
               "regions": self.regions, "cercles": self.cercles}
        return out if active is None else out | {"active": active}


_COLUMNS = [c for c in T.boundary_sets.c if c.name != "data"]


def boundary_sets(store: Store) -> list[BoundarySet]:
    """Every set ever set, newest first (the file's bytes are not read)."""
    with store.engine.connect() as c:
        rows = c.execute(sa.select(*_COLUMNS).order_by(T.boundary_sets.c.id.desc())).all()
    return [BoundarySet(**row._mapping) for row in rows]


def boundary_set(store: Store, set_id: int) -> BoundarySet:
    with store.engine.connect() as c:
        row = c.execute(sa.select(*_COLUMNS).where(T.boundary_sets.c.id == int(set_id))).first()
    if row is None:
        from geo.store.store import StoreError

        raise StoreError(Message("boundaries_no_set", id=set_id))
    return BoundarySet(**row._mapping)


def boundary_file(store: Store, set_id: int) -> bytes:
    """The file of a set, as it was set."""
    with store.engine.connect() as c:
        data = c.execute(sa.select(T.boundary_sets.c.data).where(T.boundary_sets.c.id == int(set_id))).scalar()
    if data is None:
        from geo.store.store import StoreError

        raise StoreError(Message("boundaries_no_set", id=set_id))
    return bytes(data)


def active_set_id(store: Store) -> int:
    """The number of the active set (SHIPPED_SET: the shipped Natural Earth set)."""
    return store._counter("boundary_set")


def active_boundary_set(store: Store) -> BoundarySet | None:
    """The active set, None while the shipped Natural Earth set is in use."""
    set_id = active_set_id(store)
    return None if set_id == SHIPPED_SET else boundary_set(store, set_id)


def active_boundaries(store: Store) -> Boundaries:
    """The active set read as geo.read.boundaries reads a file (cached per store and set), its info
    naming the set: file, source and licence as the admin gave them, its number, SHA-256, who set
    it and when. The shipped Natural Earth set while no admin has set one."""
    from geo.read.boundaries import load_boundaries

    set_id = active_set_id(store)
    if set_id == SHIPPED_SET:
        return load_boundaries()
    key = (store.url, set_id)   # a set never changes once stored: read once per process
    if key not in _READ:
        while len(_READ) >= 4:
            _READ.pop(next(iter(_READ)))
        _READ[key] = _read_set(store, set_id)
    return _READ[key]


_READ: dict[tuple, Boundaries] = {}


def _read_set(store: Store, set_id: int) -> Boundaries:
    from geo.read.boundaries import Boundaries, read_boundary_file

    chosen = boundary_set(store, set_id)
    read = read_boundary_file(boundary_file(store, set_id), chosen.file_name)
    info = dict(read.info, set=chosen.to_dict())
    if chosen.source:
        info["source"] = chosen.source
    if chosen.licence:
        info["licence"] = chosen.licence
    return Boundaries(read.frame, info, read.cercles)


def set_boundaries(store: Store, data: bytes, file_name: str, *, actor: str, source: str | None = None,
                   licence: str | None = None) -> BoundarySet:
    """Make a boundary file the organisation's set, for everyone. The file is read first as an
    upload is (geo.read.boundaries.read_boundary_file: a file that cannot be read raises ReadError
    and changes nothing). A file already stored (its SHA-256) is not stored twice: that set becomes
    active again."""
    from geo.read.boundaries import read_boundary_file
    from geo.store.ingest import sha256_of
    from geo.store.store import _check_length, _now

    actor, file_name = one_line(actor), one_line(file_name)
    source, licence = (one_line(text or "") or None for text in (source, licence))
    _check_length(file_name, T.boundary_sets.c.file_name, "store_file_name_too_long")
    read = read_boundary_file(data, file_name)
    digest = sha256_of(data)
    with writing(store.engine) as c:
        hold_lock(c, "boundaries")
        earlier = c.execute(sa.select(T.boundary_sets.c.id).where(T.boundary_sets.c.sha256 == digest)
                            .order_by(T.boundary_sets.c.id)).scalar()
        if earlier is not None:
            _activate(c, earlier, actor, "boundaries_restore", f"#{earlier} {file_name} (the same file set again)")
            set_id = earlier
        else:
            set_id = c.execute(sa.insert(T.boundary_sets).values(
                file_name=file_name, sha256=digest, data=data, source=source, licence=licence, set_by=actor,
                set_at=_now(), regions=len(read.frame), cercles=len(read.cercles))).inserted_primary_key[0]
            _activate(c, set_id, actor, "boundaries_set", f"#{set_id} {file_name} sha256 {digest}")
    return boundary_set(store, set_id)


def restore_boundaries(store: Store, set_id: int, actor: str) -> BoundarySet | None:
    """Make an earlier set active again (SHIPPED_SET: back to the shipped Natural Earth set)."""
    set_id = int(set_id)
    chosen = None if set_id == SHIPPED_SET else boundary_set(store, set_id)   # an unknown number is refused
    with writing(store.engine) as c:
        hold_lock(c, "boundaries")
        what = "Natural Earth (shipped)" if chosen is None else f"{chosen.file_name} sha256 {chosen.sha256}"
        _activate(c, set_id, one_line(actor), "boundaries_restore", f"#{set_id} {what}")
    return chosen


def _activate(c, set_id: int, actor: str, action: str, note: str) -> None:
    from geo.store.store import _audit

    c.execute(sa.update(T.meta).where(T.meta.c.key == "boundary_set").values(value=int(set_id)))
    c.execute(sa.update(T.meta).where(T.meta.c.key == "boundaries_version").values(value=T.meta.c.value + 1))
    _audit(c, None, actor, action, None, None, note)

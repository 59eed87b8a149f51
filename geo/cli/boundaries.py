"""`python -m geo boundaries ...`: the organisation's boundary set, chosen once for everyone (see
geo.store.boundary_sets). The shipped Natural Earth set is the default until an operator sets another.

    boundaries set FILE [--source TEXT] [--licence TEXT]   make FILE the set every session and command uses
    boundaries list [--json]                               every set ever set, newest first; * the active one
    boundaries show [ID]                                   one set (default: the active one) and its history
    boundaries restore ID                                  an earlier set again (0: Natural Earth, shipped)

FILE is an admin-1 file (and admin-2 when it has cercles: OCHA's COD-AB zip or GeoPackage with
every level works as downloaded), GeoJSON, GeoPackage or a zipped shapefile, in any coordinate
system. It is read exactly as an upload is before it is kept: a file that cannot be read changes
nothing (exit 2, one line). The actor is the operating system's account ("operator:NAME"), as for
`store`; every change is in the store's audit log.
"""
from __future__ import annotations

import sys
from pathlib import Path

from geo.cli import EXIT_OK
from geo.printable import printable, printable_json


def register_boundaries(sub) -> None:
    boundaries = sub.add_parser("boundaries", help="the organisation's boundary set: set, list, show, restore")
    commands = boundaries.add_subparsers(dest="boundaries_command", required=True, parser_class=type(boundaries))
    chosen = commands.add_parser("set", help="make a boundary file the set everyone uses")
    chosen.add_argument("file")
    chosen.add_argument("--source", help="where the file comes from (kept with it, shown on the Data page)")
    chosen.add_argument("--licence", help="its licence or terms of use, as the publisher gives them")
    chosen.set_defaults(run=run_set)
    listing = commands.add_parser("list", help="every boundary set ever set, newest first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_list)
    show = commands.add_parser("show", help="one boundary set (default: the active one) and its history")
    show.add_argument("id", type=int, nargs="?")
    show.set_defaults(run=run_show)
    restore = commands.add_parser("restore", help="make an earlier set active again (0: Natural Earth)")
    restore.add_argument("id", type=int)
    restore.set_defaults(run=run_restore)


def _store():
    from geo.store import open_store

    return open_store()


def run_set(args) -> int:
    from geo.cli.store import operator

    path = Path(args.file)
    if not path.is_file():
        raise ValueError(f"{args.file}: no such file; give a boundary file (GeoJSON, GeoPackage or a zipped shapefile).")
    chosen = _store().set_boundaries(path.read_bytes(), path.name, actor=operator(), source=args.source,
                                     licence=args.licence)
    print(printable(f"boundary set #{chosen.id} is now the organisation's: {chosen.file_name} ({chosen.regions} "
                    f"regions, {chosen.cercles} cercles), sha256 {chosen.sha256}"), file=sys.stderr)
    return EXIT_OK


def run_list(args) -> int:
    store = _store()
    active = store.active_boundary_set()
    sets = store.boundary_sets()
    if args.json:
        shipped = {"id": 0, "file_name": "Natural Earth admin-1 (shipped)", "active": active is None}
        print(printable_json([s.to_dict(active=active is not None and s.id == active.id) for s in sets] + [shipped]))
        return EXIT_OK
    for s in sets:   # one line each, whatever the file's name holds
        mark = "*" if active is not None and s.id == active.id else " "
        print(printable(f"{mark} #{s.id}  {s.set_at:%Y-%m-%d %H:%M}  {s.set_by}  {s.file_name}  {s.regions} regions, "
                        f"{s.cercles} cercles  {s.sha256[:12]}"))
    print(f"{'*' if active is None else ' '} #0  Natural Earth admin-1 (1:10m), shipped: the default")
    return EXIT_OK


def run_show(args) -> int:
    store = _store()
    set_id = args.id if args.id is not None else (store.active_boundary_set() or _Shipped).id
    if set_id == 0:
        boundaries = store.active_boundaries() if store.active_boundary_set() is None else None
        print(printable_json({"id": 0, "file_name": "Natural Earth admin-1 (1:10m), shipped", "active": boundaries is not None}))
    else:
        chosen = store.boundary_set(set_id)
        active = store.active_boundary_set()
        print(printable_json(chosen.to_dict(active=active is not None and active.id == chosen.id), indent=1))
    for entry in store.audit():
        if entry["action"].startswith("boundaries_") and (entry["note"] or "").startswith(f"#{set_id} "):
            print(f"{entry['at']:%Y-%m-%d %H:%M}  {printable(entry['actor'])}  {printable(entry['action'])}"
                  + f"  ({printable(entry['note'])})")
    return EXIT_OK


class _Shipped:
    id = 0


def run_restore(args) -> int:
    from geo.cli.store import operator

    chosen = _store().restore_boundaries(args.id, operator())
    what = "Natural Earth admin-1 (shipped)" if chosen is None else chosen.file_name
    print(printable(f"boundary set #{args.id} is the organisation's again: {what}"), file=sys.stderr)
    return EXIT_OK

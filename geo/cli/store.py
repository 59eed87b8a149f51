"""`python -m geo store ...`: the server operator's tool for the shared store (see geo.store).

    store init                                      create the store (or bring its schema up to date)
    store submit FILE --kind K --org NAME --period 2024-Q1 [--supersedes ID] [--publish] [--json]
    store list [--status S] [--json]                every submission, newest first
    store show ID                                   one submission, its report and history
    store publish ID | store restore ID
    store return ID --why TEXT | store withdraw ID --why TEXT
    store export --out FILE.gpkg [--public]         published records, one layer per kind, for QGIS
                                                    (public: as PUBLIC_MODE would show them)

The store is DASHBOARD_DB, else store_url in dashboard.toml, else var/store.sqlite. `submit`
validates exactly as `validate` does and prints the same report; with --json, the validate object
plus "submission" (its id) and "status". Exit 0 done (1: submitted, some rows rejected), 2 refused
(a duplicate file, a wrong status, a missing reason, a name too long) or unreadable, with one line
on stderr. The actor is the operating system's account of the process ("operator:NAME"); what is
printed from the store (file names, notes) is escaped, one field on one line.
"""
from __future__ import annotations

import json
import os
import sys

from geo.cli import EXIT_OK, EXIT_REJECTED
from geo.printable import printable, printable_json
from geo.schema import RECORD_KINDS
from geo.store.tables import STATUSES


def register_store(sub) -> None:
    store = sub.add_parser("store", help="the shared store: submit, review, publish, export")
    commands = store.add_subparsers(dest="store_command", required=True, parser_class=type(store))
    commands.add_parser("init", help="create the store or bring its schema up to date").set_defaults(run=run_init)
    submit = commands.add_parser("submit", help="validate a file and store it for review")
    submit.add_argument("file")
    submit.add_argument("--kind", choices=RECORD_KINDS, help="record kind (guessed from the headers when omitted)")
    submit.add_argument("--org", required=True, help="the organisation the file reports for")
    submit.add_argument("--period", required=True, help="2024-03, 2024-Q1, 2024 or 2024-01-01/2024-03-31")
    submit.add_argument("--supersedes", type=int, metavar="ID",
                        help="the returned submission this file corrects (same organisation and kind)")
    submit.add_argument("--publish", action="store_true", help="publish it at once (the operator's own file)")
    submit.add_argument("--json", action="store_true")
    submit.set_defaults(run=run_submit)
    listing = commands.add_parser("list", help="every submission, newest first")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_list)
    show = commands.add_parser("show", help="one submission: its report and history")
    show.add_argument("id", type=int)
    show.set_defaults(run=run_show)
    for action in ("publish", "restore", "return", "withdraw"):
        p = commands.add_parser(action, help=f"{action} a submission")
        p.add_argument("id", type=int)
        p.add_argument("--why", required=action in ("return", "withdraw"), help="the reason, kept in the history")
        p.set_defaults(run=run_change, action=action)
    export = commands.add_parser("export", help="published records as a GeoPackage, one layer per kind")
    export.add_argument("--out", required=True)
    export.add_argument("--public", action="store_true",
                        help="the public view even if PUBLIC_MODE is off: sites as counts per region, other "
                             "positions to 0.1 degree, no file names nor partners' added columns")
    export.set_defaults(run=run_export_store)


def operator() -> str:
    """Who acts from the command line: the account the process runs as, marked as the operator. From
    the operating system, not LOGNAME or USER (getpass.getuser), which whoever starts it can set."""
    try:
        import pwd
    except ImportError:   # Windows: the account the session signed in with
        return f"operator:{os.getlogin()}"
    try:
        return f"operator:{pwd.getpwuid(os.getuid()).pw_name}"
    except KeyError:      # a uid without an account (a container's): its number
        return f"operator:{os.getuid()}"


def _store():
    from geo.store import open_store

    return open_store()


def run_init(args) -> int:
    store = _store()
    print(f"store ready: {store.url} (data version {store.data_version()})", file=sys.stderr)
    return EXIT_OK


def run_submit(args) -> int:
    from pathlib import Path

    from geo.cli.records import format_report, report_json
    from geo.read import tables
    from geo.read.validate import validate_table
    from geo.store import sha256_of
    from geo.store.periods import parse_period

    period = parse_period(args.period)        # a wrong period is refused before reading the file
    store = _store()
    data = Path(args.file).read_bytes() if Path(args.file).is_file() else None
    table = tables.read_table(args.file, max_bytes=tables.COMMAND_LINE_MAX_BYTES)   # not the app's upload cap
    report = validate_table(table, kind=args.kind, boundaries=store.active_boundaries().frame)   # the organisation's set
    submission = store.submit(report, organisation=args.org, period=period, actor=operator(),
                              sha256=sha256_of(data), file_name=Path(args.file).name, raw_table=table,
                              publish=args.publish, supersedes=args.supersedes)
    if args.json:
        print(printable_json(report_json(report) | {"submission": submission.id, "status": submission.status}))
    else:
        print(format_report(report))
        print(printable(f"  submission #{submission.id}: {submission.status} ({submission.organisation}, "
                        f"{submission.period})"))
    return EXIT_REJECTED if report.rejected else EXIT_OK


def run_list(args) -> int:
    submissions = _store().list(status=args.status)
    if args.json:
        print(printable_json([s.to_dict() for s in submissions]))
        return EXIT_OK
    for s in submissions:   # one line each, whatever a partner's file name holds
        print(printable(f"#{s.id}  {s.status:<10} {s.kind:<13} {s.organisation}  {s.period}  "
                        f"{s.accepted}/{s.rows_in} accepted  {s.submitted_at:%Y-%m-%d %H:%M}  {s.file_name}"
                        + (f"  (corrects #{s.supersedes})" if s.supersedes else "")))
    return EXIT_OK


def run_show(args) -> int:
    store = _store()
    s = store.get(args.id)
    print(printable_json(s.to_dict() | {"reviewer": s.reviewer, "review_note": s.review_note,
                                        "report": json.loads(s.report)}, indent=1, default=str))
    for entry in store.audit(args.id):   # one line each, whatever a note holds
        print(f"{entry['at']:%Y-%m-%d %H:%M}  {printable(entry['actor'])}  {printable(entry['action'])}"
              + (f"  ({printable(entry['note'])})" if entry["note"] else ""))
    return EXIT_OK


def run_change(args) -> int:
    store = _store()
    method = {"publish": store.publish, "restore": store.restore, "return": store.return_,
              "withdraw": store.withdraw}[args.action]
    s = method(args.id, operator(), args.why)
    print(f"submission #{s.id}: {s.status}", file=sys.stderr)
    return EXIT_OK


def run_export_store(args) -> int:
    if not args.out.lower().endswith(".gpkg"):
        raise ValueError(f"{args.out}: the store is exported as a GeoPackage; name the file .gpkg.")
    written = _store().export_geopackage(args.out, public=True if args.public else None)   # None: the server's setting
    print(f"{args.out}: " + (", ".join(f"{k} {n}" for k, n in written.items()) or "no published records"),
          file=sys.stderr)
    return EXIT_OK




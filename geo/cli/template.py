"""`python -m geo template`: the reporting template a partner fills in (geo.render.template), blank
or, with --submission, a returned submission back as its template, the rejected rows marked.

    python -m geo template --kind cvr_projects --lang fr --out modele.xlsx [--org NAME] [--period 2024-Q1]
    python -m geo template --submission 12 --lang fr --out correction.xlsx

The closed lists (regions, cercles) come from the organisation's boundary set (`boundaries set`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from geo.cli import EXIT_OK
from geo.schema import RECORD_KINDS


def register_template(sub) -> None:
    p = sub.add_parser("template", help="write the reporting template (XLSX) of a record kind")
    p.add_argument("--kind", choices=RECORD_KINDS, help="record kind (required unless --submission)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="the headers' and instructions' language")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    p.add_argument("--org", help="the organisation, written in the template and offered as partner")
    p.add_argument("--period", help="the reporting period written in the template (default: this quarter)")
    p.add_argument("--submission", type=int, help="a returned submission, back as its filled template")
    p.set_defaults(run=run_template)


def run_template(args) -> int:
    from geo.render.template import correction_template, current_period, write_template
    from geo.store import open_store
    from geo.store.periods import parse_period

    if not args.out.lower().endswith(".xlsx"):
        raise ValueError(f"{args.out}: the template is an Excel workbook; name the file .xlsx.")
    store = open_store()
    if args.submission is not None:
        data = correction_template(store, args.submission, args.lang)
    elif args.kind is None:
        raise ValueError("choose the kind of records: --kind cvr_projects, sites or trainings (or --submission ID).")
    else:
        period = parse_period(args.period).label if args.period else current_period()
        data = write_template(args.kind, args.lang, store.active_boundaries(), organisation=args.org, period=period)
    Path(args.out).write_bytes(data)
    print(f"{args.out}: written", file=sys.stderr)
    return EXIT_OK

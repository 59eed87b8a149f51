"""`python -m geo`: validate partner files and summarise records per region.

    python -m geo validate FILE [--kind cvr_projects|sites|trainings] [--json]
    python -m geo summarize [--records FILE] [--boundaries FILE] [--json]

Exit codes: 0 all rows accepted (or summary printed), 1 some rows rejected, 2 unreadable input.
"""
from __future__ import annotations

import argparse
import json
import sys

from geo.columns import KINDS
from geo.export_cli import register_export

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for unreadable input
        self.exit(EXIT_UNREADABLE, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description="Mali peace-process dashboard: data tools.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check a partner file row by row")
    v.add_argument("file")
    v.add_argument("--kind", choices=KINDS, help="record kind (guessed from the headers when omitted)")
    v.add_argument("--json", action="store_true", help="print one JSON object")
    v.set_defaults(run=run_validate)
    s = sub.add_parser("summarize", help="per-region figures")
    s.add_argument("--records", help="a partner's records file instead of the shipped data")
    s.add_argument("--kind", choices=KINDS, help="kind of the --records file")
    s.add_argument("--boundaries", help="a boundary file instead of the shipped Natural Earth regions")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=run_summarize)
    register_export(sub)
    return parser


def run_validate(args) -> int:
    from geo.boundaries import load_boundaries
    from geo.validate import validate_file

    report = validate_file(args.file, kind=args.kind, boundaries=load_boundaries().frame)
    if args.json:
        out = report.to_dict()
        print(json.dumps({k: out[k] for k in ("rows_in", "blank_rows", "accepted", "rejected", "warnings")}
                         | {"kind": report.kind, "notes": report.notes}, ensure_ascii=False))
    else:
        print(format_report(report))
    return EXIT_REJECTED if report.rejected else EXIT_OK


def format_report(report) -> str:
    unit = report.unit
    lines = [f"{report.file}: {report.kind}, {report.rows_in} {unit}s read"
             + (f" ({report.blank_rows} blank rows skipped)" if report.blank_rows else ""),
             f"  accepted: {report.accepted_count}", f"  rejected: {len(report.rejected)}"]
    if report.mapping:
        lines.append("  columns: " + ", ".join(f"{c} -> {f}" for c, f in report.mapping.items()))
    for note in report.notes:
        lines.append(f"  note: {note}")
    for r in report.rejected:
        lines.append(f"  {unit} {r['row']}: REJECTED: " + "; ".join(r["reasons"]))
    for w in report.warnings:
        lines.append(f"  {unit} {w['row']}: warning: {w['message']}")
    return "\n".join(_printable(line) for line in lines)


def _printable(line: str) -> str:
    """One report line stays one terminal line: control characters in partner text are escaped."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in line)


def run_summarize(args) -> int:
    from geo.data import load_dataset
    from geo.public import apply_public_mode
    from geo.spatial import region_summary

    dataset = apply_public_mode(load_dataset(records=args.records, boundaries=args.boundaries, kind=args.kind))
    table = region_summary(dataset)
    unlocated = len(dataset.unlocated())
    if args.json:
        regions = [{"region": r.region, "iso_code": code, **{m: int(getattr(r, m)) for m in
                    ("projects", "cost_xof", "beneficiaries", "women", "trainings", "participants",
                     "participants_men", "participants_women", "sites", "cantonment_sites", "moc_camps")},
                    "on_boundaries": bool(r.on_boundaries)} for code, r in table.iterrows()]
        print(json.dumps({"regions": regions, "unlocated": unlocated,
                          "boundaries": dataset.boundary_info["name"],
                          "missing_regions": dataset.boundary_info["missing_regions"]}, ensure_ascii=False))
        return EXIT_OK
    cols = ["region", "projects", "cost_xof", "beneficiaries", "women", "trainings", "participants", "sites"]
    print(table[cols].to_string())
    print(f"\nunlocated records: {unlocated}; boundaries: {dataset.boundary_info['name']}")
    missing = dataset.boundary_info["missing_regions"]
    if missing:
        print(f"regions absent from these boundaries (records keep their region): {', '.join(missing)}")
    return EXIT_OK


def main(argv=None) -> int:
    from geo.readers import ReadError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ReadError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    except (OSError, ValueError) as err:
        what = getattr(args, "file", None)
        print(f"error: {what}: {_one_line(err)}" if what else f"error: {_one_line(err)}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a file that defeats every reader still gets one line, not a traceback
        what = getattr(args, "file", None) or getattr(args, "records", None) or getattr(args, "boundaries", None)
        print(f"error: {what or 'input'}: cannot be read ({type(err).__name__}: {_one_line(err)})", file=sys.stderr)
        return EXIT_UNREADABLE


def _one_line(err) -> str:
    text = " ".join(str(err).split())
    return text[:200]

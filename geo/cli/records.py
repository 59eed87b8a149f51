"""`python -m geo validate` and `python -m geo summarize`: a partner's file checked row by row, and
the per-region figures of the shipped data or of a partner's records and boundaries."""
from __future__ import annotations

from geo.cli import EXIT_OK, EXIT_REJECTED
from geo.i18n import t
from geo.messages import in_language
from geo.printable import printable, printable_json
from geo.schema import MEASURES, RECORD_KINDS


def register_records(sub) -> None:
    v = sub.add_parser("validate", help="check a partner file row by row")
    v.add_argument("file")
    v.add_argument("--kind", choices=RECORD_KINDS, help="record kind (guessed from the headers when omitted)")
    v.add_argument("--json", action="store_true", help="print one JSON object")
    v.set_defaults(run=run_validate)
    s = sub.add_parser("summarize", help="per-region figures")
    s.add_argument("--records", help="a partner's records file instead of the shipped data")
    s.add_argument("--kind", choices=RECORD_KINDS, help="kind of the --records file")
    s.add_argument("--boundaries", help="a boundary file instead of the organisation's set (by default the "
                                        "shipped Natural Earth regions; see `boundaries set`)")
    s.add_argument("--level", type=int, choices=(1, 2), default=1,
                   help="1: per region (default); 2: per cercle, when the boundary set has cercles")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=run_summarize)


def run_validate(args) -> int:
    from geo.read.validate import validate_file
    from geo.store import open_store

    report = validate_file(args.file, kind=args.kind, boundaries=open_store().active_boundaries().frame)
    if args.json:
        print(printable_json(report_json(report)))
    else:
        print(format_report(report))
    return EXIT_REJECTED if report.rejected else EXIT_OK


def dataset_for(args, kind: str | None = None):
    """What `summarize` and `export` show: a partner's --records file alone, or the shipped records
    with the store's published ones beside them; against --boundaries, else the organisation's
    boundary set (`boundaries set`; the shipped Natural Earth regions until one is set)."""
    from geo.model.dataset import load_dataset
    from geo.store import open_store, with_published

    store = open_store()
    dataset = load_dataset(records=args.records, boundaries=args.boundaries or store.active_boundaries(), kind=kind)
    return dataset if args.records else with_published(dataset, store)


def report_json(report) -> dict:
    """The `validate --json` object: the five counts of the contract, the kind used, the notes and
    the columns left unmapped (none for a filled reporting template)."""
    out = report.to_dict()
    return {k: out[k] for k in ("rows_in", "blank_rows", "accepted", "rejected", "warnings")} | {
        "kind": report.kind, "notes": report.notes, "unmapped": report.unmapped}


def format_report(report, lang: str = "en") -> str:
    """The validation report as terminal lines (the catalogue's words; English by default)."""
    unit = t(f"cli.unit.{report.unit}", lang)
    lines = [t("cli.read", lang, file=report.file, kind=report.kind, rows=report.rows_in, unit=unit)
             + (t("cli.blank", lang, blank=report.blank_rows) if report.blank_rows else ""),
             t("cli.accepted", lang, n=report.accepted_count), t("cli.rejected", lang, n=len(report.rejected))]
    if report.mapping:
        lines.append(t("cli.columns", lang, mapping=", ".join(f"{c} -> {f}" for c, f in report.mapping.items())))
    if report.unmapped:
        lines.append(t("cli.unmapped", lang, columns=", ".join(report.unmapped)))
    lines += [t("cli.note", lang, note=in_language(note, lang)) for note in report.notes]
    lines += [t("cli.rejected_row", lang, unit=unit, row=r["row"],
                reasons="; ".join(in_language(x, lang) for x in r["reasons"])) for r in report.rejected]
    lines += [t("cli.warning_row", lang, unit=unit, row=w["row"], message=in_language(w["message"], lang))
              for w in report.warnings]
    return "\n".join(printable(line) for line in lines)   # partner text stays on its line


def run_summarize(args) -> int:
    from geo.model.public import apply_public_mode
    from geo.model.summary import cercle_summary, region_summary

    dataset = apply_public_mode(dataset_for(args, args.kind))
    unlocated = len(dataset.unlocated())
    info = dataset.boundary_info
    if args.level == 2 and not len(dataset.cercles):
        raise ValueError(f"--level 2: the boundary set in use ({info['name']}) has no cercles; set one that has "
                         "(an admin-2 file: OCHA's COD-AB with ADM2_PCODE) with `boundaries set` or --boundaries.")
    table = region_summary(dataset) if args.level == 1 else cercle_summary(dataset)
    if args.json:
        rows = summary_json(table, level=args.level)
        print(printable_json({"regions" if args.level == 1 else "cercles": rows, "unlocated": unlocated,
                              "boundaries": info["name"], "boundary_set": info.get("set"),
                              "missing_regions": info["missing_regions"], "notes": record_notes(dataset)}, default=str))
        return EXIT_OK
    print(summary_text(table, level=args.level))
    print("\n" + t("cli.unlocated", "en", n=unlocated, boundaries=info["name"]))
    missing = info["missing_regions"]
    if missing:
        print(t("cli.missing_regions", "en", regions=", ".join(missing)))
    for note in record_notes(dataset):
        print(printable(f"  {note['kind']} row {note['row']}: {note['note']}"))
    return EXIT_OK


def summary_json(table, level: int = 1) -> list[dict]:
    """The `summarize --json` regions (level 2: cercles, with their region): each measure a whole
    number, or null where no record gives the figure (unknown, never 0); beside each figure its
    qualifier ('at_least', 'about', or null when exact or unknown), and beside beneficiaries and
    women their status ('planned', 'partly_planned', or null when achieved)."""
    from geo.model.summary import FIGURES, PLANNED_MEASURES

    def whole(value):
        return None if value != value else int(round(value))

    out = []
    for code, row in table.iterrows():
        item = ({"region": row["region"], "iso_code": code} if level == 1 else
                {"cercle": row["cercle"], "cercle_code": code, "region": row["region"], "iso_code": row["iso_code"]})
        for measure in MEASURES:
            item[measure] = whole(float(row[measure]))
            if measure in FIGURES:
                item[f"{measure}_qualifier"] = row[f"{measure}_qualifier"] or None
            if measure in PLANNED_MEASURES:
                item[f"{measure}_status"] = row[f"{measure}_status"] or None
        out.append(item | ({"on_boundaries": bool(row["on_boundaries"])} if level == 1 else {}))
    return out


SUMMARY_COLUMNS = ["region", "projects", "cost_xof", "beneficiaries", "women", "trainings", "participants", "reached",
                   "sites"]


def summary_text(table, level: int = 1) -> str:
    """The per-region table for a terminal: a figure with its qualifier ('≥ 14355', '≈ 54') and its
    status ('(planned)'), an empty cell where no record gives it; digits without separators."""
    import pandas as pd

    from geo.model.summary import FIGURES, PLANNED_MEASURES

    def cell(value, word: str, status: str) -> str:
        if value != value:
            return ""
        digits = str(int(round(value)))
        text = t(f"qualifier.{word}.short", "en", n=digits) if word else digits
        return f"{text} ({status.replace('_', ' ')})" if status else text

    shown = table[(["cercle"] if level == 2 else []) + SUMMARY_COLUMNS].astype(object)
    for measure in (m for m in SUMMARY_COLUMNS if m in FIGURES):
        status = table[f"{measure}_status"] if measure in PLANNED_MEASURES else pd.Series("", index=table.index)
        shown[measure] = [cell(v, w, s) for v, w, s in zip(table[measure], table[f"{measure}_qualifier"], status)]
    return shown.to_string()


def record_notes(dataset) -> list[dict]:
    """Each record with a note on where it is counted (a 2023 region the boundary set lacks, counted
    under the region it was cut from): kind, row, record, region as written, counted_under, note,
    location_source."""
    from geo.regions import region_name

    out = []
    for kind, table in dataset.records():
        if "location_note" not in table or not len(table):
            continue
        noted = table[table["location_note"].notna()]
        for _, r in noted.iterrows():
            out.append({"kind": kind, "row": None if r.get("row") is None or r.get("row") != r.get("row") else int(r["row"]),
                        "record": r.get("title") or r.get("name"), "region": r.get("region"),
                        "counted_under": region_name(r.get("assigned_iso")) or r.get("assigned_iso"),
                        "note": str(r["location_note"]), "location_source": str(r.get("location_source"))})
    return out

"""`python -m geo export ...`: maps, the briefing pack and data files from the command line, for a
scheduled weekly pack. Every file comes from the one registry, geo.render.exports.

    python -m geo export map --out map.png [--measure projects] [--region Gao --year 2017]
    python -m geo export map --out mopti.svg --region Mopti --level 2        # Mopti's cercles
    python -m geo export map --out cercle.png --cercle ML0501                 # one cercle (a P-code)
    python -m geo export pptx --out pack.pptx --lang en
    python -m geo export csv|xlsx|geojson|html --out FILE [--kind cvr_projects]

Every command takes --region (name or ISO code; repeat it or separate with commas), --year (YYYY or
YYYY-YYYY), --cercle (a cercle's code or name, when the boundary set has cercles; repeatable),
--records FILE, --boundaries FILE (default: the organisation's boundary set, see
`python -m geo boundaries`), --lang fr|en and --public (force the public view; otherwise PUBLIC_MODE /
dashboard.toml decide). --lang also decides the CSV and XLSX headers, and the CSV's cells: ';' and
decimal commas in French, ',' and points in English. The maps and the pack take --level 2 to shade the
cercles (as --cercle does). Exit 0 when the file is written, 2 when an input cannot be read or an
option is wrong (one line on stderr).
"""
from __future__ import annotations

import sys
from pathlib import Path

from geo.cli import EXIT_OK
from geo.regions import REGIONS, region_code
from geo.schema import DEFAULT_MEASURE, MEASURES, RECORD_KINDS, TABLE_KINDS

DATA_FORMATS = ("csv", "xlsx", "geojson", "html")


def register_export(subparsers) -> None:
    """Add the `export` command (with its map, pptx, csv, xlsx, geojson, html targets)."""
    export = subparsers.add_parser("export", help="write a map, a briefing pack or a data file")
    targets = export.add_subparsers(dest="target", required=True, parser_class=type(export))
    helps = {"map": "static map: PNG (1920x1080), SVG or PDF, from the --out suffix",
             "pptx": "briefing pack (PowerPoint)",
             "csv": "filtered records, CSV in UTF-8 with BOM, headers in --lang (fr: ';' and decimal commas)",
             "xlsx": "filtered records, Excel workbook (headers in --lang, a Columns sheet of keys)",
             "geojson": "filtered records as GeoJSON (column keys)",
             "html": "standalone interactive map (one HTML file)"}
    for target, text in helps.items():
        p = targets.add_parser(target, help=text)
        p.add_argument("--out", required=True, help="file to write")
        p.add_argument("--region", action="append", default=[], help="region name or ISO code (repeatable, or a,b)")
        p.add_argument("--year", help="YYYY or YYYY-YYYY")
        p.add_argument("--cercle", action="append", default=[],
                       help="cercle code (COD-AB ADM2_PCODE) or name, when the boundary set has cercles (repeatable, or a,b)")
        p.add_argument("--records", help="a partner's records file instead of the shipped data")
        p.add_argument("--boundaries", help="a boundary file instead of the organisation's set (by default the "
                                            "shipped Natural Earth regions; see `boundaries set`)")
        p.add_argument("--lang", choices=("fr", "en"), default="fr",
                       help="language of the file's words (CSV: fr ; and decimal commas, en , and points)")
        p.add_argument("--public", action="store_true", default=None,
                       help="public view (no site coordinates) even if PUBLIC_MODE is off")
        if target in ("map", "pptx", "html"):
            p.add_argument("--measure", choices=MEASURES, default="projects", help="what shades the regions")
            p.add_argument("--level", type=int, choices=(1, 2), default=1,
                           help="1: shade the regions (default); 2: the cercles, when the boundary set has them")
        if target in DATA_FORMATS or target == "pptx":
            kinds = TABLE_KINDS if target in DATA_FORMATS else RECORD_KINDS
            p.add_argument("--kind", choices=kinds,
                           help="table to export (all when omitted; csv: cvr_projects); with --records, "
                                "also the kind of that file" if target in DATA_FORMATS else
                                "kind of the --records file")
        p.set_defaults(run=run_export)


def parse_regions(values: list[str]) -> tuple[str, ...]:
    """ISO codes from names or codes, repeated or comma-separated. Raises ValueError naming the
    unknown one."""
    codes = []
    for value in values:
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            code = region_code(part)
            if code is None:
                raise ValueError(f"unknown region '{part}'; use a name or code such as "
                                 f"{', '.join(list(REGIONS.values())[:4])} or ML-7.")
            codes.append(code)
    return tuple(dict.fromkeys(codes))


def parse_cercles(values: list[str], dataset) -> tuple[str, ...]:
    """Cercle codes of the dataset's boundary set from codes or names (case and accents aside),
    repeated or comma-separated. Raises ValueError when the set has no cercles or names none such."""
    from geo.text import fold

    wanted = [p.strip() for value in values for p in value.split(",") if p.strip()]
    if not wanted:
        return ()
    cercles, info = dataset.cercles, dataset.boundary_info
    if cercles is None or not len(cercles):
        raise ValueError(f"--cercle: the boundary set in use ({info['name']}) has no cercles; set one that has "
                         "(an admin-2 file: OCHA's COD-AB with ADM2_PCODE) with `boundaries set` or --boundaries.")
    by_word = {fold(str(code)): code for code in cercles["cercle_code"]}
    by_word |= {fold(str(name)): code for name, code in zip(cercles["cercle"], cercles["cercle_code"])
                if fold(str(name)) not in by_word}
    codes = []
    for part in wanted:
        if fold(part) not in by_word:
            raise ValueError(f"unknown cercle '{part}' in the boundary set in use ({info['name']}); use a code or "
                             f"name such as {', '.join(map(str, cercles['cercle_code'][:3]))}.")
        codes.append(by_word[fold(part)])
    return tuple(dict.fromkeys(codes))


def parse_years(value: str | None) -> tuple[int, int] | None:
    """'2017' -> (2017, 2017); '2016-2017' -> (2016, 2017). Raises ValueError otherwise."""
    if not value:
        return None
    parts = value.replace("–", "-").split("-")
    try:
        years = [int(p) for p in parts]
    except ValueError:
        years = []
    if len(years) not in (1, 2) or not all(1900 <= y <= 2100 for y in years):
        raise ValueError(f"--year '{value}' is not a year or a range: use YYYY or YYYY-YYYY.")
    return (min(years), max(years))


def run_export(args) -> int:
    from geo.cli.records import dataset_for
    from geo.model.filters import Filters
    from geo.render.exports import export

    regions, years = parse_regions(args.region), parse_years(args.year)
    kind = getattr(args, "kind", None)
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".") if args.target == "map" else args.target
    if args.target == "map" and fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"{out.name}: the map is written as .png, .svg or .pdf; name the file accordingly.")
    dataset = dataset_for(args, kind=kind if kind in RECORD_KINDS else None)
    filters = Filters(regions=regions, years=years, cercles=parse_cercles(args.cercle, dataset))
    level = getattr(args, "level", 1)
    if level == 2 and not len(dataset.cercles):
        raise ValueError(f"--level 2: the boundary set in use ({dataset.boundary_info['name']}) has no cercles; set "
                         "one that has (an admin-2 file: OCHA's COD-AB with ADM2_PCODE) with `boundaries set` or "
                         "--boundaries.")
    data = export(dataset, args.target, fmt, filters=filters, lang=args.lang,
                  measure=getattr(args, "measure", None) or DEFAULT_MEASURE,
                  kind=kind if args.target in ("csv", "xlsx", "geojson") else None, public=args.public, level=level)
    out.write_bytes(data)
    print(f"{out}: {len(data):,} bytes", file=sys.stderr)
    return EXIT_OK

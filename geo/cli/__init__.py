"""`python -m geo` (or `mali-dashboard`): validate partner files, summarise records per region,
and write maps, briefing packs and data files. The command line is the server operator's tool.

    python -m geo validate FILE [--kind cvr_projects|sites|trainings] [--json]
    python -m geo template --kind K --lang fr|en --out FILE.xlsx [--org NAME] [--period P] | --submission ID
    python -m geo summarize [--records FILE] [--boundaries FILE] [--kind K] [--level 1|2] [--json]
    python -m geo export map|pptx|csv|xlsx|geojson|html --out FILE [...]
    python -m geo store init|submit|list|show|publish|return|withdraw|restore|export ...
    python -m geo boundaries set|list|show|restore ...

Exit codes: 0 all rows accepted (or the file written), 1 some rows rejected, 2 unreadable input or
a wrong option (one line on stderr, never a traceback).
"""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for unreadable input
        self.exit(EXIT_UNREADABLE, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from geo.cli.boundaries import register_boundaries
    from geo.cli.export import register_export
    from geo.cli.records import register_records
    from geo.cli.store import register_store
    from geo.cli.template import register_template

    parser = _Parser(prog="python -m geo", description="Mali peace-process dashboard: data tools.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    register_records(sub)
    register_template(sub)
    register_export(sub)
    register_store(sub)
    register_boundaries(sub)
    return parser


def main(argv=None) -> int:
    from geo.printable import printable
    from geo.read.tables import ReadError
    from geo.settings import SettingsError, settings_problem
    from geo.store import StoreError

    parser = build_parser()
    args = parser.parse_args(argv)
    problem = settings_problem()
    if problem is not None:   # never run with the defaults in place of what the file meant
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        return args.run(args)
    except (ReadError, StoreError, SettingsError) as err:   # a sentence that may quote a file name: kept to its line
        print(f"error: {printable(err)}", file=sys.stderr)
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
    return " ".join(str(err).split())[:200]

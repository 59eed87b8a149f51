"""Text from outside (a partner's file name, a person's name, a reason typed in a form, an environment
variable) kept to one line when stored, and escaped when printed: no control character can forge
a line of a history or move a terminal's cursor.

>>> one_line("row 7\\n2026-01-01 00:00  publish\\x1b[2J")
'row 7 2026-01-01 00:00 publish [2J'
>>> printable("projets\\x1b]0;owned\\x07.csv")
'projets\\\\x1b]0;owned\\\\x07.csv'
>>> printable_json({"file": "a\\u2028b"})
'{"file": "a\\\\u2028b"}'
"""
from __future__ import annotations

import json
import re

# C0 and C1 controls (newline, carriage return, escape, CSI...), DEL, the line and paragraph
# separators, and the bidirectional marks, embeddings, overrides and isolates, which reorder what
# a terminal or a page shows.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text) -> str:
    """The text on one line: control characters become spaces, runs of spaces one, trimmed."""
    return " ".join(CONTROL.sub(" ", str(text)).split())


def printable(text) -> str:
    """The text as a terminal may show it: every character that is not printable as its Python
    escape (\\n, \\x1b, \\u2028), so one field stays one line and moves no cursor."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))


def printable_json(value, **options) -> str:
    """json.dumps(value, ensure_ascii=False, **options) with every character that is not printable
    escaped as JSON escapes it (ensure_ascii=False leaves C1 controls and line separators raw)."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return "".join(c if c.isprintable() or c == "\n" else json.dumps(c)[1:-1] for c in text)

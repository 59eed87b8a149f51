"""Matching a partner's headers (or HXL hashtags) to the fields of a record kind, through the one
table of synonyms in geo.schema.

>>> match_column("Intitulé du projet", "cvr_projects")
'title'
>>> match_column("#adm1+name", "sites")
'region'
"""
from __future__ import annotations

import re

from geo.schema import EXAMPLE_MARKS, RECORD_KINDS, SCHEMAS, SYNONYMS
from geo.text import fold

_BY_SPELLING: dict[str, list[str]] = {}
for _field, _spellings in SYNONYMS.items():
    for _s in [_field, *_spellings]:
        key = _s if _s.startswith("#") else fold(_s)
        _BY_SPELLING.setdefault(key, []).append(_field)


def fold_header(header) -> str:
    """Fold a header or an HXL tag for matching: '#Adm1 +Name' -> '#adm1+name'."""
    text = str(header).strip()
    if text.startswith("#"):
        return "".join(text.lower().split())
    return fold(text)


def match_column(header, kind: str) -> str | None:
    """The field of `kind` a header or HXL hashtag means, or None."""
    fields = {f.name for f in SCHEMAS[kind]}
    key = fold_header(header)
    for candidate in (key, key.split("+")[0] if key.startswith("#") else None):
        for field in _BY_SPELLING.get(candidate or "", []):
            if field in fields:
                return field
    return None


def is_hxl_row(values) -> bool:
    """True when most non-empty cells of a row are HXL hashtags (#org, #adm1+name...)."""
    cells = [str(v).strip() for v in values if str(v).strip() and str(v).strip().lower() != "nan"]
    return bool(cells) and sum(c.startswith("#") for c in cells) >= max(1, len(cells) // 2)


_EXAMPLE_MARKS = tuple(fold(mark) for mark in EXAMPLE_MARKS.values())


def is_example_cell(value) -> bool:
    """True for the first cell of the reporting template's example row ('EXEMPLE — ne pas importer :
    ...', 'EXAMPLE — do not import: ...', in any case and with any dash), which is never imported.

    >>> is_example_cell("EXEMPLE — ne pas importer : Forage"), is_example_cell("Exemple de forage")
    (True, False)
    """
    return isinstance(value, str) and fold(value[:60]).startswith(_EXAMPLE_MARKS)


def propose_mapping(headers, kind: str, hxl_tags=None) -> dict[str, str]:
    """{source column: field} for each header that means a field (HXL tag wins when present).

    A field is mapped once: the first header that means it.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    tags = list(hxl_tags) if hxl_tags is not None else [None] * len(headers)
    for header, tag in zip(headers, tags):
        field = (match_column(tag, kind) if tag and str(tag).startswith("#") else None) or match_column(header, kind)
        if field and field not in taken:
            mapping[header] = field
            taken.add(field)
    return mapping


def guess_kind(headers) -> str:
    """The kind whose fields the headers cover best (ties favour CVR projects)."""
    scores = {kind: len(set(propose_mapping(headers, kind).values())) for kind in RECORD_KINDS}
    return max(RECORD_KINDS, key=lambda k: scores[k])


# columns the app reads by their own name, as the shipped tables have them (quotes, qualifiers, sources)
READ_BY_NAME = re.compile(r"^(source_doc(_\d+)?|source_quote(_\d+)?|\w+_(qualifier|quote|fr|id)|date_precision|members|"
                          r"near_place|radius_km|place_inferred)$")


def unused_columns(headers, kind: str, mapping: dict[str, str]) -> list[str]:
    """The sheet's columns the dashboard does not use: neither mapped to a field, nor named like a
    field or a column it reads by name. Listed in every report, so nothing read goes unmentioned.

    >>> unused_columns(["Titre", "Remarques", "source_quote"], "cvr_projects", {"Titre": "title"})
    ['Remarques']
    """
    fields = {f.name for f in SCHEMAS[kind]}
    return [str(c) for c in headers
            if c not in mapping and c not in fields and str(c).strip() and not READ_BY_NAME.match(str(c))]

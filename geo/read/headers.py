"""Matching a partner's headers (or HXL hashtags) to the fields of a record kind, through the one
table of synonyms in geo.schema.

>>> match_column("Intitulé du projet", "cvr_projects")
'title'
>>> match_column("#adm1+name", "sites")
'region'
"""
from __future__ import annotations

from geo.schema import RECORD_KINDS, SCHEMAS, SYNONYMS
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

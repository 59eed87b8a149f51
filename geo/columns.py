"""The record kinds, their fields, and the one table of column synonyms (French, English, HXL).

>>> match_column("Intitulé du projet", "cvr_projects")
'title'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KINDS = ("cvr_projects", "sites", "trainings")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text | count | money | date | lat | lon | region
    required: bool = False


SCHEMAS: dict[str, tuple[Field, ...]] = {
    "cvr_projects": (
        Field("title", "text", True), Field("place", "text"), Field("region", "region"),
        Field("partner", "text"), Field("cost_xof", "money"), Field("beneficiaries", "count"),
        Field("youth", "count"), Field("women", "count"), Field("launch_date", "date"),
        Field("duration_months", "count"), Field("category", "text"),
        Field("latitude", "lat"), Field("longitude", "lon"),
    ),
    "sites": (
        Field("name", "text", True), Field("site_type", "text"), Field("place", "text"),
        Field("region", "region"), Field("status", "text"), Field("works", "text"),
        Field("date_start", "date"), Field("latitude", "lat"), Field("longitude", "lon"),
    ),
    "trainings": (
        Field("title", "text", True), Field("date_start", "date"), Field("date_end", "date"),
        Field("place", "text"), Field("region", "region"), Field("organiser", "text"),
        Field("audience", "text"), Field("men", "count"), Field("women", "count"),
        Field("total", "count"), Field("latitude", "lat"), Field("longitude", "lon"),
    ),
}

# Field -> spellings a partner may use as a header, or an HXL hashtag (matched after folding).
SYNONYMS: dict[str, list[str]] = {
    "title": ["title", "titre", "intitule", "intitule du projet", "titre du projet", "nom du projet",
              "project", "projet", "project title", "project name", "activite", "activity",
              "session", "formation", "name", "nom", "#activity", "#activity+name", "#project", "#project+name"],
    "name": ["name", "nom", "site", "nom du site", "site name", "camp", "#loc+site", "#site+name"],
    "place": ["place", "lieu", "localite", "location", "commune", "village", "ville", "town",
              "#loc", "#loc+name", "#adm3+name", "#adm2+name"],
    "region": ["region", "regions", "region name", "adm1", "adm1 fr", "adm1 name", "#adm1",
               "#adm1+name", "#adm1+code", "adm1 pcode"],
    "partner": ["partner", "partenaire", "ong", "ngo", "partenaire de mise en oeuvre",
                "implementing partner", "organisation", "organization", "#org", "#org+impl",
                "#org+name"],
    "cost_xof": ["cost", "cout", "cout fcfa", "cout du projet", "budget", "budget fcfa",
                 "montant", "montant fcfa", "cost xof", "cost fcfa", "cost_xof", "#value",
                 "#value+cost", "#value+xof"],
    "beneficiaries": ["beneficiaries", "beneficiaires", "beneficiaires directs", "direct beneficiaries",
                      "nombre de beneficiaires", "#reached", "#beneficiary", "#affected+reached"],
    "youth": ["youth", "jeunes", "dont jeunes", "#reached+youth"],
    "women": ["women", "femmes", "dont femmes", "of which women", "f", "#reached+f",
              "#reached+women", "#affected+f"],
    "men": ["men", "hommes", "h", "m", "dont hommes", "#reached+m", "#reached+men"],
    "total": ["total", "participants", "nombre de participants", "effectif", "#reached+total"],
    "launch_date": ["launch date", "date de lancement", "date", "start date", "date de debut",
                    "lancement", "#date", "#date+start"],
    "date_start": ["date start", "date_start", "start", "debut", "date de debut", "date",
                   "start date", "#date", "#date+start"],
    "date_end": ["date end", "date_end", "end", "fin", "date de fin", "end date", "#date+end"],
    "duration_months": ["duration", "duree", "duree mois", "duration months", "duree (mois)"],
    "category": ["category", "categorie", "type de projet", "secteur", "sector", "#sector"],
    "site_type": ["type", "site type", "type de site", "#loc+type"],
    "status": ["status", "statut", "etat", "#status"],
    "works": ["works", "travaux"],
    "organiser": ["organiser", "organizer", "organisateur", "#org+organiser"],
    "audience": ["audience", "public", "public cible", "beneficiaires cibles", "cible", "#targeted"],
    "latitude": ["latitude", "lat", "y", "#geo+lat"],
    "longitude": ["longitude", "lon", "long", "lng", "x", "#geo+lon"],
}

def _fold_plain(text) -> str:
    """Lower-case, no accents, punctuation as spaces: 'Coût (FCFA)' -> 'cout fcfa'.

    Unlike geo.regions.fold it keeps a leading 'region', so 'Region name' stays itself.
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


_BY_SPELLING: dict[str, list[str]] = {}
for _field, _spellings in SYNONYMS.items():
    for _s in [_field, *_spellings]:
        key = _s if _s.startswith("#") else _fold_plain(_s)
        _BY_SPELLING.setdefault(key, []).append(_field)


def fold_header(header) -> str:
    """Fold a header or an HXL tag for matching: '#Adm1 +Name' -> '#adm1+name'."""
    text = str(header).strip()
    if text.startswith("#"):
        return "".join(text.lower().split())
    return _fold_plain(text)


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
    scores = {kind: len(set(propose_mapping(headers, kind).values())) for kind in KINDS}
    return max(KINDS, key=lambda k: scores[k])
